"""Training lab (at ``/training``): train a small network live and watch its ReLU units die."""

import streamlit as st

from activations.core.fields import Field
from activations.core.registry import get
from activations.training import link
from activations.training.born_dead import MAX_INPUTS
from activations.training.figures import born_dead_alt, born_dead_figure
from activations.training.presets import PRESETS
from activations.training.session import BUSY, DEVICE, QUEUED, LabSession
from ui.binder import bind, program, show_problems
from ui.classroom import container, current, visible
from ui.fields import reset, widget
from ui.frame import page_frame
from ui.language import tr
from ui.training_exports import downloads, lab_config, uploader
from ui.training_panels import live

# Keyboard shortcuts of the lab's toolbar (ignored while the focus is in a text or number box, so they
# never clash with typing). K toggles Start/Pause (as on video players), N takes the next step.
START_KEY, STEP_KEY = "K", "N"


def lab_session() -> LabSession:
    """This browser session's lab (built, started, ticked, paused: :mod:`activations.training.session`)."""
    if "_training_session" not in st.session_state:
        st.session_state["_training_session"] = LabSession()
    return st.session_state["_training_session"]


def apply_preset() -> None:
    """Every configuration key back to its default, then the preset's values."""
    name = st.session_state.get("preset")
    st.session_state["preset"] = None
    if name in PRESETS:
        preset = PRESETS[name]
        act, b_act = preset.get("act", link.ACT.default), preset.get("b_act", link.B_ACT.default)
        fields = link.fields(str(act), bool(preset.get("compare")), str(b_act))
        reset(link.param_keys() + link.param_keys(link.B))
        program({**{f.key: f.default for f in fields if f not in (link.DEVICE, link.PACE)}, **preset})


def seed_run_b() -> None:
    """Compare mode starts from run A's settings with the activation swapped (ReLU <-> LeakyReLU)."""
    if st.session_state.get("compare"):
        act = st.session_state.get("act", link.ACT.default)
        copied = {link.B + key: st.session_state[key] for key in link.RUN if key in st.session_state}
        reset(link.param_keys(link.B))
        program({**copied, link.B_ACT.key: "relu" if act == "leaky_relu" else "leaky_relu"})


def lu_setup() -> None:
    """The sidebar's activation, init and bias as in Lu et al. 2019 (the rest stays)."""
    reset(link.param_keys())
    program({"act": "relu", "init": "kaiming_normal", "bias_init": 0.0})


def run_controls(prefix: str) -> dict[Field, object]:
    """Network and training widgets of one run (A: no prefix, B: ``b_``), top to bottom."""
    values: dict[Field, object] = {}

    def put(name: str, where=st, **options) -> object:
        field = link.run_field(name, prefix)
        values[field] = widget(field, where, **options)
        return values[field]

    put("hidden")
    act = put("act", on_change=reset, args=(link.param_keys(prefix),))
    values.update({field: widget(field) for field in link.param_fields(str(act), prefix)})
    init = put("init")
    put("init_std", disabled=init != "normal")
    put("bias_init")
    put("optimizer")
    put("lr")
    left, right = st.columns(2)
    put("batch", left)
    put("l2", right)
    return values


def controls(pace_area, born_tab) -> dict[Field, object]:
    """Every URL-bound widget where it is shown: data, run A (and B), device and compare mode in the
    sidebar, the pace next to the buttons, the born-dead shape in its tab. Returns their values by
    field."""
    values: dict[Field, object] = {link.PACE: widget(link.PACE, pace_area)}
    with st.sidebar:
        with container("data"):  # a section's heading goes with its widgets when a link hides them all
            st.subheader(tr("training.data"))
            values.update({field: widget(field) for field in link.DATA_FIELDS})
            uploader(str(values[link.DATASET]))  # dataset=upload: the file (a link can't carry it)
        with container("run_a"):
            st.subheader(tr("training.network"))
            values.update(run_controls(""))
        values[link.DEVICE] = widget(link.DEVICE)
        values[link.COMPARE] = widget(link.COMPARE, on_change=seed_run_b)
        if values[link.COMPARE]:
            with st.expander(tr("training.run_b"), expanded=True):
                values.update(run_controls(link.B))
    with born_tab:  # a hidden container when a classroom link hides the born-dead experiment
        st.markdown(tr("training.bd_intro"))
        for field, column in zip(link.BORN_DEAD_FIELDS, st.columns(3), strict=True):
            values[field] = widget(field, column)
    return values


def hidden_buttons() -> list[str]:
    """The lab's toolbar buttons a classroom link hides: ``toggle`` (Start/Pause: ``start`` or
    ``pause`` in the link), ``step``, ``reset``."""
    room = current()
    shown = {"toggle": room is None or room.visible("start", "pause"), "step": visible("step"),
             "reset": visible("reset")}  # fmt: skip
    return [name for name, show in shown.items() if not show]


def notices(session: LabSession, problems: list, device: str) -> None:
    show_problems(problems)
    notice = session.take_notice()
    if notice == BUSY:
        log("run_refused", page="training", reason="busy", active=session.slots.holders(),
            cap=session.slots.capacity)  # fmt: skip
        st.warning(tr("training.busy", runs=session.slots.capacity), icon=":material/hourglass_top:")
    elif notice == QUEUED:  # the live view shows the place in line
        log("run_queued", page="training", position=session.position or 0, active=session.slots.holders(),
            cap=session.slots.capacity)  # fmt: skip
    elif notice == DEVICE:
        log("device_fallback", page="training", requested=device, used="cpu", reason="the device failed")
        st.warning(tr("training.device_failed", device=device), icon=":material/memory:")


def log(event: str, **fields) -> None:
    """One structured line through ``ui.logs`` (an operator counts refused and queued runs)."""
    try:
        from ui import logs
    except ImportError:  # logging is optional
        return
    getattr(logs, event)(**fields)


def born_dead_panel(session: LabSession, values: link.TrainingState, lang: str) -> None:
    lab = session.lab
    arch = lab.config.runs[0].arch
    shape = values.bd_width, values.bd_depth, values.bd_trials
    st.caption(tr("training.bd_uses", act=get(arch.act).label, init=arch.init, bias=f"{arch.bias_init:g}",
                  points=min(len(lab.data.x_train), MAX_INPUTS)))  # fmt: skip
    run_column, setup_column = st.columns([1, 3], vertical_alignment="center")
    if visible("bd_lu"):
        setup_column.button(tr("training.bd_lu"), key="bd_lu", on_click=lu_setup, type="tertiary")
    if visible("bd_run") and run_column.button(tr("training.bd_run"), key="bd_run", icon=":material/science:",
                                               type="primary"):  # fmt: skip
        bar = st.progress(0.0)
        done = session.born_dead(*shape, progress=bar.progress)
        bar.empty()
        if done is None:
            st.warning(tr("training.busy", runs=session.slots.capacity), icon=":material/hourglass_top:")
    result = session.born_dead_result(*shape)
    if result is not None:
        a, b, c = st.columns(3)
        a.metric(tr("training.bd_p"), f"{result.p_born_dead:.1%}")
        b.metric(tr("training.bd_mean"), f"{result.mean_dead_fraction:.1%}")
        c.metric(tr("training.bd_trials_done"), f"{result.trials:,}")
        st.echarts_chart(born_dead_figure(result, lang), key="born_dead", height=300,
                         alt=born_dead_alt(result, lang))  # fmt: skip


def main() -> None:
    lang = page_frame("nav.training")
    st.title(tr("training.title"))
    st.caption(tr("training.intro"))
    if visible("born_dead"):
        train_tab, born_tab = st.tabs([tr("training.tab.train"), tr("training.tab.born_dead")])
    else:  # no tabs: its fields stay (bound to the link) in a hidden container
        train_tab, born_tab = st.container(), container("born_dead")
    with train_tab:
        if visible("preset"):
            st.pills(tr("training.presets"), list(PRESETS), key="preset", on_change=apply_preset,
                     format_func=lambda key: tr(f"training.preset.{key}"))  # fmt: skip
        pace_area = st.columns([3, 1])[1]  # the pace, above the lab's own toolbar
    values, problems = bind("training", link.check, lambda: controls(pace_area, born_tab))
    session = lab_session()
    config = lab_config(values)  # the link's, with the uploaded file for dataset=upload
    session.use(config, values.steps_per_second)
    with train_tab:
        notices(session, problems, values.device)
        keys = {"start": START_KEY, "step": STEP_KEY}
        rebuild = lambda: session.use(config, values.steps_per_second)  # noqa: E731 # after a Reset
        # a running lab streams to its chart: the fragment reruns only while the run waits in line
        st.fragment(live, run_every=session.tick_every())(session, lang, hidden_buttons(), keys, rebuild)
        downloads(session, values, config)
    if visible("born_dead"):
        with born_tab:
            born_dead_panel(session, values, lang)


main()
