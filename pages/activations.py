"""Activations page (the default, at ``/``): f and f' of any torch.nn activation, side by side.

The chart is a component that owns its controls and redraws in the browser from curves torch
computed (ui/components/explorer.py); everything below it follows in a fragment rerun.
"""

import streamlit as st

from activations.explorer import export, link
from activations.explorer.curves import probe
from activations.explorer.link import ExplorerState
from activations.explorer.properties import compute
from activations.explorer.snippets import call_text, chart_code, inplace_demo
from ui.binder import show_problems
from ui.classroom import container, visible
from ui.components.explorer import current, drawn, explorer, follow_link
from ui.frame import page_frame
from ui.language import tr

# The classroom group "export": the CSV button under the chart, PNG and SVG inside it (explorer.js).
CSV_BUTTON, CHART_BUTTONS = "export_csv", ("export_png", "export_svg")


def downloads(values: ExplorerState, lang: str) -> None:
    """The curve as CSV under the chart (made when pressed); PNG and SVG are the chart's own buttons."""
    with container("export"), st.container(horizontal=True):
        for item in export.downloads(values, lang, key=CSV_BUTTON):
            if visible(item.key):
                st.download_button(**item.button, icon=":material/download:", on_click="ignore")


def metrics(values: ExplorerState) -> None:
    """f(x0) and f'(x0) from torch at the probe, and the steepest slope on the window."""
    spec, params, x0 = values.spec, dict(values.params), values.x0
    fx0, gx0 = probe(spec.key, x0, params)
    a, b, c = st.columns(3)
    a.metric(f"f({x0:g})", f"{fx0:.6g}")
    b.metric(f"f'({x0:g})", f"{gx0:.6g}")
    steepest = compute(spec.key, params, values.xmin, values.xmax).max_abs_grad
    c.metric(tr("act.max_grad"), f"{steepest:.4g}")


def about_tab(spec, params: dict, lang: str, xmin: float, xmax: float) -> None:
    st.latex(spec.formula)
    st.latex(spec.derivative)
    st.markdown(spec.notes[lang])
    demo = inplace_demo(spec, params)
    if demo:
        st.markdown(tr("act.inplace_intro", name=spec.inplace))
        st.code(demo[0], language="python")
        st.code(demo[1], language="text")


def properties_tab(spec, params: dict, lang: str, xmin: float, xmax: float) -> None:
    from activations.explorer.tables import properties_table  # pandas: not needed for the first view

    st.caption(tr("prop.caption", xmin=xmin, xmax=xmax))
    st.table(properties_table(spec.key, params, xmin, xmax, lang))


def all_activations_tab(spec, params: dict, lang: str, xmin: float, xmax: float) -> None:
    from activations.explorer.tables import all_properties_table

    st.caption(tr("prop.all_caption", xmin=xmin, xmax=xmax))
    st.dataframe(all_properties_table(xmin, xmax, lang), hide_index=True)


def code_tab(spec, params: dict, lang: str, xmin: float, xmax: float) -> None:
    st.code(chart_code(spec, params, xmin, xmax), language="python")


TABS = {"tab.about": about_tab, "tab.properties": properties_tab, "tab.all": all_activations_tab,
        "tab.code": code_tab}  # fmt: skip


def details(values: ExplorerState, lang: str) -> None:
    spec, params = values.spec, dict(values.params)
    # on_change="rerun": only the open tab's content is computed and sent on each rerun.
    tabs = st.tabs([tr(label) for label in TABS], key="tab", on_change="rerun")
    for tab, render in zip(tabs, TABS.values(), strict=True):
        if tab.open:
            with tab:
                render(spec, params, lang, values.xmin, values.xmax)


@st.fragment
def view(lang: str) -> None:
    """Everything that depends on the chart's state; its reports rerun only this."""
    values, problems = current(link.check)
    spec = values.spec
    st.title(spec.label)
    call = call_text(spec, dict(values.params), training=bool(values.training))
    st.markdown(f"`torch.nn.{spec.label}` · `{call}`")
    st.caption(tr("act.intro"))
    show_problems(problems)
    explorer(values, lang, buttons=CHART_BUTTONS)
    downloads(values, lang)
    metrics(values)
    if drawn():  # a new visitor's tabs follow once the chart is on screen
        details(values, lang)


def main() -> None:
    lang = page_frame("nav.activations")
    follow_link(link.check)
    view(lang)


main()
