"""Runs of a mask as intervals of the grid."""

import numpy as np

from activations.core.intervals import intervals


def test_runs_of_two_or_more_become_intervals_and_lone_points_are_left_out():
    x = np.linspace(-3.0, 3.0, 7)
    mask = np.array([True, True, False, True, False, True, True])
    assert intervals(x, mask) == ((-3.0, -2.0), (2.0, 3.0))
    assert intervals(x, np.zeros(7, dtype=bool)) == ()
    assert intervals(x, np.ones(7, dtype=bool)) == ((-3.0, 3.0),)
