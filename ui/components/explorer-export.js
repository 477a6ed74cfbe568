// The Activations chart saved as PNG or SVG: the picture the screen shows, drawn again through the
// painter on the theme's background, with its legend above the plot.

import { same } from "./explorer-data.js";
import { accessibleName, curves, deadBands, geometry, paint, saturatedBands } from "./explorer-draw.js";
import { viewText } from "./explorer-view.js";
import { download, drawLegend, exportSize, g6, legendLayout } from "./kit.js";
import { canvasPainter, svgPainter } from "./painter.js";

const FALLBACK_SIZE = { width: 800, height: 440 }; // a chart not laid out yet

/** The file name activations/explorer/export.py's file_stem writes for ``view`` of ``spec``: act,
 *  non-default parameters, window. */
export function stemFor(spec, view) {
  const parts = [spec.key];
  for (const p of spec.params) {
    if (same(view[p.name], p.default)) continue;
    parts.push(p.kind === "choice" ? String(view[p.name]) : `${p.name}${g6(view[p.name])}`);
  }
  parts.push(`x${g6(view.xmin)}_${g6(view.xmax)}`);
  return parts.join("_");
}

/** The file name: the page's when it describes the view shown, else built here the same way. */
function fileStem(inst) {
  const { header, view } = inst;
  if (header.stem && viewText(inst, header.view) === viewText(inst, view)) return header.stem;
  return stemFor(inst.specs.get(view.act), view);
}

/** The legend of a saved picture: its entries as the page shows them. */
function legendEntries(inst, c) {
  const { colors, labels, layout } = inst.header;
  const { lines } = layout;
  const label = c.spec.label;
  const entries = [
    { text: `${label}(x)`, color: colors.value, ...lines.f },
    { text: `${label}'(x)`, color: colors.grad, ...lines.df },
  ];
  for (const { name, color } of c.overlays) {
    const other = inst.specs.get(name).label;
    entries.push({ text: `${other}(x)`, color, ...lines.overlay });
    if (inst.derivatives.has(name)) entries.push({ text: `${other}'(x)`, color, ...lines.overlay_df });
  }
  if (c.main && deadBands(c.main).length)
    entries.push({ text: labels["chart.dead_zone"], color: colors.dead, band: true });
  if (c.main && saturatedBands(c.main, layout.tiny_grad).length) {
    entries.push({ text: labels["chart.saturated"], color: colors.saturated, band: true });
  }
  if (c.draws) entries.push({ text: labels["chart.training_draws"], color: colors.muted, ...lines.draws });
  return entries;
}

/** The whole picture through ``painter``: background, legend, plot; its total height. */
function picture(inst, painter, width, height) {
  const { style, layout } = inst.header;
  const c = curves(inst);
  const m = layout.margin;
  const legend = legendLayout(legendEntries(inst, c), width, m.left, m.right, painter.measure, style);
  const total = height + legend.height;
  painter.fillBackground(inst.theme.background, width, total);
  painter.group({ class: "ax-legend" }, () => drawLegend(painter, legend.placed, inst.theme.text, style));
  painter.group({ class: "ax-plot" }, () => paint(inst, painter, c, geometry(inst, c, width, height)), legend.height);
  return total;
}

/** The picture as PNG, at the style's export ratio (or the screen's, if higher). */
function pngBlob(inst, width, height) {
  const { style, layout } = inst.header;
  const canvas = document.createElement("canvas");
  const measure = canvasPainter(canvas.getContext("2d"), inst.theme.font, style.font_px).measure;
  const legendHeight = legendLayout(
    legendEntries(inst, curves(inst)),
    width,
    layout.margin.left,
    layout.margin.right,
    measure,
    style,
  ).height;
  const ratio = Math.max(style.export_ratio, window.devicePixelRatio || 1);
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round((height + legendHeight) * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  picture(inst, canvasPainter(ctx, inst.theme.font, style.font_px), width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

/** The picture as SVG: one <path> per curve, one point per grid point (a break where f is not finite). */
function svgBlob(inst, width, height) {
  const painter = svgPainter(inst.theme.font, inst.header.style.font_px);
  const total = picture(inst, painter, width, height);
  return new Blob([painter.svg(width, total, accessibleName(inst))], { type: "image/svg+xml" });
}

/** Save the picture as ``format`` ("png" or "svg"), named after the view. */
export async function save(inst, format) {
  if (!inst.header || !inst.view) return;
  const { width, height } = exportSize(inst, FALLBACK_SIZE);
  const blob = format === "png" ? await pngBlob(inst, width, height) : svgBlob(inst, width, height);
  if (blob) download(blob, `${fileStem(inst)}.${format}`);
}
