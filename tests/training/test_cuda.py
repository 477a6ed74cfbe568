"""The Training lab on CUDA: runs only where torch sees a GPU (skipped elsewhere)."""

import json

import pytest
import torch

from activations.training.cli import train_main
from activations.training.data import make_dataset
from activations.training.loop import Recipe, Trainer
from activations.training.model import architecture
from activations.training.slots import SLOTS

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

MOONS = make_dataset("moons", 500, 0.1, 0.2, seed=0)
CASES = [
    (architecture([8, 8]), Recipe("sgd", 0.3, 32)),
    (architecture([8, 8], 2, "rrelu"), Recipe("adam", 0.01, 10)),
    (architecture([8, 8], 2, "prelu"), Recipe("momentum", 0.1, 32, 0.001)),
    (architecture([32, 32], 2, "gelu", {"approximate": "tanh"}), Recipe("adam", 0.01, 400)),
]


@pytest.mark.parametrize(("arch", "recipe"), CASES)
def test_same_seed_same_run_on_cuda_and_close_to_the_cpu(arch, recipe):
    first, second = (Trainer(MOONS, arch, recipe, seed=3, device="cuda") for _ in range(2))
    cpu = Trainer(MOONS, arch, recipe, seed=3)
    for trainer in (first, second, cpu):
        trainer.step(300)
    assert torch.allclose(first.network.flat, second.network.flat, atol=1e-4)  # cuBLAS may reorder sums
    a, b, c = first.snapshot(), second.snapshot(), cpu.snapshot()
    assert a.units.dead_counts == b.units.dead_counts and abs(a.train_loss - b.train_loss) < 1e-4
    if arch.act != "rrelu":  # RReLU draws its slopes from a CUDA generator: another random stream
        assert abs(a.train_loss - c.train_loss) < 0.05
    assert first.probabilities(MOONS.extent, 8).shape == (2, 8, 8)


def test_run_for_on_cuda_syncs_and_counts():
    trainer = Trainer(MOONS, architecture([16, 16]), Recipe("adam", 0.01, 400), device="cuda")
    done = trainer.run_for(0.3)
    assert done > 0 and trainer.steps == done and trainer.snapshot().finite


def test_page_trains_on_cuda(app_test):
    """The page's run trains on the GPU (in a worker, or on the script thread without workers)."""
    SLOTS.clear()
    at = app_test("training", device="cuda")
    assert not at.exception and not at.warning
    at.button(key="start").click().run()
    session = at.session_state["_training_session"]
    for _ in range(20):  # a worker's first view comes after it has imported torch and opened CUDA
        if session.steps > 0:
            break
        at.run()
    assert session.view().config.device == "cuda" and session.steps > 0 and not at.exception
    assert not at.warning  # no fallback to the CPU
    assert any("cuda" in caption.value for caption in at.caption)
    at.button(key="pause").click().run()
    SLOTS.clear()


def test_cli_on_cuda_twice_the_same(capsys):
    rows = []
    for _ in range(2):
        assert train_main(["device=cuda&optimizer=sgd&lr=3", "--steps", "400", "--every", "200"]) == 0
        rows.append([json.loads(line) for line in capsys.readouterr().out.splitlines()])
        for row in rows[-1]:
            row.pop("steps_per_s", None)
    assert [row["step"] for row in rows[0]] == [0, 200, 400]
    for first, second in zip(*rows, strict=True):
        assert first["dead"] == second["dead"] and abs(first["loss"] - second["loss"]) < 1e-3
