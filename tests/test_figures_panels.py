"""Tests for scratchnn.figures.panels: the grid a boundary panel colours."""

import numpy as np

from scratchnn.figures.panels import grid_of


def test_the_grid_of_extreme_bounds_is_made_under_numpys_raise():
    """Regression: hi - lo overflowed in the panels (FloatingPointError under
    np.seterr(all="raise")) for points near the largest float."""
    far = np.array([[-1.7e308, 1.7e308, 0.0], [0.0, 1.0, 5e-324]])
    with np.errstate(all="raise"):
        grid, extent = grid_of(far, 5)
    assert np.isfinite(grid).all() and extent[0] < -1.7e308 < 1.7e308 < extent[1]
    assert grid.shape == (2, 25) and extent[2] < 0 < 1 < extent[3]
