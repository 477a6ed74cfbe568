// The Depth page's chart (Streamlit Custom Components v2): per-layer panels of a deep network at
// initialisation for up to three configurations, one panel drawn large, and a layer × value heatmap
// of the activations. The numbers are torch's (activations/depth/chart.py); these modules only lay
// them out. The in-browser choices (the large panel, a log or linear axis, whose heatmap) redraw
// within the frame and never rerun the page; they go into the URL (kit.js's followLink) as the page's
// widgets do, and a new chart starts from the link's. The probe (pointer or arrow keys) reads a layer.
//
// This one builds the chart and takes the page's data; the numbers are depth-data.js's, the panels
// depth-draw.js's, the view and probe depth-view.js's, saving depth-export.js's and the controls
// depth-controls.js's.

import { listen, syncControls } from "./depth-controls.js";
import { draw } from "./depth-draw.js";
import { choiceOf } from "./depth-view.js";
import { instanceOf, linkWriter, streamlitTheme } from "./kit.js";

function create(parentElement) {
  const root = parentElement.querySelector(".dp-root");
  const inst = {
    root,
    canvas: root.querySelector(".dp-canvas"),
    large: root.querySelector(".dp-large"),
    log: root.querySelector(".dp-log"),
    heat: root.querySelector(".dp-heat"),
    legend: root.querySelector(".dp-legend"),
    help: root.querySelector(".dp-help"),
    probeLine: root.querySelector(".dp-probe"),
    header: null,
    choice: null, // set from the page's first data: the link's view
    probe: null,
    probeKey: null,
    boxes: [],
    size: { width: 0, height: 0 },
    theme: null,
    setStateValue: () => {},
  };
  inst.link = linkWriter(() => inst.header.link.fields);
  listen(inst);
  return inst;
}

export default function (component) {
  const { data } = component;
  const inst = instanceOf(component, create);
  inst.theme = streamlitTheme(inst.root, (data ?? inst.header)?.style);
  if (!data) return;
  inst.header = data;
  inst.link.owns = data.link.owns;
  if (!inst.choice) inst.choice = choiceOf(data.view);
  if (inst.probe !== null && inst.probe > data.depth) inst.probe = null;
  syncControls(inst);
  draw(inst);
}
