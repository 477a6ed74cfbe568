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
  for (const button of root.querySelectorAll(".ax-save")) button.hidden = hidden.has(`export_${button.dataset.format}`);
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
  for (const button of root.querySelectorAll(".ax-save")) button.addEventListener("click", () => save(inst, button.dataset.format));
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

// What one drawing shows: the curves (exact or nearest) of the activation, its overlays and draws.
function curves(inst) {
  const { view, header } = inst;
  const spec = inst.specs.get(view.act);
  const { colors } = header;
  const main = curveFor(spec, view, view);
  const overlays = view.compare.filter((name) => name !== view.act).map((name, i) => {
    const other = inst.specs.get(name);
    const defaults = Object.fromEntries(other.params.map((p) => [p.name, p.default]));
    return { name, color: colors.series[i % colors.series.length], curve: curveFor(other, defaults, view) };
  });
  const draws = spec.stochastic && view.training ? drawsFor(spec, view) : null;
  const loading = !main?.exact || overlays.some((o) => !o.curve?.exact) || (draws !== null && !draws?.exact);
  return { spec, main, overlays, draws, loading, at: main && probeAt(main, view.x0) };
}

// Where things go on a plot of width × height CSS pixels: y range, scales, ticks.
function geometry(inst, c, width, height) {
  const { view } = inst;
  const { main, overlays, draws } = c;
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
  const xTicks = niceTicks(view.xmin, view.xmax, Math.max(3, Math.floor((plot.right - plot.left) / 90)));
  const yTicks = niceTicks(low, high, 6);
  return { low, high, plot, sx, sy, xTicks, yTicks };
}

const DASH = { f: [], df: [7, 4], overlay: [2, 4], overlayDf: [8, 3, 2, 3] };

// The drawing itself, on a 2D context already scaled to CSS pixels.
function paint(inst, ctx, c, g) {
  const { view, header } = inst;
  const { colors } = header;
  const { text, font } = inst.theme;
  const { main, overlays, draws, at } = c;
  const { low, high, plot, sx, sy, xTicks, yTicks } = g;
  ctx.font = `12px ${font}`;
  ctx.fillStyle = text;
  ctx.strokeStyle = text;
  ctx.lineWidth = 1;
  ctx.globalAlpha = 0.12;
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
    fill(deadBands(main), colors.dead);
    fill(saturatedBands(main), colors.saturated);
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
    line(curve.x, curve.f, color, 2, DASH.overlay, curve.exact ? 1 : 0.45);
    if (inst.derivatives.has(name)) line(curve.x, curve.df, color, 1.5, DASH.overlayDf, curve.exact ? 1 : 0.45);
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
    line(main.x, main.df, colors.grad, 2, DASH.df, alpha);
    line(main.x, main.f, colors.value, 3, DASH.f, alpha);
  }
  ctx.restore();

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
    ctx.fillText(probeText(view, at), plot.left + 8, plot.top + 6);
  }
}

const deadBands = (main) => bands(main.x, main.df, (v) => v === 0, false);
const saturatedBands = (main) => bands(main.x, main.df, (v) => v !== 0 && Math.abs(v) < 0.01, true);
const probeText = (view, at) => `x0 = ${g6(view.x0)}   f(x0) ${at.exact ? "=" : "≈"} ${g6(at.f)}   f'(x0) ${at.exact ? "=" : "≈"} ${g6(at.df)}`;

// The chart's accessible name: the page's alt text (built by the library from torch's curve) when
// it describes the view shown, else a plain one until the page's answer comes.
function accessibleName(inst) {
  const { header, view } = inst;
  if (header.alt && viewText(inst, header.view) === viewText(inst, view)) return header.alt;
  const spec = inst.specs.get(view.act);
  return header.labels["chart.canvas"].replace("{label}", spec.label).replace("{xmin}", g6(view.xmin)).replace("{xmax}", g6(view.xmax));
}

function draw(inst) {
  const { canvas, header } = inst;
  if (!header) return;
  const c = curves(inst);
  inst.root.dataset.loading = String(c.loading);
  // DOM writes only when something changed: the drawing itself must not wait for style or layout.
  const status = c.loading ? header.labels["chart.loading"] : "";
  const name = accessibleName(inst);
  const keys = JSON.stringify([name, status, c.overlays.map((o) => o.name), [...inst.derivatives], Boolean(c.draws)]);
  if (keys !== inst.legendKeys) {
    inst.legendKeys = keys;
    inst.root.querySelector(".ax-status").textContent = status;
    legend(inst, c.spec, c.overlays, c.draws);
    canvas.setAttribute("aria-label", name);
  }
  const readout = inst.root.querySelector(".ax-probe-readout");
  const { at } = c;
  readout.textContent = at ? `f ${at.exact ? "=" : "≈"} ${g6(at.f)} · f' ${at.exact ? "=" : "≈"} ${g6(at.df)}` : "";

  const sized = freshCanvas(inst, canvas);
  if (!sized) return;
  const { ctx, width, height } = sized;
  paint(inst, ctx, c, geometry(inst, c, width, height));
}

// ---- export: PNG and SVG ---------------------------------------------------------------------------

const EXPORT_RATIO = 2; // at least: a crisp picture on any screen
const LEGEND_ROW = 22; // px per legend row above the plot in an exported picture

// The file name: the page's (activations/explorer/export.py) when it describes the view shown, else
// built here the same way: act, non-default parameters, window.
function fileStem(inst) {
  const { header, view } = inst;
  if (header.stem && viewText(inst, header.view) === viewText(inst, view)) return header.stem;
  const spec = inst.specs.get(view.act);
  const parts = [spec.key];
  for (const p of spec.params) {
    if (same(view[p.name], p.default)) continue;
    parts.push(p.choices ? String(view[p.name]) : `${p.name}${g6(view[p.name])}`);
  }
  parts.push(`x${g6(view.xmin)}_${g6(view.xmax)}`);
  return parts.join("_");
}

// The legend of an exported picture: its entries as the page shows them, laid out in rows.
function legendEntries(inst, c) {
  const { colors, labels } = inst.header;
  const label = c.spec.label;
  const entries = [{ text: `${label}(x)`, color: colors.value, width: 3, dash: DASH.f }, { text: `${label}'(x)`, color: colors.grad, width: 2, dash: DASH.df }];
  c.overlays.forEach(({ name, color }) => {
    const other = inst.specs.get(name).label;
    entries.push({ text: `${other}(x)`, color, width: 2, dash: DASH.overlay });
    if (inst.derivatives.has(name)) entries.push({ text: `${other}'(x)`, color, width: 1.5, dash: DASH.overlayDf });
  });
  if (c.main && deadBands(c.main).length) entries.push({ text: labels["chart.dead_zone"], color: colors.dead, band: true });
  if (c.main && saturatedBands(c.main).length) entries.push({ text: labels["chart.saturated"], color: colors.saturated, band: true });
  if (c.draws) entries.push({ text: labels["chart.training_draws"], color: colors.muted, width: 2, dash: [2, 3] });
  return entries;
}

function legendLayout(entries, width, measure) {
  let x = MARGIN.left, y = 0;
  const placed = entries.map((entry) => {
    const size = 28 + measure(entry.text);
    if (x + size > width - MARGIN.right && x > MARGIN.left) { x = MARGIN.left; y += LEGEND_ROW; }
    const at = { ...entry, x, y: y + LEGEND_ROW / 2 + 4 };
    x += size + 16;
    return at;
  });
  return { placed, height: y + LEGEND_ROW + 8 };
}

function background(inst) {
  return inst.theme.background || (inst.theme.dark ? "#0e1117" : "#ffffff");
}

function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function exportSize(inst) {
  const width = inst.size.width || inst.canvas.clientWidth || 800;
  const height = inst.size.height || inst.canvas.clientHeight || 440;
  return { width, height };
}

// The picture as PNG: drawn again at EXPORT_RATIO (or the screen's, if higher) on the theme's
// background, with the legend above the plot.
function pngBlob(inst) {
  const { width, height } = exportSize(inst);
  const c = curves(inst);
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  ctx.font = `12px ${inst.theme.font}`;
  const legend = legendLayout(legendEntries(inst, c), width, (text) => ctx.measureText(text).width);
  const ratio = Math.max(EXPORT_RATIO, window.devicePixelRatio || 1);
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round((height + legend.height) * ratio);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = background(inst);
  ctx.fillRect(0, 0, width, height + legend.height);
  ctx.font = `12px ${inst.theme.font}`;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  for (const entry of legend.placed) {
    if (entry.band) {
      ctx.fillStyle = entry.color;
      ctx.fillRect(entry.x, entry.y - 7, 20, 14);
    } else {
      ctx.strokeStyle = entry.color;
      ctx.lineWidth = entry.width;
      ctx.setLineDash(entry.dash);
      ctx.beginPath();
      ctx.moveTo(entry.x, entry.y);
      ctx.lineTo(entry.x + 20, entry.y);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.fillStyle = inst.theme.text;
    ctx.fillText(entry.text, entry.x + 26, entry.y);
  }
  ctx.translate(0, legend.height);
  paint(inst, ctx, c, geometry(inst, c, width, height));
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

const xml = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const px = (value) => (Math.round(value * 100) / 100).toString();

// The picture as SVG, from the same curves the canvas draws: one <path> per curve with one point
// per grid point (a break where f is not finite), bands, grid, axes, ticks, legend and probe.
function svgText(inst) {
  const { width, height } = exportSize(inst);
  const c = curves(inst);
  const { view, header } = inst;
  const { colors } = header;
  const { text, font } = inst.theme;
  const legend = legendLayout(legendEntries(inst, c), width, (label) => 6.8 * label.length);
  const g = geometry(inst, c, width, height);
  const { low, high, plot, sx, sy, xTicks, yTicks } = g;
  const total = height + legend.height;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(total)}" viewBox="0 0 ${px(width)} ${px(total)}" font-family="${xml(font)}" font-size="12">`,
    `<title>${xml(accessibleName(inst))}</title>`,
    `<rect class="ax-background" x="0" y="0" width="${px(width)}" height="${px(total)}" fill="${xml(background(inst))}"/>`,
    `<g class="ax-legend">`,
  ];
  for (const entry of legend.placed) {
    out.push(entry.band
      ? `<rect x="${px(entry.x)}" y="${px(entry.y - 7)}" width="20" height="14" fill="${xml(entry.color)}"/>`
      : `<line x1="${px(entry.x)}" y1="${px(entry.y)}" x2="${px(entry.x + 20)}" y2="${px(entry.y)}" stroke="${xml(entry.color)}" stroke-width="${entry.width}"${entry.dash.length ? ` stroke-dasharray="${entry.dash.join(" ")}"` : ""}/>`);
    out.push(`<text x="${px(entry.x + 26)}" y="${px(entry.y)}" dominant-baseline="middle" fill="${xml(text)}">${xml(entry.text)}</text>`);
  }
  out.push("</g>", `<g class="ax-plot" transform="translate(0 ${px(legend.height)})">`);
  const grid = [...xTicks.map((t) => `M${px(sx(t))} ${px(plot.top)}V${px(plot.bottom)}`), ...yTicks.map((t) => `M${px(plot.left)} ${px(sy(t))}H${px(plot.right)}`)];
  out.push(`<path class="ax-grid" d="${grid.join("")}" stroke="${xml(text)}" stroke-opacity="0.12" fill="none"/>`);
  const axes = [];
  if (view.xmin < 0 && view.xmax > 0) axes.push(`M${px(sx(0))} ${px(plot.top)}V${px(plot.bottom)}`);
  if (low < 0 && high > 0) axes.push(`M${px(plot.left)} ${px(sy(0))}H${px(plot.right)}`);
  if (axes.length) out.push(`<path class="ax-axes" d="${axes.join("")}" stroke="${xml(text)}" stroke-opacity="0.45" fill="none"/>`);
  out.push(`<g class="ax-ticks" fill="${xml(text)}" fill-opacity="0.8">`);
  xTicks.forEach((t) => out.push(`<text x="${px(sx(t))}" y="${px(plot.bottom + 6)}" text-anchor="middle" dominant-baseline="hanging">${g6(t)}</text>`));
  yTicks.forEach((t) => out.push(`<text x="${px(plot.left - 6)}" y="${px(sy(t))}" text-anchor="end" dominant-baseline="middle">${g6(t)}</text>`));
  out.push("</g>");
  out.push(`<clipPath id="ax-clip"><rect x="${px(plot.left)}" y="${px(plot.top)}" width="${px(plot.right - plot.left)}" height="${px(plot.bottom - plot.top)}"/></clipPath>`);
  out.push(`<g clip-path="url(#ax-clip)">`);
  const band = (runs, color, name) => runs.forEach(([a, b]) => out.push(`<rect class="${name}" x="${px(sx(a))}" y="${px(plot.top)}" width="${px(sx(b) - sx(a))}" height="${px(plot.bottom - plot.top)}" fill="${xml(color)}"/>`));
  if (c.main) {
    band(deadBands(c.main), colors.dead, "ax-dead");
    band(saturatedBands(c.main), colors.saturated, "ax-saturated");
  }
  const path = (x, ys, color, widthPx, dash, alpha, attributes) => {
    const d = [];
    let open = false;
    for (let i = 0; i < ys.length; i++) {
      if (!Number.isFinite(ys[i])) { open = false; continue; }
      d.push(`${open ? "L" : "M"}${px(sx(x[i]))} ${px(sy(ys[i]))}`);
      open = true;
    }
    const dashed = dash.length ? ` stroke-dasharray="${dash.join(" ")}"` : "";
    const faded = alpha < 1 ? ` stroke-opacity="${alpha}"` : "";
    out.push(`<path ${attributes} d="${d.join("")}" fill="none" stroke="${xml(color)}" stroke-width="${widthPx}"${dashed}${faded} stroke-linejoin="round"/>`);
  };
  c.overlays.forEach(({ name, color, curve }) => {
    if (!curve) return;
    path(curve.x, curve.f, color, 2, DASH.overlay, curve.exact ? 1 : 0.45, `class="ax-overlay ax-overlay-f" data-act="${xml(name)}"`);
    if (inst.derivatives.has(name)) path(curve.x, curve.df, color, 1.5, DASH.overlayDf, curve.exact ? 1 : 0.45, `class="ax-overlay ax-overlay-df" data-act="${xml(name)}"`);
  });
  if (c.draws) {
    const { block } = c.draws;
    out.push(`<g class="ax-draws" fill="${xml(colors.muted)}" fill-opacity="${c.draws.exact ? 0.7 : 0.3}">`);
    for (let k = 0; k < block.meta.k; k++) {
      const ys = row(block, k).f;
      for (let i = 0; i < ys.length; i++) if (Number.isFinite(ys[i])) out.push(`<rect x="${px(sx(block.x[i]) - 1.5)}" y="${px(sy(ys[i]) - 1.5)}" width="3" height="3"/>`);
    }
    out.push("</g>");
  }
  if (c.main) {
    const alpha = c.main.exact ? 1 : 0.45;
    path(c.main.x, c.main.df, colors.grad, 2, DASH.df, alpha, `class="ax-df" data-act="${xml(view.act)}"`);
    path(c.main.x, c.main.f, colors.value, 3, DASH.f, alpha, `class="ax-f" data-act="${xml(view.act)}"`);
  }
  out.push("</g>");
  const { at } = c;
  if (at && view.x0 >= view.xmin && view.x0 <= view.xmax) {
    const x0 = px(sx(view.x0));
    out.push(`<g class="ax-probe"><line x1="${x0}" y1="${px(plot.top)}" x2="${x0}" y2="${px(plot.bottom)}" stroke="${xml(colors.muted)}" stroke-dasharray="2 3"/>`);
    for (const [y, color] of [[at.f, colors.value], [at.df, colors.grad]]) out.push(`<circle cx="${x0}" cy="${px(sy(y))}" r="5.5" fill="${xml(color)}" stroke="#fff" stroke-width="2"/>`);
    out.push(`<text x="${px(plot.left + 8)}" y="${px(plot.top + 6)}" dominant-baseline="hanging" fill="${xml(text)}">${xml(probeText(view, at))}</text></g>`);
  }
  out.push("</g>", "</svg>");
  return out.join("\n");
}

async function save(inst, format) {
  if (!inst.header || !inst.view) return;
  const name = `${fileStem(inst)}.${format}`;
  const blob = format === "png" ? await pngBlob(inst) : new Blob([svgText(inst)], { type: "image/svg+xml" });
  if (blob) saveFile(blob, name);
}

// ---- entry point ---------------------------------------------------------------------------------

function create(parentElement) {
  const root = parentElement.querySelector(".ax-root");
  const inst = { root, canvas: root.querySelector(".ax-canvas"), header: null, specs: new Map(), view: null, seq: 0, lastChange: -Infinity, lastWrite: -Infinity, urlTimer: 0, reportedN: 0, reportTimer: 0, resentFor: null, derivatives: new Set(), legendKeys: null, size: { width: 0, height: 0 }, theme: null, pathname: window.location.pathname, setStateValue: () => {} };
  listen(inst);
  return inst;
}

export default function (component) {
  const { data } = component;
  const inst = instanceOf(component, create);
  // Called again when Streamlit's theme changes: read its colours here, once, not on every draw.
  const theme = streamlitTheme(inst.root);
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
  } else {
    const name = accessibleName(inst); // the page's alt text for the view it now answers
    if (inst.canvas.getAttribute("aria-label") !== name) inst.canvas.setAttribute("aria-label", name);
  }
  // The page waits for the chart to be on screen before it fills the tabs below: say so after the
  // next frame (a new number each time, so that a new session hears it too).
  if (header.ask_drawn) requestAnimationFrame(() => setTimeout(() => inst.setStateValue("drawn", performance.now() + 1)));
  // The page answered our latest report (or imposed this view) yet a curve is missing: a block it
  // sent never reached us, or we evicted it. Ask once for everything this view needs.
  const answered = header.answered >= inst.reportedN && viewText(inst, header.view) === viewText(inst, inst.view);
  const token = `${header.seq}:${header.answered}`;
  if (answered && inst.root.dataset.loading === "true" && inst.resentFor !== token) {
    inst.resentFor = token;
    report(inst, { resend: true, now: true });
  }
}
