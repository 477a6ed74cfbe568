// The chart kit every component is built on: Streamlit's theme, the instance kept across reruns, the
// canvas set-up, ticks and number formats, the report debounce, axes, a picture's legend, saving a
// file and the link (the component's view written to the URL, as Streamlit writes a bound widget's
// value: in the browser, each key in its field's format from Python, left out at its default). Sizes, opacities and colours come from Python in the component's data (``style``: from
// activations/core/theme.py's CHART_STYLE), never typed here.

/** Streamlit's theme as seen from the component's root: text colour, font, background, dark or not;
 *  ``style.background`` gives the background when Streamlit's variable is unset. */
export function streamlitTheme(root, style) {
  const css = getComputedStyle(root);
  const channels = (css.color.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
  const dark = channels.length === 3 && channels[0] + channels[1] + channels[2] > 3 * 128; // light text
  const fallback = style ? style.background[dark ? "dark" : "light"] : "";
  return {
    text: css.getPropertyValue("--st-text-color").trim() || css.color,
    font: css.getPropertyValue("--st-font").trim() || "sans-serif",
    background: css.getPropertyValue("--st-background-color").trim() || fallback,
    dark,
  };
}

const INSTANCES = new WeakMap(); // parentElement -> this component's instance there

/** The instance living in the component's element, kept across reruns (``create`` makes a new one
 *  when there is none or the element was replaced), given this run's ``setStateValue``. */
export function instanceOf(component, create) {
  let inst = INSTANCES.get(component.parentElement);
  if (!inst?.root.isConnected) {
    inst = create(component.parentElement);
    INSTANCES.set(component.parentElement, inst);
  }
  inst.setStateValue = component.setStateValue;
  return inst;
}

/** The canvas's 2-D context, sized to the element at the device's pixel ratio and cleared, drawing in
 *  CSS pixels; with the size it has ({ ctx, width, height }), or null while it has no size yet. */
export function freshCanvas(inst, canvas) {
  const ratio = window.devicePixelRatio || 1;
  if (!inst.size.width) inst.size = { width: canvas.clientWidth, height: canvas.clientHeight }; // before the first resize report
  const { width, height } = inst.size;
  if (!width || !height) return null;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

/** An element ``tag`` with ``attributes`` and text. */
export function el(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

// ---- numbers on axes -----------------------------------------------------------------------------

/** Ticks at multiples of 1, 2 or 5 × 10^k covering [low, high] in about ``count`` steps (a tick
 *  within a billionth of a step of an end, or of 0, counts as on it). */
export function niceTicks(low, high, count) {
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let t = Math.ceil(low / step - 1e-9) * step; t <= high + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

/** 3 significant digits (exponent form below 0.001). */
export const g3 = (value) =>
  value === 0 ? "0" : Math.abs(value) >= 0.001 ? String(Number(value.toPrecision(3))) : value.toExponential(1);
/** 6 significant digits, as Python's ``{:g}`` keeps them. */
export const g6 = (value) => (Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value));
/** ``text`` cut to ``limit`` characters with an ellipsis. */
export const shorten = (text, limit) => (text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

/** Grid lines at ``xs`` (vertical) and ``ys`` (horizontal) screen positions across ``plot``. */
export function grid(painter, plot, xs, ys, color, style) {
  const lines = [...xs.map((x) => [x, plot.top, x, plot.bottom]), ...ys.map((y) => [plot.left, y, plot.right, y])];
  painter.lines(lines, { color, alpha: style.grid_alpha }, { class: "ax-grid" });
}

/** Tick labels: ``[text, position]`` pairs, under the plot (``"x"``) or left of it (``"y"``). */
export function tickLabels(painter, plot, axis, ticks, color, style) {
  const at =
    axis === "x"
      ? { align: "center", baseline: "top", place: (p) => [p, plot.bottom + style.tick_gap] }
      : { align: "right", baseline: "middle", place: (p) => [plot.left - style.tick_gap, p] };
  for (const [text, position] of ticks) {
    const [x, y] = at.place(position);
    painter.text(text, x, y, { align: at.align, baseline: at.baseline, color, alpha: style.tick_alpha });
  }
}

/** Both axes' tick labels, each axis given as ``[ticks, at, text]``: ``text(t)`` at position ``at(t)`` for
 *  each tick value ``t``; ``x`` under the plot, then ``y`` left of it. */
export function axesTickLabels(painter, plot, x, y, color, style) {
  const placed = ([ticks, at, text]) => ticks.map((t) => [text(t), at(t)]);
  tickLabels(painter, plot, "x", placed(x), color, style);
  tickLabels(painter, plot, "y", placed(y), color, style);
}

// ---- a saved picture's legend --------------------------------------------------------------------

/** Legend entries ({text, color, width, dash} for a line, {text, color, band: true} for a band) laid
 *  out in rows across ``width`` from ``left``: the entries with x, y and the legend's height. */
export function legendLayout(entries, width, left, right, measure, style) {
  const row = style.legend_row;
  let x = left;
  let y = 0;
  const placed = entries.map((entry) => {
    const size = style.legend_swatch + style.tick_gap + 2 + measure(entry.text);
    if (x + size > width - right && x > left) {
      x = left;
      y += row;
    }
    const at = { ...entry, x, y: y + row / 2 + 4 };
    x += size + style.legend_gap;
    return at;
  });
  return { placed, height: y + row + 8 };
}

/** The legend's entries as :func:`legendLayout` placed them. */
export function drawLegend(painter, placed, textColor, style) {
  const swatch = style.legend_swatch;
  for (const entry of placed) {
    if (entry.band) painter.rect(entry.x, entry.y - 7, swatch, 14, { color: entry.color });
    else painter.lines([[entry.x, entry.y, entry.x + swatch, entry.y]], entry);
    painter.text(entry.text, entry.x + swatch + style.tick_gap, entry.y, { baseline: "middle", color: textColor });
  }
}

// ---- reports and files ---------------------------------------------------------------------------

let reportCount = 0; // grows with every report this component makes on the page, across mounts

/** A report's number: one more than the last one this component made on the page. */
export const nextReport = () => ++reportCount;

/** Calls ``send`` once input has settled: ``schedule(delay)`` waits ``delay`` ms after the latest
 *  call, ``now()`` sends at once; either cancels the one waiting. */
export function debounced(send) {
  let timer = 0;
  return {
    schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(send, delay);
    },
    now() {
      clearTimeout(timer);
      send();
    },
  };
}

/** The browser saves ``blob`` as ``name``. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The size to save: the chart's on screen, else ``fallback``. */
export function exportSize(inst, fallback) {
  return {
    width: inst.size.width || inst.canvas.clientWidth || fallback.width,
    height: inst.size.height || inst.canvas.clientHeight || fallback.height,
  };
}

// ---- the link ------------------------------------------------------------------------------------

const SETTLE_MS = 1000; // a change this long after the previous one gets its own history entry
const LINK_EVERY_MS = 100; // browsers throttle the history API (Chromium: 200 calls in 10 s)

/** A value as its field's ``format`` writes it to the URL (``field``: activations/core/rules.py's
 *  ``written``): a number as ``String(n)``, a flag ``true``/``false``, a multiple choice one text
 *  per item, a text as is. */
export function formatValue(field, value) {
  if (field.kind === "multi") return value.map(String);
  if (field.kind === "flag") return [value ? "true" : "false"];
  return [String(value)];
}

/** The query ``search`` with ``view``'s values for ``fields`` in their format, each left out at its
 *  default, and the other keys of ``owns`` (those the view lacks) deleted; other keys stay. */
export function linkQuery(search, owns, fields, view) {
  const query = new URLSearchParams(search);
  for (const key of [...owns, ...fields.map((field) => field.key)]) query.delete(key);
  for (const field of fields.filter((f) => f.key in view)) {
    const texts = formatValue(field, view[field.key]);
    if (texts.join("&") === formatValue(field, field.default).join("&")) continue;
    for (const text of texts) query.append(field.key, text);
  }
  return queryText(query);
}

/** A query string as a shared link shows it: commas stay commas (``hidden=8,8``, ``logits=2,1``),
 *  as core/state.py's ``QUERY_SAFE`` writes them; URLSearchParams would write ``%2C``. */
function queryText(query) {
  return query.toString().replaceAll("%2C", ",");
}

/** A component's link: ``fieldsOf(view)`` gives the fields a view writes; ``owns`` (set from the
 *  component's data) every key any of its views may write. */
export function linkWriter(fieldsOf) {
  const pathname = window.location.pathname;
  return { fieldsOf, owns: [], pathname, lastChange: -Infinity, lastWrite: -Infinity, frame: 0, timer: 0 };
}

/** ``view`` into the URL now, replacing the history entry (``mode`` "replace": a view the page
 *  imposed), or "auto": a new entry when the change comes more than SETTLE_MS after the previous
 *  one, so Back steps over settled changes only. Cancels a write :func:`followLink` planned. */
export function writeLink(link, view, mode) {
  clearTimeout(link.timer);
  cancelAnimationFrame(link.frame);
  if (window.location.pathname !== link.pathname) return; // another page is shown now
  const search = linkQuery(window.location.search, link.owns, link.fieldsOf(view), view);
  link.lastWrite = performance.now();
  if (search === queryText(new URLSearchParams(window.location.search))) return;
  const url = new URL(window.location.href);
  url.search = search;
  const push = mode === "auto" && link.lastWrite - link.lastChange > SETTLE_MS;
  if (mode === "auto") link.lastChange = link.lastWrite;
  window.history[push ? "pushState" : "replaceState"](window.history.state, "", url);
}

/** A change made in the component: ``view`` into the URL (:func:`writeLink`, "auto") once the next
 *  frame is out (the history API costs ~3 ms a call), at most every LINK_EVERY_MS while input goes on. */
export function followLink(link, view) {
  clearTimeout(link.timer);
  cancelAnimationFrame(link.frame);
  const wait = Math.max(0, link.lastWrite + LINK_EVERY_MS - performance.now());
  link.frame = requestAnimationFrame(() => {
    link.timer = setTimeout(() => writeLink(link, view, "auto"), wait);
  });
}
