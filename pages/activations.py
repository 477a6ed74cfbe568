"""Activations page (the default, at ``/``): f and f' of any torch.nn activation, side by side."""

import streamlit as st

from activations.core.registry import NAMES, get
from activations.explorer import link
from activations.explorer.curves import curve, probe, random_draws
from activations.explorer.figures import activation_figure
from activations.explorer.properties import compute
from activations.explorer.snippets import call_text, chart_code, inplace_demo
from activations.explorer.tables import all_properties_table, properties_table
from ui.binder import bind, show_problems
from ui.fields import widget
from ui.frame import page_frame
from ui.language import tr


def _reset_params() -> None:
    """A newly chosen activation starts from PyTorch's defaults (keys are shared across specs)."""
    for key in (*link.PARAM_KEYS, link.TRAINING.key):
        st.session_state.pop(key, None)


def controls() -> dict[str, object]:
    """The sidebar widgets, built from the chosen activation's spec; returns their values."""
    with st.sidebar:
        values = {"act": widget(link.ACT, on_change=_reset_params)}
        spec = get(values["act"])
        for field in link.param_fields(spec):
            values[field.key] = widget(field)
        if spec.stochastic:
            values["training"] = widget(link.TRAINING)
        left, right = st.columns(2)
        values["xmin"] = widget(link.XMIN, left)
        values["xmax"] = widget(link.XMAX, right)
        values["x0"] = widget(link.X0)
        others = [n for n in NAMES if n != spec.key]
        values["compare"] = widget(link.COMPARE, options=others)
    return values


def chart(values: dict[str, object], lang: str) -> None:
    spec = get(values["act"])
    params = link.params_of(values)
    xmin, xmax, x0 = values["xmin"], values["xmax"], values["x0"]
    main = curve(spec.key, xmin, xmax, params)
    fx0, gx0 = probe(spec.key, x0, params)
    overlays = [(get(n).label, curve(n, xmin, xmax)) for n in values["compare"] if n != spec.key]
    draws = []
    if values.get("training"):
        x_draw = curve(spec.key, xmin, xmax, params, points=121).x
        draws = [(x_draw, y) for y in random_draws(spec.key, xmin, xmax, params, points=121)]
    figure = activation_figure(spec.label, main, lang, probe=(x0, fx0, gx0), overlays=overlays, draws=draws)
    st.plotly_chart(figure, key="chart", config={"displaylogo": False})
    a, b, c = st.columns(3)
    a.metric(f"f({x0:g})", f"{fx0:.6g}")
    b.metric(f"f'({x0:g})", f"{gx0:.6g}")
    c.metric(tr("act.max_grad"), f"{compute(spec.key, params, xmin, xmax).max_abs_grad:.4g}")


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
    st.caption(tr("prop.caption", xmin=xmin, xmax=xmax))
    st.table(properties_table(spec.key, params, xmin, xmax, lang))


def all_activations_tab(spec, params: dict, lang: str, xmin: float, xmax: float) -> None:
    st.caption(tr("prop.all_caption", xmin=xmin, xmax=xmax))
    st.dataframe(all_properties_table(xmin, xmax, lang), hide_index=True)


def code_tab(spec, params: dict, lang: str, xmin: float, xmax: float) -> None:
    st.code(chart_code(spec, params, xmin, xmax), language="python")


TABS = {"tab.about": about_tab, "tab.properties": properties_tab, "tab.all": all_activations_tab,
        "tab.code": code_tab}  # fmt: skip


def details(values: dict[str, object], lang: str) -> None:
    spec = get(values["act"])
    params = link.params_of(values)
    # on_change="rerun": only the open tab's content is computed and sent on each rerun.
    tabs = st.tabs([tr(label) for label in TABS], key="tab", on_change="rerun")
    for tab, render in zip(tabs, TABS.values(), strict=True):
        if tab.open:
            with tab:
                render(spec, params, lang, values["xmin"], values["xmax"])


def main() -> None:
    lang = page_frame("nav.activations")
    values, problems = bind("activations", link.check, controls)
    spec = get(values["act"])
    st.title(spec.label)
    call = call_text(spec, link.params_of(values), training=bool(values.get("training")))
    st.markdown(f"`torch.nn.{spec.label}` · `{call}`")
    st.caption(tr("act.intro"))
    show_problems(problems)
    chart(values, lang)
    details(values, lang)


main()
