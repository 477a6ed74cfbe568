// The Activations chart's curves: the blocks PyTorch computed (activations/explorer/payload.py: a
// JSON header then float64 x and float32 f, f' per block), kept in STORE, and the best stored curve
// for a view: the exact one, else the nearest (another window first, then the closest parameters).

const STORE = new Map(); // block id -> {meta, x, f, df}, oldest first

/** The header of a payload; its blocks go into STORE (typed views on the bytes, no copy). */
export function decode(bytes) {
  const buffer = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice(); // typed views need alignment
  const length = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(buffer.subarray(4, 4 + length)));
  const start = buffer.byteOffset + 4 + length + ((8 - ((4 + length) % 8)) % 8);
  for (const meta of header.blocks) {
    STORE.delete(meta.id);
    const { k, n } = meta;
    let at = start + meta.offset;
    const x = new Float64Array(buffer.buffer, at, n);
    at += 8 * n;
    const f = new Float32Array(buffer.buffer, at, k * n);
    at += 4 * k * n + ((8 - ((4 * k * n) % 8)) % 8);
    const df = new Float32Array(buffer.buffer, at, k * n);
    STORE.set(meta.id, { meta, x, f, df });
  }
  while (STORE.size > header.store_limit) STORE.delete(STORE.keys().next().value);
  return header;
}

/** Curve ``index`` of a block: {x, f, df}. */
export function row(block, index) {
  const n = block.meta.n;
  return {
    x: block.x,
    f: block.f.subarray(index * n, (index + 1) * n),
    df: block.df.subarray(index * n, (index + 1) * n),
  };
}

/** Two values the same, numbers within a billionth. */
export const same = (a, b) =>
  a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

function distance(spec, view, params) {
  let total = 0;
  for (const p of spec.params) {
    const a = view[p.name];
    const b = params[p.name] ?? p.default;
    if (same(a, b)) continue;
    total += p.kind === "choice" ? 1 : Math.abs(a - b) / (p.high - p.low) + 1e-6;
  }
  return total;
}

function windowCost(meta, view) {
  if (meta.xmin === view.xmin && meta.xmax === view.xmax) return 0;
  return 1000 + Math.abs(meta.xmin - view.xmin) + Math.abs(meta.xmax - view.xmax);
}

/** The index of the value in ``values`` nearest ``value`` (equal, for a choice). */
export function nearestIndex(values, value) {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (typeof value !== "number") {
      if (values[i] === value) best = i;
      continue;
    }
    if (Math.abs(values[i] - value) < Math.abs(values[best] - value)) best = i;
  }
  return best;
}

/** The curve of ``spec`` with ``params`` on the view's window: {x, f, df, exact}, or null. */
export function curveFor(spec, params, view) {
  const defaults = Object.fromEntries(spec.params.map((p) => [p.name, p.default]));
  let best = null;
  for (const block of STORE.values()) {
    const meta = block.meta;
    let cost;
    let index;
    if (meta.kind === "defaults") {
      index = meta.acts.indexOf(spec.key);
      if (index < 0) continue;
      cost = windowCost(meta, view) + distance(spec, params, defaults);
    } else if (meta.kind === "family" && meta.act === spec.key) {
      index = nearestIndex(meta.values, params[meta.param]);
      cost = windowCost(meta, view) + distance(spec, params, { ...meta.fixed, [meta.param]: meta.values[index] });
    } else continue;
    if (!best || cost < best.cost) best = { cost, block, index };
  }
  return best && { ...row(best.block, best.index), exact: best.cost === 0 };
}

/** The training-mode draws of ``spec`` for the view: {block, exact}, or null. */
export function drawsFor(spec, view) {
  let best = null;
  for (const block of STORE.values()) {
    const meta = block.meta;
    if (meta.kind !== "draws" || meta.act !== spec.key) continue;
    const cost = windowCost(meta, view) + distance(spec, view, meta.fixed);
    if (!best || cost < best.cost) best = { cost, block };
  }
  return best && { block: best.block, exact: best.cost === 0 };
}
