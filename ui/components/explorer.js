// The Activations chart (Streamlit Custom Components v2): the chooser, one slider per parameter,
// the window, the probe x0 and the overlays, drawn on one canvas from curves PyTorch computed.
//
// Data: payloads from activations/explorer/payload.py, a JSON header then float64 x and float32
// f, f' per block; blocks stay in STORE for the page's lifetime. A control change redraws at once
// from the best curve in STORE: the exact one when it was shipped (every slider step of the shown
// activation, every activation at its defaults), else the nearest one, dimmed and marked as loading
// until the page sends it. The view is reported with setStateValue after input settles; the URL
// follows at once with replaceState, and with pushState once per settled change, so Back restores
// the previous view (popstate is read back here).

const STORE = new Map(); // block id -> {meta, x, f, df}, oldest first
const STORE_LIMIT = 64; // blocks; one the page thinks we have and we evicted is asked for again
const INSTANCES = new WeakMap(); // parentElement -> instance
const REPORT_DELAY_MS = 150; // after the last input: the rest of the page follows
const ASK_DELAY_MS = 50; // sooner while the chart shows a nearest curve and waits for the exact one
const SETTLE_MS = 1000; // a change this long after the previous one gets its own history entry
const URL_EVERY_MS = 100; // browsers throttle the history API (Chromium: 200 calls in 10 s)
const MARGIN = { left: 52, right: 14, top: 12, bottom: 30 };
let reportCount = 0; // grows with every report this page makes, across mounts

// ---- data ---------------------------------------------------------------------------------------

function decode(bytes) {
  const buffer = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice(); // typed views need alignment
  const length = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(buffer.subarray(4, 4 + length)));
  const start = buffer.byteOffset + 4 + length + ((8 - ((4 + length) % 8)) % 8);
  for (const meta of header.blocks) {
    STORE.delete(meta.id);
    const { k, n } = meta;
    let at = start + meta.offset;
    const x = new Float64Array(buffer.buffer, at, n);
    at += 8 * n;
    const f = new Float32Array(buffer.buffer, at, k * n);
    at += 4 * k * n + ((8 - ((4 * k * n) % 8)) % 8);
    const df = new Float32Array(buffer.buffer, at, k * n);
    STORE.set(meta.id, { meta, x, f, df });
  }
  while (STORE.size > STORE_LIMIT) STORE.delete(STORE.keys().next().value);
  return header;
}

function row(block, index) {
  const n = block.meta.n;
  return { x: block.x, f: block.f.subarray(index * n, (index + 1) * n), df: block.df.subarray(index * n, (index + 1) * n) };
}

const same = (a, b) => a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

function distance(spec, view, params) {
  let total = 0;
  for (const p of spec.params) {
    const a = view[p.name], b = params[p.name] ?? p.default;
    if (same(a, b)) continue;
    total += p.choices ? 1 : Math.abs(a - b) / (p.high - p.low) + 1e-6;
  }
  return total;
}

function windowCost(meta, view) {
  return meta.xmin === view.xmin && meta.xmax === view.xmax ? 0 : 1000 + Math.abs(meta.xmin - view.xmin) + Math.abs(meta.xmax - view.xmax);
}

function nearestIndex(values, value) {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (typeof value !== "number") { if (values[i] === value) best = i; continue; }
    if (Math.abs(values[i] - value) < Math.abs(values[best] - value)) best = i;
  }
  return best;
}

// The curve of ``spec`` with ``params`` on the view's window: exact when the cost is 0, else the
// nearest stored one (another window first, then the closest parameters).
function curveFor(spec, params, view) {
  const defaults = Object.fromEntries(spec.params.map((p) => [p.name, p.default]));
  let best = null;
  for (const block of STORE.values()) {
    const meta = block.meta;
    let cost, index;
    if (meta.kind === "defaults") {
      index = meta.acts.indexOf(spec.key);
      if (index < 0) continue;
      cost = windowCost(meta, view) + distance(spec, params, defaults);
    } else if (meta.kind === "family" && meta.act === spec.key) {
      index = nearestIndex(meta.values, params[meta.param]);
      cost = windowCost(meta, view) + distance(spec, params, { ...meta.fixed, [meta.param]: meta.values[index] });
    } else continue;
    if (!best || cost < best.cost) best = { cost, block, index };
  }
  return best && { ...row(best.block, best.index), exact: best.cost === 0 };
}

function drawsFor(spec, view) {
  let best = null;
  for (const block of STORE.values()) {
    const meta = block.meta;
    if (meta.kind !== "draws" || meta.act !== spec.key) continue;
    const cost = windowCost(meta, view) + distance(spec, view, meta.fixed);
    if (!best || cost < best.cost) best = { cost, block };
  }
  return best && { block: best.block, exact: best.cost === 0 };
}

// ---- view, URL and reports --------------------------------------------------------------------------

function viewText(inst, view) {
  return JSON.stringify(viewKeys(inst).filter((key) => key in view).map((key) => [key, view[key]]));
}

function viewKeys(inst) {
  const names = new Set(inst.header.specs.flatMap((s) => s.params.map((p) => p.name)));
  return ["act", ...names, "training", "xmin", "xmax", "x0", "compare"];
}

function defaultView(inst, act) {
  const spec = inst.specs.get(act);
  const w = inst.header.window;
  const view = { act, xmin: w.xmin, xmax: w.xmax, x0: w.x0, compare: [] };
  for (const p of spec.params) view[p.name] = p.default;
  if (spec.stochastic) view.training = false;
  return view;
}

// The view in a query string; values a link may not carry are left at their defaults (the page
// checks every report and sends back a correction with its warning).
function viewFromQuery(inst, search) {
  const query = new URLSearchParams(search);
  const act = inst.specs.has(query.get("act")) ? query.get("act") : inst.header.window.act;
  const view = defaultView(inst, act);
  const spec = inst.specs.get(act);
  const number = (key, low, high) => {
    const text = query.get(key);
    const value = text !== null && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?$/.test(text.trim()) ? Number(text) : NaN;
    return Number.isFinite(value) && value >= low && value <= high ? value : undefined;
  };
  for (const p of spec.params) {
    const value = p.choices ? (p.choices.includes(query.get(p.name)) ? query.get(p.name) : undefined) : number(p.name, p.low, p.high);
    if (value !== undefined) view[p.name] = value;
  }
  for (const [low, high] of spec.ordered) if (!(view[low] < view[high])) [view[low], view[high]] = [defaultView(inst, act)[low], defaultView(inst, act)[high]];
  if (spec.stochastic) view.training = query.get("training") === "true";
  const w = inst.header.window;
  const xmin = number("xmin", w.low, w.high), xmax = number("xmax", w.low, w.high);
  if (xmin !== undefined && xmax !== undefined && xmin < xmax) Object.assign(view, { xmin, xmax });
  view.x0 = number("x0", w.low, w.high) ?? w.x0;
  view.compare = [...new Set(query.getAll("compare"))].filter((name) => inst.specs.has(name));
  return view;
}

function writeUrl(inst, mode) {
  const url = new URL(window.location.href);
  const query = url.searchParams;
  for (const key of viewKeys(inst)) query.delete(key);
  const { view } = inst;
  const defaults = defaultView(inst, view.act);
  for (const key of viewKeys(inst).filter((k) => k in view)) {
    const value = view[key];
    if (key === "compare") value.forEach((name) => query.append("compare", name));
    else if (!same(value, key === "act" ? inst.header.window.act : defaults[key])) query.set(key, String(value));
  }
  const search = query.toString();
  inst.lastWrite = performance.now();
  if (search === window.location.search.replace(/^\?/, "")) return;
  url.search = search;
  if (mode === "auto") {
    const now = performance.now();
    mode = now - inst.lastChange > SETTLE_MS ? "push" : "replace";
    inst.lastChange = now;
  }
  window.history[mode === "push" ? "pushState" : "replaceState"](window.history.state, "", url);
}

function report(inst, { resend = false, now = false, delay = REPORT_DELAY_MS } = {}) {
  clearTimeout(inst.reportTimer);
  const send = () => {
    inst.reportedN = ++reportCount;
    inst.setStateValue("report", { view: inst.view, n: inst.reportedN, resend });
  };
  if (now) send();
  else inst.reportTimer = setTimeout(send, delay);
}

// A change made here: redraw now, the URL now (or at most every URL_EVERY_MS while input goes on),
// report when input settles (sooner if data is missing).
function changed(inst) {
  draw(inst);
  clearTimeout(inst.urlTimer);
  const wait = inst.lastWrite + URL_EVERY_MS - performance.now();
  if (wait <= 0) writeUrl(inst, "auto");
  else inst.urlTimer = setTimeout(() => writeUrl(inst, "auto"), wait);
  report(inst, { delay: inst.root.dataset.loading === "true" ? ASK_DELAY_MS : REPORT_DELAY_MS });
}

// ---- controls ------------------------------------------------------------------------------------

function el(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

const g6 = (value) => (Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value));

function sliderGrid(p, current) {
  const count = Math.round((p.high - p.low) / p.step) + 1;
  const values = Array.from({ length: count }, (_, i) => Number((p.low + i * p.step).toFixed(p.decimals)));
  if (!values.some((v) => same(v, current))) values.push(current);
  return values.sort((a, b) => a - b);
}

function lattice(inst, view) {
  const { max_intervals: most, denominators } = inst.header.window.lattice;
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
    if (p.choices) {
      const select = el("select", { "aria-label": p.name, "data-param": p.name });
      for (const choice of p.choices) select.append(el("option", { value: choice }, choice));
      select.value = view[p.name];
      select.addEventListener("change", () => { inst.view[p.name] = select.value; changed(inst); });
      label.append(caption, select);
    } else {
      const grid = sliderGrid(p, view[p.name]);
      const output = el("output", { class: "ax-value" });
      const slider = el("input", { type: "range", min: 0, max: grid.length - 1, step: 1, "aria-label": p.name, "data-param": p.name });
      const show = () => { output.textContent = inst.view[p.name].toFixed(p.decimals); slider.setAttribute("aria-valuetext", output.textContent); };
      slider.value = nearestIndex(grid, view[p.name]);
      show();
      slider.addEventListener("input", () => {
        const allowed = (i) => spec.ordered.every(([low, high]) => {
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

function buildStatic(inst) {
  const { root, header } = inst;
  for (const node of root.querySelectorAll("[data-label]")) node.textContent = header.labels[node.dataset.label];
  const chooser = root.querySelector(".ax-act");
  chooser.setAttribute("aria-label", header.labels["act.choose"]);
  chooser.replaceChildren(...header.specs.map((s) => el("option", { value: s.key }, s.label)));
  const chips = root.querySelector(".ax-chips");
  chips.setAttribute("aria-label", header.labels["act.compare"]);
  chips.replaceChildren(...header.specs.map((s) => el("button", { type: "button", class: "ax-chip", "data-act": s.key, "aria-pressed": "false" }, s.label)));
  const w = header.window;
  for (const key of ["xmin", "xmax"]) Object.assign(root.querySelector(`[data-key=${key}]`), { min: w.low, max: w.high, step: w.step });
}

function syncControls(inst) {
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
  const boxes = { act: box(".ax-act"), x0: box("[data-key=x0]"), compare: root.querySelector(".ax-compare"),
    xmin: box("[data-key=xmin]"), xmax: box("[data-key=xmax]") };
  for (const [key, node] of Object.entries(boxes)) if (node) node.hidden = hidden.has(key);
  for (const node of root.querySelectorAll("[data-param]")) node.closest("label").hidden = hidden.has(node.dataset.param);
  if (hidden.has("training")) root.querySelector(".ax-training").hidden = true;
  root.querySelector(".ax-window").hidden = hidden.has("xmin") && hidden.has("xmax");
}

function syncProbe(inst) {
  const { view } = inst;
  const d = lattice(inst, view);
  const slider = inst.root.querySelector("[data-key=x0]");
  Object.assign(slider, { min: Math.ceil(view.xmin * d - 1e-6), max: Math.floor(view.xmax * d + 1e-6) });
  slider.value = Math.round(view.x0 * d);
  slider.setAttribute("aria-valuetext", g6(view.x0));
}

function listen(inst) {
  const { root } = inst;
  root.querySelector(".ax-act").addEventListener("change", (event) => {
    inst.view = { ...defaultView(inst, event.target.value), xmin: inst.view.xmin, xmax: inst.view.xmax, x0: inst.view.x0, compare: inst.view.compare };
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
      const value = Number(input.value), w = inst.header.window;
      const next = { ...inst.view, [key]: value };
      if (input.value.trim() === "" || !Number.isFinite(value) || value < w.low || value > w.high || !(next.xmin < next.xmax)) {
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
    inst.view.x0 = Number(probe.value) / lattice(inst, inst.view);
    probe.setAttribute("aria-valuetext", g6(inst.view.x0));
    changed(inst);
  });
  root.querySelector(".ax-chips").addEventListener("click", (event) => {
    const chip = event.target.closest(".ax-chip");
    if (!chip) return;
    const name = chip.dataset.act, compare = inst.view.compare;
    inst.view.compare = compare.includes(name) ? compare.filter((c) => c !== name) : [...compare, name];
    syncControls(inst);
    changed(inst);
  });
  root.querySelector(".ax-legend").addEventListener("click", (event) => {
    const toggle = event.target.closest(".ax-toggle");
    if (!toggle) return;
    const name = toggle.dataset.act;
    inst.derivatives.has(name) ? inst.derivatives.delete(name) : inst.derivatives.add(name);
    draw(inst);
  });
  const onPop = () => {
    if (!root.isConnected) return window.removeEventListener("popstate", onPop);
    if (window.location.pathname !== inst.pathname) return;
    const view = viewFromQuery(inst, window.location.search);
    if (viewText(inst, view) === viewText(inst, inst.view)) return;
    inst.view = view;
    syncControls(inst);
    draw(inst);
    report(inst, { now: true });
  };
  window.addEventListener("popstate", onPop);
  new ResizeObserver(([entry]) => {
    inst.size = { width: entry.contentRect.width, height: inst.canvas.clientHeight };
    draw(inst);
  }).observe(root.querySelector(".ax-plot"));
}

// ---- drawing -------------------------------------------------------------------------------------

function niceTicks(low, high, count) {
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

// Runs of two or more points where ``test`` holds, as [first x, last x], widened by half a step.
function bands(x, df, test, edgesOnly) {
  const runs = [];
  let start = -1;
  for (let i = 0; i <= df.length; i++) {
    const inside = i < df.length && test(df[i]);
    if (inside && start < 0) start = i;
    if (!inside && start >= 0) {
      if (i - start > 1 && (!edgesOnly || start === 0 || i === df.length)) runs.push([start, i - 1]);
      start = -1;
    }
  }
  const half = (i, j) => Math.abs(x[j] - x[i]) / 2;
  return runs.map(([a, b]) => [x[a] - half(a, Math.min(a + 1, x.length - 1)), x[b] + half(Math.max(b - 1, 0), b)]);
}

function probeAt(curve, x0) {
  const { x, f, df } = curve;
  if (!(x0 >= x[0] && x0 <= x[x.length - 1])) return null;
  let lo = 0, hi = x.length - 1;
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (x[mid] <= x0) lo = mid; else hi = mid; }
  for (const i of [lo, hi]) if (x[i] === x0) return { f: f[i], df: df[i], exact: true };
  const t = (x0 - x[lo]) / (x[hi] - x[lo]);
  return { f: f[lo] + t * (f[hi] - f[lo]), df: df[lo] + t * (df[hi] - df[lo]), exact: false };
}

function legend(inst, spec, overlays, draws) {
  const { colors, labels } = inst.header;
  const box = inst.root.querySelector(".ax-legend");
  const key = (text, style, band) => {
    const item = el("span", { class: "ax-key" });
    item.append(el("span", { class: band ? "ax-band" : "ax-swatch", style }), document.createTextNode(text));
    return item;
  };
  const items = [key(`${spec.label}(x)`, `border-color:${colors.value}`), key(`${spec.label}'(x)`, `border-color:${colors.grad};border-top-style:dashed`)];
  overlays.forEach(({ name, color }) => {
    items.push(key(`${inst.specs.get(name).label}(x)`, `border-color:${color};border-top-style:dotted`));
    items.push(el("button", { type: "button", class: "ax-toggle", "data-act": name, "aria-pressed": String(inst.derivatives.has(name)) }, `${inst.specs.get(name).label}'(x)`));
  });
  items.push(key(labels["chart.dead_zone"], `background:${colors.dead}`, true), key(labels["chart.saturated"], `background:${colors.saturated}`, true));
  if (draws) items.push(key(labels["chart.training_draws"], `border-color:${colors.muted};border-top-style:dotted`));
  box.replaceChildren(...items);
}

function draw(inst) {
  const { canvas, view, header } = inst;
  if (!header) return;
  const spec = inst.specs.get(view.act);
  const { colors, labels } = header;
  const main = curveFor(spec, view, view);
  const overlays = view.compare.filter((name) => name !== view.act).map((name, i) => {
    const other = inst.specs.get(name);
    const defaults = Object.fromEntries(other.params.map((p) => [p.name, p.default]));
    return { name, color: colors.series[i % colors.series.length], curve: curveFor(other, defaults, view) };
  });
  const draws = spec.stochastic && view.training ? drawsFor(spec, view) : null;
  const loading = !main?.exact || overlays.some((o) => !o.curve?.exact) || (draws !== null && !draws?.exact);
  inst.root.dataset.loading = String(loading);
  // DOM writes only when something changed: the drawing itself must not wait for style or layout.
  const status = loading ? labels["chart.loading"] : "";
  const name = labels["chart.canvas"].replace("{label}", spec.label).replace("{xmin}", g6(view.xmin)).replace("{xmax}", g6(view.xmax));
  const keys = JSON.stringify([name, status, overlays.map((o) => o.name), [...inst.derivatives], Boolean(draws)]);
  if (keys !== inst.legendKeys) {
    inst.legendKeys = keys;
    inst.root.querySelector(".ax-status").textContent = status;
    legend(inst, spec, overlays, draws);
    canvas.setAttribute("aria-label", name);
  }

  const { text, font } = inst.theme;
  const ratio = window.devicePixelRatio || 1;
  if (!inst.size.width) inst.size = { width: canvas.clientWidth, height: canvas.clientHeight }; // before the first resize report
  const { width, height } = inst.size;
  if (!width || !height) return;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);

  const series = [];
  if (main) series.push(main.f, main.df);
  overlays.forEach((o) => o.curve && series.push(o.curve.f, ...(inst.derivatives.has(o.name) ? [o.curve.df] : [])));
  let low = Infinity, high = -Infinity;
  const visit = (x, ys) => { for (let i = 0; i < ys.length; i++) if (x[i] >= view.xmin && x[i] <= view.xmax && Number.isFinite(ys[i])) { low = Math.min(low, ys[i]); high = Math.max(high, ys[i]); } };
  if (main) { visit(main.x, main.f); visit(main.x, main.df); }
  overlays.forEach((o) => o.curve && (visit(o.curve.x, o.curve.f), inst.derivatives.has(o.name) && visit(o.curve.x, o.curve.df)));
  if (draws) for (let k = 0; k < draws.block.meta.k; k++) visit(draws.block.x, row(draws.block, k).f);
  if (!(high > low)) { low = (Number.isFinite(low) ? low : 0) - 1; high = low + 2; }
  const pad = (high - low) * 0.06;
  low -= pad; high += pad;
  const plot = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const sx = (x) => plot.left + ((x - view.xmin) / (view.xmax - view.xmin)) * (plot.right - plot.left);
  const sy = (y) => plot.bottom - ((y - low) / (high - low)) * (plot.bottom - plot.top);

  ctx.font = `12px ${font}`;
  ctx.fillStyle = text;
  ctx.strokeStyle = text;
  ctx.lineWidth = 1;
  ctx.globalAlpha = 0.12;
  const xTicks = niceTicks(view.xmin, view.xmax, Math.max(3, Math.floor((plot.right - plot.left) / 90)));
  const yTicks = niceTicks(low, high, 6);
  ctx.beginPath();
  xTicks.forEach((t) => { ctx.moveTo(sx(t), plot.top); ctx.lineTo(sx(t), plot.bottom); });
  yTicks.forEach((t) => { ctx.moveTo(plot.left, sy(t)); ctx.lineTo(plot.right, sy(t)); });
  ctx.stroke();
  ctx.globalAlpha = 0.45;
  ctx.beginPath();
  if (view.xmin < 0 && view.xmax > 0) { ctx.moveTo(sx(0), plot.top); ctx.lineTo(sx(0), plot.bottom); }
  if (low < 0 && high > 0) { ctx.moveTo(plot.left, sy(0)); ctx.lineTo(plot.right, sy(0)); }
  ctx.stroke();
  ctx.globalAlpha = 0.8;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  xTicks.forEach((t) => ctx.fillText(g6(t), sx(t), plot.bottom + 6));
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  yTicks.forEach((t) => ctx.fillText(g6(t), plot.left - 6, sy(t)));
  ctx.globalAlpha = 1;

  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  ctx.clip();
  if (main) {
    const fill = (runs, color) => { ctx.fillStyle = color; runs.forEach(([a, b]) => ctx.fillRect(sx(a), plot.top, sx(b) - sx(a), plot.bottom - plot.top)); };
    fill(bands(main.x, main.df, (g) => g === 0, false), colors.dead);
    fill(bands(main.x, main.df, (g) => g !== 0 && Math.abs(g) < 0.01, true), colors.saturated);
  }
  const line = (x, ys, color, widthPx, dash, alpha = 1) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = widthPx;
    ctx.setLineDash(dash);
    ctx.globalAlpha = alpha;
    ctx.beginPath();
    let open = false;
    for (let i = 0; i < ys.length; i++) {
      if (!Number.isFinite(ys[i])) { open = false; continue; }
      const px = sx(x[i]), py = sy(ys[i]);
      if (open) ctx.lineTo(px, py); else ctx.moveTo(px, py);
      open = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  };
  overlays.forEach(({ name, color, curve }) => {
    if (!curve) return;
    line(curve.x, curve.f, color, 2, [2, 4], curve.exact ? 1 : 0.45);
    if (inst.derivatives.has(name)) line(curve.x, curve.df, color, 1.5, [8, 3, 2, 3], curve.exact ? 1 : 0.45);
  });
  if (draws) {
    const { block } = draws;
    ctx.fillStyle = colors.muted;
    ctx.globalAlpha = draws.exact ? 0.7 : 0.3;
    for (let k = 0; k < block.meta.k; k++) {
      const ys = row(block, k).f;
      for (let i = 0; i < ys.length; i++) ctx.fillRect(sx(block.x[i]) - 1.5, sy(ys[i]) - 1.5, 3, 3);
    }
    ctx.globalAlpha = 1;
  }
  if (main) {
    const alpha = main.exact ? 1 : 0.45;
    line(main.x, main.df, colors.grad, 2, [7, 4], alpha);
    line(main.x, main.f, colors.value, 3, [], alpha);
  }
  ctx.restore();

  const readout = inst.root.querySelector(".ax-probe-readout");
  const at = main && probeAt(main, view.x0);
  readout.textContent = at ? `f ${at.exact ? "=" : "≈"} ${g6(at.f)} · f' ${at.exact ? "=" : "≈"} ${g6(at.df)}` : "";
  if (at && view.x0 >= view.xmin && view.x0 <= view.xmax) {
    ctx.strokeStyle = colors.muted;
    ctx.setLineDash([2, 3]);
    ctx.beginPath();
    ctx.moveTo(sx(view.x0), plot.top);
    ctx.lineTo(sx(view.x0), plot.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    for (const [y, color] of [[at.f, colors.value], [at.df, colors.grad]]) {
      ctx.beginPath();
      ctx.arc(sx(view.x0), sy(y), 5.5, 0, 2 * Math.PI);
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
    }
    ctx.fillStyle = text;
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText(`x0 = ${g6(view.x0)}   f(x0) ${at.exact ? "=" : "≈"} ${g6(at.f)}   f'(x0) ${at.exact ? "=" : "≈"} ${g6(at.df)}`, plot.left + 8, plot.top + 6);
  }
}

// ---- entry point ---------------------------------------------------------------------------------

function create(parentElement) {
  const root = parentElement.querySelector(".ax-root");
  const inst = { root, canvas: root.querySelector(".ax-canvas"), header: null, specs: new Map(), view: null, seq: 0, lastChange: -Infinity, lastWrite: -Infinity, urlTimer: 0, reportedN: 0, reportTimer: 0, resentFor: null, derivatives: new Set(), legendKeys: null, size: { width: 0, height: 0 }, theme: null, pathname: window.location.pathname, setStateValue: () => {} };
  listen(inst);
  return inst;
}

export default function (component) {
  const { parentElement, data, setStateValue } = component;
  let inst = INSTANCES.get(parentElement);
  if (!inst || !inst.root.isConnected) {
    inst = create(parentElement);
    INSTANCES.set(parentElement, inst);
  }
  inst.setStateValue = setStateValue;
  // Called again when Streamlit's theme changes: read its colours here, once, not on every draw.
  const style = getComputedStyle(inst.root);
  const theme = { text: style.getPropertyValue("--st-text-color").trim() || "#31333f", font: style.getPropertyValue("--st-font").trim() || "sans-serif" };
  const themed = JSON.stringify(theme) !== JSON.stringify(inst.theme);
  inst.theme = theme;
  if (!data) return;
  const header = decode(data);
  const fresh = !inst.header || JSON.stringify(header.labels) !== JSON.stringify(inst.header.labels);
  const imposed = header.seq > inst.seq || !inst.view;
  const hidden = JSON.stringify(header.hidden) !== JSON.stringify(inst.header?.hidden);
  inst.header = header;
  inst.specs = new Map(header.specs.map((s) => [s.key, s]));
  if (fresh) buildStatic(inst);
  if (imposed) {
    inst.seq = header.seq;
    inst.view = header.view;
    writeUrl(inst, "replace");
  }
  if (fresh || imposed || hidden) syncControls(inst);
  // A rerun that brings nothing new (the page following the chart's report) leaves the drawing be.
  if (fresh || imposed || themed || header.blocks.length) {
    inst.legendKeys = null;
    draw(inst);
  }
  // The page answered our latest report (or imposed this view) yet a curve is missing: a block it
  // sent never reached us, or we evicted it. Ask once for everything this view needs.
  const answered = header.answered >= inst.reportedN && viewText(inst, header.view) === viewText(inst, inst.view);
  const token = `${header.seq}:${header.answered}`;
  if (answered && inst.root.dataset.loading === "true" && inst.resentFor !== token) {
    inst.resentFor = token;
    report(inst, { resend: true, now: true });
  }
}
