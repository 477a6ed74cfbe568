"""The fast training loop against plain PyTorch: init, gradients, optimizer steps, reproducibility."""

import math

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from activations.core.registry import get
from activations.training.data import make_dataset
from activations.training.lab import DIVERGED, FINISHED, MAX_RECORDS, PAUSED, RUNNING, History, Lab
from activations.training.loop import Recipe, Trainer
from activations.training.model import Network, architecture
from activations.training.optim import FlatOptimizer

MOONS = make_dataset("moons", 200, 0.1, 0.2, seed=0)
SPIRAL3 = make_dataset("spiral3", 150, 0.05, 0.2, seed=0)


def test_network_layout_biases_and_views():
    net = Network(architecture([8, 4], 3, "prelu", {"init": 0.1}, "normal", 0.5, -0.5), seed=1)
    assert [tuple(w.shape) for w in net.weights] == [(8, 2), (4, 8), (3, 4)]
    assert all(float(b.unique()) == -0.5 for b in net.biases[:-1]) and float(net.biases[-1].abs().sum()) == 0
    assert net.slopes() == pytest.approx([0.1, 0.1])
    net.weights[0].fill_(7.0)  # a view: the flat tensor changes with it
    assert float(net.flat[:16].sum()) == 7.0 * 16


def _torch_model(trainer: Trainer) -> tuple[nn.Sequential, list[torch.Tensor]]:
    """The same network as plain nn modules (copies of the trainer's parameters)."""
    arch, net = trainer.arch, trainer.network
    params = dict(arch.act_params)
    layers: list[nn.Module] = []
    for index, weight in enumerate(net.weights):
        linear = nn.Linear(weight.shape[1], weight.shape[0])
        linear.weight.data.copy_(weight)
        linear.bias.data.copy_(net.biases[index])
        layers.append(linear)
        if index < len(arch.hidden):
            if arch.act == "prelu":
                layers.append(nn.PReLU(init=net.slopes()[index]))
            else:
                layers.append(_Lambda(lambda z: get(arch.act)(z, **params)))
    model = nn.Sequential(*layers)
    return model, list(model.parameters())


class _Lambda(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, z):
        return self.fn(z)


@pytest.mark.parametrize(
    ("act", "params", "data"),
    [
        ("relu", {}, MOONS),
        ("tanh", {}, MOONS),
        ("gelu", {}, SPIRAL3),
        ("softsign", {}, MOONS),
        ("elu", {"alpha": 0.7}, SPIRAL3),
        ("hardtanh", {"min_val": -0.5, "max_val": 0.5}, MOONS),
    ],
)
def test_gradients_equal_autograd(act, params, data):
    trainer = Trainer(data, architecture([6, 5], data.classes, act, params), Recipe("sgd", 0.0, 1000))
    model, _ = _torch_model(trainer)
    logits = model(data.x_train)
    if data.classes == 2:
        loss = F.binary_cross_entropy_with_logits(logits.squeeze(1), data.y_train.float())
    else:
        loss = F.cross_entropy(logits, data.y_train)
    loss.backward()
    trainer.step(1)  # lr 0: only fills the gradient
    net = trainer.network
    for index, module in enumerate(m for m in model if isinstance(m, nn.Linear)):
        assert torch.allclose(net.weight_grads[index], module.weight.grad, rtol=1e-4, atol=1e-6)
        assert torch.allclose(net.bias_grads[index], module.bias.grad, rtol=1e-4, atol=1e-6)


def test_prelu_slope_gradient_equals_autograd():
    trainer = Trainer(MOONS, architecture([6, 5], 2, "prelu", {"init": 0.2}), Recipe("sgd", 0.0, 1000))
    model, _ = _torch_model(trainer)
    F.binary_cross_entropy_with_logits(model(MOONS.x_train).squeeze(1), MOONS.y_train.float()).backward()
    trainer.step(1)
    slopes = [m.weight.grad for m in model if isinstance(m, nn.PReLU)]
    assert torch.allclose(trainer.network.grad[trainer.network.n_decayed :], torch.cat(slopes), rtol=1e-4)


@pytest.mark.parametrize(("kind", "l2"), [("sgd", 0.0), ("momentum", 0.01), ("adam", 0.0), ("adam", 0.01)])
def test_optimizer_steps_equal_torch_optim(kind, l2):
    start = torch.randn(50, generator=torch.Generator().manual_seed(0))
    grads = [torch.randn(50, generator=torch.Generator().manual_seed(k + 1)) for k in range(5)]
    flat, grad = start.clone(), torch.zeros(50)
    ours = FlatOptimizer(kind, flat, grad, lr=0.05, l2=l2, n_decayed=50)
    param = nn.Parameter(start.clone())
    if kind == "adam":
        theirs = torch.optim.Adam([param], lr=0.05, weight_decay=l2, fused=True)
    else:
        theirs = torch.optim.SGD([param], lr=0.05, momentum=0.9 if kind == "momentum" else 0, weight_decay=l2)
    for g in grads:
        grad.copy_(g)
        ours.step()
        param.grad = g.clone()
        theirs.step()
    assert torch.allclose(flat, param.detach(), rtol=1e-6, atol=1e-7)


def test_l2_leaves_prelu_slopes_alone():
    flat, grad = torch.ones(10), torch.zeros(10)
    FlatOptimizer("sgd", flat, grad, lr=1.0, l2=0.5, n_decayed=8).step()
    assert flat.tolist() == [0.5] * 8 + [1.0] * 2


def test_same_seed_same_run_however_the_steps_are_split():
    arch, recipe = architecture([8, 8], 2, "rrelu"), Recipe("adam", 0.01, 16)
    once, twice = Trainer(MOONS, arch, recipe, seed=3), Trainer(MOONS, arch, recipe, seed=3)
    once.step(60)
    twice.step(25)
    twice.snapshot()  # measuring in between changes nothing
    twice.step(35)
    assert torch.equal(once.network.flat, twice.network.flat)
    other = Trainer(MOONS, arch, recipe, seed=4)
    other.step(60)
    assert not torch.equal(once.network.flat, other.network.flat)


def test_epochs_minibatches_and_full_batch():
    mini = Trainer(MOONS, architecture([4]), Recipe("sgd", 0.1, 30))
    assert mini.steps_per_epoch == 6  # 160 training points: 5 batches of 30 and one of 10
    mini.step(9)
    assert mini.epoch == 1.5
    full = Trainer(MOONS, architecture([4]), Recipe("sgd", 0.1, 5000))
    assert full.full_batch and full.steps_per_epoch == 1


def test_training_learns_and_run_for_respects_max_steps():
    trainer = Trainer(MOONS, architecture([16, 16]), Recipe("adam", 0.02, 160))
    before = trainer.snapshot()
    assert trainer.run_for(math.inf, max_steps=300) == 300  # the step count ends it, never the clock
    after = trainer.snapshot()
    assert after.train_loss < before.train_loss / 3 and after.test_acc > 0.9
    assert trainer.run_for(0.0) == 1  # at least one step even with no time


def test_three_classes_use_softmax_and_learn():
    trainer = Trainer(SPIRAL3, architecture([32, 32], 3), Recipe("adam", 0.02, 120))
    trainer.step(400)
    snap = trainer.snapshot()
    assert snap.train_acc > 0.8
    probs = trainer.probabilities(SPIRAL3.extent, 12)
    assert probs.shape == (3, 12, 12)
    assert abs(float(probs.sum(0).mean()) - 1) < 1e-5


def test_mismatched_classes_raise():
    with pytest.raises(ValueError):
        Trainer(SPIRAL3, architecture([4]), Recipe())


def test_divergence_is_detected_and_stops_the_lab():
    from activations.training.data import DataConfig
    from activations.training.lab import LabConfig, RunConfig

    arch = architecture([64, 64], 2, "leaky_relu", {"negative_slope": 1.0})  # linear: explodes
    config = LabConfig(
        DataConfig("moons", 200, 0.1, 0.2, 0), (RunConfig(arch, Recipe("momentum", 10.0, 32)),)
    )
    lab = Lab(config)
    lab.start()
    for _ in range(20):
        lab.tick(0.01)
        if lab.status != RUNNING:
            break
    assert lab.status == DIVERGED and not lab.runs[0].latest.finite
    assert math.isnan(lab.runs[0].history.series("train_loss")[-1])
    lab.start()  # a diverged lab can't be restarted
    assert lab.status == DIVERGED


def test_lab_compare_runs_in_lockstep_and_pause_step():
    from activations.training.data import DataConfig
    from activations.training.lab import LabConfig, RunConfig

    runs = tuple(
        RunConfig(architecture([8, 8], 2, act), Recipe("sgd", 3.0, 32)) for act in ("relu", "leaky_relu")
    )
    lab = Lab(LabConfig(DataConfig(), runs))
    lab.start()
    lab.tick(0.05)
    lab.tick(0.05)
    steps = [run.trainer.steps for run in lab.runs]
    assert steps[0] == steps[1] > 0
    assert lab.steps_per_s
    lab.pause()
    assert lab.status == PAUSED and lab.tick() == 0
    lab.step(1)
    assert [run.trainer.steps for run in lab.runs] == [steps[0] + 1] * 2
    # same data, same seed, same initial weights: only the activation differs
    assert torch.equal(lab.runs[0].trainer.data.x_train, lab.runs[1].trainer.data.x_train)


def test_lab_finishes_at_the_step_limit(monkeypatch):
    from activations.training import lab as lab_module
    from activations.training.data import DataConfig
    from activations.training.lab import LabConfig, RunConfig

    monkeypatch.setattr(lab_module, "MAX_STEPS", 50)
    lab = Lab(LabConfig(DataConfig(), (RunConfig(architecture([4]), Recipe()),)))
    lab.start()
    for _ in range(10):
        lab.tick(0.05)
    assert lab.status == FINISHED and lab.runs[0].trainer.steps == 50


def test_history_keeps_at_most_max_records_and_the_latest():
    snapshot = Trainer(MOONS, architecture([4]), Recipe()).snapshot()
    history = History((4,))
    for step in range(MAX_RECORDS * 3):
        history.add(type(snapshot)(step, step / 10, 1.0, 1.0, 0.5, 0.5, snapshot.units))
    steps = history.series("step")
    assert len(history) <= MAX_RECORDS and steps[0] == 0 and steps[-1] == MAX_RECORDS * 3 - 1
    assert (steps[1:] > steps[:-1]).all()
    assert history.per_layer("dead").shape == (len(history), 1)


def test_pause_from_another_thread_stops_a_tick_within_a_step():
    import threading
    import time

    from activations.training.data import DataConfig
    from activations.training.lab import LabConfig, RunConfig

    lab = Lab(LabConfig(DataConfig(), (RunConfig(architecture([8, 8]), Recipe()),)))
    lab.start()
    ticking = threading.Thread(target=lab.tick, args=(5.0,))  # a long tick, as if mid-run
    started = time.perf_counter()
    ticking.start()
    time.sleep(0.1)
    lab.pause()  # what the Pause button's callback does on the next script run's thread
    ticking.join(5)
    assert time.perf_counter() - started < 2.0 and lab.status == PAUSED
    with lab.lock:  # the tick's last measurement is the state shown
        assert lab.runs[0].latest.step == lab.runs[0].trainer.steps > 0


def test_a_pace_limits_the_steps_per_second():
    import time

    from activations.training.data import DataConfig
    from activations.training.lab import LabConfig, RunConfig

    lab = Lab(LabConfig(DataConfig(), (RunConfig(architecture([8, 8]), Recipe()),)))
    lab.pace = 20.0
    lab.start()
    started = time.perf_counter()
    while time.perf_counter() - started < 0.6:
        lab.tick(0.05)
    elapsed = time.perf_counter() - started
    assert 1 <= lab.steps <= 20 * elapsed + 3
    lab.pace = None  # full speed again, same run: well past the pace's 20 steps/s (~1,000x on any CPU)
    before = lab.steps
    lab.tick(0.5)
    assert lab.steps - before > 20 * 0.5 + 3
