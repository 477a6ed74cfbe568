// The Activations chart's view (activation, parameters, window, probe, overlays): its keys, its
// defaults, the URL that follows it and the reports that tell the page.
//
// The URL follows the view in the browser (kit.js's writeLink), as Streamlit writes a bound widget's
// value: at once, with the keys of the activation shown before dropped, and one history entry per
// settled change, so Back restores the previous view: on popstate the chart sends the link to the
// page, which reads it with the link's own check (ui/components/explorer.py) and sends the view back.

import { draw } from "./explorer-draw.js";
import { debounced, followLink, nextReport } from "./kit.js";

const REPORT_DELAY_MS = 150; // after the last input: the rest of the page follows
const ASK_DELAY_MS = 50; // sooner while the chart shows a nearest curve and waits for the exact one

/** The view as text, for comparing two views key by key. */
export function viewText(inst, view) {
  return JSON.stringify(
    viewKeys(inst)
      .filter((key) => key in view)
      .map((key) => [key, view[key]]),
  );
}

function viewKeys(inst) {
  const names = new Set(inst.header.specs.flatMap((s) => s.params.map((p) => p.name)));
  return ["act", ...names, "training", "xmin", "xmax", "x0", "compare"];
}

/** ``act`` at its defaults on the default window. */
export function defaultView(inst, act) {
  const spec = inst.specs.get(act);
  const w = inst.header.window;
  const view = { act, xmin: w.xmin, xmax: w.xmax, x0: w.x0, compare: [] };
  for (const p of spec.params) view[p.name] = p.default;
  if (spec.stochastic) view.training = false;
  return view;
}

/** The fields of ``view``'s link (activations/explorer/chart.py's ``link``): the keys of its
 *  activation's link, each the rule of its parameter or a rule all activations share. */
export function linkFields(inst, view) {
  const spec = inst.specs.get(view.act);
  const byKey = { ...inst.header.link.fields, ...Object.fromEntries(spec.params.map((p) => [p.key, p])) };
  return spec.fields.map((key) => byKey[key]);
}

/** Tell the page the view: after input settles (``delay`` ms), or ``now``; ``resend`` asks for
 *  every block the view needs; ``link`` (a query string: Back, Forward) asks the page to read the
 *  view from it instead. */
export function report(inst, { resend = false, now = false, delay = REPORT_DELAY_MS, link = null } = {}) {
  inst.pending = { resend, ...(link === null ? {} : { link }) };
  inst.reports ??= debounced(() => {
    inst.reportedN = nextReport();
    inst.setStateValue("report", { view: inst.view, n: inst.reportedN, ...inst.pending });
  });
  if (now) inst.reports.now();
  else inst.reports.schedule(delay);
}

/** A change made here: redraw now; the URL once the frame that shows it is out (kit.js's
 *  followLink); report when input settles (sooner if data is missing). */
export function changed(inst) {
  draw(inst);
  followLink(inst.link, inst.view);
  report(inst, { delay: inst.root.dataset.loading === "true" ? ASK_DELAY_MS : REPORT_DELAY_MS });
}
