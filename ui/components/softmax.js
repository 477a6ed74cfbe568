// The Softmax page's chart (Streamlit Custom Components v2): the logits box, the temperature slider
// and the bars of p (above) and log p (below), drawn on one canvas.
//
// Every keystroke and slider step redraws at once from a preview computed here in float64,
// max-subtracted: p_i = exp((z_i - max z) / T) / sum_j exp((z_j - max z) / T). The view (logits text,
// temperature step) is reported with setStateValue when input settles; the page's run answers with
// torch's float64 numbers (activations/softmax/chart.py), which replace the preview while the chart
// shows the view they were computed for. Text that can't be read keeps the last logits that could.
// The URL follows the view in the browser (kit.js's writeLink), as Streamlit writes a bound widget's.

import {
  debounced,
  download,
  exportSize,
  followLink,
  freshCanvas,
  g3,
  grid,
  instanceOf,
  linkWriter,
  nextReport,
  niceTicks,
  shorten,
  streamlitTheme,
  tickLabels,
  writeLink,
} from "./kit.js";
import { canvasPainter } from "./painter.js";

const REPORT_DELAY_MS = 150; // after the last input: the rest of the page follows

// ---- numbers -------------------------------------------------------------------------------------

/** The page's rules (activations/softmax/chart.py's ``rules``) with their patterns compiled: a plain
 *  number, the ``tensor(...)`` wrapper, the separators, the space at either end (each Python's
 *  regular expression, read the same here: ASCII digits, ``.`` across lines, Python's whitespace). */
export function readRules(rules) {
  return {
    ...rules,
    number: new RegExp(`^(?:${rules.number})$`),
    wrapper: new RegExp(`^(?:${rules.wrapper})$`, "s"),
    separators: new RegExp(rules.separators),
    ends: new RegExp(`^[${rules.space}]+|[${rules.space}]+$`, "g"),
  };
}

/** The logits in ``text`` as activations/softmax/link.py's parse_logits reads them, or null. */
export function readLogits(text, rules) {
  if (text.length > rules.max_chars) return null;
  const strip = (part) => part.replace(rules.ends, "");
  let body = strip(text);
  const wrapped = rules.wrapper.exec(body);
  if (wrapped) body = strip(wrapped[1]);
  if (body.length >= 2 && rules.pairs.some(([open, close]) => body[0] === open && body.at(-1) === close)) {
    body = strip(body.slice(1, -1));
  }
  const tokens = body.split(rules.separators).filter(Boolean);
  if (!tokens.length || tokens.length > rules.max_classes) return null;
  const values = [];
  for (const token of tokens) {
    if (token.length > rules.max_token || !rules.number.test(token)) return null;
    const value = Number(token);
    if (!Number.isFinite(value) || Math.abs(value) > rules.limit) return null;
    values.push(value + 0); // -0 -> 0
  }
  return values;
}

// softmax and log_softmax of z / T in float64, from z - max z (exact for nearby logits), so no
// exp overflows and the largest term is exp(0) = 1.
export function softmax(z, temperature) {
  let top = -Infinity;
  for (const v of z) if (v > top) top = v;
  const u = z.map((v) => (v - top) / temperature);
  let sum = 0;
  const e = u.map((v) => {
    const w = Math.exp(v);
    sum += w;
    return w;
  });
  const logSum = Math.log(sum);
  return { p: e.map((w) => w / sum), logP: u.map((v) => v - logSum) };
}

const sameView = (a, b) => a.logits === b.logits && a.temperature === b.temperature;

// What the chart shows for its view: torch's answer when it is for this view, else the preview.
function numbers(inst) {
  const { header, view } = inst;
  const { answer } = header;
  const read = readLogits(view.logits, header.rules);
  if (sameView(answer.view, view)) {
    inst.lastLogits = answer.logits; // the typed ones, or the page's last valid ones
    return {
      source: "torch",
      z: answer.logits,
      p: answer.p,
      logP: answer.log_p,
      argmax: answer.argmax,
      labels: answer.labels,
      readable: read !== null,
    };
  }
  if (read) inst.lastLogits = read;
  const z = inst.lastLogits;
  const { p, logP } = softmax(z, Number(view.temperature));
  const top = Math.max(...z);
  const argmax = z.flatMap((v, i) => (v === top ? [i] : []));
  return {
    source: "preview",
    z,
    p,
    logP,
    argmax,
    labels: z.map((_, i) => header.names[i] ?? `#${i}`),
    readable: read !== null,
  };
}

function displayOrder(p, sorted) {
  const order = p.map((_, i) => i);
  return sorted ? order.sort((a, b) => p[b] - p[a] || a - b) : order;
}

// ---- reports -------------------------------------------------------------------------------------

function changed(inst) {
  draw(inst);
  followLink(inst.link, inst.view);
  inst.reports.schedule(REPORT_DELAY_MS);
}

// ---- controls ------------------------------------------------------------------------------------

function listen(inst) {
  const { input, slider } = inst;
  input.addEventListener("input", () => {
    inst.view = { ...inst.view, logits: input.value };
    changed(inst);
  });
  slider.addEventListener("input", () => {
    inst.view = { ...inst.view, temperature: inst.header.steps[Number(slider.value)] };
    syncSlider(inst);
    changed(inst);
  });
  inst.root.querySelector(".sm-save").addEventListener("click", () => savePng(inst));
  new ResizeObserver(([entry]) => {
    inst.size = { width: entry.contentRect.width, height: entry.contentRect.height };
    draw(inst);
  }).observe(inst.canvas);
}

function syncSlider(inst) {
  const { slider, header, view } = inst;
  const text = `T = ${view.temperature}`;
  slider.setAttribute("aria-valuetext", view.temperature);
  inst.root.querySelector(".sm-t-readout").textContent = text;
  const index = header.steps.indexOf(view.temperature);
  if (index >= 0 && Number(slider.value) !== index) slider.value = String(index);
}

function syncControls(inst) {
  const { root, header, input, slider, view } = inst;
  for (const node of root.querySelectorAll("[data-label]")) node.textContent = header.labels[node.dataset.label];
  input.title = header.labels["softmax.logits_help"];
  input.maxLength = header.rules.max_chars;
  slider.max = String(header.steps.length - 1);
  slider.setAttribute("aria-label", header.labels["softmax.temperature"]);
  slider.title = header.labels["softmax.temperature_help"];
  if (input.value !== view.logits) input.value = view.logits;
  syncSlider(inst);
  input.closest(".sm-field").hidden = header.hidden.includes("logits");
  slider.closest(".sm-field").hidden = header.hidden.includes("temperature");
  root.querySelector(".sm-save").hidden = header.hidden.includes("export_png");
}

// ---- drawing -------------------------------------------------------------------------------------

function accessibleName(inst, shown) {
  const { header, view } = inst;
  if (shown.source === "torch") return header.answer.alt;
  return header.labels["softmax.chart.canvas"]
    .replace("{logits}", shorten(shown.z.map(g3).join(", "), 80))
    .replace("{temperature}", view.temperature);
}

/** The bars through ``painter`` (canvas or SVG): p from 0 up, log p from 0 down. */
function paint(inst, painter, shown, width, height) {
  const { header, theme } = inst;
  const { colors, style, layout } = header;
  const m = layout.margin;
  const text = theme.text;
  const order = displayOrder(shown.p, header.sort);
  const count = order.length;
  const left = m.left;
  const right = width - m.right;
  const slot = (right - left) / count;
  const bar = Math.max(1, slot * (count > layout.many_classes ? layout.wide_bar : layout.bar));
  const names = order.map((i) => shorten(shown.labels[i], layout.name_chars));
  const widest = Math.max(...names.map(painter.measure));
  const rotate = widest > slot - 4;
  const band = rotate ? Math.min(layout.rotated_band, 12 + widest * Math.SQRT1_2) : layout.label_band;
  const usable = height - m.top - m.bottom - band;
  const probTop = m.top;
  const probBottom = probTop + usable * layout.p_share;
  const logTop = probBottom + band;
  const logBottom = height - m.bottom;
  const pMax = Math.min(1, Math.max(...shown.p)) * layout.headroom || 1;
  const logMin = Math.min(...shown.logP, -1e-9) * layout.log_headroom;
  const yP = (v) => probBottom - (v / pMax) * (probBottom - probTop);
  const yLog = (v) => logTop + (v / logMin) * (logBottom - logTop);
  const x = (k) => left + slot * k + (slot - bar) / 2;

  // Grid, ticks and axis titles.
  const pTicks = niceTicks(0, pMax, 4);
  const logTicks = niceTicks(logMin, 0, 2);
  const plot = { left, right, top: probTop, bottom: logBottom };
  grid(painter, plot, [], [...pTicks.map(yP), ...logTicks.map(yLog)], text, style);
  const ticks = [...pTicks.map((t) => [g3(t), yP(t)]), ...logTicks.map((t) => [g3(t), yLog(t)])];
  tickLabels(painter, plot, "y", ticks, text, style);
  const title = { align: "center", color: text, alpha: style.tick_alpha, rotate: -Math.PI / 2 };
  painter.text(header.labels["softmax.chart.probability"], 12, (probTop + probBottom) / 2, title);
  painter.text("log p", 12, (logTop + logBottom) / 2, title);

  // The bars: argmax darker; log p in the second colour.
  const argmax = new Set(shown.argmax);
  order.forEach((i, k) => {
    const top = yP(Math.min(shown.p[i], pMax));
    const color = argmax.has(i) ? colors.argmax : colors.bar;
    painter.rect(x(k), top, bar, Math.max(probBottom - top, shown.p[i] > 0 ? 1 : 0), { color });
    painter.rect(x(k), logTop, bar, Math.max(yLog(shown.logP[i]) - logTop, 0), { color: colors.log });
  });
  const bases = [
    [left, probBottom + 0.5, right, probBottom + 0.5],
    [left, logTop - 0.5, right, logTop - 0.5],
  ];
  painter.lines(bases, { color: text, alpha: style.axis_alpha });

  // Values on the bars while there is room; class names between the panels.
  const values = count <= layout.value_labels ? order.map((i) => g3(shown.p[i])) : [];
  if (values.length && values.every((value) => painter.measure(value) <= slot - 4)) {
    order.forEach((i, k) => {
      const y = yP(Math.min(shown.p[i], pMax)) - 3;
      painter.text(values[k], x(k) + bar / 2, y, { align: "center", baseline: "bottom", color: text });
    });
  }
  const every = rotate ? Math.max(1, Math.ceil(14 / slot)) : 1;
  order.forEach((_, k) => {
    if (k % every) return;
    const cx = x(k) + bar / 2;
    if (rotate) painter.text(names[k], cx, probBottom + 6, { align: "right", color: text, rotate: -Math.PI / 4 });
    else painter.text(names[k], cx, probBottom + band / 2, { align: "center", color: text });
  });
}

function draw(inst) {
  const { canvas, header } = inst;
  if (!header) return;
  const shown = numbers(inst);
  // DOM writes only when something changed: the drawing itself must not wait for style or layout.
  const name = accessibleName(inst, shown);
  if (canvas.getAttribute("aria-label") !== name) canvas.setAttribute("aria-label", name);
  const invalid = String(!shown.readable);
  if (inst.input.getAttribute("aria-invalid") !== invalid) {
    inst.input.setAttribute("aria-invalid", invalid);
    inst.root.querySelector(".sm-hint").textContent = shown.readable ? "" : header.labels["softmax.chart.unreadable"];
  }
  // The numbers drawn, for tests and tools: exactly the doubles (JSON writes the shortest round trip).
  inst.numbers.dataset.source = shown.source;
  inst.numbers.value = JSON.stringify({ z: shown.z, p: shown.p, log_p: shown.logP, t: inst.view.temperature });

  const sized = freshCanvas(inst, canvas);
  if (!sized) return;
  const { ctx, width, height } = sized;
  paint(inst, canvasPainter(ctx, inst.theme.font, header.style.small_font_px), shown, width, height);
}

// ---- export: PNG ---------------------------------------------------------------------------------

const FALLBACK_SIZE = { width: 800, height: 420 }; // a chart not laid out yet

/** A picture's file name as activations/softmax/export.py's file_stem writes it (the temperature
 *  step as the slider spells it, which is Python's "{:g}"). */
export function previewStem(temperature, count, sort) {
  return `softmax_T${temperature}_${count}-${count === 1 ? "class" : "classes"}${sort ? "_sorted" : ""}`;
}

// The file name: the page's for torch's numbers, else built the same way from the view.
function fileStem(inst, shown) {
  if (shown.source === "torch") return inst.header.answer.stem;
  return previewStem(inst.view.temperature, shown.z.length, inst.header.sort);
}

// The chart drawn again at the style's export ratio (or the screen's, if higher) on the theme's background.
function savePng(inst) {
  const { style } = inst.header;
  const shown = numbers(inst);
  const { width, height } = exportSize(inst, FALLBACK_SIZE);
  const ratio = Math.max(style.export_ratio, window.devicePixelRatio || 1);
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const painter = canvasPainter(ctx, inst.theme.font, style.small_font_px);
  painter.fillBackground(inst.theme.background, width, height);
  paint(inst, painter, shown, width, height);
  const name = `${fileStem(inst, shown)}.png`;
  canvas.toBlob((blob) => download(blob, name), "image/png");
}

// ---- entry point ---------------------------------------------------------------------------------

function create(parentElement) {
  const root = parentElement.querySelector(".sm-root");
  const inst = {
    root,
    canvas: root.querySelector(".sm-canvas"),
    input: root.querySelector(".sm-logits"),
    slider: root.querySelector(".sm-temperature"),
    numbers: root.querySelector(".sm-numbers"),
    header: null,
    view: null,
    seq: 0,
    lastLogits: [],
    reportedN: 0,
    size: { width: 0, height: 0 },
    theme: null,
    labels: null,
    setStateValue: () => {},
  };
  inst.reports = debounced(() => {
    inst.reportedN = nextReport();
    inst.setStateValue("report", { ...inst.view, n: inst.reportedN });
  });
  inst.link = linkWriter(() => inst.header.link.fields);
  listen(inst);
  return inst;
}

export default function (component) {
  const { data } = component;
  const inst = instanceOf(component, create);
  // Called again when Streamlit's theme changes: read its colours here, once, not on every draw.
  inst.theme = streamlitTheme(inst.root, (data ?? inst.header)?.style);
  if (!data) return;
  const header = { ...data, rules: readRules(data.rules) };
  const fresh =
    JSON.stringify(header.labels) !== JSON.stringify(inst.header?.labels) ||
    JSON.stringify(header.hidden) !== JSON.stringify(inst.header?.hidden);
  inst.header = header;
  inst.link.owns = header.link.owns;
  if (header.seq > inst.seq || !inst.view) {
    inst.seq = header.seq;
    inst.view = { ...header.view };
    writeLink(inst.link, inst.view, "replace");
    syncControls(inst);
  } else if (fresh) syncControls(inst);
  draw(inst);
}
