// The Training lab's live view (Streamlit Custom Components v2): the toolbar (Start/Pause, Step,
// Reset, keys K and N), the status line, each run's metrics, decision boundary and network, and the
// curves, drawn from frames that torch's numbers fill (lab-frame.js).
//
// Frames come two ways. While a run trains they stream from the server (lab-stream.js): the pull
// loop draws the newest frame in an animation frame and then asks for the next, so the browser gets
// as many frames as it draws and no more, with no Streamlit rerun. On a rerun (a page change, Step,
// a paused lab) the page sends the current frame in the component's data.
//
// Start and Pause go over the stream at once and to the page as a report (one rerun; a Start's once
// its first frame is drawn, so that the rerun doesn't compete with that frame on the server); the
// page leaves a command the socket took to it, and applies one that went another way. Step and
// Reset go to the page only. A Pause freezes the picture at once: frames already on their way are
// not drawn, only the paused lab's own (the want after the Pause is answered with it). When a frame
// says the run stopped without a Pause from here (diverged, finished, crashed, or paused by the
// server: its slot was taken) or the stream's token went stale, the chart tells the page, whose
// rerun brings the new state.

import { instanceOf, nextReport, streamlitTheme } from "./kit.js";
import { palette, rgb } from "./lab-boundary.js";
import { decodeFrame, decodeMessage } from "./lab-frame.js";
import { openStream } from "./lab-stream.js";
import { buildRuns, redraw, show, showStatus } from "./lab-view.js";

const STOPPED = new Set(["diverged", "finished", "crashed"]);
const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);
// Step presses on this page so far, across mounts: a report carries the count, so presses whose
// reports a quicker one overtook still count (the page takes the difference).
let stepPresses = 0;
const REPORT_AFTER_MS = 300; // at most this long after a Start the socket took, the page hears it

function create(parentElement) {
  const root = parentElement.querySelector(".lab-root");
  const inst = {
    root,
    page: null,
    frame: null,
    histories: null,
    runs: [],
    drawnAt: [],
    drawnSteps: -1,
    status: "ready",
    frozen: false,
    stream: null,
    token: null,
    pending: null,
    raf: 0,
    deferred: 0,
    deferredReport: null,
    theme: null,
    setStateValue: () => {},
  };
  for (const button of root.querySelectorAll(".lab-toolbar button")) {
    button.addEventListener("click", () => command(inst, button.dataset.command));
  }
  const keys = (event) => {
    if (!inst.root.isConnected) return document.removeEventListener("keydown", keys);
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const target = event.composedPath()[0];
    if (TYPING.has(target?.tagName) || target?.isContentEditable) return;
    const key = event.key.toUpperCase();
    const button = key === inst.page?.keys.start ? "toggle" : key === inst.page?.keys.step ? "step" : null;
    const element = button && inst.root.querySelector(`[data-command="${button}"]`);
    if (!element || element.hidden || element.disabled) return;
    event.preventDefault();
    command(inst, button);
  };
  document.addEventListener("keydown", keys);
  new ResizeObserver(() => redraw(inst)).observe(root);
  return inst;
}

/** A toolbar command: start and pause over the stream at once and to the page; step and reset to
 *  the page only. */
function command(inst, name) {
  let sent = name;
  if (name === "toggle") sent = inst.status === "running" || inst.page.queued ? "pause" : "start";
  if (sent === "pause") {
    inst.frozen = true;
    inst.pending = null;
    inst.status = "paused";
  } else {
    inst.frozen = false;
  }
  // Applied by the server already (over an open socket): the page's rerun must not apply it again,
  // or a Start reported late would restart a run the socket has paused since.
  let applied = false;
  if (sent === "start") {
    inst.status = "running";
    applied = Boolean(inst.stream?.command("start"));
    inst.stream?.want(false);
  } else if (sent === "pause") {
    applied = Boolean(inst.stream?.command("pause"));
    inst.stream?.want(false); // answered once the Pause is done: the paused lab (if none is on its way)
  }
  syncToolbar(inst);
  showStatus(inst);
  clearTimeout(inst.deferred);
  inst.deferred = 0;
  if (applied && sent === "start") {
    // The socket starts the run now: tell the page once its first frame is drawn (or soon after), so
    // the page's rerun doesn't compete with that frame on the server.
    inst.deferredReport = { command: sent, applied };
    inst.deferred = setTimeout(() => {
      inst.deferred = 0;
      report(inst, inst.deferredReport);
    }, REPORT_AFTER_MS);
  } else if (sent === "step") report(inst, { command: sent, presses: ++stepPresses });
  else report(inst, { command: sent, applied });
}

function report(inst, fields) {
  inst.setStateValue("report", { ...fields, n: nextReport() });
}

function syncToolbar(inst) {
  const { labels, hidden, keys } = inst.page;
  const running = inst.status === "running" || Boolean(inst.page.queued);
  const stopped = STOPPED.has(inst.status);
  const set = (name, text, title, disabled) => {
    const button = inst.root.querySelector(`[data-command="${name}"]`);
    button.hidden = hidden.includes(name);
    button.disabled = disabled;
    button.querySelector(".lab-button-text").textContent = text;
    button.title = title;
    if (name === "toggle") button.classList.toggle("lab-primary", !running);
    button.dataset.state = name === "toggle" ? (running ? "pause" : "start") : "";
  };
  if (running) set("toggle", labels.pause, labels.pause_help.replace("{key}", keys.start), false);
  else set("toggle", labels.start, labels.start_help.replace("{key}", keys.start), stopped);
  set("step", labels.step, labels.step_help.replace("{key}", keys.step), running || stopped);
  set("reset", labels.reset, labels.reset, false);
}

/** A frame from the stream: drawn in the next animation frame (only the newest). After a Pause,
 *  only the paused lab's own frame (the worker answers the want on its way with it). */
function received(inst, bytes) {
  inst.pending = bytes;
  inst.raf ||= requestAnimationFrame(() => {
    inst.raf = 0;
    const bytes = inst.pending;
    inst.pending = null;
    if (!bytes) return;
    const frame = decodeFrame(bytes);
    if (inst.frozen && frame.header.status === "running") {
      inst.stream.want(false); // on its way before the Pause: ask again, for the paused lab
      return;
    }
    const before = inst.status;
    inst.status = frame.header.status;
    show(inst, frame, true);
    const news = {}; // one report: two in a row would leave the page only the second
    if (inst.deferred) {
      clearTimeout(inst.deferred);
      inst.deferred = 0;
      Object.assign(news, inst.deferredReport);
    }
    if (inst.status !== before) syncToolbar(inst);
    showStatus(inst);
    if (inst.status === "running") inst.stream.want(false);
    else if (before === "running") news.status = inst.status; // stopped by itself, or by the server
    if (Object.keys(news).length) report(inst, news);
  });
}

/** The stream for the page's token: the same one across reruns, a new one for a new token. */
function follow(inst) {
  const { page } = inst;
  if (inst.token === page.token) return;
  inst.stream?.close();
  inst.stream = null;
  inst.token = page.token;
  if (!page.token) return;
  inst.stream = openStream(page, {
    onFrame: (bytes) => received(inst, bytes),
    onStale: () => report(inst, { stale: true }),
    onLost: () => report(inst, { lost: true }),
    alive: () => inst.root.isConnected,
  });
}

export default function (component) {
  const inst = instanceOf(component, create);
  if (!component.data) return;
  const { page, frame } = decodeMessage(component.data);
  const theme = streamlitTheme(inst.root, page.style);
  const themed = JSON.stringify(theme) !== JSON.stringify(inst.theme);
  const shape = (one) => JSON.stringify([one?.runs, one?.classes, one?.lang]);
  const fresh = shape(page) !== shape(inst.page);
  const newToken = page.token !== inst.token;
  inst.theme = theme;
  inst.page = page;
  if (themed) {
    const base = theme.dark ? rgb(page.style.background.dark) : [255, 255, 255];
    inst.palette = palette(
      page.classes.map((one) => one.color),
      base,
      page.mix,
    );
  }
  inst.root.classList.toggle("lab-dark", theme.dark);
  if (fresh) buildRuns(inst);
  if (newToken) {
    inst.frozen = false;
    inst.histories = null;
    inst.drawnSteps = -1;
  }
  follow(inst);
  // The page's frame: a new lab, a step, a stop; not an older picture than the stream's (a rerun
  // while it trains), nor a running one after a Pause froze the picture. The paused lab's own frame
  // is drawn: it holds the steps that were trained while the Pause was on its way.
  const status = frame?.header.status;
  const newer =
    frame && (newToken || frame.header.steps > inst.drawnSteps || (status !== inst.status && status !== "running"));
  if (frame && (fresh || (newer && (!inst.frozen || status !== "running")))) {
    inst.status = status;
    show(inst, frame, false);
  } else if (themed) redraw(inst);
  if (page.running && inst.status !== "running" && !inst.frozen) inst.status = "running";
  if (!page.running && !page.queued && inst.status === "running" && frame && status !== "running") inst.status = status;
  if (inst.status === "running" && !inst.frozen) inst.stream?.want(newToken);
  syncToolbar(inst);
  showStatus(inst);
}
