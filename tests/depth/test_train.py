"""Training through depth, measured: 30 ReLU layers of width 32 on moons. With plain SGD (lr 0.01,
300 full-batch steps) He (Kaiming) init learns while Glorot (Xavier) init stays at the chance loss
ln 2 ≈ 0.69 (He et al. 2015, Fig. 3: the signal reaching the readout has shrunk by 2^-14.5); with Adam
(lr 0.001, 300 steps) both learn, Adam's per-parameter scaling hiding the bad init. Checked on seeds
0, 1 and 2, under both of torch's CPU kernel paths (ATEN_CPU_CAPABILITY=default and avx2)."""

import math

import numpy as np
import pytest
import torch

from activations.depth.measure import DepthConfig, Shape
from activations.depth.train import Curve, train_depth
from activations.training.data import DataConfig

SEEDS = (0, 1, 2)
KAIMING, XAVIER = DepthConfig.of("relu", init="kaiming_normal"), DepthConfig.of("relu", init="xavier_normal")
CHANCE = math.log(2)


@pytest.fixture(scope="module")
def curves() -> dict[tuple[str, int], list[Curve]]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as in the training workers: tiny matrices, one thread is fastest
    try:
        result = {}
        for seed in SEEDS:
            data = DataConfig("moons", points=200, seed=seed).make()
            points, labels = data.x_train.numpy(), data.y_train.numpy()
            shape = Shape(depth=30, width=32, seed=seed)
            for optimizer, lr in (("sgd", 0.01), ("adam", 0.001)):
                result[optimizer, seed] = train_depth(
                    [KAIMING, XAVIER], shape, points, labels, optimizer, lr, 300
                )
        return result
    finally:
        torch.set_num_threads(threads)


@pytest.mark.parametrize("seed", SEEDS)
def test_sgd_kaiming_learns_while_xavier_stays_at_chance(curves, seed):
    kaiming, xavier = curves["sgd", seed]
    assert len(kaiming.losses) == len(xavier.losses) == 301
    assert kaiming.losses[-1] < 0.2
    assert all(abs(loss - CHANCE) < 0.01 for loss in xavier.losses)


@pytest.mark.parametrize("seed", SEEDS)
def test_adam_both_learn(curves, seed):
    kaiming, xavier = curves["adam", seed]
    assert kaiming.losses[-1] < 0.1 and xavier.losses[-1] < 0.1


def test_a_diverging_run_says_at_which_step():
    points = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]], dtype=np.float32)
    labels = np.array([0, 1, 0, 1])
    fractions: list[float] = []
    [curve] = train_depth(
        [DepthConfig.of("relu", init="normal", init_std=2.0)], Shape(depth=6, width=8), points, labels,
        "sgd", 10.0, 50, progress=fractions.append,
    )  # fmt: skip
    assert curve.diverged_at is not None and 0 < curve.diverged_at < 50
    assert len(curve.losses) == curve.diverged_at and all(math.isfinite(v) for v in curve.losses)
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_three_classes_start_near_ln_3():
    data = DataConfig("spiral3", points=90, seed=0).make()
    [curve] = train_depth(
        [DepthConfig.of("tanh", init="xavier_normal")], Shape(depth=3, width=16), data.x_train.numpy(),
        data.y_train.numpy(), "adam", 0.01, 20,
    )  # fmt: skip
    assert curve.losses[0] == pytest.approx(math.log(3), rel=0.3) and curve.losses[-1] < curve.losses[0]
