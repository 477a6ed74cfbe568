// The network diagram: one column of units per layer; an edge per weight, its width ~ |w| and its
// colour by sign (positive, negative), grey into or out of a dead unit (no gradient flows back
// through it); dead units grey, saturated ones amber. Above ``max_edges`` edges only the largest |w|
// are drawn. The colours and sizes come from Python (activations/training/chart.py's NETWORK).

import { canvasPainter } from "./painter.js";

/** Each layer's unit positions in [-1, 1] (the widest layer spans it), as figures placed them. */
function positions(sizes) {
  const spread = 2 / Math.max(Math.max(...sizes) - 1, 1);
  return sizes.map((n) => Array.from({ length: n }, (_, i) => (i - (n - 1) / 2) * spread));
}

/** The edges to draw: [|w|, layer, from, to, greyed, positive], at most ``limit``, largest first. */
export function edges(weights, sizes, dead, limit) {
  const all = [];
  weights.forEach(({ values }, layer) => {
    const fanIn = sizes[layer];
    for (let to = 0; to < sizes[layer + 1]; to++) {
      for (let from = 0; from < fanIn; from++) {
        const w = values[to * fanIn + from];
        const finite = Number.isFinite(w) ? w : 0; // a diverged network draws no edges
        all.push([Math.abs(finite), layer, from, to, dead[layer][from] || dead[layer + 1][to], finite >= 0]);
      }
    }
  });
  if (all.length <= limit) return all;
  return all.sort((a, b) => b[0] - a[0]).slice(0, limit);
}

/** The network of one run on ``surface`` ({ctx, width, height}). */
export function drawNetwork(surface, run, inst) {
  const { ctx, width, height } = surface;
  const { page, theme } = inst;
  const look = page.network;
  const { header, sections } = run.frame;
  const info = header.runs[run.index];
  const sizes = header.sizes[run.index];
  const none = (n) => new Array(n).fill(0);
  const dead = [none(sizes[0]), ...info.dead, none(sizes.at(-1))];
  const saturated = [none(sizes[0]), ...info.saturated, none(sizes.at(-1))];
  const ys = positions(sizes);
  const layers = sizes.length;
  const labelRow = 18;
  const sx = (layer) => 18 + ((width - 36) * layer) / Math.max(layers - 1, 1);
  const sy = (y) => 12 + ((y + 1) / 2) * (height - 24 - labelRow);
  const chosen = edges(
    info.weights.map((name) => sections[name]),
    sizes,
    dead,
    look.max_edges,
  );
  const largest = chosen.reduce((top, edge) => Math.max(top, edge[0]), 0) || 1;
  for (const [magnitude, layer, from, to, greyed, positive] of chosen) {
    ctx.beginPath();
    ctx.moveTo(sx(layer), sy(ys[layer][from]));
    ctx.lineTo(sx(layer + 1), sy(ys[layer + 1][to]));
    ctx.lineWidth = 0.3 + (4.2 * magnitude) / largest;
    ctx.strokeStyle = greyed ? look.greyed : positive ? look.positive : look.negative;
    ctx.globalAlpha = greyed ? 1 : 0.75;
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  const radius = Math.max(3, Math.min(9, 120 / Math.max(...sizes)));
  const painter = canvasPainter(ctx, theme.font, page.style.small_font_px);
  sizes.forEach((n, layer) => {
    const io = layer === 0 || layer === layers - 1;
    for (let unit = 0; unit < n; unit++) {
      const state = io ? "io" : dead[layer][unit] ? "dead" : saturated[layer][unit] ? "saturated" : "alive";
      painter.dot(sx(layer), sy(ys[layer][unit]), radius, look.nodes[state], { color: "#ffffff", width: 1 });
    }
    const count = dead[layer].reduce((a, b) => a + b, 0);
    const text = io
      ? page.labels[layer === 0 ? "input" : "output"]
      : `${n}${count ? ` · ${page.labels.dead_count.replace("{n}", count)}` : ""}`;
    painter.text(text, sx(layer), height - labelRow / 2, { align: "center", color: theme.text, alpha: 0.8 });
  });
}
