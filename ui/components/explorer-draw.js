// The Activations chart's drawing: what one picture shows (curves, overlays, draws, probe), where it
// goes (geometry) and the drawing itself through the painter, on the screen's canvas or into a saved
// PNG or SVG alike. Line styles, sizes and the saturation threshold come from the page's data.

import { curveFor, drawsFor, row } from "./explorer-data.js";
import { viewText } from "./explorer-view.js";
import { axesTickLabels, el, freshCanvas, g6, grid, niceTicks } from "./kit.js";
import { canvasPainter } from "./painter.js";

/** Runs of two or more points where ``test`` holds, as [first x, last x], widened by half a step. */
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

/** Where f' = 0 (dead) and where 0 < |f'| < the page's tiny gradient at an edge (saturated). */
export const deadBands = (main) => bands(main.x, main.df, (v) => v === 0, false);
export const saturatedBands = (main, tiny) => bands(main.x, main.df, (v) => v !== 0 && Math.abs(v) < tiny, true);

function probeAt(curve, x0) {
  const { x, f, df } = curve;
  if (!(x0 >= x[0] && x0 <= x[x.length - 1])) return null;
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= x0) lo = mid;
    else hi = mid;
  }
  for (const i of [lo, hi]) if (x[i] === x0) return { f: f[i], df: df[i], exact: true };
  const t = (x0 - x[lo]) / (x[hi] - x[lo]);
  return { f: f[lo] + t * (f[hi] - f[lo]), df: df[lo] + t * (df[hi] - df[lo]), exact: false };
}

const approx = (at) => (at.exact ? "=" : "≈");
export const probeText = (view, at) =>
  `x0 = ${g6(view.x0)}   f(x0) ${approx(at)} ${g6(at.f)}   f'(x0) ${approx(at)} ${g6(at.df)}`;

/** What one drawing shows: the curves (exact or nearest) of the activation, its overlays and draws. */
export function curves(inst) {
  const { view, header } = inst;
  const spec = inst.specs.get(view.act);
  const { colors } = header;
  const main = curveFor(spec, view, view);
  const overlays = view.compare
    .filter((name) => name !== view.act)
    .map((name, i) => {
      const other = inst.specs.get(name);
      const defaults = Object.fromEntries(other.params.map((p) => [p.name, p.default]));
      return { name, color: colors.series[i % colors.series.length], curve: curveFor(other, defaults, view) };
    });
  const draws = spec.stochastic && view.training ? drawsFor(spec, view) : null;
  const loading = !main?.exact || overlays.some((o) => !o.curve?.exact) || (draws !== null && !draws?.exact);
  return { spec, main, overlays, draws, loading, at: main && probeAt(main, view.x0) };
}

/** Where things go on a plot of width × height CSS pixels: y range, scales, ticks. */
export function geometry(inst, c, width, height) {
  const { view } = inst;
  const { style, layout } = inst.header;
  const { main, overlays, draws } = c;
  let low = Infinity;
  let high = -Infinity;
  const visit = (x, ys) => {
    for (let i = 0; i < ys.length; i++) {
      if (x[i] >= view.xmin && x[i] <= view.xmax && Number.isFinite(ys[i])) {
        if (ys[i] < low) low = ys[i];
        if (ys[i] > high) high = ys[i];
      }
    }
  };
  if (main) {
    visit(main.x, main.f);
    visit(main.x, main.df);
  }
  for (const o of overlays) {
    if (!o.curve) continue;
    visit(o.curve.x, o.curve.f);
    if (inst.derivatives.has(o.name)) visit(o.curve.x, o.curve.df);
  }
  if (draws) for (let k = 0; k < draws.block.meta.k; k++) visit(draws.block.x, row(draws.block, k).f);
  if (!(high > low)) {
    low = (Number.isFinite(low) ? low : 0) - 1;
    high = low + 2;
  }
  const pad = (high - low) * style.range_pad;
  low -= pad;
  high += pad;
  const m = layout.margin;
  const plot = { left: m.left, top: m.top, right: width - m.right, bottom: height - m.bottom };
  const sx = (x) => plot.left + ((x - view.xmin) / (view.xmax - view.xmin)) * (plot.right - plot.left);
  const sy = (y) => plot.bottom - ((y - low) / (high - low)) * (plot.bottom - plot.top);
  const xTicks = niceTicks(view.xmin, view.xmax, Math.max(3, Math.floor((plot.right - plot.left) / style.x_tick_px)));
  const yTicks = niceTicks(low, high, style.y_ticks);
  return { low, high, plot, sx, sy, xTicks, yTicks };
}

/** The picture, through ``painter`` (canvas or SVG): grid, axes, ticks, bands, curves, probe. */
export function paint(inst, painter, c, g) {
  const { view, header } = inst;
  const { colors, style, layout } = header;
  const { lines } = layout;
  const { text } = inst.theme;
  const { main, overlays, draws, at } = c;
  const { low, high, plot, sx, sy, xTicks, yTicks } = g;
  grid(painter, plot, xTicks.map(sx), yTicks.map(sy), text, style);
  const axes = [];
  if (view.xmin < 0 && view.xmax > 0) axes.push([sx(0), plot.top, sx(0), plot.bottom]);
  if (low < 0 && high > 0) axes.push([plot.left, sy(0), plot.right, sy(0)]);
  painter.lines(axes, { color: text, alpha: style.axis_alpha }, { class: "ax-axes" });
  painter.group({ class: "ax-ticks" }, () => {
    axesTickLabels(painter, plot, [xTicks, sx, g6], [yTicks, sy, g6], text, style);
  });
  painter.clip(plot, () => {
    if (main) {
      const fill = (runs, color, name) => {
        for (const [a, b] of runs)
          painter.rect(sx(a), plot.top, sx(b) - sx(a), plot.bottom - plot.top, { color }, { class: name });
      };
      fill(deadBands(main), colors.dead, "ax-dead");
      fill(saturatedBands(main, layout.tiny_grad), colors.saturated, "ax-saturated");
    }
    const alpha = (curve) => (curve.exact ? 1 : style.pending_alpha);
    for (const { name, color, curve } of overlays) {
      if (!curve) continue;
      const attrs = (part) => ({ class: `ax-overlay ax-overlay-${part}`, "data-act": name });
      painter.curve(curve.x, curve.f, sx, sy, { color, alpha: alpha(curve), ...lines.overlay }, attrs("f"));
      if (inst.derivatives.has(name)) {
        painter.curve(curve.x, curve.df, sx, sy, { color, alpha: alpha(curve), ...lines.overlay_df }, attrs("df"));
      }
    }
    if (draws) {
      const { block } = draws;
      const points = [];
      for (let k = 0; k < block.meta.k; k++) {
        const ys = row(block, k).f;
        for (let i = 0; i < ys.length; i++) if (Number.isFinite(ys[i])) points.push([sx(block.x[i]), sy(ys[i])]);
      }
      const fill = { color: colors.muted, alpha: layout.draws_alpha[draws.exact ? "exact" : "pending"] };
      painter.squares(points, layout.draw_marker, fill, { class: "ax-draws" });
    }
    if (main) {
      const attrs = (name) => ({ class: name, "data-act": view.act });
      painter.curve(main.x, main.df, sx, sy, { color: colors.grad, alpha: alpha(main), ...lines.df }, attrs("ax-df"));
      painter.curve(main.x, main.f, sx, sy, { color: colors.value, alpha: alpha(main), ...lines.f }, attrs("ax-f"));
    }
  });
  if (at && view.x0 >= view.xmin && view.x0 <= view.xmax) {
    painter.group({ class: "ax-probe" }, () => {
      const x0 = sx(view.x0);
      painter.lines([[x0, plot.top, x0, plot.bottom]], { color: colors.muted, ...lines.probe });
      const ring = { color: style.probe_ring, width: 2 };
      for (const [y, color] of [
        [at.f, colors.value],
        [at.df, colors.grad],
      ]) {
        painter.dot(x0, sy(y), style.probe_radius, color, ring);
      }
      painter.text(probeText(view, at), plot.left + 8, plot.top + style.tick_gap, { baseline: "top", color: text });
    });
  }
}

/** The chart's HTML legend above the canvas, with a derivative toggle per overlay. */
function legend(inst, spec, overlays, draws) {
  const { colors, labels } = inst.header;
  const box = inst.root.querySelector(".ax-legend");
  const key = (text, style, band) => {
    const item = el("span", { class: "ax-key" });
    item.append(el("span", { class: band ? "ax-band" : "ax-swatch", style }), document.createTextNode(text));
    return item;
  };
  const items = [
    key(`${spec.label}(x)`, `border-color:${colors.value}`),
    key(`${spec.label}'(x)`, `border-color:${colors.grad};border-top-style:dashed`),
  ];
  for (const { name, color } of overlays) {
    const label = inst.specs.get(name).label;
    const pressed = String(inst.derivatives.has(name));
    items.push(key(`${label}(x)`, `border-color:${color};border-top-style:dotted`));
    items.push(
      el("button", { type: "button", class: "ax-toggle", "data-act": name, "aria-pressed": pressed }, `${label}'(x)`),
    );
  }
  items.push(key(labels["chart.dead_zone"], `background:${colors.dead}`, true));
  items.push(key(labels["chart.saturated"], `background:${colors.saturated}`, true));
  if (draws) items.push(key(labels["chart.training_draws"], `border-color:${colors.muted};border-top-style:dotted`));
  box.replaceChildren(...items);
}

/** The chart's accessible name: the page's alt text (built by the library from torch's curve) when
 *  it describes the view shown, else a plain one until the page's answer comes. */
export function accessibleName(inst) {
  const { header, view } = inst;
  if (header.alt && viewText(inst, header.view) === viewText(inst, view)) return header.alt;
  const spec = inst.specs.get(view.act);
  return header.labels["chart.canvas"]
    .replace("{label}", spec.label)
    .replace("{xmin}", g6(view.xmin))
    .replace("{xmax}", g6(view.xmax));
}

/** Redraw the canvas for the view, and the legend, status and readout where they changed. */
export function draw(inst) {
  const { canvas, header } = inst;
  if (!header) return;
  const c = curves(inst);
  const loading = String(c.loading);
  if (inst.root.dataset.loading !== loading) inst.root.dataset.loading = loading;
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
  const { at } = c;
  const readout = at ? `f ${approx(at)} ${g6(at.f)} · f' ${approx(at)} ${g6(at.df)}` : "";
  if (inst.readout.textContent !== readout) inst.readout.textContent = readout;
  const sized = freshCanvas(inst, canvas);
  if (!sized) return;
  const { ctx, width, height } = sized;
  paint(inst, canvasPainter(ctx, inst.theme.font, header.style.font_px), c, geometry(inst, c, width, height));
}
