// The lab's stream (docs/stream.md): frames pulled from the server, one at a time, as fast as this
// browser draws them. A WebSocket at the page's ``stream`` path: the client says ``{"want": 1}``
// after it has drawn a frame, and the server answers with the next one once the run has trained a
// little (never a frame that wasn't asked for: a slow browser simply asks less often). Start and
// Pause go over it at once (``{"cmd": ...}``). A proxy that strips WebSockets: the socket fails
// before any frame, and the same pull goes over HTTP (``frame`` long-polls one frame, ``command``
// takes start or pause), more slowly.

const BAD_TOKEN = 4401; // the token is unknown: the page has a new one
const GONE = 4410; // the run is gone (Reset, a new configuration)
const REPLACED = 4409; // another stream of this token took over (this page, mounted again)
const RETRY_MS = 1000; // an abnormal close after frames: open again after this long (doubling, up to
const RETRY_MAX_MS = 30_000; // this, while the server keeps failing)
const FRAME_TYPE = "application/octet-stream";

const url = (path, query) => {
  const at = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query)) at.searchParams.set(key, String(value));
  return at;
};

/** A stream for ``page``'s token: ``onFrame(bytes)`` for each frame, ``onStale()`` when the page must
 *  send a new token, ``onLost()`` when it closed after frames (it opens again by itself). Call
 *  ``want(full)`` after a frame is drawn (and once to begin), ``command(name)`` for start or pause,
 *  ``close()`` to stop; it stops by itself once ``alive()`` says the chart is gone. */
export function openStream(page, { onFrame, onStale, onLost, alive }) {
  const query = { token: page.token, lang: page.lang };
  const stream = { mode: "socket", closed: false, frames: 0, asked: false, queuedWant: null, socket: null };

  const received = (bytes) => {
    if (!alive()) stream.close(); // the chart was unmounted: its page shows something else
    if (stream.closed) return;
    stream.frames += 1;
    stream.asked = false;
    onFrame(bytes);
  };

  let retry = RETRY_MS;
  const poll = async (full) => {
    try {
      const answer = await fetch(url(page.paths.frame, { ...query, full: full ? 1 : 0 }), { cache: "no-store" });
      if (answer.status === 401 || answer.status === 410) return stream.closed || onStale();
      if (!answer.ok || !answer.headers.get("content-type")?.startsWith(FRAME_TYPE)) {
        throw new Error(String(answer.status));
      }
      retry = RETRY_MS;
      received(new Uint8Array(await answer.arrayBuffer()));
    } catch {
      stream.asked = false;
      if (!stream.closed && alive()) setTimeout(() => stream.want(full), retry);
      retry = Math.min(2 * retry, RETRY_MAX_MS);
    }
  };

  const connect = () => {
    const address = url(page.paths.stream, query);
    address.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(address);
    socket.binaryType = "arraybuffer";
    stream.socket = socket;
    socket.onopen = () => {
      if (stream.queuedWant !== null) {
        const full = stream.queuedWant;
        stream.queuedWant = null;
        stream.asked = false;
        stream.want(full);
      }
      for (const name of stream.queuedCommands ?? []) socket.send(JSON.stringify({ cmd: name }));
      stream.queuedCommands = [];
    };
    socket.onmessage = (event) => received(new Uint8Array(event.data));
    socket.onclose = (event) => {
      if (stream.closed || stream.socket !== socket) return;
      if (event.code === REPLACED || !alive()) return stream.close();
      if (event.code === BAD_TOKEN || event.code === GONE) return onStale();
      const full = stream.queuedWant ?? true;
      stream.asked = false;
      if (!stream.frames) {
        stream.mode = "http"; // no frame ever came: a proxy that strips WebSockets
        stream.fallback = true;
        stream.want(full);
        return;
      }
      onLost();
      setTimeout(() => {
        if (stream.closed || !alive()) return;
        stream.queuedWant = true;
        connect();
      }, RETRY_MS);
    };
  };

  stream.want = (full = false) => {
    if (stream.closed || stream.asked) return;
    stream.asked = true;
    if (stream.mode === "http") {
      poll(full);
      return;
    }
    if (stream.socket.readyState === WebSocket.OPEN) stream.socket.send(JSON.stringify({ want: 1, full }));
    else stream.queuedWant = (stream.queuedWant ?? false) || full;
  };

  // True when the command reached the server's socket at once (it is applied there, in order with
  // the wants); false when it is on its way over HTTP or waits for the socket to open.
  stream.command = (name) => {
    if (stream.closed) return false;
    if (stream.mode === "http") {
      fetch(url(page.paths.command, query), { method: "POST", body: name }).catch(() => {});
    } else if (stream.socket.readyState === WebSocket.OPEN) {
      stream.socket.send(JSON.stringify({ cmd: name }));
      return true;
    } else stream.queuedCommands = [...(stream.queuedCommands ?? []), name];
    return false;
  };

  stream.close = () => {
    stream.closed = true;
    if (stream.socket && stream.socket.readyState <= WebSocket.OPEN) stream.socket.close(1000);
  };

  connect();
  return stream;
}
