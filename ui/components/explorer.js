// The Activations chart (Streamlit Custom Components v2): the chooser, one slider per parameter,
// the window, the probe x0 and the overlays, drawn on one canvas from curves PyTorch computed.
//
// A control change redraws at once from the best curve stored (explorer-data.js): the exact one
// when it was shipped (every slider step of the shown activation, every activation at its
// defaults), else the nearest one, dimmed and marked as loading until the page sends it. The view
// is reported with setStateValue after input settles (explorer-view.js).

import { buildStatic, listen, syncControls } from "./explorer-controls.js";
import { decode } from "./explorer-data.js";
import { accessibleName, draw } from "./explorer-draw.js";
import { linkFields, report, viewText } from "./explorer-view.js";
import { instanceOf, linkWriter, streamlitTheme, writeLink } from "./kit.js";

function create(parentElement) {
  const root = parentElement.querySelector(".ax-root");
  const inst = {
    root,
    canvas: root.querySelector(".ax-canvas"),
    readout: root.querySelector(".ax-probe-readout"),
    header: null,
    specs: new Map(),
    view: null,
    seq: 0,
    reportedN: 0,
    resentFor: null,
    derivatives: new Set(),
    legendKeys: null,
    size: { width: 0, height: 0 },
    theme: null,
    pathname: window.location.pathname,
    setStateValue: () => {},
  };
  inst.link = linkWriter((view) => linkFields(inst, view));
  listen(inst);
  return inst;
}

export default function (component) {
  const { data } = component;
  const inst = instanceOf(component, create);
  const header = data ? decode(data) : null;
  // Called again when Streamlit's theme changes: read its colours here, once, not on every draw.
  const theme = streamlitTheme(inst.root, (header ?? inst.header)?.style);
  const themed = JSON.stringify(theme) !== JSON.stringify(inst.theme);
  inst.theme = theme;
  if (!header) return;
  const fresh = !inst.header || JSON.stringify(header.labels) !== JSON.stringify(inst.header.labels);
  const imposed = header.seq > inst.seq || !inst.view;
  const hidden = JSON.stringify(header.hidden) !== JSON.stringify(inst.header?.hidden);
  inst.header = header;
  inst.specs = new Map(header.specs.map((s) => [s.key, s]));
  inst.link.owns = header.link.owns;
  if (fresh) buildStatic(inst);
  if (imposed) {
    inst.seq = header.seq;
    inst.view = header.view;
    writeLink(inst.link, inst.view, "replace");
  }
  if (fresh || imposed || hidden) syncControls(inst);
  // A rerun that brings nothing new (the page following the chart's report) leaves the drawing be.
  if (fresh || imposed || themed || header.blocks.length) {
    inst.legendKeys = null;
    draw(inst);
  } else {
    const name = accessibleName(inst); // the page's alt text for the view it now answers
    if (inst.canvas.getAttribute("aria-label") !== name) inst.canvas.setAttribute("aria-label", name);
  }
  // The page waits for the chart to be on screen before it fills the tabs below: say so after the
  // next frame (a new number each time, so that a new session hears it too).
  if (header.ask_drawn)
    requestAnimationFrame(() => setTimeout(() => inst.setStateValue("drawn", performance.now() + 1)));
  // The page answered our latest report (or imposed this view) yet a curve is missing: a block it
  // sent never reached us, or we evicted it. Ask once for everything this view needs.
  const answered = header.answered >= inst.reportedN && viewText(inst, header.view) === viewText(inst, inst.view);
  const token = `${header.seq}:${header.answered}`;
  if (answered && inst.root.dataset.loading === "true" && inst.resentFor !== token) {
    inst.resentFor = token;
    report(inst, { resend: true, now: true });
  }
}
