"""Softmax page (at ``/softmax``): type logits, watch softmax turn them into probabilities.

The logits box, the temperature slider and the bars are one component that redraws in the browser
on every keystroke (ui/components/softmax.py); torch's numbers and the rest of the page follow on
the rerun. The typed logits keep their place in the box even when they can't be read: the page
names the problem and computes with the last valid logits of the session (the defaults on a fresh
link).
"""

from collections.abc import Sequence
from functools import partial

import streamlit as st

from activations.core.fields import Field, escape_markdown
from activations.softmax import compute as sm
from activations.softmax import export, figures, link, tables
from activations.softmax.link import TextError
from activations.softmax.tables import View
from ui.binder import bind, program, show_problems
from ui.classroom import container, visible
from ui.components.softmax import controls as chart_controls
from ui.components.softmax import probability_chart
from ui.fields import widget
from ui.frame import page_frame
from ui.language import tr

LAST_VALID = "_softmax_last_valid"
CHART_BUTTONS = ("export_png",)  # the chart's own Save PNG; CSV and HTML are download buttons under it


def fallback_logits() -> tuple[float, ...]:
    """What is shown while the typed logits can't be read: the session's last valid ones."""
    return st.session_state.get(LAST_VALID) or link.parse_logits(link.DEFAULT_LOGITS)


def resolve_logits(text: str) -> tuple[tuple[float, ...], TextError | None]:
    """The typed logits, or the last valid ones of this session (else the defaults) and why."""
    try:
        logits = link.parse_logits(text)
    except TextError as error:
        return fallback_logits(), error
    st.session_state[LAST_VALID] = logits
    return logits, None


def _draw_again() -> None:
    program({link.SEED.key: link.next_seed(st.session_state.get(link.SEED.key, link.SEED.default))})


def inputs() -> dict[Field, object]:
    """Names, order and presets above the chart; the logits and temperature are the chart's own."""
    values = chart_controls()
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    values[link.NAMES] = widget(link.NAMES, left, live=True)
    values[link.SORT] = widget(link.SORT, right)
    if visible("presets"):  # classroom links may leave out the row, or single presets
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.markdown(f"**{tr('softmax.presets')}**")
            for preset in link.PRESETS:
                if visible(f"preset_{preset.key}"):
                    label = tr(f"softmax.preset.{preset.key}")
                    st.button(label, key=f"preset_{preset.key}", on_click=program, args=(preset.values(),))
    return values


def target_input(count: int) -> dict[Field, object]:
    """The target class (in the Loss tab); a value left over from longer logits moves to the last class."""
    current = st.session_state.get(link.TARGET.key)
    if current is not None and current >= count:
        st.session_state[link.TARGET.key] = count - 1
    field = link.target_field(count)
    return {field: widget(field, width=280)}


def sampling_inputs() -> dict[Field, object]:
    """top-k, top-p, samples, seed and "draw again" (in the Sampling tab)."""
    columns = st.columns([2, 3, 2, 2, 1.4], vertical_alignment="bottom")
    fields = (link.TOP_K, link.TOP_P, link.SAMPLES, link.SEED)
    values = {field: widget(field, column) for field, column in zip(fields, columns[:4], strict=True)}
    if visible("draw_again"):
        again = tr("softmax.draw_again_help")
        columns[4].button(tr("softmax.draw_again"), key="draw_again", on_click=_draw_again, help=again)
    return values


def chart(name: str, *args, where=st) -> None:
    """The chart ``name`` of ``figures.FIGURES``, with its alt text: what screen readers announce."""
    draw, describe = figures.FIGURES[name]
    where.plotly_chart(draw(*args), key=f"softmax_{name}", alt=describe(*args), config={"displaylogo": False})


def metrics(row: Sequence[tables.Metric]) -> None:
    """A row of metrics, one per column."""
    for cell, m in zip(st.columns(len(row)), row, strict=True):
        cell.metric(m.label, m.value, delta=m.delta, help=m.help, delta_color="off", delta_arrow="off")


def summary(view: View) -> None:
    """The numbers that describe the distribution and the downloads (the chart is above them)."""
    metrics(tables.summary_metrics(view.dist, view.labels, view.lang))
    sorted_bars = view.state.sort
    figure = partial(figures.probability_figure, view.dist, *view.drawing)  # drawn only for the HTML file
    with container("export"), st.container(horizontal=True):
        for item in export.downloads(view.dist, view.labels, view.order, figure, sorted_bars, view.lang):
            if visible(item.key):
                st.download_button(**item.button, icon=":material/download:", on_click="ignore")


def values_tab(view: View) -> None:
    # Plain text rather than a data grid: the tab open by default is redrawn on every keystroke.
    st.code(tables.values_text(view.dist, view.labels, view.order, view.lang), language=None)
    st.caption(tr("softmax.values_caption"))


def temperature_tab(view: View) -> None:
    dist, labels, sweep = view.dist, view.labels, sm.temperature_sweep(view.logits)
    st.latex(r"p_i = \mathrm{softmax}(z / T)_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}")
    st.caption(tr("softmax.temperature_caption"))
    left, right = st.columns(2)
    chart("sweep", sweep, labels, dist.temperature, view.lang, where=left)
    chart("limits", sweep, dist, *view.drawing, where=right)
    for line in tables.limits_text(dist, labels, view.lang):
        st.markdown(line)


def loss_tab(view: View) -> None:
    target = min(view.state.target, view.dist.size - 1)
    loss = sm.cross_entropy(view.logits, view.dist.temperature, target)
    st.caption(tables.target_caption(view.labels, target, link.default_label(target), view.lang))
    metrics(tables.loss_metrics(loss, view.dist, view.lang))
    chart("gradient", loss, *view.drawing)
    st.caption(tr("softmax.loss_caption", diff=f"{loss.max_difference:.2g}"))
    st.latex(
        r"L = -\log p_y = -\frac{z_y}{T} + \log \sum_j e^{z_j / T}, \qquad "
        r"\frac{\partial L}{\partial z_i} = \frac{p_i - [\,i = y\,]}{T}"
    )
    st.markdown(tr("softmax.why_simple"))


def sampling_tab(view: View) -> None:
    state = view.state
    sampling = sm.sample(
        view.logits, view.dist.temperature, state.top_k, state.top_p, state.samples, state.seed
    )
    metrics(tables.sampling_metrics(sampling, view.lang))
    chart("sampling", sampling, *view.drawing)
    st.markdown(tables.first_draws_text(sampling, view.labels, view.lang))
    st.caption(tr("softmax.sampling_caption"))


def stability_tab(view: View) -> None:
    result = sm.stability(view.logits, view.dist.temperature)
    st.markdown(tr("softmax.stability_intro", limit32=sm.FLOAT32_EXP_LIMIT, limit64=sm.FLOAT64_EXP_LIMIT))
    st.latex(r"\mathrm{softmax}(z)_i = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}}, \qquad m = \max_j z_j")
    text, overflows = tables.overflow_text(result, view.dist.size, view.lang)
    show, icon = (st.warning, ":material/local_fire_department:") if overflows else (st.info, None)
    show(text, icon=icon)
    for cell, (name, badge) in zip(st.columns(3), tables.stability_badges(result, view.lang), strict=True):
        cell.markdown(f"{name}  \n{badge}")
    st.dataframe(tables.stability_columns(result, view.labels, view.order, view.lang), hide_index=True)
    st.markdown(escape_markdown(tables.lse_text(result, view.lang)))


def invariance_tab(view: View) -> None:
    result = sm.invariance(view.logits, view.dist.temperature)
    st.markdown(tr("softmax.invariance_intro"))
    st.latex(
        r"\mathrm{softmax}(z + c) = \mathrm{softmax}(z), \qquad \mathrm{softmax}\!\left(\frac{a z}{T}\right)"
        r" = \mathrm{softmax}\!\left(\frac{z}{T / a}\right)"
    )
    metrics(tables.invariance_metrics(result, view.lang))
    chart("invariance", result, *view.drawing)


def sigmoid_tab(view: View) -> None:
    result = sm.sigmoid_comparison(view.logits, view.dist.temperature)
    st.markdown(tr("softmax.sigmoid_intro", diff=f"{result.max_difference:.2g}"))
    st.latex(r"\mathrm{softmax}([x, 0])_0 = \frac{e^x}{e^x + e^0} = \frac{1}{1 + e^{-x}} = \sigma(x)")
    left, right = st.columns(2)
    chart("sigmoid", result, view.labels, view.lang, where=left)
    chart("multilabel", result, *view.drawing, where=right)
    st.markdown(tr("softmax.sigmoid_use"))


def jacobian_tab(view: View) -> None:
    result = sm.jacobian(view.logits, view.dist.temperature)
    st.markdown(tr("softmax.jacobian_intro", diff=f"{result.max_difference:.2g}"))
    st.latex(
        r"\frac{\partial p_i}{\partial u_j} = p_i\,(\delta_{ij} - p_j), \qquad "
        r"J = \mathrm{diag}(p) - p\,p^{\top}, \qquad u = z / T"
    )
    chart("jacobian", result, *view.drawing)


TABS = {"values": values_tab, "temperature": temperature_tab, "loss": loss_tab, "sampling": sampling_tab,
        "stability": stability_tab, "invariance": invariance_tab, "sigmoid": sigmoid_tab,
        "jacobian": jacobian_tab}  # fmt: skip


def main() -> None:
    lang = page_frame("nav.softmax")
    st.title(tr("nav.softmax"))
    st.caption(tr("softmax.intro"))
    above, bars, warnings, top = st.container(), st.container(), st.container(), st.container()
    # Only the open tab is computed and drawn (a rerun on switching); the widgets inside the tabs
    # are created in every run, so that their values stay bound to the link.
    titles = [tr(f"softmax.tab.{name}") for name in TABS]
    tabs = dict(zip(TABS, st.tabs(titles, key="softmax_tab", on_change="rerun"), strict=True))

    def controls() -> dict[Field, object]:
        with above:
            values = inputs()
        with tabs["loss"]:
            values.update(target_input(len(resolve_logits(str(values[link.LOGITS]))[0])))
        with tabs["sampling"]:
            values.update(sampling_inputs())
        return values

    # The target must name one of the logits shown: the typed ones, else the last valid ones.
    check = partial(link.check, fallback_count=len(fallback_logits()))
    values, problems = bind("softmax", check, controls)
    logits, logits_error = resolve_logits(values.logits)
    names, names_error = link.read_names(values.names, len(logits))
    dist = sm.distribution(logits, link.temperature_value(values.temperature))
    order = sm.display_order(dist.probs, values.sort)
    view = View(logits, dist, names.labels, order, values, lang)
    with bars:
        probability_chart(values, dist, names.labels, lang, buttons=CHART_BUTTONS)
    with warnings:
        show_problems(problems)
        if logits_error:
            st.warning(
                escape_markdown(link.logits_message(logits_error, lang, logits)), icon=":material/warning:"
            )
        if names_error:
            st.warning(escape_markdown(link.names_message(names_error, lang)), icon=":material/warning:")
        if note := link.names_note(names, lang):
            st.caption(escape_markdown(note))
    with top:
        summary(view)
    for name, tab in tabs.items():
        if tab.open:
            with tab:
                TABS[name](view)


main()
