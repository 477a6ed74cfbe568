"""Configurations that tell the dying-ReLU story, as page values (URL keys).

Each preset lists only what differs from the defaults of :mod:`~activations.training.link`, as the
widgets hold it (a learning rate is the slider's text, ``"3"``); the outcomes in the comments were
measured with these exact settings (seeded, CPU) and a test keeps them true.
"""

from __future__ import annotations

from types import MappingProxyType

PRESETS = MappingProxyType(
    {
        # 16 ReLU units, a small positive bias: none dead, ~99 % test accuracy within 1,000 steps.
        "healthy": {"bias_init": 0.1},
        # Plain SGD at lr 3: it learns (96 % at step 100), then every unit of layer 2 dies and the
        # output is a constant (44 %) for good.
        "large_lr": {"optimizer": "sgd", "lr": "3"},
        # Every hidden bias at -0.5: layer 2 is entirely dead at step 0 and nothing ever learns.
        "negative_bias": {"bias_init": -0.5},
        # The large-lr run next to the same network with LeakyReLU, which never loses a unit.
        "leaky_survives": {
            "optimizer": "sgd",
            "lr": "3",
            "compare": True,
            "b_act": "leaky_relu",
            "b_optimizer": "sgd",
            "b_lr": "3",
        },
        # Six ReLU layers of width 2, Kaiming-normal, zero bias: born dead (layer 2 has no live unit
        # at step 0). The born-dead experiment is set to Lu et al.'s width 2, depth 10.
        "born_dead": {
            "hidden": "2,2,2,2,2,2",
            "init": "kaiming_normal",
            "seed": 2,
            "bd_width": 2,
            "bd_depth": 10,
        },
    }
)
