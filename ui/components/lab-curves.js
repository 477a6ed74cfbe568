// Loss (log scale), accuracy and dead (and saturated) units per layer over the steps: three panels
// on one canvas, every run. Training solid and test dotted; run B in its own colour (loss, accuracy)
// or dotted (dead units); saturated units dashed. The legend below is HTML (lab.js).

import { axesTickLabels, g3, grid, niceTicks } from "./kit.js";
import { canvasPainter } from "./painter.js";

const DOTTED = [2, 3];
const DASHED = [6, 4];
const COLUMNS = { step: 0, train_loss: 2, test_loss: 3, train_acc: 4, test_acc: 5 };

/** The series to draw: {run, panel, column, color, width, dash, label}, for runs of
 *  ``layersPerRun[i]`` hidden layers (a run whose activation can saturate: saturated units too). */
export function curveSeries(page, layersPerRun) {
  const look = page.curves;
  const labels = page.labels;
  const out = [];
  const compare = layersPerRun.length > 1;
  layersPerRun.forEach((layers, run) => {
    const prefix = compare ? `${"AB"[run]} · ` : "";
    const color = look.runs[run % look.runs.length];
    for (const [panel, metric] of [
      [0, "loss"],
      [1, "acc"],
    ]) {
      for (const split of ["train", "test"]) {
        const dash = split === "test" ? DOTTED : [];
        const label = `${prefix}${labels[split]}`;
        out.push({ run, panel, column: COLUMNS[`${split}_${metric}`], color, width: 2, dash, label });
      }
    }
    const kinds = page.runs[run]?.saturating ? ["dead", "saturated"] : ["dead"];
    for (const kind of kinds) {
      for (let layer = 0; layer < layers; layer++) {
        const dead = kind === "dead";
        out.push({
          run,
          panel: 2,
          column: 6 + (dead ? 0 : layers) + layer,
          color: look.layers[layer % look.layers.length],
          width: dead ? 2.5 : 1.5,
          dash: dead ? (run ? DOTTED : []) : DASHED,
          step: true,
          label: `${prefix}${labels.layer.replace("{n}", layer + 1)}${dead ? "" : ` · ${labels.saturated}`}`,
        });
      }
    }
  });
  return out;
}

/** The three panels on ``surface`` from ``histories`` (per run: columns of lab-frame.js). */
export function drawCurves(surface, histories, series, widest, inst) {
  const { ctx, width, height } = surface;
  const { page, theme } = inst;
  const style = page.style;
  const painter = canvasPainter(ctx, theme.font, style.font_px);
  const top = 22;
  const bottom = height - 30;
  const panelWidth = width / 3;
  const lastStep = Math.max(1, ...histories.map((h) => h[0].at(-1) ?? 0));
  const titles = [page.labels.loss, page.labels.accuracy, page.labels.dead_units];
  const ranges = [lossRange(histories), [0, 1], [0, widest]];
  for (let panel = 0; panel < 3; panel++) {
    const plot = { left: panel * panelWidth + 44, right: (panel + 1) * panelWidth - 10, top, bottom };
    if (plot.right - plot.left < 20) continue;
    const log = panel === 0;
    const [low, high] = ranges[panel];
    const sx = (x) => plot.left + (x / lastStep) * (plot.right - plot.left);
    const sy = (y) => plot.bottom - ((y - low) / (high - low || 1)) * (plot.bottom - plot.top);
    const xTicks = niceTicks(0, lastStep, Math.max(2, Math.floor((plot.right - plot.left) / 70)));
    const yTicks = log ? decades(low, high) : niceTicks(low, high, 4).filter((t) => panel !== 2 || t % 1 === 0);
    grid(painter, plot, xTicks.map(sx), yTicks.map(sy), theme.text, style);
    const yText = log ? (t) => g3(10 ** t) : g3;
    axesTickLabels(painter, plot, [xTicks, sx, g3], [yTicks, sy, yText], theme.text, style);
    painter.text(titles[panel], plot.left, 8, { color: theme.text, baseline: "middle" });
    painter.clip(plot, () => {
      for (const one of series.filter((s) => s.panel === panel)) {
        const columns = histories[one.run];
        if (!columns) continue;
        let xs = columns[0];
        let ys = columns[one.column];
        if (log) ys = ys.map((v) => (v > 0 ? Math.log10(v) : Number.NaN));
        if (xs.length === 1 && Number.isFinite(ys[0])) {
          painter.dot(sx(xs[0]), sy(ys[0]), 2.5, one.color, { color: one.color, width: 0 }); // a lone record
          continue;
        }
        if (one.step) [xs, ys] = steps(xs, ys);
        painter.curve(xs, ys, sx, sy, one);
      }
    });
  }
}

/** log10 range of every loss (whole decades around them). */
function lossRange(histories) {
  let low = Infinity;
  let high = -Infinity;
  for (const columns of histories) {
    for (const column of [columns[2], columns[3]]) {
      for (const v of column) {
        if (v > 0 && Number.isFinite(v)) {
          low = Math.min(low, Math.log10(v));
          high = Math.max(high, Math.log10(v));
        }
      }
    }
  }
  if (low > high) return [-2, 0];
  return [Math.floor(low), Math.max(Math.ceil(high), Math.floor(low) + 1)];
}

const decades = (low, high) => Array.from({ length: high - low + 1 }, (_, i) => low + i);

/** A step line (the value holds until the next record) as points. */
function steps(xs, ys) {
  const x = [];
  const y = [];
  for (let i = 0; i < xs.length; i++) {
    if (i) {
      x.push(xs[i]);
      y.push(ys[i - 1]);
    }
    x.push(xs[i]);
    y.push(ys[i]);
  }
  return [x, y];
}
