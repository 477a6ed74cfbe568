"""Frames of the live-lab stream: they carry torch's numbers, in the documented layout."""

import json
import struct
from dataclasses import replace

import numpy as np
import pytest
import torch

from activations.training import lab as lab_module
from activations.training.data import DataConfig
from activations.training.frames import ALIGN, decode, encode, history_rows
from activations.training.lab import GRID, Lab, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import architecture


def lab_for(hidden=(8, 8), dataset="moons", act="relu", runs=1) -> Lab:
    classes = 3 if dataset == "spiral3" else 2
    run = RunConfig(architecture(hidden, classes, act), Recipe("sgd", 3.0, 32))
    lab = Lab(LabConfig(DataConfig(dataset, 300), (run,) * runs))
    lab.step(5)
    lab.step(5)
    return lab


def test_the_layout_is_aligned_and_the_header_says_what_the_run_is():
    lab = lab_for()
    data, _ = encode(lab.view(), seq=7, lang="en")
    (length,) = struct.unpack_from("<I", data)
    header = json.loads(data[4 : 4 + length])
    body = -(-(4 + length) // ALIGN) * ALIGN
    assert data[4 + length : body] == bytes(body - 4 - length)
    end = max(section["offset"] + section["bytes"] for section in header["sections"].values())
    assert len(data) == body + -(-end // ALIGN) * ALIGN
    assert all(section["offset"] % ALIGN == 0 for section in header["sections"].values())
    assert header["v"] == 1 and header["seq"] == 7 and header["status"] == "paused"
    assert header["steps"] == 10 and header["grid"] == GRID and header["classes"] == 2
    assert header["sizes"] == [[2, 8, 8, 1]] and header["extent"] == lab.data.extent
    run = header["runs"][0]
    snapshot = lab.runs[0].latest
    assert run["step"] == 10 and run["train_loss"] == pytest.approx(snapshot.train_loss)
    assert run["dead"] == [mask.astype(int).tolist() for mask in snapshot.units.dead]
    assert [len(mask) for mask in run["saturated"]] == [8, 8]
    assert set(header["alt"]) == {"boundary", "network", "curves"} and "10" in header["alt"]["curves"]


def test_non_finite_numbers_travel_as_null():
    lab = lab_for()
    lab.runs[0].latest = replace(lab.runs[0].latest, train_loss=float("nan"), test_loss=float("inf"))
    frame = decode(encode(lab.view(), seq=1)[0])
    assert frame["runs"][0]["train_loss"] is None and frame["runs"][0]["test_loss"] is None
    assert frame["steps_per_s"] is None and "alt" not in frame


@pytest.mark.parametrize("dataset", ["moons", "spiral3"])
def test_the_boundary_is_torchs_forward_rounded_to_float16(dataset):
    lab = lab_for(dataset=dataset)
    view = lab.view()
    frame = decode(encode(view, seq=1)[0])
    boundary = frame["arrays"][frame["runs"][0]["boundary"]]
    expected = lab.runs[0].trainer.probabilities(lab.data.extent, GRID)
    assert boundary.dtype == np.float16 and boundary.shape == expected.shape
    assert np.array_equal(boundary, expected.astype(np.float16))
    # orientation: row 0 is the bottom row (y = -extent), column 0 the left one (x = -extent)
    extent, trainer = lab.data.extent, lab.runs[0].trainer
    corner = -extent + extent / GRID
    logits = trainer.network.forward(torch.tensor([[corner, -corner], [-corner, corner]]))[2]
    if trainer.arch.classes == 2:
        top_left = torch.sigmoid(logits[0, 0]).item()
        assert boundary[1, GRID - 1, 0] == pytest.approx(top_left, abs=1e-3)
    else:
        probs = torch.softmax(logits, 1)
        assert boundary[:, GRID - 1, 0] == pytest.approx(probs[0].numpy(), abs=1e-3)
        assert boundary[:, 0, GRID - 1] == pytest.approx(probs[1].numpy(), abs=1e-3)


def test_weights_are_each_layers_matrix_in_float16():
    lab = lab_for(hidden=(6, 4))
    frame = decode(encode(lab.view(), seq=1)[0])
    names = frame["runs"][0]["weights"]
    matrices = [w.numpy() for w in lab.runs[0].trainer.network.layer_weights()]
    assert [frame["arrays"][name].shape for name in names] == [(6, 2), (4, 6), (1, 4)]
    for name, matrix in zip(names, matrices, strict=True):
        assert np.array_equal(frame["arrays"][name], matrix.astype(np.float16))


def test_compare_mode_sends_both_runs():
    lab = lab_for(runs=2)
    frame = decode(encode(lab.view(), seq=1, lang="ko")[0])
    assert len(frame["runs"]) == 2 and len(frame["sizes"]) == 2
    assert len(frame["alt"]["boundary"]) == 2 and "A" in frame["alt"]["curves"]
    assert len({run["boundary"] for run in frame["runs"]}) == 2


def test_history_rows_append_then_replace_after_thinning(monkeypatch):
    monkeypatch.setattr(lab_module, "MAX_RECORDS", 6)
    lab = lab_for()
    first, cursor = encode(lab.view(), seq=1)
    first = decode(first)
    history = first["arrays"][first["runs"][0]["history"]]
    assert first["history_replace"] and history.shape == (3, 6 + 2 * 2)  # steps 0, 5, 10
    assert np.array_equal(history, history_rows(lab.runs[0].history))
    assert history[:, 0].tolist() == [0, 5, 10]
    lab.step(1)
    lab.step(1)
    second, cursor = encode(lab.view(), seq=2, cursor=cursor)
    second = decode(second)
    rows = second["arrays"][second["runs"][0]["history"]]
    assert not second["history_replace"] and rows[:, 0].tolist() == [11, 12]
    for _ in range(3):  # the 7th record thins the history to every other one
        lab.step(1)
    third = decode(encode(lab.view(), seq=3, cursor=cursor)[0])
    rows = third["arrays"][third["runs"][0]["history"]]
    assert third["history_replace"] and np.array_equal(rows, history_rows(lab.runs[0].history))
    assert len(rows) <= 6 and rows[-1, 0] == 15
    assert decode(encode(lab.view(), seq=4, cursor=cursor)[0])["history_replace"]  # an older cursor


def test_an_unchanged_history_appends_no_rows():
    lab = lab_for()
    view = lab.view()
    _, cursor = encode(view, seq=1)
    frame = decode(encode(view, seq=2, cursor=cursor)[0])
    assert not frame["history_replace"] and frame["arrays"][frame["runs"][0]["history"]].shape == (0, 10)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_a_cuda_run_encodes_the_numbers_its_gpu_computed():
    run = RunConfig(architecture((8, 8)), Recipe("sgd", 3.0, 32))
    lab = Lab(LabConfig(DataConfig("moons", 300), (run,), device="cuda"))
    lab.step(5)
    frame = decode(encode(lab.view(), seq=1)[0])
    expected = lab.runs[0].trainer.probabilities(lab.data.extent, GRID)
    assert np.array_equal(frame["arrays"]["boundary.0"], expected.astype(np.float16))
    assert frame["runs"][0]["step"] == 5
