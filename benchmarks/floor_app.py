"""The floor for a redraw: a bare Streamlit page with one Custom Components v2 canvas, whose slider
redraws the canvas in its own input handler (no server round trip, no data to look up). The app's
Activations chart is timed against it in the same run (benchmarks/redraw.py).

    .venv/bin/streamlit run benchmarks/floor_app.py
"""

import streamlit as st

JS = """
export default function ({ parentElement }) {
  const canvas = parentElement.querySelector("canvas");
  const slider = parentElement.querySelector("input");
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext("2d");
  const draw = () => {
    const slope = Number(slider.value);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.strokeStyle = "#1c83e1";
    ctx.lineWidth = 3;
    ctx.beginPath();
    for (let i = 0; i <= 1200; i++) {
      const x = -6 + (12 * i) / 1200;
      const y = x > 0 ? x : slope * x;
      const px = (i / 1200) * width, py = height / 2 - y * 30;
      if (i) ctx.lineTo(px, py); else ctx.moveTo(px, py);
    }
    ctx.stroke();
  };
  slider.oninput = draw;
  draw();
}
"""
HTML = """<input type="range" aria-label="negative_slope" min="0" max="1" step="0.01" value="0.01">
<canvas class="floor-canvas" style="width:100%;height:440px"></canvas>"""

chart = st.components.v2.component("floor_chart", html=HTML, js=JS)
chart(key="floor")
