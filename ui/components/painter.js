// One painter, two surfaces: a chart draws itself once, through these calls, on a canvas (the screen,
// a saved PNG) or into SVG text (a saved SVG). Coordinates are CSS pixels. A stroke is {color, width,
// alpha, dash}, a fill {color, alpha}; ``attrs`` (class, data-*) are kept in SVG only.

const ANCHOR = { left: "start", center: "middle", right: "end" };
const BASELINE = { top: "hanging", middle: "middle", bottom: "text-after-edge" };

const xml = (text) =>
  String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const px = (value) => (Math.round(value * 100) / 100).toString();
const attributes = (attrs = {}) =>
  Object.entries(attrs)
    .map(([key, value]) => ` ${key}="${xml(value)}"`)
    .join("");

/** Draws on a 2-D context already scaled to CSS pixels, in ``font`` at ``size`` px. */
export function canvasPainter(ctx, font, size) {
  const stroke = ({ color, width = 1, alpha = 1, dash = [] }) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.globalAlpha = alpha;
    ctx.setLineDash(dash);
  };
  const done = () => {
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  };
  ctx.font = `${size}px ${font}`;
  return {
    measure: (text) => ctx.measureText(text).width,
    fillBackground(color, width, height) {
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, width, height);
    },
    lines(segments, style) {
      stroke(style);
      ctx.beginPath();
      for (const [x1, y1, x2, y2] of segments) {
        ctx.moveTo(x1, y1);
        ctx.lineTo(x2, y2);
      }
      ctx.stroke();
      done();
    },
    /** The points (sx(xs[i]), sy(ys[i])), broken where ys[i] is not finite. */
    curve(xs, ys, sx, sy, style) {
      stroke(style);
      ctx.beginPath();
      let open = false;
      for (let i = 0; i < ys.length; i++) {
        const y = ys[i];
        if (!Number.isFinite(y)) {
          open = false;
          continue;
        }
        if (open) ctx.lineTo(sx(xs[i]), sy(y));
        else ctx.moveTo(sx(xs[i]), sy(y));
        open = true;
      }
      ctx.stroke();
      done();
    },
    rect(x, y, width, height, { color, alpha = 1 }) {
      ctx.fillStyle = color;
      ctx.globalAlpha = alpha;
      ctx.fillRect(x, y, width, height);
      ctx.globalAlpha = 1;
    },
    /** Squares of side ``side`` centred on each [x, y]. */
    squares(points, side, { color, alpha = 1 }) {
      ctx.fillStyle = color;
      ctx.globalAlpha = alpha;
      for (const [x, y] of points) ctx.fillRect(x - side / 2, y - side / 2, side, side);
      ctx.globalAlpha = 1;
    },
    dot(x, y, radius, color, ring) {
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = ring.width;
      ctx.strokeStyle = ring.color;
      ctx.stroke();
    },
    /** ``text`` at (x, y): ``align`` left/center/right, ``baseline`` top/middle/bottom, turned by
     *  ``rotate`` radians about that point. */
    text(text, x, y, { align = "left", baseline = "middle", color, alpha = 1, rotate = 0 }) {
      ctx.fillStyle = color;
      ctx.globalAlpha = alpha;
      ctx.textAlign = align;
      ctx.textBaseline = baseline;
      if (rotate) {
        ctx.save();
        ctx.translate(x, y);
        ctx.rotate(rotate);
        ctx.fillText(text, 0, 0);
        ctx.restore();
      } else ctx.fillText(text, x, y);
      ctx.globalAlpha = 1;
    },
    /** ``draw()`` clipped to the rectangle {left, top, right, bottom}. */
    clip(box, draw) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(box.left, box.top, box.right - box.left, box.bottom - box.top);
      ctx.clip();
      draw();
      ctx.restore();
    },
    /** ``draw()`` moved down by ``dy``, in a group with ``attrs``. */
    group(_attrs, draw, dy = 0) {
      ctx.save();
      ctx.translate(0, dy);
      draw();
      ctx.restore();
    },
  };
}

/** Writes SVG elements; ``svg(width, height, title)`` returns the document. Text is measured on a
 *  canvas in the same font, so a legend wraps as on the PNG. */
export function svgPainter(font, size) {
  const out = [];
  const measurer = canvasPainter(document.createElement("canvas").getContext("2d"), font, size);
  let clips = 0;
  const strokeAttrs = ({ color, width = 1, alpha = 1, dash = [] }) =>
    ` fill="none" stroke="${xml(color)}" stroke-width="${width}"` +
    (dash.length ? ` stroke-dasharray="${dash.join(" ")}"` : "") +
    (alpha < 1 ? ` stroke-opacity="${alpha}"` : "");
  const fillAttrs = ({ color, alpha = 1 }) => ` fill="${xml(color)}"${alpha < 1 ? ` fill-opacity="${alpha}"` : ""}`;
  return {
    measure: measurer.measure,
    fillBackground(color, width, height) {
      out.push(
        `<rect class="ax-background" x="0" y="0" width="${px(width)}" height="${px(height)}" fill="${xml(color)}"/>`,
      );
    },
    lines(segments, style, attrs) {
      const d = segments.map(([x1, y1, x2, y2]) => `M${px(x1)} ${px(y1)}L${px(x2)} ${px(y2)}`).join("");
      if (d) out.push(`<path${attributes(attrs)} d="${d}"${strokeAttrs(style)}/>`);
    },
    curve(xs, ys, sx, sy, style, attrs) {
      const d = [];
      let open = false;
      for (let i = 0; i < ys.length; i++) {
        if (!Number.isFinite(ys[i])) {
          open = false;
          continue;
        }
        d.push(`${open ? "L" : "M"}${px(sx(xs[i]))} ${px(sy(ys[i]))}`);
        open = true;
      }
      out.push(`<path${attributes(attrs)} d="${d.join("")}"${strokeAttrs(style)} stroke-linejoin="round"/>`);
    },
    rect(x, y, width, height, fill, attrs) {
      out.push(
        `<rect${attributes(attrs)} x="${px(x)}" y="${px(y)}" width="${px(width)}" height="${px(height)}"${fillAttrs(fill)}/>`,
      );
    },
    squares(points, side, fill, attrs) {
      out.push(`<g${attributes(attrs)}${fillAttrs(fill)}>`);
      for (const [x, y] of points) {
        out.push(`<rect x="${px(x - side / 2)}" y="${px(y - side / 2)}" width="${side}" height="${side}"/>`);
      }
      out.push("</g>");
    },
    dot(x, y, radius, color, ring) {
      out.push(
        `<circle cx="${px(x)}" cy="${px(y)}" r="${radius}" fill="${xml(color)}" stroke="${xml(ring.color)}" stroke-width="${ring.width}"/>`,
      );
    },
    text(text, x, y, { align = "left", baseline = "middle", color, alpha = 1, rotate = 0 }) {
      const turn = rotate ? ` transform="rotate(${px((rotate * 180) / Math.PI)} ${px(x)} ${px(y)})"` : "";
      const faded = alpha < 1 ? ` fill-opacity="${alpha}"` : "";
      out.push(
        `<text x="${px(x)}" y="${px(y)}" text-anchor="${ANCHOR[align]}" dominant-baseline="${BASELINE[baseline]}" fill="${xml(color)}"${faded}${turn}>${xml(text)}</text>`,
      );
    },
    clip(box, draw) {
      const id = `clip-${++clips}`;
      const { left, top, right, bottom } = box;
      out.push(
        `<clipPath id="${id}"><rect x="${px(left)}" y="${px(top)}" width="${px(right - left)}" height="${px(bottom - top)}"/></clipPath>`,
        `<g clip-path="url(#${id})">`,
      );
      draw();
      out.push("</g>");
    },
    group(attrs, draw, dy = 0) {
      out.push(`<g${attributes(attrs)}${dy ? ` transform="translate(0 ${px(dy)})"` : ""}>`);
      draw();
      out.push("</g>");
    },
    /** The SVG document of everything drawn, ``width`` × ``height`` with ``title``. */
    svg(width, height, title) {
      const box = `width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}"`;
      return [
        `<svg xmlns="http://www.w3.org/2000/svg" ${box} font-family="${xml(font)}" font-size="${size}">`,
        `<title>${xml(title)}</title>`,
        ...out,
        "</svg>",
      ].join("\n");
    },
  };
}
