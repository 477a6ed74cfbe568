"""Softmax page (at ``/softmax``): type logits, watch softmax turn them into probabilities.

The typed logits keep their place in the box even when they can't be read: the page names the
problem and computes with the last valid logits of the session (the defaults on a fresh link).
"""

from collections.abc import Sequence
from functools import partial

import numpy as np
import streamlit as st

from activations.core.fields import escape_markdown
from activations.softmax import compute as sm
from activations.softmax import figures as figures
from activations.softmax import link as state
from activations.softmax import tables as tables
from ui.frame import page_frame, tr
from ui.link_state import apply_pending, enforce, link_fixes, show_problems

PAGE = "softmax"
LAST_VALID = "_softmax_last_valid"
CHART = {"config": {"displaylogo": False}}
TABS = ("values", "temperature", "loss", "sampling", "stability", "invariance", "sigmoid", "jacobian")


def _load_preset(key: str) -> None:
    chosen = state.preset(key)
    st.session_state["logits"] = chosen.logits
    st.session_state["names"] = chosen.names


def _draw_again() -> None:
    st.session_state["seed"] = (int(st.session_state.get("seed", 0)) + 1) % (state.SEED.high + 1)


def text_inputs() -> dict[str, object]:
    """Logits, names, presets, temperature and order: the controls above the chart."""
    left, right = st.columns([3, 2])
    values: dict[str, object] = {
        "logits": left.text_input(
            tr("softmax.logits"),
            state.DEFAULT_LOGITS,
            max_chars=state.MAX_LOGITS_CHARS,
            key="logits",
            bind="query-params",
            help=tr("softmax.logits_help"),
            placeholder=state.DEFAULT_LOGITS,
            live=True,
        ),
        "names": right.text_input(
            tr("softmax.names"),
            "",
            max_chars=state.MAX_NAMES_CHARS,
            key="names",
            bind="query-params",
            help=tr("softmax.names_help"),
            placeholder=tr("softmax.names_placeholder"),
            live=True,
        ),
    }
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(f"**{tr('softmax.presets')}**")
        for key in state.PRESET_KEYS:
            st.button(tr(f"softmax.preset.{key}"), key=f"preset_{key}", on_click=_load_preset, args=(key,))
    slider, toggle = st.columns([3, 1], vertical_alignment="center")
    values["temperature"] = slider.select_slider(
        tr("softmax.temperature"),
        state.TEMPERATURES,
        value=state.TEMPERATURE.default,
        key="temperature",
        bind="query-params",
        help=tr("softmax.temperature_help"),
    )
    values["sort"] = toggle.toggle(
        tr("softmax.sort"), key="sort", bind="query-params", help=tr("softmax.sort_help")
    )
    return values


def target_input(count: int) -> int:
    """The target class; a value left over from longer logits moves to the last class."""
    current = st.session_state.get("target")
    if isinstance(current, int) and current >= count:
        st.session_state["target"] = count - 1
    return st.number_input(
        tr("softmax.target"),
        0,
        count - 1,
        0,
        1,
        key="target",
        bind="query-params",
        help=tr("softmax.target_help"),
        width=280,
    )


def sampling_inputs() -> dict[str, object]:
    k, p, n, seed, again = st.columns([2, 3, 2, 2, 1.4], vertical_alignment="bottom")
    values: dict[str, object] = {
        "top_k": k.number_input(
            tr("softmax.top_k"),
            0,
            state.MAX_CLASSES,
            0,
            1,
            key="top_k",
            bind="query-params",
            help=tr("softmax.top_k_help"),
        ),
        "top_p": p.slider(
            tr("softmax.top_p"),
            0.01,
            1.0,
            1.0,
            0.01,
            key="top_p",
            bind="query-params",
            help=tr("softmax.top_p_help"),
        ),
        "samples": n.number_input(
            tr("softmax.samples"), 1, int(state.SAMPLES.high), 1000, 100, key="samples", bind="query-params"
        ),
        "seed": seed.number_input(
            tr("softmax.seed"),
            0,
            int(state.SEED.high),
            0,
            1,
            key="seed",
            bind="query-params",
            help=tr("softmax.seed_help"),
        ),
    }
    again.button(
        tr("softmax.draw_again"), key="draw_again", on_click=_draw_again, help=tr("softmax.draw_again_help")
    )
    return values


def fallback_logits() -> tuple[float, ...]:
    """What is shown while the typed logits can't be read: the session's last valid ones."""
    return st.session_state.get(LAST_VALID) or state.parse_logits(state.DEFAULT_LOGITS)


def resolve_logits(text: str) -> tuple[tuple[float, ...], state.TextError | None]:
    """The typed logits, or the last valid ones of this session (else the defaults) and why."""
    try:
        logits = state.parse_logits(text)
    except state.TextError as error:
        return fallback_logits(), error
    st.session_state[LAST_VALID] = logits
    return logits, None


def resolve_names(text: str, count: int) -> tuple[state.Names, state.TextError | None]:
    try:
        return state.parse_names(text, count), None
    except state.TextError as error:
        return state.parse_names("", count), error


def _fmt(value: float, spec: str = ".6g") -> str:
    return format(value, spec)


def summary(dist: sm.Distribution, labels: Sequence[str], order: np.ndarray, lang: str) -> None:
    """The numbers that describe the distribution, and the probability chart."""
    cells = st.columns(6)
    winners = [labels[i] for i in dist.argmax]
    argmax = escape_markdown(" = ".join(winners[:3]) + (" = …" if len(winners) > 3 else ""))
    rounding = dist.total - 1.0  # float64 rounding shows as a small delta under the 1
    cells[0].metric(
        tr("softmax.metric.sum"),
        "1" if rounding == 0 else f"{dist.total:.6f}",
        delta=f"{rounding:+.1e}" if rounding else None,
        delta_color="off",
        delta_arrow="off",
        help=tr("softmax.metric.sum_help"),
    )
    cells[1].metric(
        tr("softmax.metric.argmax"),
        argmax,
        delta=tr("softmax.tie", count=len(winners)) if len(winners) > 1 else None,
        delta_color="off",
        delta_arrow="off",
        help=tr("softmax.metric.argmax_help"),
    )
    cells[2].metric(tr("softmax.metric.max_p"), _fmt(float(dist.probs.max()), ".4g"))
    entropy_help = tr(
        "softmax.metric.entropy_help", nats=dist.max_entropy_nats, bits=dist.max_entropy_nats / np.log(2)
    )
    cells[3].metric(tr("softmax.metric.entropy_nats"), _fmt(dist.entropy_nats, ".4f"), help=entropy_help)
    cells[4].metric(tr("softmax.metric.entropy_bits"), _fmt(dist.entropy_bits, ".4f"), help=entropy_help)
    cells[5].metric(
        tr("softmax.metric.perplexity"),
        _fmt(dist.perplexity, ".4g"),
        help=tr("softmax.metric.perplexity_help"),
    )
    st.plotly_chart(figures.probability_figure(dist, labels, order, lang), key="softmax_chart", **CHART)


def values_tab(dist: sm.Distribution, labels: Sequence[str], order: np.ndarray, lang: str) -> None:
    # Plain text rather than a data grid: the tab open by default is redrawn on every keystroke.
    st.code(tables.values_text(dist, labels, order, lang), language=None)
    st.caption(tr("softmax.values_caption"))


def temperature_tab(
    logits: tuple[float, ...], dist: sm.Distribution, labels: Sequence[str], order, lang
) -> None:
    sweep = sm.temperature_sweep(logits)
    st.latex(r"p_i = \mathrm{softmax}(z / T)_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}")
    st.caption(tr("softmax.temperature_caption"))
    left, right = st.columns(2)
    left.plotly_chart(
        figures.sweep_figure(sweep, labels, dist.temperature, lang), key="softmax_sweep", **CHART
    )
    right.plotly_chart(figures.limits_figure(sweep, dist, labels, order, lang), key="softmax_limits", **CHART)
    winners = ", ".join(labels[i] for i in dist.argmax)
    cold = "softmax.cold_limit_tie" if len(dist.argmax) > 1 else "softmax.cold_limit"
    st.markdown(escape_markdown(tr(cold, argmax=winners)))
    st.markdown(escape_markdown(tr("softmax.hot_limit", uniform=1 / dist.size)))


def loss_tab(logits: tuple[float, ...], dist: sm.Distribution, target: int, labels, order, lang) -> None:
    loss = sm.cross_entropy(logits, dist.temperature, target)
    named = labels[target] != state.default_label(target)
    label = f"{labels[target]} ({state.default_label(target)})" if named else labels[target]
    st.caption(escape_markdown(tr("softmax.target_is", label=label)))
    cells = st.columns(3)
    cells[0].metric(tr("softmax.metric.loss"), _fmt(loss.loss, ".6g"))
    cells[1].metric(tr("softmax.metric.p_target"), _fmt(float(dist.probs[target]), ".6g"))
    cells[2].metric(
        tr("softmax.metric.uniform_loss"),
        _fmt(dist.max_entropy_nats, ".6g"),
        help=tr("softmax.metric.uniform_loss_help"),
    )
    st.plotly_chart(figures.gradient_figure(loss, labels, order, lang), key="softmax_gradient", **CHART)
    st.caption(tr("softmax.loss_caption", diff=_fmt(loss.max_difference, ".2g")))
    st.latex(
        r"L = -\log p_y = -\frac{z_y}{T} + \log \sum_j e^{z_j / T}, \qquad "
        r"\frac{\partial L}{\partial z_i} = \frac{p_i - [\,i = y\,]}{T}"
    )
    st.markdown(tr("softmax.why_simple"))


def sampling_tab(logits: tuple[float, ...], dist: sm.Distribution, values: dict, labels, order, lang) -> None:
    sampling = sm.sample(
        logits, dist.temperature, values["top_k"], values["top_p"], values["samples"], values["seed"]
    )
    cells = st.columns(3)
    cells[0].metric(tr("softmax.metric.kept"), f"{int(sampling.kept.sum())} / {dist.size}")
    cells[1].metric(
        tr("softmax.metric.kept_mass"),
        _fmt(sampling.kept_mass, ".4g"),
        help=tr("softmax.metric.kept_mass_help"),
    )
    cells[2].metric(
        tr("softmax.metric.tv"), _fmt(sampling.total_variation, ".3g"), help=tr("softmax.metric.tv_help")
    )
    st.plotly_chart(figures.sampling_figure(sampling, labels, order, lang), key="softmax_sampling", **CHART)
    draws = " ".join(labels[i] for i in sampling.first)
    st.markdown(escape_markdown(tr("softmax.first_draws", draws=draws)))
    st.caption(tr("softmax.sampling_caption"))


def stability_tab(logits: tuple[float, ...], dist: sm.Distribution, labels, order, lang) -> None:
    result = sm.stability(logits, dist.temperature)
    st.markdown(tr("softmax.stability_intro", limit32=sm.FLOAT32_EXP_LIMIT, limit64=sm.FLOAT64_EXP_LIMIT))
    st.latex(r"\mathrm{softmax}(z)_i = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}}, \qquad m = \max_j z_j")
    largest = _fmt(float(result.scaled.max()), ".6g")
    if result.overflow32:
        line = tr(
            "softmax.overflow",
            max=largest,
            count32=result.overflow32,
            count64=result.overflow64,
            size=dist.size,
        )
        st.warning(escape_markdown(line), icon=":material/local_fire_department:")
    else:
        st.info(escape_markdown(tr("softmax.no_overflow", max=largest)))
    cells = st.columns(3)
    for cell, key, ok in (
        (cells[0], "softmax.col.naive32", result.naive32_ok),
        (cells[1], "softmax.col.naive64", result.naive64_ok),
        (cells[2], "softmax.col.stable32", result.stable32_ok),
    ):
        badge = (
            f":green-badge[:material/check: {tr('softmax.result_ok')}]"
            if ok
            else f":red-badge[:material/close: {tr('softmax.result_broken')}]"
        )
        cell.markdown(f"{tr(key)}  \n{badge}")
    st.dataframe(tables.stability_columns(result, labels, order, lang), hide_index=True)
    lse = tr(
        "softmax.lse",
        naive32=_fmt(result.naive_lse32),
        naive64=_fmt(result.naive_lse64),
        lse=_fmt(result.lse),
    )
    st.markdown(escape_markdown(lse))


def invariance_tab(logits: tuple[float, ...], dist: sm.Distribution, labels, order, lang) -> None:
    result = sm.invariance(logits, dist.temperature)
    st.markdown(tr("softmax.invariance_intro"))
    st.latex(
        r"\mathrm{softmax}(z + c) = \mathrm{softmax}(z), \qquad "
        r"\mathrm{softmax}\!\left(\frac{a z}{T}\right) = \mathrm{softmax}\!\left(\frac{z}{T / a}\right)"
    )
    cells = st.columns(2)
    cells[0].metric(
        tr("softmax.metric.shift_error", shift=f"{result.shift:g}"),
        _fmt(result.shift_error, ".2g"),
        help=tr("softmax.metric.rounding_help"),
    )
    cells[1].metric(
        tr("softmax.metric.scale_error", scale=f"{result.scale:g}"),
        _fmt(result.scale_error, ".2g"),
        help=tr("softmax.metric.rounding_help"),
    )
    st.plotly_chart(figures.invariance_figure(result, labels, order, lang), key="softmax_invariance", **CHART)


def sigmoid_tab(logits: tuple[float, ...], dist: sm.Distribution, labels, order, lang) -> None:
    result = sm.sigmoid_comparison(logits, dist.temperature)
    st.markdown(tr("softmax.sigmoid_intro", diff=_fmt(result.max_difference, ".2g")))
    st.latex(r"\mathrm{softmax}([x, 0])_0 = \frac{e^x}{e^x + e^0} = \frac{1}{1 + e^{-x}} = \sigma(x)")
    left, right = st.columns(2)
    left.plotly_chart(figures.sigmoid_figure(result, labels, lang), key="softmax_sigmoid", **CHART)
    right.plotly_chart(
        figures.multilabel_figure(result, labels, order, lang), key="softmax_multilabel", **CHART
    )
    st.markdown(tr("softmax.sigmoid_use"))


def jacobian_tab(logits: tuple[float, ...], dist: sm.Distribution, labels, order, lang) -> None:
    result = sm.jacobian(logits, dist.temperature)
    st.markdown(tr("softmax.jacobian_intro", diff=_fmt(result.max_difference, ".2g")))
    st.latex(
        r"\frac{\partial p_i}{\partial u_j} = p_i\,(\delta_{ij} - p_j), \qquad "
        r"J = \mathrm{diag}(p) - p\,p^{\top}, \qquad u = z / T"
    )
    st.plotly_chart(figures.jacobian_figure(result, labels, order, lang), key="softmax_jacobian", **CHART)


def main() -> None:
    lang = page_frame("nav.softmax")
    shown = apply_pending(PAGE)
    check = partial(state.check, fallback_count=len(fallback_logits()))
    link = link_fixes(PAGE, check)
    st.title(tr("nav.softmax"))
    st.caption(tr("softmax.intro"))
    widget_values = text_inputs()
    logits, logits_error = resolve_logits(str(widget_values["logits"]))
    notices, top = st.container(), st.container()
    # Only the open tab is computed and drawn (a rerun on switching); the widgets inside the tabs
    # are created in every run, so that their values stay bound to the link.
    titles = [tr(f"softmax.tab.{name}") for name in TABS]
    tabs = dict(zip(TABS, st.tabs(titles, key="softmax_tab", on_change="rerun"), strict=True))
    with tabs["loss"]:
        widget_values["target"] = target_input(len(logits))
    with tabs["sampling"]:
        widget_values.update(sampling_inputs())
    values = enforce(PAGE, check, widget_values, link)

    names, names_error = resolve_names(str(values["names"]), len(logits))
    labels = names.labels
    dist = sm.distribution(logits, state.temperature_value(str(values["temperature"])))
    order = sm.display_order(dist.probs, bool(values["sort"]))
    target = min(int(values["target"]), dist.size - 1)
    with notices:
        show_problems(shown)
        if logits_error:
            st.warning(
                escape_markdown(state.logits_message(logits_error, lang, logits)), icon=":material/warning:"
            )
        if names_error:
            st.warning(escape_markdown(state.names_message(names_error, lang)), icon=":material/warning:")
        note = state.names_note(names, lang)
        if note:
            st.caption(escape_markdown(note))
    with top:
        summary(dist, labels, order, lang)
    content = {
        "values": lambda: values_tab(dist, labels, order, lang),
        "temperature": lambda: temperature_tab(logits, dist, labels, order, lang),
        "loss": lambda: loss_tab(logits, dist, target, labels, order, lang),
        "sampling": lambda: sampling_tab(logits, dist, values, labels, order, lang),
        "stability": lambda: stability_tab(logits, dist, labels, order, lang),
        "invariance": lambda: invariance_tab(logits, dist, labels, order, lang),
        "sigmoid": lambda: sigmoid_tab(logits, dist, labels, order, lang),
        "jacobian": lambda: jacobian_tab(logits, dist, labels, order, lang),
    }
    for name, tab in tabs.items():
        if tab.open:
            with tab:
                content[name]()


main()
