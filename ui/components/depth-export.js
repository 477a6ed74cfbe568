// The Depth chart saved as a PNG or SVG file: the legend, then the panels, at the chart's width.

import { chartHeight, paint } from "./depth-draw.js";
import { download, drawLegend, exportSize, legendLayout } from "./kit.js";
import { canvasPainter, svgPainter } from "./painter.js";

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

export async function save(inst, format) {
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
