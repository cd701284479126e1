"""npdl.init: shapes, the documented variances, seeds, errors."""

import numpy as np
import pytest

import npdl
from npdl import init

# (function, variance for n_inputs = 400, n_outputs = 600)
VARIANCES = [
    (init.lecun_normal, 1 / 400),
    (init.glorot_normal, 2 / 1000),
    (init.glorot_uniform, 2 / 1000),
    (init.he_normal, 2 / 400),
    (init.he_uniform, 2 / 400),
    (init.elu_normal, init.mean_square_gain("elu") / 400),
    (init.gelu_normal, init.mean_square_gain("gelu") / 400),
    (init.swish_normal, init.mean_square_gain("swish") / 400),
    (init.mish_normal, init.mean_square_gain("mish") / 400),
    (init.softplus_normal, init.mean_square_gain("softplus") / 400),
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


# --------------------------------------------------------------------------
# the computed gain: E[f(sqrt(c) Z)^2] = 1
# --------------------------------------------------------------------------

UNBOUNDED = ["linear", "relu", "leaky_relu", "elu", "selu", "gelu", "swish", "silu",
             "mish", "softplus"]


@pytest.mark.parametrize(("name", "exact"), [
    ("linear", 1.0), ("relu", 2.0), ("leaky_relu", 2 / (1 + 0.01**2)), ("selu", 1.0)])
def test_gain_of_homogeneous_activations_is_exact(name, exact):
    # f(tz) = t f(z) for t > 0, so c = 1 / E[f(Z)^2]: 1, He's 2, 2 / (1 + alpha^2);
    # SELU's constants make E[selu(Z)^2] = 1 (Klambauer et al., 2017)
    assert init.mean_square_gain(name) == pytest.approx(exact, rel=1e-6)


@pytest.mark.parametrize("name", UNBOUNDED)
def test_gain_keeps_the_mean_square_by_monte_carlo(name):
    c = init.mean_square_gain(name)
    z = np.random.default_rng(0).normal(size=2_000_000) * np.sqrt(c)
    f2 = npdl.get_activation(name).function(z) ** 2
    # within 5 standard errors of the Monte-Carlo mean
    assert f2.mean() == pytest.approx(1.0, abs=5 * f2.std() / np.sqrt(z.size))


def test_gain_of_gelu_swish_mish_lies_between_he_and_the_slope_at_zero():
    # slope 1/2 at 0 would ask for c = 4; ReLU-like tails for c = 2
    for name in ["gelu", "swish", "mish"]:
        assert 2.05 < init.mean_square_gain(name) < 2.5


@pytest.mark.parametrize(("name", "message"), [
    ("tanh", "tanh is bounded"), ("sigmoid", "sigmoid is bounded"),
    ("softmax", "not elementwise"), ("log_softmax", "not elementwise"),
    ("rleu", "unknown activation 'rleu'")])
def test_gain_refuses_what_has_none(name, message):
    with pytest.raises(ValueError, match=message):
        init.mean_square_gain(name)


# --------------------------------------------------------------------------
# each activation's default, through 20 layers of width 256 (the dense
# layers chapter's experiment): the root mean square of the last layer's
# activations, for three seeds
# --------------------------------------------------------------------------

# (activation, lowest, highest). Measured under the defaults: 0.96-1.02
# for linear, SELU, ELU and softplus, 0.77-1.31 for ReLU, 0.57-1.71 for GELU
# and Mish, 1.0-3.2 for Swish (the least stable fixed point); tanh shrinks
# slowly, to about 0.16 (its slope at 0 is 1, and it bends below it);
# sigmoid settles near 0.5 (its offset 1/2) whatever the scale. He's scale
# gives 0.05-0.32 for GELU, 0.005 for Swish, 2.4-3.0 for ELU and softplus.
BANDS = [("linear", 0.8, 1.25), ("selu", 0.8, 1.25), ("elu", 0.8, 1.4),
         ("relu", 0.5, 2.0), ("leaky_relu", 0.5, 2.0), ("gelu", 0.4, 2.5),
         ("mish", 0.4, 2.5), ("swish", 0.6, 4.0), ("silu", 0.6, 4.0),
         ("softplus", 0.8, 1.4), ("tanh", 0.1, 0.3), ("sigmoid", 0.4, 0.6)]


def rms_after(name, initialiser, seed, width=256, depth=20, n_samples=256):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n_samples, width))
    for _ in range(depth):
        A = npdl.Dense(width, width, activation=name, init=initialiser, rng=rng).forward(A)
    return float(np.sqrt(np.mean(A**2)))


@pytest.mark.parametrize(("name", "low", "high"), BANDS)
def test_default_keeps_twenty_layers_in_band(name, low, high):
    default = npdl.get_activation(name).default_init
    for seed in range(3):
        assert low < rms_after(name, default, seed) < high, (name, default, seed)


@pytest.mark.parametrize(("name", "wrong"), [
    ("gelu", "he_normal"), ("swish", "he_normal"), ("mish", "he_normal"),
    ("elu", "he_normal"), ("elu", "lecun_normal"), ("softplus", "he_normal"),
    ("relu", "lecun_normal"), ("selu", "he_normal")])
def test_the_band_catches_a_wrong_scale(name, wrong):
    low, high = next((lo, hi) for n, lo, hi in BANDS if n == name)
    assert not all(low < rms_after(name, wrong, seed) < high for seed in range(3))
