"""Where a boolean mask over a grid is True, as intervals of the grid's x values.

Both the Activations page (an activation's dead zone) and the Training lab (where a unit's f' is
exactly 0) describe a mask over a sorted grid this way.
"""

from __future__ import annotations

import numpy as np


def intervals(x: np.ndarray, mask: np.ndarray) -> tuple[tuple[float, float], ...]:
    """The runs of two or more consecutive True in ``mask`` as (first x, last x) pairs.

    A lone grid point (Tanhshrink's f'(0) = 0) is a point, not a zone, and is left out.
    """
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return tuple(
        (float(x[a]), float(x[b - 1])) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a > 1
    )
