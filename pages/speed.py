"""Speed page (``/speed``): is ReLU popular because it is fast? Every activation timed against a copy."""

import time

import pandas as pd
import streamlit as st
import torch

from activations.core.registry import NAMES
from activations.speed.figures import VIEWS, ratio_figure
from activations.speed.link import (
    DEFAULT_DEVICE,
    DEFAULT_DTYPE,
    DEFAULT_SIZE,
    DTYPES,
    MAX_ELEMENTS,
    MIN_ELEMENTS,
    SIZE_PRESETS,
    Config,
    available_devices,
    check,
    human_bytes,
    short_count,
)
from activations.speed.tables import (
    conclusion,
    format_number,
    format_ratio,
    format_seconds,
    inplace_records,
    table_records,
    time_unit,
)
from activations.speed.timing import RESULTS, BenchResult, Busy, device_name, run_benchmark
from ui.frame import page_frame, tr
from ui.link_state import apply_pending, enforce, link_fixes, show_problems

PAGE = "speed"
PROGRESS_EVERY_S = 0.1


def _apply_preset() -> None:
    """A quick-size pill sets the bound ``size`` and then clears itself (it acts as a button)."""
    preset = st.session_state.get("size_preset")
    if preset:
        st.session_state["size"] = int(preset)  # an int, so the link reads size=16384, not 16384.0
    st.session_state["size_preset"] = None


def controls() -> dict[str, object]:
    """The sidebar widgets, each bound to its URL key; returns their values."""
    with st.sidebar:
        device = st.segmented_control(
            tr("speed.device"),
            available_devices(),
            default=DEFAULT_DEVICE,
            key="device",
            bind="query-params",
            required=True,
            help=tr("speed.device_help"),
        )
        dtype = st.segmented_control(
            tr("speed.dtype"),
            DTYPES,
            default=DEFAULT_DTYPE,
            key="dtype",
            bind="query-params",
            required=True,
            help=tr("speed.dtype_help"),
        )
        # A float widget on purpose: Streamlit's int number_input raises OverflowError when a link
        # says size=inf (or 1e999); the float one resets such values to the default.
        size = st.number_input(
            tr("speed.size"),
            float(MIN_ELEMENTS),
            float(MAX_ELEMENTS),
            float(DEFAULT_SIZE),
            step=1024.0,
            format="%.0f",
            key="size",
            bind="query-params",
            help=tr("speed.size_help", max=f"{MAX_ELEMENTS:,}"),
        )
        st.pills(
            tr("speed.presets"),
            SIZE_PRESETS,
            format_func=short_count,
            key="size_preset",
            on_change=_apply_preset,
        )
    return {"device": device, "dtype": dtype, "size": int(size) if float(size).is_integer() else size}


def measure(config: Config, cached: BenchResult | None) -> BenchResult | None:
    """Run the benchmark with a progress bar; on a busy server, say so and keep ``cached``."""
    bar = st.progress(0.0, text=tr("speed.starting"))
    last_update = 0.0

    def on_progress(done: int, total: int, label: str, phase: str) -> None:
        nonlocal last_update
        now = time.perf_counter()
        if now - last_update < PROGRESS_EVERY_S and phase != "done":
            return
        last_update = now
        text = tr("speed.progress", label=label, phase=tr(f"speed.phase.{phase}"), done=done, total=total)
        bar.progress(min(done / total, 1.0), text=text)

    try:
        result = run_benchmark(config, on_progress=on_progress)
    except Busy:
        bar.empty()
        st.warning(tr("speed.busy"), icon=":material/hourglass_top:")
        return cached
    RESULTS.put(result)
    st.rerun()  # redraw from the stored result, with the button now saying "Measure again"


def summary(result: BenchResult, lang: str) -> None:
    with st.container(border=True):
        st.subheader(tr("speed.conclusion"), anchor=False)
        st.markdown("\n".join(f"- {sentence}" for sentence in conclusion(result, lang)))
    relu = result.summary("relu")
    copy, bandwidth, relu_ratio, threads = st.columns(4)
    copy.metric(tr("speed.m.copy"), format_seconds(result.copy.median))
    bandwidth.metric(tr("speed.m.bandwidth"), f"{result.copy_gbps:.3g} GB/s")
    relu_ratio.metric(
        tr("speed.m.relu"), format_ratio(relu.ratio_to_copy if relu else None), help=tr("speed.m.relu_help")
    )
    threads.metric(tr("speed.m.threads"), result.threads, help=tr("speed.m.threads_help"))


def chart(result: BenchResult, lang: str) -> None:
    view = st.segmented_control(
        tr("speed.view"),
        VIEWS,
        default="fwd",
        format_func=lambda v: tr(f"speed.view.{v}"),
        key="speed_view",
        required=True,
    )
    st.plotly_chart(ratio_figure(result, lang, view), key="chart", config={"displaylogo": False})
    st.caption(tr("speed.chart.caption"))


def table(result: BenchResult) -> None:
    """Every activation's numbers, and the in-place variants in a table of their own."""
    unit, _ = time_unit(result)
    text, number = st.column_config.TextColumn, st.column_config.NumberColumn  # display from the Styler
    times = dict.fromkeys(("fwd", "fwd_bwd", "inplace"), format_number)
    ratios = dict.fromkeys(("fwd_bwd_ratio_to_copy", "inplace_speedup", "inplace_ratio_to_copy"), "{:.2f}×")
    formats = {**times, **ratios, "fwd_spread": "{:.0%}", "gbps": "{:.1f}"}
    frame = pd.DataFrame(table_records(result))
    if not frame["error"].astype(bool).any():
        frame = frame.drop(columns="error")
    peak = max(1.0, float(frame["ratio_to_copy"].max(skipna=True)))
    st.dataframe(
        frame.style.format({k: v for k, v in formats.items() if k in frame}, na_rep="—"),
        hide_index=True,
        height="content",
        column_config={
            "activation": text(tr("speed.col.activation"), pinned=True),
            "fwd": number(tr("speed.col.fwd", unit=unit)),
            "fwd_spread": number(tr("speed.col.fwd_spread"), help=tr("speed.col.spread_help")),
            "gbps": number(tr("speed.col.gbps"), help=tr("speed.col.gbps_help")),
            "ratio_to_copy": st.column_config.ProgressColumn(
                tr("speed.col.ratio_to_copy"),
                format="%.2f×",
                min_value=0.0,
                max_value=peak,
                help=tr("speed.col.ratio_help"),
            ),
            "fwd_bwd": number(tr("speed.col.fwd_bwd", unit=unit)),
            "fwd_bwd_ratio_to_copy": number(
                tr("speed.col.fwd_bwd_ratio_to_copy"), help=tr("speed.col.fwd_bwd_ratio_help")
            ),
            "error": text(tr("speed.col.error")),
        },
    )
    failed = [row.label for row in result.rows if row.error]
    if failed:
        st.warning(tr("speed.errors", names=", ".join(failed)), icon=":material/error:")
    inplace = pd.DataFrame(inplace_records(result))
    if inplace.empty:
        return
    st.subheader(tr("speed.inplace_title"), anchor=False)
    st.caption(tr("speed.inplace_caption"))
    st.dataframe(
        inplace.style.format({k: v for k, v in formats.items() if k in inplace}, na_rep="—"),
        hide_index=True,
        column_config={
            "activation": text(tr("speed.col.activation"), pinned=True),
            "inplace_call": text(tr("speed.col.inplace_call")),
            "fwd": number(tr("speed.col.out_of_place", unit=unit)),
            "inplace": number(tr("speed.col.inplace", unit=unit)),
            "inplace_speedup": number(tr("speed.col.inplace_speedup"), help=tr("speed.col.speedup_help")),
            "inplace_ratio_to_copy": number(tr("speed.col.ratio_to_copy"), help=tr("speed.col.ratio_help")),
            "inplace_verified": st.column_config.CheckboxColumn(
                tr("speed.col.verified"), help=tr("speed.col.verified_help")
            ),
        },
    )
    unverified = [row.inplace_call for row in result.rows if row.inplace_verified is False]
    if unverified:
        st.warning(tr("speed.inplace_unverified", names=", ".join(unverified)), icon=":material/error:")


def method(result: BenchResult) -> None:
    config, settings = result.config, result.settings
    with st.expander(tr("speed.method")):
        st.markdown(
            tr(
                "speed.method_text",
                size=f"{config.size:,}",
                dtype=config.dtype,
                bytes=human_bytes(config.tensor_bytes),
                device=config.device,
                name=result.device_name,
                warmup=settings.warmup,
                repeats=settings.repeats,
                target=f"{settings.target * 1e3:g}",
                timer=result.timer,
                threads=result.threads,
                torch=result.torch_version,
            )
        )


def main() -> None:
    lang = page_frame("nav.speed")
    shown = apply_pending(PAGE)
    link = link_fixes(PAGE, check)
    values = enforce(PAGE, check, controls(), link)
    config = Config.of(values)
    with st.sidebar:
        st.caption(
            tr(
                "speed.size_caption",
                count=f"{config.size:,}",
                bytes=human_bytes(config.tensor_bytes),
                dtype=config.dtype,
            )
        )
    st.title(tr("speed.title"), anchor=False)
    st.markdown(tr("speed.intro"))
    show_problems(shown)
    st.caption(
        tr(
            "speed.hardware",
            device=config.device.upper(),
            name=device_name(config.device),
            torch=torch.__version__,
            threads=torch.get_num_threads(),
        )
    )
    result = RESULTS.get(config)
    clicked = st.button(
        tr("speed.rerun") if result else tr("speed.run"), key="run", type="primary", icon=":material/timer:"
    )
    if clicked:
        result = measure(config, result)
    if result is None:
        st.info(
            tr(
                "speed.prompt",
                count=len(NAMES),
                size=f"{config.size:,}",
                device=config.device,
                dtype=config.dtype,
            ),
            icon=":material/timer:",
        )
        return
    rounds = len(result.copy.samples)
    st.caption(
        tr(
            "speed.measured",
            time=time.strftime("%H:%M:%S", time.localtime(result.started_at)),
            elapsed=f"{result.elapsed:.1f}",
            rounds=rounds,
        )
    )
    summary(result, lang)
    chart(result, lang)
    table(result)
    method(result)


main()
