"""Training lab (at ``/training``): train a small network live and watch its ReLU units die."""

import uuid
from dataclasses import replace

import streamlit as st

from activations.core.registry import NAMES, get
from activations.training import link as cfg
from activations.training.born_dead import born_dead
from activations.training.data import DATASETS
from activations.training.dead import describe_zone, profile
from activations.training.figures import (
    born_dead_figure,
    boundary_figure,
    curves_figure,
    network_figure,
    point_series,
)
from activations.training.lab import DIVERGED, FINISHED, MAX_STEPS, PAUSED, PERIOD_S, RUNNING, Lab
from activations.training.model import INITS
from activations.training.optim import OPTIMIZERS
from activations.training.presets import PRESETS
from activations.training.slots import SLOTS, freeze_heap_once, one_thread
from ui.frame import page_frame, tr
from ui.link_state import apply_pending, enforce, link_fixes, show_problems
from ui.widgets import param_widget

PAGE = "training"
LAB, OWNER, NOTICE, BORN = "_training_lab", "_training_owner", "_training_notice", "_training_born_dead"
SYNC, REQUEST, POINTS = "_training_url_sync", "_training_request", "_training_points"
RERUN_S = 0.05  # ask for the next tick early: ticks then run back to back, each one time-boxed by the lab
GRID = 40  # decision-boundary heatmap resolution
CHART_HEIGHT = 380


def _reset_params(prefix: str) -> None:
    """A newly chosen activation starts from PyTorch's defaults (parameter keys are shared)."""
    for key in cfg.PARAM_KEYS:
        st.session_state.pop(prefix + key, None)


def _program(values: dict[str, object]) -> None:
    """Set URL-bound widgets from code (presets, compare, Lu et al.'s setup).

    Streamlit writes such a value to the URL only when a later run started by the browser sets it
    again; until then a copied link would be stale. So the values are set again on the next two
    runs (unless the user changed them meanwhile), and a short timer (:func:`_resync`) starts them.
    """
    st.session_state.update(values)
    st.session_state[SYNC] = {"values": dict(values), "runs": 0}


def _reassert() -> None:
    """Before any widget: set the programmed values again (see :func:`_program`)."""
    sync = st.session_state.get(SYNC)
    if not sync:
        return
    sync["runs"] += 1
    if sync["runs"] > 2:
        del st.session_state[SYNC]
        return
    for key, value in sync["values"].items():
        if st.session_state.get(key, value) == value:  # not changed by the user since
            st.session_state[key] = value


def _resync() -> None:
    st.rerun()


def _run_controls(prefix: str) -> dict[str, object]:
    """Network and training widgets of one run (A: no prefix, B: ``b_``)."""
    values: dict[str, object] = {}
    act_default = cfg.B_ACT.default if prefix else cfg.ACT.default
    values[prefix + "hidden"] = st.text_input(
        tr("training.hidden"),
        cfg.HIDDEN.default,
        max_chars=48,
        key=prefix + "hidden",
        bind="query-params",
        help=tr("training.hidden_help"),
    )
    values[prefix + "act"] = st.selectbox(
        tr("training.act"),
        NAMES,
        index=NAMES.index(act_default),
        key=prefix + "act",
        bind="query-params",
        on_change=_reset_params,
        args=(prefix,),
    )
    act = str(values[prefix + "act"])
    for param in get(act).params:
        key = prefix + cfg.param_key(act, param.name)
        values[key] = param_widget(param, key)
    values[prefix + "init"] = st.selectbox(
        tr("training.init"), INITS, key=prefix + "init", bind="query-params", help=tr("training.init_help")
    )
    values[prefix + "init_std"] = st.number_input(
        tr("training.init_std"),
        cfg.INIT_STD.low,
        cfg.INIT_STD.high,
        cfg.INIT_STD.default,
        0.01,
        format="%.3f",
        key=prefix + "init_std",
        bind="query-params",
        disabled=values[prefix + "init"] != "normal",
    )
    values[prefix + "bias_init"] = st.slider(
        tr("training.bias_init"),
        cfg.BIAS_INIT.low,
        cfg.BIAS_INIT.high,
        cfg.BIAS_INIT.default,
        0.1,
        key=prefix + "bias_init",
        bind="query-params",
        help=tr("training.bias_init_help"),
    )
    values[prefix + "optimizer"] = st.segmented_control(
        tr("training.optimizer"),
        OPTIMIZERS,
        default=cfg.OPTIMIZER.default,
        key=prefix + "optimizer",
        bind="query-params",
        required=True,
        help=tr("training.optimizer_help"),
    )
    values[prefix + "lr"] = st.select_slider(
        tr("training.lr"),
        cfg.LR_VALUES,
        value=cfg.LR.default,
        format_func=cfg.format_lr,
        key=prefix + "lr",
        bind="query-params",
    )
    left, right = st.columns(2)
    values[prefix + "batch"] = left.number_input(
        tr("training.batch"),
        cfg.BATCH.low,
        cfg.BATCH.high,
        cfg.BATCH.default,
        1,
        key=prefix + "batch",
        bind="query-params",
        help=tr("training.batch_help"),
    )
    values[prefix + "l2"] = right.number_input(
        "L2",
        cfg.L2.low,
        cfg.L2.high,
        cfg.L2.default,
        0.0001,
        format="%.4f",
        key=prefix + "l2",
        bind="query-params",
    )
    return values


def _seed_run_b() -> None:
    """Compare mode starts from run A's settings with the activation swapped (ReLU <-> LeakyReLU)."""
    if not st.session_state.get("compare"):
        return
    act = st.session_state.get("act", cfg.ACT.default)
    keys = ("hidden", "init", "init_std", "bias_init", "optimizer", "lr", "batch", "l2")
    _reset_params(cfg.B)
    _program(
        {
            **{cfg.B + key: st.session_state[key] for key in keys if key in st.session_state},
            cfg.B + "act": "relu" if act == "leaky_relu" else "leaky_relu",
        }
    )


def controls(born_dead_area, pace_area) -> dict[str, object]:
    """Every URL-bound widget: data, run A (and B) and device in the sidebar, the pace next to the
    buttons (``pace_area``), the born-dead shape in ``born_dead_area``. Returns their values."""
    values: dict[str, object] = {
        "pace": pace_area.segmented_control(
            tr("training.pace"),
            cfg.PACES,
            default=cfg.PACE.default,
            key="pace",
            bind="query-params",
            required=True,
            help=tr("training.pace_help"),
        )
    }
    with st.sidebar:
        st.subheader(tr("training.data"))
        values["dataset"] = st.selectbox(tr("training.dataset"), DATASETS, key="dataset", bind="query-params")
        values["points"] = st.number_input(
            tr("training.points"), cfg.POINTS.low, cfg.POINTS.high, cfg.POINTS.default, 10, key="points",
            bind="query-params",
        )  # fmt: skip
        values["noise"] = st.slider(
            tr("training.noise"), cfg.NOISE.low, cfg.NOISE.high, cfg.NOISE.default, 0.01, key="noise",
            bind="query-params",
        )  # fmt: skip
        values["test_frac"] = st.slider(
            tr("training.test_frac"), cfg.TEST_FRAC.low, cfg.TEST_FRAC.high, cfg.TEST_FRAC.default, 0.05,
            key="test_frac", bind="query-params",
        )  # fmt: skip
        values["seed"] = st.number_input(
            tr("training.seed"), cfg.SEED.low, cfg.SEED.high, cfg.SEED.default, 1, key="seed",
            bind="query-params", help=tr("training.seed_help"),
        )  # fmt: skip
        st.subheader(tr("training.network"))
        values.update(_run_controls(""))
        devices = cfg.available_devices()
        values["device"] = st.selectbox(
            tr("training.device"), devices, key="device", bind="query-params", help=tr("training.device_help")
        )
        values["compare"] = st.toggle(
            tr("training.compare"), key="compare", bind="query-params", on_change=_seed_run_b,
            help=tr("training.compare_help"),
        )  # fmt: skip
        if values["compare"]:
            with st.expander(tr("training.run_b"), expanded=True):
                values.update(_run_controls(cfg.B))
    with born_dead_area:
        width, depth, trials = st.columns(3)
        values["bd_width"] = width.number_input(
            tr("training.bd_width"), cfg.BD_WIDTH.low, cfg.BD_WIDTH.high, cfg.BD_WIDTH.default, 1,
            key="bd_width", bind="query-params",
        )  # fmt: skip
        values["bd_depth"] = depth.number_input(
            tr("training.bd_depth"), cfg.BD_DEPTH.low, cfg.BD_DEPTH.high, cfg.BD_DEPTH.default, 1,
            key="bd_depth", bind="query-params",
        )  # fmt: skip
        values["bd_trials"] = trials.number_input(
            tr("training.bd_trials"), cfg.BD_TRIALS.low, cfg.BD_TRIALS.high, cfg.BD_TRIALS.default, 50,
            key="bd_trials", bind="query-params",
        )  # fmt: skip
    return values


def _apply_preset() -> None:
    """Set every configuration key to its default, then the preset's values."""
    name = st.session_state.get("preset")
    st.session_state["preset"] = None
    if name not in PRESETS:
        return
    overrides = PRESETS[name]
    act, b_act = overrides.get("act", cfg.ACT.default), overrides.get("b_act", cfg.B_ACT.default)
    fields = cfg.fields(str(act), bool(overrides.get("compare")), str(b_act))
    _reset_params("")
    _reset_params(cfg.B)
    _program({**{f.key: f.default for f in fields if f.key not in ("device", "pace")}, **overrides})


def _owner() -> str:
    return st.session_state.setdefault(OWNER, uuid.uuid4().hex)


def _start() -> None:
    lab = st.session_state.get(LAB)
    if lab is None:
        return
    if SLOTS.acquire(_owner()):
        freeze_heap_once()
        lab.start()
    else:
        st.session_state[NOTICE] = "busy"


def _pause() -> None:
    lab = st.session_state.get(LAB)
    if lab is not None:
        lab.pause()
    SLOTS.release(_owner())


def _step() -> None:
    lab = st.session_state.get(LAB)
    if lab is not None and not lab.running:
        lab.step(1)


def _reset() -> None:
    SLOTS.release(_owner())
    lab = st.session_state.get(LAB)
    if lab is not None:
        lab.pause()  # a tick still running on another thread stops at its next step
    st.session_state[LAB] = None


def _run_label(lab: Lab, index: int) -> str:
    run = lab.config.runs[index]
    spec = get(run.arch.act)
    hidden = ",".join(str(w) for w in run.arch.hidden)
    name = "AB"[index] + " · " if len(lab.runs) > 1 else ""
    return f"{name}{spec.label} [{hidden}] · {run.recipe.optimizer} lr {cfg.format_lr(run.recipe.lr)}"


def _status(lab: Lab) -> None:
    speed, refreshes = lab.steps_per_s, lab.refreshes_per_s
    device = lab.config.device
    if lab.status == RUNNING:
        rate = tr("training.rate", speed=f"{speed:,.0f}", refreshes=f"{refreshes:.1f}") if speed else "…"
        st.caption(
            f":green[:material/radio_button_checked:] {tr('training.status.running')} · {rate} · "
            f"{tr('training.on_device', device=device)}"
        )
    elif lab.status == DIVERGED:
        st.error(tr("training.status.diverged"), icon=":material/error:")
    elif lab.status == FINISHED:
        st.info(tr("training.status.finished", steps=f"{MAX_STEPS:,}"), icon=":material/flag:")
    else:
        key = "training.status.paused" if lab.status == PAUSED else "training.status.ready"
        st.caption(f":material/pause_circle: {tr(key)} · {tr('training.on_device', device=device)}")


def _metrics(lab: Lab, index: int, compact: bool) -> None:
    run = lab.runs[index]
    snap = run.latest
    hidden_units = sum(len(mask) for mask in snap.units.dead)
    dead = sum(snap.units.dead_counts)
    loss = f"{snap.train_loss:.4f}" if run.latest.finite else "NaN"
    items = [
        (tr("training.m.step"), f"{snap.step:,}"),
        (tr("training.m.epoch"), f"{snap.epoch:,.1f}"),
        (tr("training.m.loss"), loss),
        (tr("training.m.test_acc"), f"{snap.test_acc:.1%}"),
        (tr("training.m.dead"), f"{dead} / {hidden_units}"),
    ]
    if compact:
        items = [items[0], items[3], items[4]]
    saturated = sum(snap.units.saturated_counts)
    note = tr("training.m.saturated", n=saturated) if saturated else None
    for column, (label, value) in zip(st.columns(len(items)), items, strict=True):
        column.metric(
            label, value, delta=note if label == items[-1][0] else None, delta_color="off", delta_arrow="off"
        )


def _points(lab: Lab, lang: str) -> list[dict]:
    """The data points' chart series, built once per lab and language (they don't move)."""
    cached = st.session_state.get(POINTS)
    if cached is not None and cached[0] is lab and cached[1] == lang:
        return cached[2]
    data = lab.data
    arrays = (data.x_train.numpy(), data.y_train.numpy(), data.x_test.numpy(), data.y_test.numpy())
    series = point_series(*arrays, data.classes, lang)
    st.session_state[POINTS] = (lab, lang, series)
    return series


def _run_panels(lab: Lab, index: int, lang: str) -> None:
    run = lab.runs[index]
    data = lab.data
    boundary = boundary_figure(
        run.trainer.probabilities(data.extent, GRID),
        data.extent,
        _points(lab, lang),
        tr("training.fig.boundary"),
    )
    network = network_figure(
        run.trainer.arch.sizes,
        [w.numpy() for w in run.trainer.network.layer_weights()],
        run.latest.units,
        lang,
        tr("training.fig.network"),
    )
    if len(lab.runs) > 1:
        st.echarts_chart(boundary, key=f"boundary_{index}", height=CHART_HEIGHT)
        st.echarts_chart(network, key=f"network_{index}", height=CHART_HEIGHT)
    else:
        left, right = st.columns(2)
        left.echarts_chart(boundary, key="boundary_0", height=CHART_HEIGHT)
        right.echarts_chart(network, key="network_0", height=CHART_HEIGHT)


def _why(lab: Lab) -> None:
    """Say why a count stays at 0 (LeakyReLU can't die), or where f' is 0 (ReLU can)."""
    for index, run in enumerate(lab.runs):
        arch = run.trainer.arch
        spec = get(arch.act)
        shape = profile(arch.act, dict(arch.act_params))
        prefix = f"{'AB'[index]} · " if len(lab.runs) > 1 else ""
        zones = ", ".join(describe_zone(a, b) for a, b in shape.zero)
        dead_now = sum(run.latest.units.dead_counts)
        if shape.verdict == "never":
            text = tr("training.why.never", act=spec.label, slope=f"{shape.min_abs_grad:.3g}")
        elif shape.verdict == "underflow":
            text = tr("training.why.underflow", act=spec.label, zones=zones)
        elif shape.verdict == "far" and dead_now == 0:
            text = tr("training.why.far", act=spec.label, zones=zones)
        else:
            text = tr("training.why.dies", act=spec.label, zones=zones)
        if dead_now == 0 and shape.verdict != "dies":
            st.info(prefix + text, icon=":material/shield:")
        else:
            st.caption(prefix + text)


def live(lang: str) -> None:
    """One tick: train for most of a refresh period, then redraw everything that moves.

    Under the lab's lock: a click can start the next script run on another thread before this
    one's tick is over (see :mod:`activations.training.lab`), and the redraw must see a whole tick.
    """
    lab: Lab = st.session_state[LAB]
    with lab.lock, one_thread():  # the redraw runs networks too (heatmap grid, dead units)
        _live(lang)


def _live(lang: str) -> None:
    lab: Lab = st.session_state[LAB]
    if lab.running:
        if not SLOTS.heartbeat(_owner()) and not SLOTS.acquire(_owner()):
            lab.pause()
            st.session_state[NOTICE] = "busy"
            st.rerun()
        lab.tick()
        if not lab.running:  # diverged or finished: a full rerun stops the timer and redraws
            SLOTS.release(_owner())
            st.rerun()
    _status(lab)
    compare = len(lab.runs) > 1
    if compare:
        for index, column in enumerate(st.columns(2)):
            with column:
                st.markdown(f"**{_run_label(lab, index)}**")
                _metrics(lab, index, compact=True)
                _run_panels(lab, index, lang)
    else:
        _metrics(lab, 0, compact=False)
        _run_panels(lab, 0, lang)
    runs = [(("AB"[i] if compare else ""), run.history) for i, run in enumerate(lab.runs)]
    show_saturated = any(
        profile(run.trainer.arch.act, dict(run.trainer.arch.act_params)).can_saturate for run in lab.runs
    )
    st.echarts_chart(curves_figure(runs, show_saturated, lang), key="curves", height=CHART_HEIGHT - 40)
    st.caption(
        tr("training.dead_caption") + (" " + tr("training.saturated_caption") if show_saturated else "")
    )
    _why(lab)


def buttons(lab: Lab, columns) -> None:
    start, step, reset = columns
    if lab.running:
        start.button(
            tr("training.pause"), key="pause", on_click=_pause, icon=":material/pause:", width="stretch"
        )
    else:
        start.button(
            tr("training.start"),
            key="start",
            on_click=_start,
            icon=":material/play_arrow:",
            type="primary",
            width="stretch",
            disabled=lab.status in (DIVERGED, FINISHED),
        )
    step.button(
        tr("training.step"),
        key="step",
        on_click=_step,
        icon=":material/skip_next:",
        width="stretch",
        disabled=lab.running or lab.status in (DIVERGED, FINISHED),
    )
    reset.button(
        tr("training.reset"), key="reset", on_click=_reset, icon=":material/restart_alt:", width="stretch"
    )


def _lu_setup() -> None:
    """The sidebar's activation, init and bias as in Lu et al. 2019 (the rest stays)."""
    _reset_params("")
    _program({"act": "relu", "init": "kaiming_normal", "bias_init": 0.0})


def born_dead_panel(values: dict[str, object], lab: Lab, lang: str) -> None:
    arch = lab.config.runs[0].arch
    width, depth, trials = int(values["bd_width"]), int(values["bd_depth"]), int(values["bd_trials"])
    st.caption(
        tr(
            "training.bd_uses",
            act=get(arch.act).label,
            init=arch.init,
            bias=f"{arch.bias_init:g}",
            points=min(len(lab.data.x_train), 256),
        )
    )
    key = (width, depth, trials, arch, lab.config.data)  # what the result depends on
    run_column, setup_column = st.columns([1, 3], vertical_alignment="center")
    setup_column.button(tr("training.bd_lu"), key="bd_lu", on_click=_lu_setup, type="tertiary")
    if run_column.button(tr("training.bd_run"), key="bd_run", icon=":material/science:", type="primary"):
        if not SLOTS.acquire(_owner() + "-born-dead"):
            st.warning(tr("training.busy", runs=SLOTS.capacity), icon=":material/hourglass_top:")
        else:
            bar = st.progress(0.0)
            try:
                with one_thread():
                    result = born_dead(
                        lab.data.x_train, width, depth, trials, act=arch.act,
                        act_params=dict(arch.act_params), init=arch.init, init_std=arch.init_std,
                        bias_init=arch.bias_init, seed=lab.config.data.seed, progress=bar.progress,
                    )  # fmt: skip
            finally:
                SLOTS.release(_owner() + "-born-dead")
                bar.empty()
            st.session_state[BORN] = (key, result)
    stored = st.session_state.get(BORN)
    if not stored or stored[0] != key:
        return
    result = stored[1]
    a, b, c = st.columns(3)
    a.metric(tr("training.bd_p"), f"{result.p_born_dead:.1%}")
    b.metric(tr("training.bd_mean"), f"{result.mean_dead_fraction:.1%}")
    c.metric(tr("training.bd_trials_done"), f"{result.trials:,}")
    st.echarts_chart(born_dead_figure(result, lang), key="born_dead", height=300)


def main() -> None:
    lang = page_frame("nav.training")
    st.title(tr("training.title"))
    st.caption(tr("training.intro"))
    train_tab, born_tab = st.tabs([tr("training.tab.train"), tr("training.tab.born_dead")])
    with train_tab:
        notices, presets = st.container(), st.container()
        toolbar = st.columns([1, 1, 1, 3], vertical_alignment="bottom")
    with born_tab:
        st.markdown(tr("training.bd_intro"))
        born_dead_area = st.container()
    shown = apply_pending(PAGE)
    _reassert()
    link = link_fixes(PAGE, lambda raw: cfg.check(raw, link=True))
    values = enforce(PAGE, cfg.check, controls(born_dead_area, toolbar[3]), link)
    lab_config = cfg.lab_config(values)
    lab = st.session_state.get(LAB)
    if lab is None or st.session_state.get(REQUEST) != lab_config:  # what was asked, device included
        if lab is not None:
            lab.pause()
            SLOTS.release(_owner())
        try:
            lab = Lab(lab_config)
        except (RuntimeError, AssertionError):  # a GPU torch lists but can't use (memory, driver, build)
            if lab_config.device == "cpu":
                raise
            st.session_state[NOTICE] = "device"
            lab = Lab(replace(lab_config, device="cpu"))
        st.session_state[LAB], st.session_state[REQUEST] = lab, lab_config
    lab.pace = None if values["pace"] == "max" else float(values["pace"])
    with notices:
        show_problems(shown)
        notice = st.session_state.pop(NOTICE, None)
        if notice == "busy":
            st.warning(tr("training.busy", runs=SLOTS.capacity), icon=":material/hourglass_top:")
        elif notice == "device":
            st.warning(tr("training.device_failed", device=lab_config.device), icon=":material/memory:")
    with presets:
        st.pills(
            tr("training.presets"),
            list(PRESETS),
            format_func=lambda name: tr(f"training.preset.{name}"),
            key="preset",
            on_change=_apply_preset,
        )
    buttons(lab, toolbar[:3])
    # Back to back at full speed; at a chosen pace, 5 refreshes a second are enough.
    run_every = (PERIOD_S if lab.pace else RERUN_S) if lab.running else None
    with train_tab:
        st.fragment(live, run_every=run_every)(lang)
    with born_tab:
        born_dead_panel(values, lab, lang)
    if st.session_state.get(SYNC):
        st.fragment(_resync, run_every=0.3)()


main()
