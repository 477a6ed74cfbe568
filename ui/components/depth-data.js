// The Depth chart's numbers (ui/components/depth.js): ticks and texts for its axes and probe, the
// heatmap's shares and range, the values a panel draws. Pure functions of what the page sends.

import { g3, niceTicks } from "./kit.js";

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

/** The metric ``key`` of the page's data (null for the heatmap's "histogram"). */
export function metricOf(header, key) {
  return header.metrics.find((m) => m.key === key) ?? null;
}
