// The Training lab's bytes: the page's message (activations/training/chart.py: a JSON header with
// what never changes during a run, then the current frame) and the frames the worker encodes
// (activations/training/frames.py; the layout is in docs/stream.md). Both are a little-endian
// uint32 header length, the UTF-8 JSON header, zero padding to a multiple of 8, then the body.

/** float16 bit pattern -> its value, for all 65,536 patterns (Inf and NaN included). */
export const F16 = (() => {
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    if (exponent === 0) table[bits] = sign * fraction * 2 ** -24;
    else if (exponent === 31) table[bits] = fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else table[bits] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return table;
})();

/** The float16 values of ``bits`` (a Uint16Array) as a Float32Array, through :data:`F16`. */
export function halfs(bits) {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = F16[bits[i]];
  return out;
}

const aligned = (bytes) => (bytes.byteOffset % 8 === 0 ? bytes : bytes.slice()); // typed views need it

/** ``{header, body}``: the JSON header and the bytes after its padding. */
export function split(bytes) {
  const buffer = aligned(bytes);
  const length = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(buffer.subarray(4, 4 + length)));
  const start = 4 + length + ((8 - ((4 + length) % 8)) % 8);
  return { header, body: buffer.subarray(start) };
}

/** One section's values: f16 decoded to a Float32Array, f32 and u8 as views on the bytes. */
function section(body, meta) {
  const at = body.byteOffset + meta.offset;
  const count = meta.shape.reduce((a, b) => a * b, 1);
  if (meta.dtype === "f16") return halfs(new Uint16Array(body.buffer, at, count));
  if (meta.dtype === "f32") return new Float32Array(body.buffer, at, count);
  return new Uint8Array(body.buffer, at, count);
}

/** A frame: its header and every section by name ({values, shape}). */
export function decodeFrame(bytes) {
  const { header, body } = split(bytes);
  const sections = {};
  for (const [name, meta] of Object.entries(header.sections)) {
    sections[name] = { values: section(body, meta), shape: meta.shape };
  }
  return { header, sections };
}

/** The page's message: its header, and the frame after it (null when it carries none). */
export function decodeMessage(bytes) {
  const { header, body } = split(bytes);
  return { page: header, frame: body.length ? decodeFrame(body) : null };
}

/** One run's history rows (Float32Array of rows × columns) as columns:
 *  step, epoch, train_loss, test_loss, train_acc, test_acc, dead per layer, saturated per layer. */
export function historyColumns(values, shape) {
  const [rows, width] = shape;
  const columns = Array.from({ length: width }, () => new Array(rows));
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) columns[c][r] = values[r * width + c];
  return columns;
}

/** Each run's history, merged: replaced by the frame's (``history_replace``), else its rows
 *  appended to ``held``'s in place (a row whose step the last one has replaces it, as the lab's History does). */
export function mergeHistories(held, frame) {
  return frame.header.runs.map((run, index) => {
    const part = frame.sections[run.history];
    const fresh = historyColumns(part.values, part.shape);
    const old = held?.[index];
    if (frame.header.history_replace || !old || old.length !== fresh.length) return fresh;
    for (let r = 0; r < fresh[0].length; r++) {
      if (old[0].length && old[0].at(-1) === fresh[0][r]) for (const column of old) column.pop();
      for (let c = 0; c < fresh.length; c++) old[c].push(fresh[c][r]);
    }
    return old;
  });
}
