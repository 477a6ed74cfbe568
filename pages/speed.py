"""Speed page (``/speed``): is ReLU popular because it is fast? Every activation timed against a copy."""

import time

import streamlit as st
import torch

from activations.core.fields import Field
from activations.core.registry import NAMES
from activations.speed import export, link
from activations.speed.figures import VIEWS, ratio_alt, ratio_figure
from activations.speed.tables import (
    conclusion,
    failed,
    format_ratio,
    format_seconds,
    human_bytes,
    inplace_table,
    method_text,
    results_table,
    short_count,
    styled,
    time_unit,
    unverified,
)
from activations.speed.timing import RESULTS, BenchResult, Busy, Config, device_name, run_benchmark
from ui.binder import bind, program, show_problems
from ui.classroom import container, visible
from ui.fields import widget
from ui.frame import page_frame
from ui.language import tr

PROGRESS_EVERY_S = 0.1


def _apply_preset() -> None:
    """A quick-size pill sets ``size`` (and so the link), then clears itself: it acts as a button."""
    preset = st.session_state.get("size_preset")
    if preset:
        program({"size": int(preset)})  # an int, so the link reads size=16384, not 16384.0
    st.session_state["size_preset"] = None


def controls() -> dict[Field, object]:
    """The sidebar widgets, each bound to its URL key; returns their values by field."""
    with st.sidebar:
        values = {field: widget(field) for field in link.FIELDS}
        if visible("size_preset"):
            st.pills(
                tr("speed.presets"),
                link.SIZE_PRESETS,
                format_func=short_count,
                key="size_preset",
                on_change=_apply_preset,
            )
    return values


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
    view = container("speed_view").segmented_control(
        tr("speed.view"),
        VIEWS,
        default="fwd",
        format_func=lambda v: tr(f"speed.view.{v}"),
        key="speed_view",
        required=True,
    )
    alt = ratio_alt(result, lang, view)  # what screen readers announce for the chart
    st.plotly_chart(ratio_figure(result, lang, view), key="chart", alt=alt, config={"displaylogo": False})
    st.caption(tr("speed.chart.caption"))


def table(result: BenchResult) -> None:
    """Every activation's numbers (display formats come from the Styler), then the in-place variants."""
    unit, _ = time_unit(result)
    text, number = st.column_config.TextColumn, st.column_config.NumberColumn
    frame = results_table(result)
    ratio_bar = st.column_config.ProgressColumn(
        tr("speed.col.ratio_to_copy"),
        format="%.2f×",
        min_value=0.0,
        max_value=max(1.0, float(frame["ratio_to_copy"].max(skipna=True))),
        help=tr("speed.col.ratio_help"),
    )
    st.dataframe(
        styled(frame),
        hide_index=True,
        height="content",
        column_config={
            "activation": text(tr("speed.col.activation"), pinned=True),
            "fwd": number(tr("speed.col.fwd", unit=unit)),
            "fwd_spread": number(tr("speed.col.fwd_spread"), help=tr("speed.col.spread_help")),
            "gbps": number(tr("speed.col.gbps"), help=tr("speed.col.gbps_help")),
            "ratio_to_copy": ratio_bar,
            "fwd_bwd": number(tr("speed.col.fwd_bwd", unit=unit)),
            "fwd_bwd_ratio_to_copy": number(
                tr("speed.col.fwd_bwd_ratio_to_copy"), help=tr("speed.col.fwd_bwd_ratio_help")
            ),
            "error": text(tr("speed.col.error")),
        },
    )
    if names := failed(result):
        st.warning(tr("speed.errors", names=", ".join(names)), icon=":material/error:")
    inplace = inplace_table(result)
    if inplace.empty:
        return
    st.subheader(tr("speed.inplace_title"), anchor=False)
    st.caption(tr("speed.inplace_caption"))
    st.dataframe(
        styled(inplace),
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
    if calls := unverified(result):
        st.warning(tr("speed.inplace_unverified", names=", ".join(calls)), icon=":material/error:")


def downloads(result: BenchResult) -> None:
    """The results as CSV and JSON files, with the command line's fields."""
    buttons = [
        ("export_csv", "csv", "text/csv", export.to_csv, ":material/table:"),
        ("export_json", "json", "application/json", export.to_json, ":material/data_object:"),
    ]
    buttons = [button for button in buttons if visible(button[0])]
    if not buttons:
        return
    with st.container(horizontal=True):
        for key, extension, mime, make, icon in buttons:
            name = export.file_name(result, extension)
            st.download_button(
                tr(f"export.{extension}"),
                make(result),
                file_name=name,
                mime=mime,
                key=key,
                icon=icon,
                on_click="ignore",
                help=tr("export.per_activation_help", name=name),
            )


def main() -> None:
    lang = page_frame("nav.speed")
    values, problems = bind("speed", link.check, controls)
    config = values.config()
    size = f"{config.size:,}"
    st.sidebar.caption(
        tr("speed.size_caption", count=size, bytes=human_bytes(config.tensor_bytes), dtype=config.dtype)
    )
    st.title(tr("speed.title"), anchor=False)
    st.markdown(tr("speed.intro"))
    show_problems(problems)
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
    label = tr("speed.rerun") if result else tr("speed.run")
    if visible("run") and st.button(label, key="run", type="primary", icon=":material/timer:"):
        result = measure(config, result)
    if result is None:
        prompt = tr("speed.prompt", count=len(NAMES), size=size, device=config.device, dtype=config.dtype)
        st.info(prompt, icon=":material/timer:")
        return
    started = time.strftime("%H:%M:%S", time.localtime(result.started_at))
    rounds = len(result.copy.samples)
    st.caption(tr("speed.measured", time=started, elapsed=f"{result.elapsed:.1f}", rounds=rounds))
    summary(result, lang)
    chart(result, lang)
    table(result)
    downloads(result)
    with st.expander(tr("speed.method")):
        st.markdown(method_text(result, lang))


main()
