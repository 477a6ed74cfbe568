"""Training without torch's private kernels (``torch._fused_adam_``, ``aten._prelu_kernel_backward``):
public ops take over and give the same numbers."""

import pytest
import torch

from activations.training import units
from activations.training.data import make_dataset
from activations.training.loop import Recipe, Trainer
from activations.training.model import architecture
from activations.training.optim import FlatOptimizer

MOONS = make_dataset("moons", 400, 0.1, 0.2, seed=0)


class Without:
    """``namespace`` without the attribute ``name``, as in a torch build that lacks that op."""

    def __init__(self, namespace: object, name: str) -> None:
        self._namespace, self._name = namespace, name

    def __getattr__(self, attr: str) -> object:
        if attr == self._name:
            raise AttributeError(attr)
        return getattr(self._namespace, attr)


@pytest.fixture
def no_prelu_kernel(monkeypatch):
    monkeypatch.setattr(units, "aten", Without(units.aten, "_prelu_kernel_backward"))


def adam_steps(l2: float, steps: int = 300) -> tuple[FlatOptimizer, torch.Tensor]:
    flat = torch.randn(337, generator=torch.Generator().manual_seed(0))
    grad = torch.zeros(337)
    optimizer = FlatOptimizer("adam", flat, grad, lr=0.01, l2=l2, n_decayed=300)
    gen = torch.Generator().manual_seed(1)
    for _ in range(steps):
        grad.copy_(torch.randn(337, generator=gen))
        optimizer.step()
    return optimizer, flat


@pytest.mark.parametrize("l2", [0.0, 0.01])
def test_adam_without_the_fused_kernel_gives_the_same_numbers(monkeypatch, l2):
    fused, expected = adam_steps(l2)
    assert fused._fused_adam is not None
    monkeypatch.delattr(torch, "_fused_adam_")
    public, flat = adam_steps(l2)
    assert public._fused_adam is None  # the fallback ran
    assert torch.allclose(flat, expected, rtol=1e-6, atol=1e-6)  # float rounding apart, the same
    assert torch.allclose(public.exp_avg_sq, fused.exp_avg_sq, rtol=1e-5) and float(public.state_step) == 300


def test_a_training_run_without_the_fused_kernel(monkeypatch):
    def run() -> tuple:
        trainer = Trainer(MOONS, architecture([16, 16]), Recipe("adam", 0.01, 32), seed=2)
        trainer.step(300)
        snap = trainer.snapshot()
        return trainer.network.flat.clone(), snap.train_loss, snap.units.dead_counts, snap.test_acc

    fused = run()
    monkeypatch.delattr(torch, "_fused_adam_")
    public = run()
    assert torch.allclose(public[0], fused[0], atol=1e-4)
    assert public[1] == pytest.approx(fused[1], abs=1e-5) and public[2:] == fused[2:]


def test_prelu_without_its_private_kernel_gives_the_same_numbers_bit_for_bit(no_prelu_kernel):
    z = torch.randn(64, 8, generator=torch.Generator().manual_seed(0))
    z[0, :3] = 0.0  # the kink: PyTorch's convention (f'(0) = a)
    grad = torch.randn(64, 8, generator=torch.Generator().manual_seed(1))
    public = units.make_unit("prelu", {"init": 0.3})
    assert public._kernel == public._public_kernel  # the fallback is in use
    h = public.forward(z)
    grad_z = public.backward(grad, z, h)
    kernel = torch.ops.aten._prelu_kernel_backward
    expected_z, expected_slope = kernel(grad, z, public.slope)
    assert torch.equal(grad_z, expected_z)
    assert torch.equal(public.slope_grad, expected_slope.reshape(1, -1).sum(1))
    assert torch.equal(public.derivative(z, h), kernel(torch.ones_like(z), z, public.slope)[0])


def test_a_prelu_training_run_without_its_private_kernel(monkeypatch):
    def run() -> torch.Tensor:
        trainer = Trainer(MOONS, architecture([8, 8], 2, "prelu", {"init": 0.1}), Recipe("adam", 0.01, 32))
        trainer.step(200)
        return trainer.network.flat.clone()

    private = run()
    monkeypatch.setattr(units, "aten", Without(units.aten, "_prelu_kernel_backward"))
    assert torch.equal(run(), private)
