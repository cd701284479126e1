"""npdl.init: shapes, the documented variances, seeds, errors."""

import numpy as np
import pytest

from npdl import init

# (function, variance for n_inputs = 400, n_outputs = 600)
VARIANCES = [
    (init.lecun_normal, 1 / 400),
    (init.glorot_normal, 2 / 1000),
    (init.glorot_uniform, 2 / 1000),
    (init.he_normal, 2 / 400),
    (init.he_uniform, 2 / 400),
]


@pytest.mark.parametrize(("fn", "variance"), VARIANCES)
def test_shape_and_variance(fn, variance):
    W = fn(400, 600, rng=0)
    assert W.shape == (400, 600) and W.dtype == np.float64
    assert W.var() == pytest.approx(variance, rel=0.02)
    assert abs(W.mean()) < 0.01 * np.sqrt(variance) * 10


@pytest.mark.parametrize("fn", [init.glorot_uniform, init.he_uniform])
def test_uniform_bounds(fn):
    W = fn(50, 30, rng=1)
    limit = np.sqrt(6 / 80) if fn is init.glorot_uniform else np.sqrt(6 / 50)
    assert np.all(np.abs(W) <= limit) and np.abs(W).max() > 0.95 * limit


@pytest.mark.parametrize(("fn", "_"), VARIANCES)
def test_seeds_repeat(fn, _):
    np.testing.assert_array_equal(fn(5, 4, rng=3), fn(5, 4, rng=np.random.default_rng(3)))
    assert not np.array_equal(fn(5, 4, rng=3), fn(5, 4, rng=4))


@pytest.mark.parametrize(("fn", "_"), VARIANCES)
def test_bad_sizes(fn, _):
    with pytest.raises(ValueError, match="n_inputs must be at least 1"):
        fn(0, 3)
    with pytest.raises(TypeError, match="n_outputs must be an int"):
        fn(3, 2.0)
