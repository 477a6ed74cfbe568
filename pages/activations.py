"""Activations page (the default, at ``/``): f and f' of any torch.nn activation, side by side."""

import pandas as pd
import streamlit as st

from activations.core.registry import NAMES, get
from activations.explorer import link as explorer
from activations.explorer.curves import curve, probe, random_draws
from activations.explorer.figures import activation_figure
from activations.explorer.properties import Properties, compute
from activations.explorer.snippets import call_text, chart_code, inplace_demo
from ui.frame import page_frame, tr
from ui.link_state import apply_pending, enforce, link_fixes, show_problems
from ui.widgets import param_widget

PAGE = "activations"


def _reset_params() -> None:
    """A newly chosen activation starts from PyTorch's defaults (keys are shared across specs)."""
    for key in (*explorer.PARAM_KEYS, explorer.TRAINING.key):
        st.session_state.pop(key, None)


def controls() -> dict[str, object]:
    """The sidebar widgets, built from the chosen activation's spec; returns their values."""
    with st.sidebar:
        values = {
            "act": st.selectbox(
                tr("act.choose"), NAMES, key="act", bind="query-params", on_change=_reset_params
            )
        }
        spec = get(values["act"])
        for param in spec.params:
            values[param.name] = param_widget(param, param.name)
        if spec.stochastic:
            values["training"] = st.toggle(
                tr("act.training"), key="training", bind="query-params", help=tr("act.training_help")
            )
        left, right = st.columns(2)
        values["xmin"] = left.number_input(
            "xmin", -explorer.WINDOW_LIMIT, explorer.WINDOW_LIMIT, -6.0, 0.5, key="xmin", bind="query-params"
        )
        values["xmax"] = right.number_input(
            "xmax", -explorer.WINDOW_LIMIT, explorer.WINDOW_LIMIT, 6.0, 0.5, key="xmax", bind="query-params"
        )
        values["x0"] = st.number_input(
            tr("act.probe"),
            -explorer.WINDOW_LIMIT,
            explorer.WINDOW_LIMIT,
            1.0,
            0.1,
            key="x0",
            bind="query-params",
        )
        values["compare"] = st.multiselect(
            tr("act.compare"), [n for n in NAMES if n != spec.key], key="compare", bind="query-params"
        )
    return values


def chart(values: dict[str, object], lang: str) -> None:
    spec = get(values["act"])
    params = explorer.params_of(values)
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


def _yes_no(flag: bool) -> str:
    return tr("yes") if flag else tr("no")


def _yes_no_at(flag: bool, where_key: str, points: tuple[float, ...]) -> str:
    """ "no (kinks at x = 0)" style answers."""
    if not points:
        return _yes_no(flag)
    return f"{_yes_no(flag)} ({tr(where_key)} {', '.join(f'x = {p:g}' for p in points)})"


def property_rows(props: Properties) -> list[tuple[str, str]]:
    zones = ", ".join(f"[{a:.3g}, {b:.3g}]" for a, b in props.dead_zone) or "—"
    return [
        (tr("prop.range"), f"[{props.output_min:.4g}, {props.output_max:.4g}]"),
        (tr("prop.monotonic"), _yes_no(props.monotonic)),
        (tr("prop.zero_at_origin"), _yes_no(props.zero_at_origin)),
        (tr("prop.zero_centred"), _yes_no(props.zero_centred)),
        (tr("prop.continuous"), _yes_no_at(props.continuous, "prop.jumps_at", props.jumps)),
        (tr("prop.smooth"), _yes_no_at(props.smooth, "prop.kinks_at", props.kinks)),
        (tr("prop.saturates_left"), _yes_no(props.saturates_left)),
        (tr("prop.saturates_right"), _yes_no(props.saturates_right)),
        (tr("prop.dead_zone"), zones),
        (tr("prop.max_grad"), f"{props.max_abs_grad:.4g}"),
    ]


@st.cache_data(show_spinner=False)
def all_properties_table(xmin: float, xmax: float, lang: str) -> pd.DataFrame:
    rows = []
    for name in NAMES:
        props = compute(name, None, xmin, xmax)
        rows.append(
            {
                tr("prop.name"): get(name).label,
                tr("prop.output_min"): round(props.output_min, 4),
                tr("prop.output_max"): round(props.output_max, 4),
                tr("prop.monotonic"): props.monotonic,
                tr("prop.zero_at_origin"): props.zero_at_origin,
                tr("prop.zero_centred"): props.zero_centred,
                tr("prop.continuous"): props.continuous,
                tr("prop.smooth"): props.smooth,
                tr("prop.saturates_left"): props.saturates_left,
                tr("prop.saturates_right"): props.saturates_right,
                tr("prop.dead_fraction"): round(sum(b - a for a, b in props.dead_zone) / (xmax - xmin), 3),
                tr("prop.max_grad"): round(props.max_abs_grad, 4),
            }
        )
    return pd.DataFrame(rows)


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
    rows = property_rows(compute(spec.key, params, xmin, xmax))
    st.table(
        pd.DataFrame(rows, columns=[tr("prop.property"), tr("prop.value")]).set_index(tr("prop.property"))
    )


def all_activations_tab(spec, params: dict, lang: str, xmin: float, xmax: float) -> None:
    st.caption(tr("prop.all_caption", xmin=xmin, xmax=xmax))
    st.dataframe(all_properties_table(xmin, xmax, lang), hide_index=True)


def code_tab(spec, params: dict, lang: str, xmin: float, xmax: float) -> None:
    st.code(chart_code(spec, params, xmin, xmax), language="python")


TABS = {"tab.about": about_tab, "tab.properties": properties_tab, "tab.all": all_activations_tab,
        "tab.code": code_tab}  # fmt: skip


def details(values: dict[str, object], lang: str) -> None:
    spec = get(values["act"])
    params = explorer.params_of(values)
    # on_change="rerun": only the open tab's content is computed and sent on each rerun.
    tabs = st.tabs([tr(label) for label in TABS], key="tab", on_change="rerun")
    for tab, render in zip(tabs, TABS.values(), strict=True):
        if tab.open:
            with tab:
                render(spec, params, lang, values["xmin"], values["xmax"])


def main() -> None:
    lang = page_frame("nav.activations")
    shown = apply_pending(PAGE)
    link = link_fixes(PAGE, explorer.check)
    values = enforce(PAGE, explorer.check, controls(), link)
    spec = get(values["act"])
    st.title(spec.label)
    st.markdown(f"`torch.nn.{spec.label}` · `{call_text(spec, explorer.params_of(values))}`")
    st.caption(tr("act.intro"))
    show_problems(shown)
    chart(values, lang)
    details(values, lang)


main()
