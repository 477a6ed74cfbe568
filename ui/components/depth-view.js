// The Depth chart's view: the choices the link follows (large panel, log axis, whose heatmap) and the
// probe, which reads one layer's values.

import { metricOf, short } from "./depth-data.js";
import { draw, plotOf } from "./depth-draw.js";
import { followLink } from "./kit.js";

const RUNS = ["a", "b", "c"]; // the link's names of the configurations (heat=b)

/** The chart's choices from its view as the link writes it (activations/depth/chart.py's VIEW_FIELDS). */
export function choiceOf(view) {
  return { large: view.panel, log: view.scale === "log", heat: Math.max(0, RUNS.indexOf(view.heat)) };
}

/** The link's view of the chart's choices. */
export function viewOf(choice) {
  return { panel: choice.large, scale: choice.log ? "log" : "linear", heat: RUNS[choice.heat] };
}

/** A chooser changed the choices: redraw, and the URL follows. */
export function chosen(inst) {
  draw(inst);
  followLink(inst.link, viewOf(inst.choice));
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

export function showProbe(inst, key) {
  const { header } = inst;
  const text = inst.probe === null ? header.labels["depth_page.chart.probe_hint"] : probeText(header, key, inst.probe);
  inst.probeLine.textContent = text;
  draw(inst);
}

/** The panel and layer under the pointer (null off the panels). */
export function pointAt(inst, event) {
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
