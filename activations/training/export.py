"""What a Training lab run can be taken away as: history, configuration and weights.

Pure functions returning text or bytes, used by the page's download buttons and by
``python -m activations export``:

* :func:`history_csv`: the run's history (the records the lab keeps: at most 400, thinned evenly
  over the run), one row per record: ``step``, ``epoch``, ``loss`` (training), ``test_loss``,
  ``train_acc``, ``test_acc``, then ``dead_1`` … and ``saturated_1`` … per hidden layer; in compare
  mode a first column ``run`` (``a``, ``b``);
* :func:`config_json`: the link's keys and values, **all of them** (defaults included) under
  ``values``, and the shareable query string, which leaves defaults out (``query``); with your own
  data, the file's row count, classes and digest (the file itself travels in the script);
* :func:`weights`: the trained parameters as a ``torch.save``'d ``state_dict`` of the
  ``nn.Sequential`` the script builds: ``0.weight``, ``0.bias``, ``2.weight`` … (``1.weight``,
  ``3.weight`` … are PReLU's slopes);
* the standalone script that trains the run again: :mod:`~activations.training.train_script`.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import OrderedDict
from collections.abc import Mapping, Sequence

import numpy as np
import torch

from activations.training import link
from activations.training.data import UPLOAD, DataConfig
from activations.training.lab import History, LabConfig
from activations.training.model import Architecture, Network

RUN_NAMES = "ab"


def stem(config: LabConfig, run: int | None = 0) -> str:
    """What a file holds, for its name: ``training_relu_8-8_moons``; ``run=None`` in compare mode
    names both runs (``training_relu-vs-leaky_relu_moons``)."""
    if run is None and len(config.runs) > 1:
        acts = "-vs-".join(r.arch.act for r in config.runs)
        return f"training_{acts}_{config.data.dataset}"
    arch = config.runs[run or 0].arch
    widths = "-".join(str(w) for w in arch.hidden)
    suffix = f"_{RUN_NAMES[run]}" if run is not None and len(config.runs) > 1 else ""
    return f"training_{arch.act}_{widths}_{config.data.dataset}{suffix}"


def file_name(config: LabConfig, what: str, run: int | None = 0) -> str:
    """``training_relu_8-8_moons_history.csv`` for ``what`` in history, config, weights, script."""
    ending = {
        "history": "history.csv",
        "config": "config.json",
        "weights": "weights.pt",
        "script": "train.py",
    }
    return f"{stem(config, run)}_{ending[what]}"


# --- history -------------------------------------------------------------------------------------


def history_csv(histories: Sequence[History]) -> str:
    """The records of one run (or two, with a ``run`` column) as CSV text."""
    layers = max(len(h.widths) for h in histories)
    named = len(histories) > 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["step", "epoch", "loss", "test_loss", "train_acc", "test_acc"]
    header += [f"dead_{k + 1}" for k in range(layers)] + [f"saturated_{k + 1}" for k in range(layers)]
    writer.writerow((["run"] if named else []) + header)
    for index, history in enumerate(histories):
        series = [history.series(name) for name in History.SERIES]
        dead, saturated = history.per_layer("dead"), history.per_layer("saturated")
        pad = [""] * (layers - len(history.widths))
        for row in range(len(history)):
            step, epoch, *measured = (float(s[row]) for s in series)
            cells = [int(step), _number(epoch), *(_number(v) for v in measured)]
            cells += [int(d) for d in dead[row]] + pad + [int(s) for s in saturated[row]] + pad
            writer.writerow(([RUN_NAMES[index]] if named else []) + cells)
    return out.getvalue()


def _number(value: float) -> str:
    """Shortest text that reads back as the same float; ``nan`` and ``inf`` as such."""
    return repr(float(value)) if math.isfinite(value) else str(float(value))


# --- configuration -------------------------------------------------------------------------------


def config_json(state: link.TrainingState, data: DataConfig | None = None) -> str:
    """Every key and value of the link (defaults included), the query string (defaults left out:
    :meth:`~activations.core.state.State.query`) and, for your own data, what the file was
    (``data``: the lab's data configuration)."""
    values = state.values()
    every = {field.key: values[field.key] for field in state.fields()}
    document: dict[str, object] = {"page": "/training", "query": state.query(), "values": every}
    if data is not None and data.dataset == UPLOAD:
        upload = data.uploaded()
        document["upload"] = {
            "rows": upload.rows,
            "classes": upload.classes,
            "class_names": list(upload.class_names),
            "sha256_16": upload.digest,
        }
    return json.dumps(document, indent=2) + "\n"


# --- weights -------------------------------------------------------------------------------------


def parameters_state(
    arch: Architecture, weights: Sequence, biases: Sequence, slopes: Sequence[float] = ()
) -> OrderedDict[str, torch.Tensor]:
    """The parameters (tensors or numpy arrays, one per layer; ``slopes``: PReLU's, one per hidden
    layer) named as in the ``nn.Sequential`` of the exported script
    (:mod:`~activations.training.train_script`), as CPU float32 copies: each one its own storage, so
    a saved file holds only what it names."""
    state: OrderedDict[str, torch.Tensor] = OrderedDict()
    hidden = len(arch.hidden)
    for layer, (weight, bias) in enumerate(zip(weights, biases, strict=True)):
        state[f"{2 * layer}.weight"] = _copy(weight)
        state[f"{2 * layer}.bias"] = _copy(bias)
        if len(slopes) and layer < hidden:
            state[f"{2 * layer + 1}.weight"] = torch.tensor([float(slopes[layer])])
    return state


def _copy(values: object) -> torch.Tensor:
    tensor = values.detach() if isinstance(values, torch.Tensor) else torch.from_numpy(np.asarray(values))
    return tensor.to("cpu", torch.float32, copy=True).contiguous()


def state_dict(network: Network) -> OrderedDict[str, torch.Tensor]:
    """:func:`parameters_state` of a live network."""
    return parameters_state(network.arch, network.weights, network.biases, network.slopes())


def _saved(state: Mapping[str, torch.Tensor]) -> bytes:
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


def weights(network: Network) -> bytes:
    """:func:`state_dict` as ``torch.save`` writes it (load with ``torch.load(path)``)."""
    return _saved(state_dict(network))


def weights_from_arrays(
    arch: Architecture, weights: Sequence, biases: Sequence, slopes: Sequence[float] = ()
) -> bytes:
    """:func:`parameters_state` as ``torch.save`` writes it (a run seen through its view)."""
    return _saved(parameters_state(arch, weights, biases, slopes))
