// The Depth page's chart (Streamlit Custom Components v2): per-layer panels of a deep network at
// initialisation for up to three configurations, one panel drawn large, and a layer × value heatmap
// of the activations. The numbers are torch's (activations/depth/chart.py); this module only lays
// them out. The in-browser choices (the large panel, a log or linear axis, whose heatmap) redraw
// within the frame and never rerun the page; they go into the URL (kit.js's followLink) as the page's
// widgets do, and a new chart starts from the link's. The probe (pointer or arrow keys) reads a layer.

import {
  download,
  drawLegend,
  el,
  exportSize,
  followLink,
  freshCanvas,
  g3,
  grid,
  instanceOf,
  legendLayout,
  linkWriter,
  niceTicks,
  shorten,
  streamlitTheme,
  tickLabels,
} from "./kit.js";
import { canvasPainter, svgPainter } from "./painter.js";

// ---- numbers -------------------------------------------------------------------------------------

/** Ticks for a log axis over [low, high] (base-10 exponents): whole decades, every k-th when there
 *  are more than ``count``; within one decade, 1-2-5 steps of the values, as exponents. */
export function logTicks(low, high, count) {
  const first = Math.ceil(low - 1e-9);
  const last = Math.floor(high + 1e-9);
  if (last - first >= 1) {
    const every = Math.max(1, Math.ceil((last - first + 1) / count));
    const ticks = [];
    for (let k = first; k <= last; k += every) ticks.push(k);
    return ticks;
  }
  return niceTicks(10 ** low, 10 ** high, 3)
    .filter((v) => v > 0)
    .map(Math.log10);
}

/** A log tick's text: ``1e-3`` … ``0.01``, ``0.1``, ``1``, ``10``, ``100`` … ``1e3`` for decades. */
export function decadeText(exponent) {
  if (Number.isInteger(Math.round(exponent * 1e9) / 1e9) && Math.abs(Math.round(exponent)) >= 3) {
    return `1e${Math.round(exponent)}`;
  }
  return short(10 ** exponent);
}

/** A number in a few characters: 3 significant digits, in exponent form from 1e5 up (a signal that
 *  blows up reaches 1e38 in float32: "4e+18" stays narrow where "4000000000000000000" would not). */
export function short(value) {
  const rounded = Number(value.toPrecision(3));
  return Math.abs(rounded) >= 1e5 ? rounded.toExponential(1).replace(".0e", "e").replace("e+", "e") : g3(value);
}

/** Each row's counts as shares of the row's total (a row of zeros stays zeros). */
export function rowShares(histogram) {
  return histogram.map((row) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count) => (total ? count / total : 0));
  });
}

/** The first and last bins holding any value in any layer (all of them when none does): the heatmap's
 *  y range, so values in [0, 1] (Sigmoid) fill the panel rather than a sixth of it. */
export function occupiedBins(histogram) {
  const bins = histogram[0]?.length ?? 0;
  let first = bins;
  let last = -1;
  for (const row of histogram) {
    for (let bin = 0; bin < bins; bin++) {
      if (!row[bin]) continue;
      first = Math.min(first, bin);
      last = Math.max(last, bin);
    }
  }
  return last < 0 ? [0, Math.max(0, bins - 1)] : [first, last];
}

/** The bin edges with an open end (None: the outer bins catch everything) closed one step further. */
export function closedEdges(edges) {
  const out = [...edges];
  const n = out.length;
  if (out[0] === null && n > 2) out[0] = 2 * out[1] - out[2];
  if (out[n - 1] === null && n > 2) out[n - 1] = 2 * out[n - 2] - out[n - 3];
  return out;
}

/** The y values one metric panel draws: the numbers, or their base-10 exponents on a log axis
 *  (null where a value is missing, or not positive on a log axis). */
export function panelValues(values, log) {
  return values.map((v) => (v === null ? null : log ? (v > 0 ? Math.log10(v) : null) : v));
}

// ---- layout --------------------------------------------------------------------------------------

function metricOf(header, key) {
  return header.metrics.find((m) => m.key === key) ?? null;
}

const isLog = (inst, metric) => Boolean(metric?.log && inst.choice.log);

/** The panels' boxes for a chart ``width`` wide: the large one across the top, the others in columns. */
export function panelBoxes(layout, panels, large, width) {
  const columns = layout.columns.find(([from]) => width >= from)[1];
  const boxes = [{ key: large, left: 0, top: 0, width, height: layout.large_height, large: true }];
  const small = panels.filter((key) => key !== large);
  const cellWidth = (width - layout.gap * (columns - 1)) / columns;
  small.forEach((key, i) => {
    const row = Math.floor(i / columns);
    const column = i % columns;
    boxes.push({
      key,
      left: column * (cellWidth + layout.gap),
      top: layout.large_height + layout.gap + row * (layout.small_height + layout.gap),
      width: cellWidth,
      height: layout.small_height,
      large: false,
    });
  });
  const rows = Math.ceil(small.length / columns);
  return { boxes, height: layout.large_height + rows * (layout.small_height + layout.gap) };
}

function plotOf(box, layout) {
  const m = layout.margin;
  return {
    left: box.left + m.left,
    right: box.left + box.width - m.right,
    top: box.top + m.top,
    bottom: box.top + box.height - m.bottom,
  };
}

function xScale(plot, depth) {
  const span = Math.max(1, depth - 1);
  return depth === 1
    ? () => (plot.left + plot.right) / 2
    : (layer) => plot.left + ((layer - 1) / span) * (plot.right - plot.left);
}

function layerTicks(plot, depth, style) {
  const count = Math.max(2, Math.floor((plot.right - plot.left) / style.x_tick_px));
  const ticks = niceTicks(1, Math.max(depth, 2), count).filter((t) => Number.isInteger(t) && t >= 1 && t <= depth);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : depth;
  return ticks[0] - 1 >= step / 2 ? [1, ...ticks] : ticks; // the first layer is always named
}

// ---- drawing -------------------------------------------------------------------------------------

/** A panel's title at its top left, cut with an ellipsis to the panel's width. */
function panelTitle(inst, painter, box, text) {
  let fitted = text;
  for (let limit = text.length; limit > 8 && painter.measure(fitted) > box.width - 8; limit--) {
    fitted = shorten(text, limit);
  }
  painter.text(fitted, box.left + 4, box.top + 9, { color: inst.theme.text, baseline: "middle" });
}

/** One metric panel: each configuration's line, its overflow mark, the probe. */
function paintMetric(inst, painter, box) {
  const { header, theme } = inst;
  const { style, layout, labels, depth } = header;
  const metric = metricOf(header, box.key);
  const log = isLog(inst, metric);
  const plot = plotOf(box, layout);
  const series = header.configs.map((c) => panelValues(c.layers[box.key], log));
  let low = Infinity;
  let high = -Infinity;
  for (const ys of series) {
    for (const y of ys) {
      if (y === null) continue;
      low = Math.min(low, y);
      high = Math.max(high, y);
    }
  }
  if (metric.percent) [low, high] = [0, 1];
  else if (!Number.isFinite(low)) [low, high] = [0, 1];
  else if (high - low < 1e-12)
    [low, high] = log
      ? [low - 0.5, high + 0.5]
      : [low - Math.abs(low) * 0.1 - 1e-3, high + Math.abs(high) * 0.1 + 1e-3];
  else {
    const pad = (high - low) * style.range_pad;
    [low, high] = [low - pad, high + pad];
  }
  const sx = xScale(plot, depth);
  const sy = (y) => plot.bottom - ((y - low) / (high - low)) * (plot.bottom - plot.top);
  const yTicks = log ? logTicks(low, high, style.y_ticks - 1) : niceTicks(low, high, box.large ? style.y_ticks : 4);
  const xTicks = layerTicks(plot, depth, style);
  grid(painter, plot, xTicks.map(sx), yTicks.map(sy), theme.text, style);
  const yText = (t) => (log ? decadeText(t) : metric.percent ? `${Math.round(t * 100)}%` : short(t));
  tickLabels(
    painter,
    plot,
    "y",
    yTicks.map((t) => [yText(t), sy(t)]),
    theme.text,
    style,
  );
  tickLabels(
    painter,
    plot,
    "x",
    xTicks.map((t) => [String(t), sx(t)]),
    theme.text,
    style,
  );
  const title = labels[`depth_page.metric.${box.key}`] + (log ? ` ${labels["depth_page.chart.log_suffix"]}` : "");
  panelTitle(inst, painter, box, title);
  const layers = Array.from({ length: depth }, (_, i) => i + 1);
  const width = box.large ? layout.line.large : layout.line.small;
  painter.clip(plot, () => {
    // A on top: drawn last, where configurations coincide (ReLU's dead share under any init)
    [...header.configs.keys()].reverse().forEach((i) => {
      const c = header.configs[i];
      const ys = series[i].map((y) => (y === null ? Number.NaN : y));
      painter.curve(layers, ys, sx, sy, { color: c.color, width }, { class: "dp-line", "data-config": i });
      if (depth <= 40) {
        const points = layers.flatMap((l, k) => (Number.isFinite(ys[k]) ? [[sx(l), sy(ys[k])]] : []));
        painter.squares(points, box.large ? 5 : 3.5, { color: c.color });
      }
    });
  });
  header.configs.forEach((c, i) => {
    if (c.overflow_at === null) return;
    const x = sx(c.overflow_at);
    painter.lines([[x, plot.top, x, plot.bottom]], { color: c.color, dash: [4, 3], alpha: 0.8 });
    const text = labels["depth_page.chart.overflow"].replace("{layer}", c.overflow_at);
    painter.text(text, Math.min(x + 4, plot.right - 4), plot.top + 10 + 14 * i, {
      color: c.color,
      align: x + 4 > plot.right - 120 ? "right" : "left",
    });
  });
  if (inst.probe !== null && painter.onScreen) {
    const x = sx(inst.probe);
    painter.lines([[x, plot.top, x, plot.bottom]], { color: theme.text, alpha: style.axis_alpha, dash: [2, 3] });
    series.forEach((ys, i) => {
      const y = ys[inst.probe - 1];
      if (y !== null && y >= low && y <= high)
        painter.dot(x, sy(y), style.probe_radius - 1.5, header.configs[i].color, {
          color: style.probe_ring,
          width: 1.5,
        });
    });
  }
}

/** The heatmap of one configuration: x the layer, y the value, shade the share of the layer's values. */
function paintHistogram(inst, painter, box) {
  const { header, theme } = inst;
  const { style, layout, labels, depth } = header;
  const plot = plotOf(box, layout);
  const index = Math.min(inst.choice.heat, header.configs.length - 1);
  const config = header.configs[index];
  const edges = closedEdges(header.edges);
  const [first, last] = occupiedBins(config.histogram);
  const low = edges[first];
  const high = edges[last + 1];
  const cell = (plot.right - plot.left) / depth;
  const sy = (v) => plot.bottom - ((v - low) / (high - low)) * (plot.bottom - plot.top);
  const shares = rowShares(config.histogram);
  const floor = Math.log10(layout.heat_floor);
  painter.group({ class: "dp-heat", "data-config": index }, () => {
    shares.forEach((row, layer) => {
      row.forEach((share, bin) => {
        if (share <= 0) return;
        const alpha = Math.min(1, Math.max(0.06, 1 - Math.log10(share) / floor));
        const top = sy(edges[bin + 1]);
        painter.rect(plot.left + layer * cell, top, Math.max(cell, 1), Math.max(sy(edges[bin]) - top, 1), {
          color: config.color,
          alpha,
        });
      });
    });
  });
  const yTicks = niceTicks(low, high, box.large ? style.y_ticks : 4);
  const centre = (layer) => plot.left + (layer - 0.5) * cell;
  const xTicks = layerTicks(plot, depth, style);
  grid(painter, plot, [], yTicks.map(sy), theme.text, style);
  tickLabels(
    painter,
    plot,
    "y",
    yTicks.map((t) => [g3(t), sy(t)]),
    theme.text,
    style,
  );
  tickLabels(
    painter,
    plot,
    "x",
    xTicks.map((t) => [String(t), centre(t)]),
    theme.text,
    style,
  );
  panelTitle(inst, painter, box, `${labels["depth_page.metric.histogram"]} · ${config.name}`);
  if (inst.probe !== null && painter.onScreen) {
    const x = centre(inst.probe);
    painter.lines([[x, plot.top, x, plot.bottom]], { color: theme.text, alpha: style.axis_alpha, dash: [2, 3] });
  }
}

/** Every panel through ``painter`` (canvas or SVG) for a chart ``width`` wide; its height. */
function paint(inst, painter, width) {
  const { header } = inst;
  const panels = [...header.metrics.map((m) => m.key), "histogram"];
  const { boxes, height } = panelBoxes(header.layout, panels, inst.choice.large, width);
  inst.boxes = boxes;
  for (const box of boxes) {
    painter.group({ class: "dp-panel", "data-panel": box.key }, () => {
      if (box.key === "histogram") paintHistogram(inst, painter, box);
      else paintMetric(inst, painter, box);
    });
  }
  return height;
}

function chartHeight(inst, width) {
  const { header } = inst;
  const panels = [...header.metrics.map((m) => m.key), "histogram"];
  return panelBoxes(header.layout, panels, inst.choice.large, width).height;
}

function draw(inst) {
  const { canvas, header } = inst;
  if (!header) return;
  const width = inst.size.width || canvas.clientWidth;
  if (!width) return;
  const height = chartHeight(inst, width);
  if (Math.round(canvas.clientHeight) !== Math.round(height)) {
    canvas.style.height = `${height}px`;
    inst.size = { width, height };
  }
  const sized = freshCanvas(inst, canvas);
  if (!sized) return;
  const painter = canvasPainter(sized.ctx, inst.theme.font, header.style.font_px);
  painter.onScreen = true;
  paint(inst, painter, sized.width);
  const help = header.labels[`depth_page.metric.${inst.choice.large}_help`];
  if (inst.help.textContent !== help) inst.help.textContent = help; // DOM writes only on a change
  inst.root.dataset.large = inst.choice.large;
  inst.root.dataset.log = String(inst.choice.log);
  inst.root.dataset.heat = String(inst.choice.heat);
}

// ---- probe ---------------------------------------------------------------------------------------

/** What the probe says for a missing value: where the forward values overflow (from the page), or,
 *  for a gradient that overflows while the forward values are finite, that it is not finite. */
function missingText(labels, config, layer) {
  return config.overflow_at !== null && layer >= config.overflow_at
    ? labels["depth_page.chart.overflow"].replace("{layer}", config.overflow_at)
    : labels["depth_page.chart.not_finite"];
}

/** The probe's text: the layer and, for the metric of ``key`` (or the large one), each configuration's value. */
export function probeText(header, key, layer) {
  const metric = metricOf(header, key) ?? metricOf(header, "act_rms");
  const { labels } = header;
  const values = header.configs.map((c) => {
    const v = c.layers[metric.key][layer - 1];
    const text = v === null ? missingText(labels, c, layer) : metric.percent ? `${(v * 100).toFixed(1)}%` : short(v);
    return `${c.name}: ${text}`;
  });
  return `${labels["depth_page.chart.layer"]} ${layer} · ${labels[`depth_page.metric.${metric.key}`]} — ${values.join(" · ")}`;
}

function showProbe(inst, key) {
  const { header } = inst;
  const text = inst.probe === null ? header.labels["depth_page.chart.probe_hint"] : probeText(header, key, inst.probe);
  inst.probeLine.textContent = text;
  draw(inst);
}

function pointAt(inst, event) {
  const rect = inst.canvas.getBoundingClientRect();
  const x = event.clientX - rect.left;
  const y = event.clientY - rect.top;
  const box = (inst.boxes || []).find(
    (b) => x >= b.left && x <= b.left + b.width && y >= b.top && y <= b.top + b.height,
  );
  if (!box) return null;
  const plot = plotOf(box, inst.header.layout);
  const depth = inst.header.depth;
  const share = (x - plot.left) / (plot.right - plot.left);
  const layer = box.key === "histogram" ? Math.floor(share * depth) + 1 : Math.round(share * (depth - 1)) + 1;
  return { key: box.key, layer: Math.min(depth, Math.max(1, layer)) };
}

// ---- export --------------------------------------------------------------------------------------

const FALLBACK_WIDTH = 900; // a chart not laid out yet

function legendEntries(inst) {
  return inst.header.configs.map((c) => ({ text: c.name, color: c.color, width: 2.5, dash: [] }));
}

/** Legend, then the panels, on the theme's background; the picture's height. */
function picture(inst, painter, width) {
  const { style, layout } = inst.header;
  const legend = legendLayout(legendEntries(inst), width, 8, 8, painter.measure, style);
  const total = legend.height + chartHeight(inst, width);
  painter.fillBackground(inst.theme.background, width, total);
  painter.group({ class: "dp-legend" }, () => drawLegend(painter, legend.placed, inst.theme.text, style));
  painter.group({ class: "dp-plot" }, () => paint(inst, painter, width), legend.height);
  return { total, legendHeight: legend.height, layout };
}

async function save(inst, format) {
  const { header } = inst;
  const { width } = exportSize(inst, { width: FALLBACK_WIDTH, height: 0 });
  const font = inst.theme.font;
  let blob;
  if (format === "svg") {
    const painter = svgPainter(font, header.style.font_px);
    const { total } = picture(inst, painter, width);
    blob = new Blob([painter.svg(width, total, header.alt)], { type: "image/svg+xml" });
  } else {
    const measure = canvasPainter(
      document.createElement("canvas").getContext("2d"),
      font,
      header.style.font_px,
    ).measure;
    const legend = legendLayout(legendEntries(inst), width, 8, 8, measure, header.style);
    const height = legend.height + chartHeight(inst, width);
    const ratio = Math.max(header.style.export_ratio, window.devicePixelRatio || 1);
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    picture(inst, canvasPainter(ctx, font, header.style.font_px), width);
    blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  }
  if (blob) download(blob, `${header.stem}.${format}`);
}

// ---- controls ------------------------------------------------------------------------------------

const RUNS = ["a", "b", "c"]; // the link's names of the configurations (heat=b)

/** The chart's choices from its view as the link writes it (activations/depth/chart.py's VIEW_FIELDS). */
export function choiceOf(view) {
  return { large: view.panel, log: view.scale === "log", heat: Math.max(0, RUNS.indexOf(view.heat)) };
}

/** The link's view of the chart's choices. */
export function viewOf(choice) {
  return { panel: choice.large, scale: choice.log ? "log" : "linear", heat: RUNS[choice.heat] };
}

function chosen(inst) {
  draw(inst);
  followLink(inst.link, viewOf(inst.choice));
}

function listen(inst) {
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
function syncControls(inst) {
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

// ---- entry point ---------------------------------------------------------------------------------

function create(parentElement) {
  const root = parentElement.querySelector(".dp-root");
  const inst = {
    root,
    canvas: root.querySelector(".dp-canvas"),
    large: root.querySelector(".dp-large"),
    log: root.querySelector(".dp-log"),
    heat: root.querySelector(".dp-heat"),
    legend: root.querySelector(".dp-legend"),
    help: root.querySelector(".dp-help"),
    probeLine: root.querySelector(".dp-probe"),
    header: null,
    choice: null, // set from the page's first data: the link's view
    probe: null,
    probeKey: null,
    boxes: [],
    size: { width: 0, height: 0 },
    theme: null,
    setStateValue: () => {},
  };
  inst.link = linkWriter(() => inst.header.link.fields);
  listen(inst);
  return inst;
}

export default function (component) {
  const { data } = component;
  const inst = instanceOf(component, create);
  inst.theme = streamlitTheme(inst.root, (data ?? inst.header)?.style);
  if (!data) return;
  inst.header = data;
  inst.link.owns = data.link.owns;
  if (!inst.choice) inst.choice = choiceOf(data.view);
  if (inst.probe !== null && inst.probe > data.depth) inst.probe = null;
  syncControls(inst);
  draw(inst);
}
