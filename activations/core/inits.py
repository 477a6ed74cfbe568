"""Weight initialisations, shared by the Training lab and the Depth page, and their one URL field.

:func:`init_weights` fills a weight of shape (..., fan_out, fan_in) with the formulas of
``torch.nn.init`` and the same draws from the same generator (a test compares them draw for draw).
Leading dims hold independent networks: each (fan_out, fan_in) matrix is its own draw where that
matters (``orthogonal``). :data:`INIT` and :data:`INIT_STD` are the fields both pages bind to their
links (a page may change the default: Depth starts at ``kaiming_normal``).
"""

from __future__ import annotations

import math

import torch

from activations.core.fields import Choice, Number

INITS = (
    "default", "kaiming_normal", "kaiming_uniform", "xavier_normal", "xavier_uniform", "lecun_normal",
    "orthogonal", "normal",
)  # fmt: skip


def init_weights(
    weight: torch.Tensor, scheme: str, std: float = 0.1, generator: torch.Generator | None = None
) -> torch.Tensor:
    """Fill ``weight`` (..., fan_out, fan_in) in place like ``torch.nn.init`` does.

    ``default`` is ``nn.Linear``'s own (``kaiming_uniform_(a=sqrt(5))``: U(±1/sqrt(fan_in))); the
    Kaiming schemes use the ReLU gain sqrt(2) and fan_in: N(0, 2/fan_in), U(±sqrt(6/fan_in)); Xavier
    (Glorot) N(0, 2/(fan_in+fan_out)), U(±sqrt(6/(fan_in+fan_out))); ``lecun_normal`` N(0, 1/fan_in)
    (SELU's, ``kaiming_normal_(nonlinearity="linear")``); ``orthogonal`` a (semi-)orthogonal matrix
    with gain 1 (``orthogonal_``: QR of a standard normal draw, signs fixed by R's diagonal), one per
    matrix; ``normal`` N(0, std²).
    """
    fan_out, fan_in = weight.shape[-2], weight.shape[-1]
    match scheme:
        case "default":
            return weight.uniform_(-1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), generator=generator)
        case "kaiming_normal":
            return weight.normal_(0.0, math.sqrt(2.0 / fan_in), generator=generator)
        case "kaiming_uniform":
            bound = math.sqrt(6.0 / fan_in)
            return weight.uniform_(-bound, bound, generator=generator)
        case "xavier_normal":
            return weight.normal_(0.0, math.sqrt(2.0 / (fan_in + fan_out)), generator=generator)
        case "xavier_uniform":
            bound = math.sqrt(6.0 / (fan_in + fan_out))
            return weight.uniform_(-bound, bound, generator=generator)
        case "lecun_normal":
            return weight.normal_(0.0, math.sqrt(1.0 / fan_in), generator=generator)
        case "orthogonal":
            with torch.no_grad():
                for matrix in weight.view(-1, fan_out, fan_in):
                    matrix.copy_(_orthogonal(fan_out, fan_in, generator, matrix.dtype))
            return weight
        case "normal":
            return weight.normal_(0.0, std, generator=generator)
    raise KeyError(f"unknown init {scheme!r}; choose one of {', '.join(INITS)}")


def _orthogonal(rows: int, cols: int, generator: torch.Generator | None, dtype: torch.dtype) -> torch.Tensor:
    """``torch.nn.init.orthogonal_``'s matrix for a (rows, cols) weight, from the same draw."""
    flat = torch.empty(rows, cols, dtype=dtype).normal_(0.0, 1.0, generator=generator)
    if rows < cols:
        flat = flat.t()
    q, r = torch.linalg.qr(flat)
    q = q * torch.sign(torch.diag(r, 0))
    return q.t() if rows < cols else q


# The one init field of every page that initialises weights (its key ``init``; Depth's runs B and C
# prefix it). The labels are the core's (activations/core/locales/inits.py).
INIT = Choice("init", "default", INITS, label="init.choose", help="init.help")
INIT_STD = Number(
    "init_std",
    0.1,
    0.001,
    10.0,
    step=0.01,
    widget="number",
    decimals=3,
    label="init.std",
    help="init.std_help",
)
