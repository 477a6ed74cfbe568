"""Depth page (at ``/depth``): signal and gradients through a deep MLP at initialisation, per layer.

Up to three configurations (activation, its parameters, weight init) are measured by torch on the
same input and overlaid in one chart component (ui/components/depth.py); the chart's own choices (the
large panel, log or linear, whose heatmap) redraw in the browser. Every widget that changes what is
computed is bound to the link, so every view is a link. "Train through depth" trains the same stacks
in the training workers (ui/depth_training.py).
"""

import streamlit as st

from activations.core.fields import Field, Problem
from activations.depth import chart, export, link
from activations.depth.alt import alt_text
from activations.depth.measure import measure
from activations.training.slots import one_thread
from ui import classroom
from ui.binder import bind, show_problems
from ui.components.depth import depth_chart
from ui.depth_training import training_controls, training_panel
from ui.fields import reset, widget
from ui.frame import page_frame
from ui.language import tr

RUN_NAMES = ("A", "B", "C")
# Runs beyond ``count`` keep their widgets (so the link keeps their keys) in containers CSS hides.
HIDDEN_RUN = "depth_hidden_run_"
HIDE_RUNS = (
    f'<style>[class*="st-key-{HIDDEN_RUN}"], '
    f'[data-testid="stLayoutWrapper"]:has(> [class*="st-key-{HIDDEN_RUN}"]) '
    "{ display: none !important; }</style>"
)
VIEW_CHECKED = "_depth_view_checked"


def run_controls(run: int, where) -> dict[Field, object]:
    """One configuration's widgets (activation, its parameters, init, init_std) in ``where``."""
    prefix = link.PREFIXES[run]
    values: dict[Field, object] = {}
    with where:
        st.markdown(f"**{tr('depth_page.config', name=RUN_NAMES[run])}**")
        act_field = link.ACTS[run]
        # a newly chosen activation starts from PyTorch's defaults (parameter keys are shared)
        act = widget(act_field, on_change=reset, args=([prefix + key for key in link.PARAM_KEYS],))
        values[act_field] = act
        values.update({field: widget(field) for field in link.param_fields(str(act), prefix)})
        init = widget(link.INITS[run])
        values[link.INITS[run]] = init
        values[link.INIT_STDS[run]] = widget(link.INIT_STDS[run], disabled=init != "normal")
    return values


def controls(training_area) -> dict[Field, object]:
    """Every URL-bound widget: the shape row, one column per configuration, and the training
    settings in ``training_area``. Runs beyond ``count`` keep their widgets (and so their link
    values) in a hidden container."""
    values: dict[Field, object] = {}
    st.html(HIDE_RUNS)
    with classroom.container("shape"), st.container(horizontal=True, vertical_alignment="bottom"):
        values[link.COUNT] = widget(link.COUNT)
        values.update({field: widget(field) for field in link.SHAPE_FIELDS})
    count = values[link.COUNT] if values[link.COUNT] in range(1, len(RUN_NAMES) + 1) else link.COUNT.default
    with classroom.container("runs"):
        columns = st.columns(len(RUN_NAMES))
    for run, column in enumerate(columns):
        where = column if run < count else st.container(key=f"{HIDDEN_RUN}{run}")
        values.update(run_controls(run, where))
    values.update(training_controls(training_area))
    return values


def chart_view() -> tuple[dict[str, str], list[Problem]]:
    """The chart's own view (large panel, scale, heatmap) from the link; what it had wrong is said
    once per session, as the binder says it for the widgets' keys."""
    raw = {field.key: st.query_params.get_all(field.key) for field in chart.VIEW_FIELDS}
    shown, problems = chart.view(raw)
    if st.session_state.get(VIEW_CHECKED):
        return shown, []
    st.session_state[VIEW_CHECKED] = True
    return shown, problems


def main() -> None:
    lang = page_frame("nav.depth")
    st.title(tr("depth_page.title"))
    st.caption(tr("depth_page.intro"))
    above, notes, below = st.container(), st.container(), st.container()
    picture, words = below.columns([3, 1])
    training_area = st.container()
    with above:
        state, problems = bind("depth", link.check, lambda: controls(training_area))
    configs, shape = state.configs(), state.shape()
    shown, view_problems = chart_view()
    with notes:
        show_problems(problems + view_problems)
        cost = link.work(state.count, shape.depth, shape.width, shape.batch) / link.MAX_WORK
        st.caption(tr("depth_page.cost", shown=state.count, depth=shape.depth, width=shape.width,
                      batch=shape.batch, cost=f"{cost:.0%}" if cost >= 0.01 else "<1%"))  # fmt: skip
    # One torch thread: on a small server its intra-op threads fight the other visitors' script
    # threads (measured here, 2 cores under load: 176 ms median with one thread, 732 ms with two).
    with one_thread():
        results = [measure(config, shape) for config in configs]
    with picture:
        alt = alt_text(state, results, lang)
        depth_chart(chart.message(configs, results, lang, alt=alt, stem=export.file_stem(state), shown=shown))
        if classroom.visible("export_csv"):
            item = export.csv_download(state, lang, results)
            st.download_button(**item.button, icon=":material/download:", on_click="ignore")
    with words:
        st.subheader(tr("depth_page.why_title"), anchor=False)
        st.markdown(tr("depth_page.why"))
        st.markdown(tr("depth_page.dead_note"))
    with training_area:
        training_panel(state, lang)


main()
