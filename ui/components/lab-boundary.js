// The decision boundary: torch's class probabilities on the frame's grid (f16, row 0 at the bottom),
// upsampled bilinearly and coloured per pixel by its winning class, mixed into the background
// deeper the surer the network is (the rule of activations/training/chart.py's ``palette``), under
// the data points: training points filled, test points hollow.

import { axesTickLabels, grid, niceTicks } from "./kit.js";
import { canvasPainter } from "./painter.js";

/** The channel values of ``#rrggbb``. */
export const rgb = (hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

/** Rounds half to even, as numpy's ``round`` and ``rint`` do. */
export function rint(value) {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** (classes × levels × 3) bytes: each class's colour mixed into ``base`` by ``low + span * t``, t from
 *  0 (a tie) to 1 (sure) in ``levels`` steps (``mix``: chart.py's MIX). */
export function palette(colors, base, mix) {
  const { low, span, levels } = mix;
  const out = new Uint8Array(colors.length * levels * 3);
  colors.forEach((hex, k) => {
    const color = rgb(hex);
    for (let level = 0; level < levels; level++) {
      const amount = low + span * (level === levels - 1 ? 1 : level * (1 / (levels - 1)));
      for (let c = 0; c < 3; c++) {
        out[(k * levels + level) * 3 + c] = rint(base[c] - (base[c] - color[c]) * amount);
      }
    }
  });
  return out;
}

/** Where each of ``pixels`` output pixels samples ``n`` cells: [low, high, weight] per pixel. */
function along(n, pixels) {
  return Array.from({ length: pixels }, (_, i) => {
    const position = Math.min(Math.max(((i + 0.5) * n) / pixels - 0.5, 0), n - 1);
    const low = Math.floor(position);
    return [low, Math.min(low + 1, n - 1), position - low];
  });
}

/** RGBA bytes (pixels × pixels, top row = largest y) of ``probabilities`` (classes × grid × grid,
 *  row 0 at the bottom): bilinear to ``pixels``, then the winner (a tie: the lower class) and its
 *  confidence (best - 1/K) / (1 - 1/K) as a level of ``colors`` (:func:`palette`). A value that isn't
 *  finite counts as 1/K (a diverged network). */
export function heatmap(probabilities, classes, size, pixels, table, levels) {
  const cells = size * size;
  const even = 1 / classes;
  const map = along(size, pixels);
  // rows first: (classes, pixels, size)
  const rows = new Float64Array(classes * pixels * size);
  for (let k = 0; k < classes; k++) {
    for (let i = 0; i < pixels; i++) {
      const [low, high, weight] = map[i];
      for (let j = 0; j < size; j++) {
        const a = probabilities[k * cells + low * size + j];
        const b = probabilities[k * cells + high * size + j];
        rows[(k * pixels + i) * size + j] =
          (Number.isFinite(a) ? a : even) * (1 - weight) + (Number.isFinite(b) ? b : even) * weight;
      }
    }
  }
  const out = new Uint8ClampedArray(pixels * pixels * 4);
  for (let i = 0; i < pixels; i++) {
    const top = pixels - 1 - i; // the picture's row: largest y first
    for (let j = 0; j < pixels; j++) {
      const [low, high, weight] = map[j];
      let best = -Infinity;
      let winner = 0;
      for (let k = 0; k < classes; k++) {
        const at = (k * pixels + i) * size;
        const value = rows[at + low] * (1 - weight) + rows[at + high] * weight;
        if (value > best) {
          best = value;
          winner = k;
        }
      }
      const confidence = Math.min(Math.max((best - even) / (1 - even), 0), 1);
      const from = (winner * levels + rint(confidence * (levels - 1))) * 3;
      const to = (top * pixels + j) * 4;
      out[to] = table[from];
      out[to + 1] = table[from + 1];
      out[to + 2] = table[from + 2];
      out[to + 3] = 255;
    }
  }
  return out;
}

/** The boundary of one run on ``surface`` ({ctx, width, height}): the heatmap, axes, the points. */
export function drawBoundary(surface, run, inst) {
  const { ctx, width, height } = surface;
  const { page, theme } = inst;
  const style = page.style;
  const painter = canvasPainter(ctx, theme.font, style.font_px);
  const side = Math.max(40, Math.min(width - 44, height - 30));
  const plot = { left: 40, top: 6, right: 40 + side, bottom: 6 + side };
  const extent = run.frame.header.extent;
  const sx = (x) => plot.left + ((x + extent) / (2 * extent)) * side;
  const sy = (y) => plot.bottom - ((y + extent) / (2 * extent)) * side;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(run.picture, plot.left, plot.top, side, side);
  const ticks = niceTicks(-extent, extent, 4);
  grid(painter, plot, ticks.map(sx), ticks.map(sy), theme.text, style);
  axesTickLabels(painter, plot, [ticks, sx, String], [ticks, sy, String], theme.text, style);
  const points = page.points;
  for (const [split, filled] of [
    ["test", false],
    ["train", true],
  ]) {
    const { x, y, k } = points[split];
    for (let i = 0; i < x.length; i++) {
      const color = page.classes[k[i]].color;
      ctx.beginPath();
      ctx.arc(sx(x[i]), sy(y[i]), filled ? 3 : 3.2, 0, 2 * Math.PI);
      if (filled) {
        ctx.fillStyle = color;
        ctx.fill();
        ctx.lineWidth = 0.8;
        ctx.strokeStyle = "#ffffff";
      } else {
        ctx.lineWidth = 1.6;
        ctx.strokeStyle = color;
      }
      ctx.stroke();
    }
  }
}

/** The run's heatmap as a canvas of ``pixels``² (drawn scaled up with smoothing), from its frame. */
export function boundaryPicture(run, inst) {
  const { header, sections } = run.frame;
  const probabilities = sections[header.runs[run.index].boundary].values;
  const pixels = inst.page.heatmap_pixels;
  const bytes = heatmap(probabilities, header.classes, header.grid, pixels, inst.palette, inst.page.mix.levels);
  run.picture ??= document.createElement("canvas");
  run.picture.width = pixels;
  run.picture.height = pixels;
  run.picture.getContext("2d").putImageData(new ImageData(bytes, pixels, pixels), 0, 0);
  return run.picture;
}
