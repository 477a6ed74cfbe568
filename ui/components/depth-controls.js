// The Depth chart's controls: the large panel, the log axis and the heatmap's configuration choosers,
// the probe (pointer or arrow keys), the Save buttons, the legend and the labels.

import { draw } from "./depth-draw.js";
import { save } from "./depth-export.js";
import { chosen, pointAt, showProbe } from "./depth-view.js";
import { el } from "./kit.js";

export function listen(inst) {
  const { root, canvas } = inst;
  inst.large.addEventListener("change", () => {
    inst.choice.large = inst.large.value;
    chosen(inst);
  });
  inst.log.addEventListener("change", () => {
    inst.choice.log = inst.log.checked;
    chosen(inst);
  });
  inst.heat.addEventListener("change", () => {
    inst.choice.heat = Number(inst.heat.value);
    chosen(inst);
  });
  canvas.addEventListener("pointermove", (event) => {
    const at = pointAt(inst, event);
    if (!at || (at.layer === inst.probe && at.key === inst.probeKey)) return;
    inst.probe = at.layer;
    inst.probeKey = at.key;
    showProbe(inst, at.key);
  });
  canvas.addEventListener("pointerleave", () => {
    inst.probe = null;
    showProbe(inst, null);
  });
  canvas.addEventListener("keydown", (event) => {
    const depth = inst.header?.depth ?? 1;
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1 }[event.key];
    let layer = inst.probe ?? 0;
    if (step) layer = Math.min(depth, Math.max(1, layer + step));
    else if (event.key === "Home") layer = 1;
    else if (event.key === "End") layer = depth;
    else return;
    event.preventDefault();
    inst.probe = layer;
    showProbe(inst, inst.choice.large);
  });
  for (const button of root.querySelectorAll(".dp-save")) {
    button.addEventListener("click", () => save(inst, button.dataset.format));
  }
  new ResizeObserver(([entry]) => {
    const width = entry.contentRect.width;
    if (width === inst.size.width) return;
    inst.size = { width, height: entry.contentRect.height };
    draw(inst);
  }).observe(canvas);
}

/** Labels, the choosers' options, the legend and hidden buttons: when the page's data changed them. */
export function syncControls(inst) {
  const { root, header } = inst;
  for (const node of root.querySelectorAll("[data-label]")) node.textContent = header.labels[node.dataset.label];
  const panels = [...header.metrics.map((m) => m.key), "histogram"];
  inst.large.replaceChildren(
    ...panels.map((key) =>
      el(
        "option",
        { value: key, title: header.labels[`depth_page.metric.${key}_help`] },
        header.labels[`depth_page.metric.${key}`],
      ),
    ),
  );
  inst.large.value = inst.choice.large;
  inst.heat.replaceChildren(...header.configs.map((c, i) => el("option", { value: String(i) }, c.name)));
  inst.choice.heat = Math.min(inst.choice.heat, header.configs.length - 1);
  inst.heat.value = String(inst.choice.heat);
  inst.heat.closest(".dp-heat-field").hidden = header.configs.length < 2;
  inst.log.checked = inst.choice.log;
  const keys = header.configs.map((c) => {
    const key = el("span", { class: "dp-key" });
    const swatch = el("span", { class: "dp-swatch" });
    swatch.style.background = c.color;
    key.append(swatch, el("span", {}, c.name));
    return key;
  });
  inst.legend.replaceChildren(...keys);
  for (const button of root.querySelectorAll(".dp-save")) button.hidden = header.hidden.includes(button.dataset.key);
  inst.canvas.setAttribute("aria-label", header.alt);
  inst.probeLine.textContent = header.labels["depth_page.chart.probe_hint"];
}
