"""The Training lab's own data (the uploader, ``dataset=upload``) and its download row.

Own data: a link can't carry a file, so ``dataset=upload`` shows a file uploader under the data
fields and says so. A file the checks refuse (:mod:`activations.training.upload`) gets one plain
warning naming the row and the problem, and changes nothing: the lab keeps the last file it
accepted, or, before any, the data set it had (moons on a fresh link). The accepted file's bytes
travel in the lab's configuration (``DataConfig.upload_csv``), so a new file is a new run.

Downloads (:mod:`activations.training.export`): the history as CSV, the configuration as JSON,
the weights as a ``state_dict`` and a standalone PyTorch script, per run in compare mode. Files
that change while a run trains are made when the button is pressed (``st.download_button`` with a
callable, ``on_click="ignore"``: no rerun, the run goes on).
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from activations.core.fields import escape_markdown
from activations.training import export, link, train_script
from activations.training.data import UPLOAD, parsed_upload
from activations.training.lab import LabConfig, RunView
from activations.training.link import TrainingState
from activations.training.session import LabSession
from activations.training.upload import MAX_BYTES, MAX_CLASSES, MAX_NAME, MAX_ROWS, UploadError, describe
from ui.classroom import container, visible
from ui.language import current_language, tr

UPLOADER = "training_upload"  # the uploader's widget key (not part of the link)
_ACCEPTED = "_training_upload_accepted"  # (file name, bytes) of the last file the checks accepted
_BUILT_IN = "_training_built_in"  # the last built-in data set used: what an upload link starts with


def uploader(dataset: str) -> None:
    """With ``dataset=upload``: the file uploader, why a link can't carry the file, and what the
    lab trains on (the accepted file, or a warning for a refused one). Part of the ``data`` group of
    classroom links."""
    if dataset == UPLOAD:
        with container("data"):
            _uploader()


def _uploader() -> None:
    st.caption(tr("upload.no_link"))
    help_text = tr(
        "upload.help", rows=f"{MAX_ROWS:,}", classes=MAX_CLASSES, kib=MAX_BYTES // 1024, name=MAX_NAME
    )
    file = st.file_uploader(tr("upload.label"), type=["csv"], key=UPLOADER, max_upload_size=1, help=help_text)
    if file is not None:
        try:
            parsed_upload(file.getvalue())
        except UploadError as error:
            detail = describe(error, current_language())
            message = escape_markdown(tr("upload.problem", file=file.name, detail=detail))
            st.warning(message, icon=":material/block:")
        else:
            st.session_state[_ACCEPTED] = (file.name, file.getvalue())
    accepted = st.session_state.get(_ACCEPTED)
    if accepted is None:
        st.info(tr("upload.waiting", dataset=st.session_state.get(_BUILT_IN, link.DATASET.default)))
        return
    name, data = accepted
    parsed = parsed_upload(data)
    st.caption(
        escape_markdown(  # class names are the visitor's text, like the file name
            tr(
                "upload.using",
                file=name,
                rows=f"{parsed.rows:,}",
                classes=parsed.classes,
                names=", ".join(parsed.class_names),
            )
        )
    )


def lab_config(state: TrainingState) -> LabConfig:
    """The configuration the widgets ask for, with the accepted file for ``dataset=upload`` (before
    any file: the last built-in data set)."""
    if state.dataset != UPLOAD:
        st.session_state[_BUILT_IN] = state.dataset
        return link.lab_config(state)
    accepted = st.session_state.get(_ACCEPTED)
    if accepted is None:
        built_in = st.session_state.get(_BUILT_IN, link.DATASET.default)
        return link.lab_config(dataclasses.replace(state, dataset=built_in))
    return link.lab_config(state, upload=accepted[1])


def _weights_available(session: LabSession) -> bool:
    """The weights come from the run itself: here in-process, or from the view a training worker
    sends, when that view carries the biases (and PReLU's slopes) besides the weight matrices."""
    return session.remote is None or "biases" in {field.name for field in dataclasses.fields(RunView)}


def _weights(session: LabSession, index: int) -> bytes:
    """The weights of run ``index`` now (called on the download's own thread)."""
    lab = session.lab
    if session.remote is None and lab is not None:
        with lab.lock:  # not in the middle of a step
            return export.weights(lab.runs[index].trainer.network)
    run = session.view().runs[index]
    return export.weights_from_arrays(run.arch, run.weights, run.biases, run.slopes)  # type: ignore[attr-defined]


def downloads(session: LabSession, state: TrainingState, config: LabConfig) -> None:
    """One row of download buttons: history, configuration, and per run the weights and the script.
    A classroom link that hides the ``export`` group leaves the row out, and one that hides a
    button (``download_script``...) that button (no state of the page lives in them)."""
    if visible("export"):
        _downloads(session, state, config)


def _downloads(session: LabSession, state: TrainingState, config: LabConfig) -> None:
    st.markdown(f"**{tr('training.export.title')}**")
    runs = range(len(config.runs))
    names = [""] if len(config.runs) == 1 else ["A", "B"]
    query = state.query()
    shown = [what for what in ("history", "config", "weights", "script") if visible(f"download_{what}")]
    columns = iter(st.columns(sum(len(runs) if what in ("weights", "script") else 1 for what in shown)))

    def button(what: str, data, name: str, mime: str, run: str = "", disabled: bool = False) -> None:
        if what not in shown:
            return
        label = tr(f"training.export.{what}")
        label = tr("training.export.of_run", what=label, run=run) if run else label
        help_text = tr("training.export.weights_remote" if disabled else f"training.export.help.{what}")
        next(columns).download_button(
            label, data, file_name=name, mime=mime, key=f"download_{what}{run}", on_click="ignore",
            icon=":material/download:", help=help_text, width="stretch", disabled=disabled,
        )  # fmt: skip

    history = lambda: export.history_csv([run.history for run in session.view().runs])  # noqa: E731
    button("history", history, export.file_name(config, "history", None), "text/csv")
    button("config", export.config_json(state, config.data), export.file_name(config, "config", None),
           "application/json")  # fmt: skip
    for index, run in zip(runs, names, strict=True):
        available = _weights_available(session)
        button("weights", lambda i=index: _weights(session, i), export.file_name(config, "weights", index),
               "application/octet-stream", run, disabled=not available)  # fmt: skip
        script = lambda i=index: train_script.training_script(  # noqa: E731
            config, i, session.steps or train_script.DEFAULT_STEPS, query
        )
        button("script", script, export.file_name(config, "script", index), "text/x-python", run)
