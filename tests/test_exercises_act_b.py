"""The checkers of the exercises that ask a learner to measure or derive in
the chapters ReLU (dead units at initialisation), Leaky ReLU and PReLU (the
least-squares slope) and ELU and SELU (the variance map of a SELU layer):
right answers written in several ways pass, the mistakes learners make fail
on the case whose hint names them, and the expected values are the ones an
independent computation gives.

``RIGHT_CALLS_ACTB`` gives one right call per new checker, in the form of
``RIGHT_CALLS`` in test_exercises_robust.py, for the robustness tests there.
"""

import numpy as np
import pytest
from scipy import integrate, stats

import npdl
from npdl import exercises as ex
from npdl.exercises import activations

from .checking import assert_reported, run

# --------------------------------------------------------------------------
# ReLU: the fraction of dead units, layer by layer
# --------------------------------------------------------------------------


def dead_by_loop(X, weights, biases):
    A, out = np.asarray(X), []
    for W, b in zip(weights, biases, strict=True):
        A = np.maximum(A @ W + b, 0.0)
        out.append(np.mean(np.all(A == 0, axis=0)))
    return out


def dead_by_counting(X, weights, biases):
    """Pre-activations instead of outputs, counts divided at the end."""
    A, counts, widths = X, [], []
    for W, b in zip(weights, biases, strict=True):
        Z = A @ W + b
        counts.append(int(np.sum(~np.any(Z > 0, axis=0))))
        widths.append(Z.shape[1])
        A = npdl.relu(Z)
    return np.array(counts) / np.array(widths)


def _layers(X, weights, biases):
    A, out = X, []
    for W, b in zip(weights, biases, strict=True):
        A = npdl.relu(A @ W + b)
        out.append(A)
    return out


def sparsity(X, weights, biases):  # zero outputs, not dead units
    return [np.mean(A == 0) for A in _layers(X, weights, biases)]


def dead_inputs(X, weights, biases):  # axis 1: inputs that no unit responds to
    return [np.mean(np.all(A == 0, axis=1)) for A in _layers(X, weights, biases)]


def off_somewhere(X, weights, biases):  # any instead of all
    return [np.mean(np.any(A == 0, axis=0)) for A in _layers(X, weights, biases)]


def last_layer_only(X, weights, biases):
    return [np.mean(np.all(A == 0, axis=0)) for A in _layers(X, weights, biases)][-1:]


def no_biases(X, weights, biases):
    return dead_by_loop(X, weights, [0.0] * len(weights))


def dead_counts(X, weights, biases):
    return [np.sum(np.all(A == 0, axis=0)) for A in _layers(X, weights, biases)]


@pytest.mark.parametrize("fn", [dead_by_loop, dead_by_counting, activations._dead_fractions])
def test_dead_fraction_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_dead_fraction, fn)
    assert result, out


def alive_fraction(X, weights, biases):  # forgot to take 1 minus
    return [np.mean(np.any(A > 0, axis=0)) for A in _layers(X, weights, biases)]


def dead_by_strict_sign(X, weights, biases):
    """A right answer: pre-activations negative on every input, a list of
    NumPy scalars."""
    A, out = X, []
    for W, b in zip(weights, biases, strict=True):
        Z = A @ W + b
        out.append((Z < 0).all(axis=0).mean())
        A = np.maximum(Z, 0)
    return out


def test_dead_fraction_passes_a_strict_sign_test(capsys):
    result, out = run(capsys, ex.check_dead_fraction, dead_by_strict_sign)
    assert result, out


@pytest.mark.parametrize("fn, first_failure, words", [
    (sparsity, "one layer, worked by hand", "(the sparsity)"),
    (dead_inputs, "one layer, worked by hand", "counts inputs (rows of A)"),
    (off_somewhere, "one layer, worked by hand", "0 on at least one input"),
    (alive_fraction, "one layer, worked by hand", "alive"),
    (dead_counts, "one layer, worked by hand", "numbers of dead units"),
    (last_layer_only, "four layers: one fraction for each", "every layer's A"),
    (no_biases, "negative biases", "bias before the ReLU"),
])  # fmt: skip
def test_dead_fraction_catches_wrong_answers(fn, first_failure, words, capsys):
    result, out = run(capsys, ex.check_dead_fraction, fn)
    assert not result
    assert_reported(result, out)
    assert result.failed[0] == first_failure, out
    flat = " ".join(out.split())
    assert words in flat, out
    assert "np.all" not in flat and "axis=0" not in flat, out  # no code given away
    assert "np.float64(" not in flat, out  # a list of NumPy scalars prints as values


def test_dead_fraction_by_hand_is_one_quarter():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    W = np.array([[-1.0, 1.0, 1.0, 1.0], [-1.0, -1.0, 1.0, 2.0]])
    # unit 0: pre-activations -1, -1, -2 (dead); unit 1: 1, -1, 0 (on once);
    # units 2 and 3: on for all three inputs
    assert activations._dead_fractions(X, [W], [np.zeros(4)]).tolist() == [1 / 4]


def test_the_cases_with_and_without_biases_differ():
    # otherwise forgetting the biases could not be caught
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 5))
    Ws = [rng.normal(size=(5, 30)), *(rng.normal(size=(30, 30)) for _ in range(3))]
    with_b = activations._dead_fractions(X, Ws, [np.full(30, -0.5)] * 4)
    without = activations._dead_fractions(X, Ws, [np.zeros(30)] * 4)
    assert not np.allclose(with_b, without)


# --------------------------------------------------------------------------
# PReLU: the least-squares slope
# --------------------------------------------------------------------------


def best_slope(Z, T):
    n = np.minimum(Z, 0)
    return np.sum(n * T) / np.sum(n * n)


def best_slope_masked(Z, T):
    Z, T = np.ravel(Z), np.ravel(T)
    m = Z <= 0
    return float(Z[m] @ T[m] / (Z[m] @ Z[m]))


def best_slope_lstsq(Z, T):
    m = np.ravel(Z) <= 0
    return np.linalg.lstsq(np.ravel(Z)[m][:, None], np.ravel(T)[m], rcond=None)[0]


@pytest.mark.parametrize("fn", [best_slope, best_slope_masked, best_slope_lstsq])
def test_prelu_best_slope_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_prelu_best_slope, fn)
    assert result, out


@pytest.mark.parametrize("fn, first_failure", [
    (lambda Z, T: np.sum(Z * T) / np.sum(Z * Z),  # every entry, not only z <= 0
     "targets made by a leaky ReLU with slope 0.3"),
    (lambda Z, T: np.sum(np.minimum(Z, 0) * T) / np.sum(Z <= 0),  # divided by the count
     "targets made by a leaky ReLU with slope 0.3"),
    (lambda Z, T: np.mean(T[Z < 0] / Z[Z < 0]),  # an average of ratios
     "targets made by ELU"),
    (lambda Z, T: np.sum(np.minimum(Z, 0) * T, axis=0)  # one slope per column
     / np.sum(np.minimum(Z, 0) ** 2, axis=0),
     "a 2-D batch with noisy targets: one shared slope"),
    (lambda Z, T: np.sum(T * np.minimum(Z, 0)),  # the gradient at alpha = 0, not its zero
     "targets made by a leaky ReLU with slope 0.3"),
])  # fmt: skip
def test_prelu_best_slope_catches_wrong_answers(fn, first_failure, capsys):
    result, out = run(capsys, ex.check_prelu_best_slope, fn)
    assert not result
    assert_reported(result, out)
    assert result.failed[0] == first_failure, out


def polyfit_slope(Z, T):  # a line with an intercept, a + b z
    m = Z <= 0
    return np.polyfit(Z[m], T[m], 1)[0]


@pytest.mark.parametrize("fn, words", [
    (lambda Z, T: np.mean(T[Z < 0] / Z[Z < 0]), "mean of t / z"),
    (polyfit_slope, "through the origin"),
])  # fmt: skip
def test_prelu_best_slope_names_the_fits_that_are_not_least_squares(fn, words, capsys):
    result, out = run(capsys, ex.check_prelu_best_slope, fn)
    assert result.failed[0] == "targets made by ELU", out
    text = " ".join(out.split())
    assert words in text
    assert "sum(z t)" not in text  # the formula is derived, not printed


def test_the_best_slope_minimises_the_loss():
    rng = np.random.default_rng(1)
    z = rng.normal(size=300)
    t = npdl.elu(z)
    alpha = activations._best_prelu_slope(z, t)
    assert alpha == pytest.approx(best_slope(z, t), rel=1e-12)

    def loss(a):
        return np.sum((npdl.leaky_relu(z, a) - t) ** 2)

    assert loss(alpha) < min(loss(alpha - 1e-3), loss(alpha + 1e-3))
    assert activations._best_prelu_slope(z, npdl.leaky_relu(z, 0.3)) == pytest.approx(0.3)


# --------------------------------------------------------------------------
# SELU: the map q -> E[selu(z)^2], z ~ N(0, q)
# --------------------------------------------------------------------------


def moment_by_quad(q):
    def f(z):
        return float(npdl.selu(z)) ** 2 * stats.norm.pdf(z, scale=np.sqrt(q))

    return integrate.quad(f, -np.inf, 0)[0] + integrate.quad(f, 0, np.inf)[0]


def moment_by_grid(q):
    x = np.linspace(-14.0, 14.0, 400_001)
    return np.trapezoid(npdl.selu(np.sqrt(q) * x) ** 2 * stats.norm.pdf(x), x)


def moment_by_expectation(q):
    def f(z):
        return float(npdl.selu(z)) ** 2

    s = np.sqrt(q)  # each side of the kink of the derivative separately
    left = stats.norm(scale=s).expect(f, lb=-np.inf, ub=0.0)
    return left + stats.norm(scale=s).expect(f, lb=0.0, ub=np.inf)


@pytest.mark.parametrize("fn", [moment_by_quad, moment_by_grid, moment_by_expectation])
def test_selu_second_moment_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_selu_second_moment, fn)
    assert result, out


def _quad_of(f, q, scale):
    return integrate.quad(lambda z: f(z) * stats.norm.pdf(z, scale=scale), -np.inf, np.inf)[0]


@pytest.mark.parametrize("fn, first_failure", [
    (lambda q: _quad_of(lambda z: float(npdl.selu(z)) ** 2, q, q),  # q as the std
     "q = 4: a wider input"),
    (lambda q: moment_by_quad(q) - _quad_of(lambda z: float(npdl.selu(z)), q, np.sqrt(q)) ** 2,
     "q = 4: a wider input"),  # the variance of a, not its second moment
    (lambda q: _quad_of(lambda z: float(npdl.elu(z)) ** 2, q, np.sqrt(q)),  # ELU
     "q = 1: the fixed point"),
    (lambda q: _quad_of(lambda z: float(npdl.selu(z)), q, np.sqrt(q)),  # the mean
     "q = 1: the fixed point"),
    (lambda q: np.mean(npdl.selu(np.random.default_rng(0).normal(0, np.sqrt(q), 10**6)) ** 2),
     "q = 1: the fixed point"),  # sampling: right to 3 digits only
])  # fmt: skip
def test_selu_second_moment_catches_wrong_answers(fn, first_failure, capsys):
    result, out = run(capsys, ex.check_selu_second_moment, fn)
    assert not result
    assert_reported(result, out)
    assert result.failed[0] == first_failure, out


def test_the_selu_map_has_its_fixed_point_at_one_and_attracts():
    assert activations._selu_second_moment(1.0) == pytest.approx(1.0, rel=1e-10)
    h = 1e-4
    slope = (activations._selu_second_moment(1 + h)
             - activations._selu_second_moment(1 - h)) / (2 * h)  # fmt: skip
    assert 0 < slope < 1
    # the same value by sampling, to the accuracy sampling has
    z = np.random.default_rng(3).normal(0.0, 2.0, size=2_000_000)
    assert activations._selu_second_moment(4.0) == pytest.approx(
        np.mean(npdl.selu(z) ** 2), rel=5e-3)


RIGHT_CALLS_ACTB = {
    "check_dead_fraction": ((dead_by_loop,), {}),
    "check_prelu_best_slope": ((best_slope,), {}),
    "check_selu_second_moment": ((moment_by_quad,), {}),
}
