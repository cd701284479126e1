"""The checkers of the chapters *Dense layers* and *Forward propagation*:
right answers written in several ways pass, the mistakes learners make fail
on the case that names them, and an untouched starter is not attempted.

``RIGHT_CALLS_LAYERS`` gives one right call per checker, in the form of
``RIGHT_CALLS`` in test_exercises_robust.py, for the robustness tests there.
"""

import numpy as np
import pytest

import npdl
from npdl import exercises as ex


def run(capsys, checker, *args):
    result = checker(*args)
    return result, capsys.readouterr().out


# --------------------------------------------------------------------------
# dense layers: the weight scale that keeps leaky ReLU's mean square
# --------------------------------------------------------------------------


def gain_by_halves(alpha):
    # E[f(Z)^2] = 1/2 (positive half) + alpha^2 / 2 (negative half)
    return 2 / (1 + alpha**2)


def gain_by_monte_carlo(alpha):
    z = np.random.default_rng(1).normal(size=1_000_000)
    return 1 / np.mean(npdl.leaky_relu(z, alpha=alpha) ** 2)


def gain_by_npdl(alpha):
    return npdl.init.mean_square_gain("leaky_relu", alpha=alpha)


@pytest.mark.parametrize("fn", [
    gain_by_halves, gain_by_monte_carlo, gain_by_npdl,
    lambda a: np.array([2 / (1 + a * a)]),          # a one-element array
    lambda a: np.float32(2 / (1 + a**2)),
])  # fmt: skip
def test_leaky_gain_right_answers_pass(fn, capsys):
    result, out = run(capsys, ex.check_leaky_relu_gain, fn)
    assert result, out


@pytest.mark.parametrize(("fn", "first_failure"), [
    (lambda a: 2.0, "alpha = 0.2"),                      # He whatever alpha
    (lambda a: 2 / (1 + a), "alpha = 0.2"),              # the slope not squared
    (lambda a: 1 / (1 + a**2), "alpha = 0"),             # the half forgotten
    (lambda a: (1 + a**2) / 2, "alpha = 0"),             # E[f^2] itself, not 1 / it
    (lambda a: np.sqrt(2 / (1 + a**2)), "alpha = 0"),    # a standard deviation
    (lambda a: 2 / (1 + a) ** 2, "alpha = 0.2"),         # squared in the wrong place
    (lambda a: 2 / (1 + min(a, 1) ** 2), "alpha = 3"),   # alpha above 1 clipped
])  # fmt: skip
def test_leaky_gain_wrong_answers_fail_where_expected(fn, first_failure, capsys):
    result, out = run(capsys, ex.check_leaky_relu_gain, fn)
    assert not result
    assert out.split("First failing case: ")[1].startswith(first_failure), out
    assert "hint:" in out


def test_leaky_gain_starter_is_not_attempted(capsys):
    result, out = run(capsys, ex.check_leaky_relu_gain, lambda alpha: None)
    assert not result and not result.attempted and "not attempted yet" in out
    assert "1.92" not in out


# --------------------------------------------------------------------------
# forward propagation: a network that computes max(x1, x2)
# --------------------------------------------------------------------------

# max(x1, x2) = x2 + relu(x1 - x2), with x2 = relu(x2) - relu(-x2)
W1 = np.array([[1.0, 0.0, 0.0], [-1.0, 1.0, -1.0]])
W2 = np.array([[1.0], [1.0], [-1.0]])
B1, B2 = np.zeros(3), np.zeros(1)
# max = (x1 + x2)/2 + |x1 - x2|/2 with four units
W1_SYM = np.array([[1.0, -1.0, 1.0, -1.0], [1.0, -1.0, -1.0, 1.0]])
W2_SYM = np.array([[0.5], [-0.5], [0.5], [0.5]])


@pytest.mark.parametrize(("weights", "biases"), [
    ([W1, W2], [B1, B2]),
    ((W1.tolist(), W2.tolist()), (B1.tolist(), B2.tolist())),  # lists and tuples
    ([W1, W2], [B1, 0.0 * B2[0]]),                              # b2 a number
    ([W1_SYM, W2_SYM], [np.zeros(4), np.zeros(1)]),             # another network
    ([W1[:, ::-1], W2[::-1]], [B1, B2]),                        # units reordered
])  # fmt: skip
def test_max_network_right_answers_pass(weights, biases, capsys):
    result, out = run(capsys, ex.check_max_network, weights, biases)
    assert result, out


@pytest.mark.parametrize(("weights", "biases", "first_failure", "says"), [
    # x2 through one ReLU unit: lost when x2 < 0
    ([W1[:, :2], W2[:2]], [B1[:2], B2], "x1 positive, x2 negative", "relu(-x)"),
    # relu(x1) + relu(x2): right only when one of them is negative... never both
    ([np.eye(2), np.ones((2, 1))], [np.zeros(2), B2], "x1 and x2 both positive",
     "x2 + max(x1 - x2, 0)"),
    # npdl's shapes transposed
    ([W1.T, W2], [B1, B2], "x1 and x2 both positive", "transposed"),
    ([W1, W2.ravel()], [B1, B2], "x1 and x2 both positive", "W2 has shape (3,)"),
    ([W1, W2], [B1[:, None], B2], "x1 and x2 both positive", "b1 has shape (3, 1)"),
    ([W1, W2], [B1, np.zeros(3)], "x1 and x2 both positive", "b2 has shape (3,)"),
    ([W1], [B1], "x1 and x2 both positive", "two arrays"),
    ([W1, None], [B1, B2], "x1 and x2 both positive", "W2 is still None"),
    # the sign of the subtracted unit wrong: x2 + relu(x1 - x2) with +relu(-x2)
    ([W1, np.array([[1.0], [1.0], [1.0]])], [B1, B2], "x1 positive, x2 negative",
     "relu(-x)"),
])  # fmt: skip
def test_max_network_wrong_answers_fail_where_expected(weights, biases, first_failure,
                                                       says, capsys):  # fmt: skip
    result, out = run(capsys, ex.check_max_network, weights, biases)
    assert not result
    assert out.split("First failing case: ")[1].startswith(first_failure), out
    assert says in out, out


@pytest.mark.parametrize("starter", [(None, None), ([None, None], [None, None])])
def test_max_network_starter_is_not_attempted(starter, capsys):
    result, out = run(capsys, ex.check_max_network, *starter)
    assert not result and not result.attempted and "not attempted yet" in out
    assert "max(x1, x2) = x2" not in out


def test_max_network_half_answered_is_reported(capsys):
    result, out = run(capsys, ex.check_max_network, [W1, None], [B1, None])
    assert result.attempted and "W2 is still None" in out


@pytest.mark.parametrize(("weights", "biases"), [
    ([W1.T, W2], [B1, B2]),            # W1 transposed
    ([W1, W2.ravel()], [B1, B2]),      # W2 one-dimensional
])  # fmt: skip
def test_max_network_shape_mistakes_get_a_hint_about_shapes(weights, biases, capsys):
    result, out = run(capsys, ex.check_max_network, weights, biases)
    flat = " ".join(out.split())
    assert not result and "fix the shapes first" in flat, out
    assert "x2 + max(x1 - x2, 0)" not in flat  # no maths for a shape mistake


def test_max_network_report_shows_inputs_to_trace(capsys):
    # relu(x1) + relu(x2): wrong where both are positive
    result, out = run(capsys, ex.check_max_network, [np.eye(2), np.ones((2, 1))],
                      [np.zeros(2), B2])  # fmt: skip
    flat = " ".join(out.split())
    assert not result and "the first x = (" in flat, out


RIGHT_CALLS_LAYERS = {
    "check_leaky_relu_gain": ((gain_by_halves,), {}),
    "check_max_network": (([W1, W2], [B1, B2]), {}),
}
