// The Activations chart's view (activation, parameters, window, probe, overlays): its keys, its
// defaults, the URL that follows it and the reports that tell the page.
//
// The URL follows a change at once with replaceState, and with pushState once per settled change,
// so Back restores the previous view: on popstate the chart sends the link to the page, which reads
// it with the link's own check (ui/components/explorer.py) and sends the view back.
// Why the chart writes the URL and not the page (ui.binder.follow): follow writes only the fields of
// the state shown, so a parameter of the activation shown before (alpha after ELU -> GELU) would
// stay in the link; the page runs only after the report's debounce and a round trip, so a link
// copied just after a change would be the previous view's; and Streamlit pushes a history entry for
// every run that changes the query, where Back here steps over changes less than SETTLE_MS apart.

import { same } from "./explorer-data.js";
import { draw } from "./explorer-draw.js";
import { debounced, nextReport } from "./kit.js";

const REPORT_DELAY_MS = 150; // after the last input: the rest of the page follows
const ASK_DELAY_MS = 50; // sooner while the chart shows a nearest curve and waits for the exact one
const SETTLE_MS = 1000; // a change this long after the previous one gets its own history entry
const URL_EVERY_MS = 100; // browsers throttle the history API (Chromium: 200 calls in 10 s)

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

/** The view into the URL: ``mode`` "replace", "push" or "auto" (push once a change has settled). */
export function writeUrl(inst, mode) {
  const url = new URL(window.location.href);
  const query = url.searchParams;
  for (const key of viewKeys(inst)) query.delete(key);
  const { view } = inst;
  const defaults = defaultView(inst, view.act);
  for (const key of viewKeys(inst).filter((k) => k in view)) {
    const value = view[key];
    if (key === "compare") for (const name of value) query.append("compare", name);
    else if (!same(value, key === "act" ? inst.header.window.act : defaults[key])) query.set(key, String(value));
  }
  const search = query.toString();
  inst.lastWrite = performance.now();
  if (search === window.location.search.replace(/^\?/, "")) return;
  url.search = search;
  let push = mode === "push";
  if (mode === "auto") {
    const now = performance.now();
    push = now - inst.lastChange > SETTLE_MS;
    inst.lastChange = now;
  }
  window.history[push ? "pushState" : "replaceState"](window.history.state, "", url);
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

/** A change made here: redraw now; the URL once the frame that shows it is out (the history API
 *  costs ~3 ms a call), and at most every URL_EVERY_MS while input goes on; report when input
 *  settles (sooner if data is missing). */
export function changed(inst) {
  draw(inst);
  clearTimeout(inst.urlTimer);
  cancelAnimationFrame(inst.urlFrame);
  const wait = Math.max(0, inst.lastWrite + URL_EVERY_MS - performance.now());
  inst.urlFrame = requestAnimationFrame(() => {
    inst.urlTimer = setTimeout(() => writeUrl(inst, "auto"), wait);
  });
  report(inst, { delay: inst.root.dataset.loading === "true" ? ASK_DELAY_MS : REPORT_DELAY_MS });
}
