// The Depth chart's panels (ui/components/depth.js): their boxes, then each metric's lines and the
// heatmap, through one painter (canvas on screen, canvas or SVG when saved).

import {
  closedEdges,
  decadeText,
  logTicks,
  metricOf,
  occupiedBins,
  panelValues,
  rowShares,
  short,
} from "./depth-data.js";
import { axesTickLabels, freshCanvas, g3, grid, niceTicks, shorten } from "./kit.js";
import { canvasPainter } from "./painter.js";

// ---- layout --------------------------------------------------------------------------------------

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

export function plotOf(box, layout) {
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
  axesTickLabels(painter, plot, [xTicks, sx, String], [yTicks, sy, yText], theme.text, style);
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
  axesTickLabels(painter, plot, [xTicks, centre, String], [yTicks, sy, g3], theme.text, style);
  panelTitle(inst, painter, box, `${labels["depth_page.metric.histogram"]} · ${config.name}`);
  if (inst.probe !== null && painter.onScreen) {
    const x = centre(inst.probe);
    painter.lines([[x, plot.top, x, plot.bottom]], { color: theme.text, alpha: style.axis_alpha, dash: [2, 3] });
  }
}

/** Every panel through ``painter`` (canvas or SVG) for a chart ``width`` wide; its height. */
export function paint(inst, painter, width) {
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

export function chartHeight(inst, width) {
  const { header } = inst;
  const panels = [...header.metrics.map((m) => m.key), "histogram"];
  return panelBoxes(header.layout, panels, inst.choice.large, width).height;
}

export function draw(inst) {
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
