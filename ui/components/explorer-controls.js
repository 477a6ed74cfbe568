// The Activations chart's controls: the chooser, a slider (or list) per parameter, the training
// switch, the window, the probe, the overlay chips and the legend's derivative toggles; Back and
// Forward read the view back from the URL.

import { nearestIndex, same } from "./explorer-data.js";
import { draw } from "./explorer-draw.js";
import { save } from "./explorer-export.js";
import { changed, defaultView, report } from "./explorer-view.js";
import { el, g6 } from "./kit.js";

/** The slider's values: the page's grid for the parameter, with ``current`` if it lies between. */
function sliderGrid(p, current) {
  return p.grid.some((v) => same(v, current)) ? p.grid : [...p.grid, current].sort((a, b) => a - b);
}

/** The probe's lattice 1/D for the view's window, by the page's rule (activations/explorer/family.py's
 *  ``lattice``: the first of ``denominators`` giving at most ``max_intervals`` steps). */
export function lattice(rule, view) {
  const { max_intervals: most, denominators } = rule;
  return denominators.find((d) => (view.xmax - view.xmin) * d <= most) ?? denominators[denominators.length - 1];
}

function buildParams(inst) {
  const { view } = inst;
  const spec = inst.specs.get(view.act);
  const box = inst.root.querySelector(".ax-params");
  box.replaceChildren();
  for (const p of spec.params) {
    const label = el("label", { class: "ax-field" });
    const caption = el("span", { class: "ax-label" });
    caption.append(el("span", { class: "ax-name" }, p.name));
    if (p.kind === "choice") {
      const select = el("select", { "aria-label": p.name, "data-param": p.name });
      for (const choice of p.options) select.append(el("option", { value: choice }, choice));
      select.value = view[p.name];
      select.addEventListener("change", () => {
        inst.view[p.name] = select.value;
        changed(inst);
      });
      label.append(caption, select);
    } else {
      const grid = sliderGrid(p, view[p.name]);
      const output = el("output", { class: "ax-value" });
      const slider = el("input", {
        type: "range",
        min: 0,
        max: grid.length - 1,
        step: 1,
        "aria-label": p.name,
        "data-param": p.name,
      });
      const show = () => {
        output.textContent = inst.view[p.name].toFixed(p.decimals);
        slider.setAttribute("aria-valuetext", output.textContent);
      };
      slider.value = nearestIndex(grid, view[p.name]);
      show();
      slider.addEventListener("input", () => {
        const allowed = (i) =>
          spec.ordered.every(([low, high]) => {
            const trial = { ...inst.view, [p.name]: grid[i] };
            return trial[low] < trial[high];
          });
        const step = spec.ordered.some(([low]) => low === p.name) ? -1 : 1; // back off from the partner
        let index = Number(slider.value);
        while (!allowed(index) && index + step >= 0 && index + step < grid.length) index += step;
        if (!allowed(index)) index = nearestIndex(grid, inst.view[p.name]);
        slider.value = index;
        inst.view[p.name] = grid[index];
        show();
        changed(inst);
      });
      caption.append(output);
      label.append(caption, slider);
    }
    box.append(label);
  }
  const training = inst.root.querySelector(".ax-training");
  training.hidden = !spec.stochastic;
  training.querySelector("input").checked = Boolean(view.training);
}

export function buildStatic(inst) {
  const { root, header } = inst;
  for (const node of root.querySelectorAll("[data-label]")) node.textContent = header.labels[node.dataset.label];
  const chooser = root.querySelector(".ax-act");
  chooser.setAttribute("aria-label", header.labels["act.choose"]);
  chooser.replaceChildren(...header.specs.map((s) => el("option", { value: s.key }, s.label)));
  const chips = root.querySelector(".ax-chips");
  chips.setAttribute("aria-label", header.labels["act.compare"]);
  chips.replaceChildren(
    ...header.specs.map((s) =>
      el("button", { type: "button", class: "ax-chip", "data-act": s.key, "aria-pressed": "false" }, s.label),
    ),
  );
  const w = header.window;
  for (const key of ["xmin", "xmax"])
    Object.assign(root.querySelector(`[data-key=${key}]`), { min: w.low, max: w.high, step: w.step });
}

export function syncControls(inst) {
  const { root, view } = inst;
  root.querySelector(".ax-act").value = view.act;
  buildParams(inst);
  root.querySelector("[data-key=xmin]").value = view.xmin;
  root.querySelector("[data-key=xmax]").value = view.xmax;
  syncProbe(inst);
  for (const chip of root.querySelectorAll(".ax-chip")) {
    chip.hidden = chip.dataset.act === view.act;
    chip.setAttribute("aria-pressed", String(view.compare.includes(chip.dataset.act)));
  }
  const shown = view.compare.filter((name) => name !== view.act);
  root.querySelector(".ax-compare-count").textContent = shown.length ? `(${shown.length})` : "";
  hide(inst);
}

// Controls a classroom link hides (the header's ``hidden`` URL keys); their values still count.
function hide(inst) {
  const { root } = inst;
  const hidden = new Set(inst.header.hidden);
  const box = (selector) => root.querySelector(selector)?.closest("label, details");
  const boxes = {
    act: box(".ax-act"),
    x0: box("[data-key=x0]"),
    compare: root.querySelector(".ax-compare"),
    xmin: box("[data-key=xmin]"),
    xmax: box("[data-key=xmax]"),
  };
  for (const [key, node] of Object.entries(boxes)) if (node) node.hidden = hidden.has(key);
  for (const node of root.querySelectorAll("[data-param]"))
    node.closest("label").hidden = hidden.has(node.dataset.param);
  if (hidden.has("training")) root.querySelector(".ax-training").hidden = true;
  root.querySelector(".ax-window").hidden = hidden.has("xmin") && hidden.has("xmax");
  for (const button of root.querySelectorAll(".ax-save")) button.hidden = hidden.has(`export_${button.dataset.format}`);
}

function syncProbe(inst) {
  const { view } = inst;
  const d = lattice(inst.header.window.lattice, view);
  const slider = inst.root.querySelector("[data-key=x0]");
  Object.assign(slider, { min: Math.ceil(view.xmin * d - 1e-6), max: Math.floor(view.xmax * d + 1e-6) });
  slider.value = Math.round(view.x0 * d);
  slider.setAttribute("aria-valuetext", g6(view.x0));
}

export function listen(inst) {
  const { root } = inst;
  root.querySelector(".ax-act").addEventListener("change", (event) => {
    inst.view = {
      ...defaultView(inst, event.target.value),
      xmin: inst.view.xmin,
      xmax: inst.view.xmax,
      x0: inst.view.x0,
      compare: inst.view.compare,
    };
    syncControls(inst);
    changed(inst);
  });
  root.querySelector("[data-key=training]").addEventListener("change", (event) => {
    inst.view.training = event.target.checked;
    changed(inst);
  });
  for (const key of ["xmin", "xmax"]) {
    const input = root.querySelector(`[data-key=${key}]`);
    input.addEventListener("change", () => {
      const value = Number(input.value),
        w = inst.header.window;
      const next = { ...inst.view, [key]: value };
      if (
        input.value.trim() === "" ||
        !Number.isFinite(value) ||
        value < w.low ||
        value > w.high ||
        !(next.xmin < next.xmax)
      ) {
        input.value = inst.view[key];
        return;
      }
      inst.view = next;
      syncProbe(inst);
      changed(inst);
    });
  }
  const probe = root.querySelector("[data-key=x0]");
  probe.addEventListener("input", () => {
    inst.view.x0 = Number(probe.value) / lattice(inst.header.window.lattice, inst.view);
    probe.setAttribute("aria-valuetext", g6(inst.view.x0));
    changed(inst);
  });
  root.querySelector(".ax-chips").addEventListener("click", (event) => {
    const chip = event.target.closest(".ax-chip");
    if (!chip) return;
    const name = chip.dataset.act,
      compare = inst.view.compare;
    inst.view.compare = compare.includes(name) ? compare.filter((c) => c !== name) : [...compare, name];
    syncControls(inst);
    changed(inst);
  });
  for (const button of root.querySelectorAll(".ax-save"))
    button.addEventListener("click", () => save(inst, button.dataset.format));
  root.querySelector(".ax-legend").addEventListener("click", (event) => {
    const toggle = event.target.closest(".ax-toggle");
    if (!toggle) return;
    const name = toggle.dataset.act;
    inst.derivatives.has(name) ? inst.derivatives.delete(name) : inst.derivatives.add(name);
    draw(inst);
  });
  const onPop = () => {
    if (!root.isConnected) return window.removeEventListener("popstate", onPop);
    // Back or Forward: the page reads the link with its own check and sends the view it holds.
    if (window.location.pathname === inst.pathname) report(inst, { now: true, link: window.location.search });
  };
  window.addEventListener("popstate", onPop);
  new ResizeObserver(([entry]) => {
    inst.size = { width: entry.contentRect.width, height: inst.canvas.clientHeight };
    draw(inst);
  }).observe(root.querySelector(".ax-plot"));
}
