"""Configurations that tell the dying-ReLU story, as page values (URL keys).

Each preset lists only what differs from the defaults of :mod:`~activations.training.link`, as the
widgets hold it (a learning rate is the slider's text, ``"5"``). Training at a large learning rate
is chaotic: which units die, and when, changes with the seed and even with the CPU's kernels (the
same torch picks AVX2, AVX-512 or plain kernels when it loads, and they round differently). So each
comment claims only what held, with margin, for seeds 0-4 on every kernel path we could run
(``default`` and ``avx2``). :mod:`~activations.training.stories` measures them,
``benchmarks/preset_margins.py`` prints the measurements and ``tests/training/test_presets.py``
asserts the claims with the tolerances named here.
"""

from __future__ import annotations

from types import MappingProxyType

PRESETS = MappingProxyType(
    {
        # 16 ReLU units whose biases start at +0.5, in ReLU's live zone; Adam at 0.03. After 1,000
        # steps at most one unit is dead (often none) and test accuracy is 96 % or more
        # (claim: at most 1 in 8 units dead, accuracy >= 90 %).
        "healthy": {"bias_init": 0.5, "lr": "0.03"},
        # Plain SGD at lr 5 in batches of 100: within a few hundred steps most ReLU units die (69-81 %
        # of the 16 at step 2,000; layer 2 entirely in every run we measured, seeds 0-14) and the
        # output collapses to about a coin flip (test accuracy <= 56 %). How many of layer 1 die
        # varies (claim: >= 60 % dead, accuracy <= 65 %).
        "large_lr": {"optimizer": "sgd", "lr": "5", "batch": 100},
        # Every hidden bias at -0.5: layer 2 is entirely dead at step 0, so the output is a constant
        # and nothing ever learns (test accuracy <= 49 %; claim: <= 60 %).
        "negative_bias": {"bias_init": -0.5},
        # The large-lr run next to the same network with LeakyReLU, which never loses a unit (its f'
        # is never 0) and keeps learning: 83 % test accuracy or more at step 2,000, though its curve
        # jumps about at this learning rate and may sit near 50 % for the first few hundred steps
        # (claim: no unit dead, accuracy >= 75 %).
        "leaky_survives": {
            "optimizer": "sgd",
            "lr": "5",
            "batch": 100,
            "compare": True,
            "b_act": "leaky_relu",
            "b_optimizer": "sgd",
            "b_lr": "5",
            "b_batch": 100,
        },
        # Six ReLU layers of width 2, Kaiming-normal, zero bias: with this seed (2) layer 2 has no
        # live unit at step 0, so the network is born dead and never learns. About two in three
        # networks of this shape are (the born-dead experiment at width 2, depth 6: 645 of 1,000;
        # seeds 0-4: 0, 2 and 3). The born-dead experiment is set to Lu et al.'s width 2, depth 10.
        "born_dead": {
            "hidden": "2,2,2,2,2,2",
            "init": "kaiming_normal",
            "seed": 2,
            "bd_width": 2,
            "bd_depth": 10,
        },
    }
)
