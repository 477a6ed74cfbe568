// What the lab shows besides its pictures: the runs' blocks (label, metrics, two canvases), the
// metrics and the status line, the legend of the curves, and drawing a frame on all of them.

import { el, freshCanvas } from "./kit.js";
import { boundaryPicture, drawBoundary } from "./lab-boundary.js";
import { curveSeries, drawCurves } from "./lab-curves.js";
import { mergeHistories } from "./lab-frame.js";
import { drawNetwork } from "./lab-network.js";

const FPS_WINDOW_MS = 2000; // frames per second over about this long

/** A canvas's drawing surface at its size on screen (null while it has none). */
const surface = (canvas) => freshCanvas({ size: { width: 0, height: 0 } }, canvas);

/** One block per run (A, and B in compare mode): its label, metrics and pictures. */
export function buildRuns(inst) {
  const box = inst.root.querySelector(".lab-runs");
  box.replaceChildren();
  box.classList.toggle("lab-compare", inst.page.runs.length > 1);
  inst.runs = inst.page.runs.map((info, index) => {
    const block = el("section", { class: "lab-run", "data-run": "AB"[index] });
    if (inst.page.runs.length > 1) block.append(el("h4", { class: "lab-run-label" }, info.label));
    const metrics = el("div", { class: "lab-metrics" });
    const pictures = el("div", { class: "lab-pictures" });
    const figure = (name, title, extra = null) => {
      const canvas = el("canvas", { class: `lab-${name}`, role: "img", "aria-label": title });
      const caption = el("figcaption", { class: "lab-sr" });
      const one = el("figure", { class: `lab-figure lab-figure-${name}` });
      const heading = el("div", { class: "lab-figure-title" }, title);
      if (extra) heading.append(extra);
      one.append(heading, canvas, caption);
      pictures.append(one);
      return { canvas, caption };
    };
    const boundary = figure("boundary", inst.page.labels.boundary, classLegend(inst.page.classes));
    const network = figure("network", inst.page.labels.network);
    block.append(metrics, pictures);
    box.append(block);
    return { index, metrics, boundary, network, frame: null, picture: null };
  });
  buildLegend(inst);
}

/** The classes' colours (a class name may be an uploaded file's text: set as text, never HTML). */
function classLegend(classes) {
  const legend = el("span", { class: "lab-classes" });
  for (const { name, color } of classes) {
    const item = el("span");
    const dot = el("span", { class: "lab-dot" });
    dot.style.background = color;
    item.append(dot, document.createTextNode(name));
    legend.append(item);
  }
  return legend;
}

function buildLegend(inst) {
  const legend = inst.root.querySelector(".lab-legend");
  const layers = inst.page.runs.map((run) => run.sizes.length - 2);
  inst.series = curveSeries(inst.page, layers);
  legend.replaceChildren(
    ...inst.series
      .filter((one, i, all) => all.findIndex((o) => o.label === one.label) === i)
      .map((one) => {
        const swatch = el("span", { class: "lab-swatch" });
        swatch.style.borderTop = `${Math.max(2, one.width)}px ${one.dash.length ? (one.dash[0] > 3 ? "dashed" : "dotted") : "solid"} ${one.color}`;
        const item = el("span", { class: "lab-legend-item" });
        item.append(swatch, document.createTextNode(one.label));
        return item;
      }),
  );
  const notes = [inst.page.labels.dead_caption];
  if (inst.page.runs.some((run) => run.saturating)) notes.push(inst.page.labels.saturated_caption);
  inst.root.querySelector(".lab-curves-note").textContent = notes.join(" ");
}

const percent = (value) => (value === null ? "—" : `${(100 * value).toFixed(1)}%`);
const sum = (masks) => masks.reduce((total, mask) => total + mask.reduce((a, b) => a + b, 0), 0);
const units = (masks) => masks.reduce((total, mask) => total + mask.length, 0);

/** The metrics of run ``index`` of ``header``: [label, value, note] each; compact in compare mode. */
export function metricItems(inst, header, index) {
  const run = header.runs[index];
  const labels = inst.page.labels;
  const saturated = sum(run.saturated);
  const items = [
    [labels.m_step, run.step.toLocaleString("en-US")],
    [labels.m_epoch, run.epoch === null ? "—" : run.epoch.toFixed(1)],
    [labels.m_loss, run.train_loss === null ? "NaN" : run.train_loss.toFixed(4)],
    [labels.m_test_acc, percent(run.test_acc)],
    [labels.m_dead, `${sum(run.dead)} / ${units(run.dead)}`],
  ];
  const shown = header.runs.length > 1 ? [items[0], items[3], items[4]] : items;
  if (saturated) shown.at(-1).push(labels.m_saturated.replace("{n}", saturated));
  return shown;
}

function showMetrics(inst, run, header) {
  const items = metricItems(inst, header, run.index);
  if (run.metrics.children.length !== items.length) {
    run.metrics.replaceChildren(
      ...items.map(() => {
        const box = el("div", { class: "lab-metric", "data-testid": "lab-metric" });
        box.append(el("div", { class: "lab-metric-label" }), el("div", { class: "lab-metric-value" }));
        box.append(el("div", { class: "lab-metric-note" }));
        return box;
      }),
    );
  }
  items.forEach(([label, value, note = ""], i) => {
    const [labelEl, valueEl, noteEl] = run.metrics.children[i].children;
    if (labelEl.textContent !== label) labelEl.textContent = label;
    if (valueEl.textContent !== value) valueEl.textContent = value;
    if (noteEl.textContent !== note) noteEl.textContent = note;
  });
}

/** The status line: running (speed, share, frames/s), another state, or the place in the queue. */
export function statusText(inst, status) {
  const { page } = inst;
  const { labels } = page;
  if (page.queued) return labels.queued.replace("{position}", page.queued);
  const device = labels.on_device.replace("{device}", page.device);
  if (status !== "running") return `${labels[`status_${status}`] ?? status} · ${device}`;
  const header = inst.frame?.header;
  const parts = [labels.status_running];
  if (header?.steps_per_s)
    parts.push(labels.speed.replace("{speed}", Math.round(header.steps_per_s).toLocaleString("en-US")));
  if (header?.share !== null && header?.share !== undefined) {
    parts.push(labels.share.replace("{share}", `${Math.round(100 * header.share)}%`));
  }
  parts.push(labels.fps.replace("{fps}", framesPerSecond(inst).toFixed(0)));
  parts.push(device);
  if (inst.stream?.fallback) parts.push(labels.http);
  return parts.join(" · ");
}

function framesPerSecond(inst) {
  const times = inst.drawnAt;
  if (times.length < 2) return 0;
  return ((times.length - 1) * 1000) / (times.at(-1) - times[0] || 1);
}

export function showStatus(inst) {
  const line = inst.root.querySelector(".lab-status");
  const text = statusText(inst, inst.status);
  if (line.textContent !== text) line.textContent = text;
  line.dataset.status = inst.page.queued ? "queued" : inst.status;
}

/** Draw ``frame`` (decoded) everywhere; ``fromStream``: it came over the stream (counts as a frame). */
export function show(inst, frame, fromStream) {
  const { header } = frame;
  inst.frame = frame;
  inst.drawnSteps = header.steps;
  inst.histories = mergeHistories(header.history_replace ? null : inst.histories, frame);
  if (fromStream) {
    const now = performance.now();
    inst.drawnAt.push(now);
    while (inst.drawnAt.length > 2 && now - inst.drawnAt[0] > FPS_WINDOW_MS) inst.drawnAt.shift();
  }
  for (const run of inst.runs) {
    if (run.index >= header.runs.length) continue;
    run.frame = frame;
    boundaryPicture(run, inst);
    showMetrics(inst, run, header);
  }
  redraw(inst);
  if (header.alt) describe(inst, header.alt);
}

/** Draw the pictures again from what is held (a resize, the theme). */
export function redraw(inst) {
  if (!inst.frame) return;
  for (const run of inst.runs) {
    if (!run.frame) continue;
    const boundary = surface(run.boundary.canvas);
    if (boundary) drawBoundary(boundary, run, inst);
    const network = surface(run.network.canvas);
    if (network) drawNetwork(network, run, inst);
  }
  const curves = surface(inst.root.querySelector(".lab-curves"));
  const widest = Math.max(1, ...inst.page.runs.flatMap((run) => run.sizes.slice(1, -1)));
  if (curves) drawCurves(curves, inst.histories, inst.series, widest, inst);
}

/** The frame's screen-reader text on the canvases (aria-label) and their captions. */
function describe(inst, alt) {
  inst.runs.forEach((run) => {
    for (const name of ["boundary", "network"]) {
      const text = alt[name]?.[run.index];
      if (!text) continue;
      run[name].canvas.setAttribute("aria-label", text);
      run[name].caption.textContent = text;
    }
  });
  const canvas = inst.root.querySelector(".lab-curves");
  canvas.setAttribute("aria-label", alt.curves);
  inst.root.querySelector(".lab-curves-figure .lab-sr").textContent = alt.curves;
}
