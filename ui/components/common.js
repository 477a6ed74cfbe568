// Shared by the chart components: ui/components/__init__.py puts this before each one's own module.

/** Streamlit's theme as seen from the component's root: text colour, font, background, dark or not. */
function streamlitTheme(root) {
  const style = getComputedStyle(root);
  const channels = (style.color.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
  const dark = channels.length === 3 && channels[0] + channels[1] + channels[2] > 3 * 128; // light text
  return {
    text: style.getPropertyValue("--st-text-color").trim() || style.color,
    font: style.getPropertyValue("--st-font").trim() || "sans-serif",
    background: style.getPropertyValue("--st-background-color").trim() || (dark ? "#0e1117" : "#ffffff"),
    dark,
  };
}

const INSTANCES = new WeakMap(); // parentElement -> this component's instance there

/** The instance living in the component's element, kept across reruns (``create`` makes a new one
 *  when there is none or the element was replaced), given this run's ``setStateValue``. */
function instanceOf(component, create) {
  let inst = INSTANCES.get(component.parentElement);
  if (!inst || !inst.root.isConnected) {
    inst = create(component.parentElement);
    INSTANCES.set(component.parentElement, inst);
  }
  inst.setStateValue = component.setStateValue;
  return inst;
}

/** The canvas's 2-D context, sized to the element at the device's pixel ratio and cleared, drawing in
 *  CSS pixels; with the size it has ({ ctx, width, height }), or null while it has no size yet. */
function freshCanvas(inst, canvas) {
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
