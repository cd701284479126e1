"""Checkers of the sigmoid and tanh chapters: the second derivative of the
sigmoid from its output, tanh from the sigmoid without losing digits near 0,
and the derivative of a scaled tanh from its output.

Right answers written differently must pass; the wrong answers learners
really write must fail on the case named, with a message that says why.
"""

import numpy as np
import pytest

import npdl
from npdl import exercises as ex
from npdl.activations import sigmoid_derivative, tanh_derivative
from npdl.gradcheck import numerical_derivative

from .checking import assert_reported, run

sigmoid = npdl.sigmoid


# --------------------------------------------------------------------------
# the sigmoid's second derivative, from its output
# --------------------------------------------------------------------------


def sigmoid_second(a):
    return a * (1 - a) * (1 - 2 * a)


def test_the_expected_second_derivative_is_the_numerical_one():
    # independent of the checker's formula: differentiate npdl's sigma' numerically
    z = np.linspace(-6, 6, 121)
    numeric = numerical_derivative(sigmoid_derivative, z)
    assert np.allclose(sigmoid_second(sigmoid(z)), numeric, rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("fn", [
    sigmoid_second,
    lambda a: a - 3 * a**2 + 2 * a**3,  # expanded
    lambda a: (a - a**2) * (1 - a - a),
    lambda a: a * (1 - a) * (1 - a) - a * a * (1 - a),  # the product rule, unsimplified
])  # fmt: skip
def test_second_derivative_right_answers_pass(fn, capsys):
    result, out = run(capsys, ex.check_sigmoid_second_derivative, fn)
    assert result, out


@pytest.mark.parametrize(("fn", "words"), [
    (lambda a: a * (1 - a), "the first derivative"),  # sigma' itself
    (lambda a: 1 - 2 * a, "chain rule"),  # d/da instead of d/dz
    (lambda a: a * (1 - a) * (2 * a - 1), "sign is flipped"),
    (lambda a: sigmoid(a) * (1 - sigmoid(a)), "do not apply sigmoid"),
    (lambda a: a * (1 - a) ** 2, "different values"),
    (lambda a: 1 - a**2, "different values"),  # tanh's rule
])  # fmt: skip
def test_second_derivative_wrong_answers_fail(fn, words, capsys):
    result, out = run(capsys, ex.check_sigmoid_second_derivative, fn)
    assert not result
    flat = " ".join(out.split())
    assert "First failing case: outputs of sigmoid at a few points" in flat
    assert words in flat
    assert_reported(result, out)


def test_the_second_derivative_hint_does_not_give_the_answer(capsys):
    result, out = run(capsys, ex.check_sigmoid_second_derivative, lambda a: a * (1 - a) ** 2)
    assert not result
    flat = " ".join(out.split())
    assert "product rule" in flat and "da/dz" in flat
    assert "(1 - 2a) da/dz" not in flat and "da/dz is sigma'" not in flat


# --------------------------------------------------------------------------
# tanh from the sigmoid, accurate near 0
# --------------------------------------------------------------------------


def tanh_by_oddness(z):
    t = np.abs(z)
    return np.sign(z) * sigmoid(2 * t) * -np.expm1(-2 * t)


def tanh_by_cases(z):
    z = np.asarray(z, dtype=float)
    t = -np.expm1(-2 * np.abs(z)) / (1 + np.exp(-2 * np.abs(z)))
    return np.where(z < 0, -t, t)


def tanh_by_taylor(z):
    # near 0 the series z - z^3/3 + 2 z^5/15, elsewhere the identity
    series = z - z**3 / 3 + 2 * z**5 / 15
    return np.where(np.abs(z) < 1e-3, series, 2 * sigmoid(2 * z) - 1)


def test_the_naive_identity_loses_about_1e_4_at_1e_12():
    z = 1e-12
    error = abs(2 * sigmoid(2 * z) - 1 - np.tanh(z)) / np.tanh(z)
    assert 1e-5 < error < 1e-3


@pytest.mark.parametrize("fn", [
    tanh_by_oddness, tanh_by_cases, tanh_by_taylor,
    lambda z: np.where(np.abs(z) < 1e-5, z, 2 * sigmoid(2 * z) - 1),  # tanh(z) ~ z there
])  # fmt: skip
def test_tanh_from_sigmoid_accurate_answers_pass(fn, capsys):
    result, out = run(capsys, ex.check_tanh_from_sigmoid, fn)
    assert result, out


def expm1_without_oddness(z):  # exp(-2z) overflows for z << 0
    return -np.expm1(-2 * z) / (2 + np.expm1(-2 * z))


def expm1_of_positive(z):  # odd, but e^(2|z|) - 1 overflows for |z| > 355
    t = np.abs(z)
    return np.sign(z) * np.expm1(2 * t) / (np.expm1(2 * t) + 2)


def test_the_near_zero_hint_leaves_the_rewriting_to_the_learner(capsys):
    result, out = run(capsys, ex.check_tanh_from_sigmoid, lambda z: 2 * sigmoid(2 * z) - 1)
    assert not result
    flat = " ".join(out.split())
    assert "np.expm1" in flat and "e^(-2z)" in flat
    assert "sigmoid(2z) (1 - e^(-2z))" not in flat  # the identity itself is the exercise


def where_both_branches(z):  # right values, but np.where computes exp(800)
    return np.where(z >= 0, sigmoid(2 * z) * -np.expm1(-2 * z),
                    -sigmoid(-2 * z) * -np.expm1(2 * z))


@pytest.mark.parametrize(("fn", "first", "words"), [
    (lambda z: 2 * sigmoid(2 * z) - 1, "near zero: every significant digit",
     "only about 4 significant digits"),
    (lambda z: 1 - 2 * sigmoid(-2 * z), "near zero: every significant digit",
     "significant digits"),
    (lambda z: sigmoid(2 * z) - sigmoid(-2 * z), "near zero: every significant digit",
     "significant digits"),
    (lambda z: (1 - np.exp(-2 * np.abs(z))) / (1 + np.exp(-2 * np.abs(z))) * np.sign(z),
     "near zero: every significant digit", "significant digits"),
    (lambda z: np.where(np.abs(z) < 1e-8, z, 2 * sigmoid(2 * z) - 1),  # switches too early
     "near zero: every significant digit", "significant digits"),
    (expm1_without_oddness, "far from zero: -1 and 1", "overflow"),
    (where_both_branches, "far from zero: -1 and 1", "overflow"),
    (expm1_of_positive, "far from zero: -1 and 1", "overflow"),
    (lambda z: np.sinh(z) / np.cosh(z), "far from zero: -1 and 1", "overflow"),  # at 1000
])  # fmt: skip
def test_tanh_from_sigmoid_inaccurate_answers_fail(fn, first, words, capsys):
    result, out = run(capsys, ex.check_tanh_from_sigmoid, fn)
    assert not result
    flat = " ".join(out.split())
    assert f"First failing case: {first}" in flat
    assert words in flat
    assert "np.expm1" in flat or "put the sign back" in flat  # a hint to act on
    assert_reported(result, out)


def test_tanh_from_sigmoid_in_float32_is_held_to_float32(capsys):
    result, out = run(capsys, ex.check_tanh_from_sigmoid,
                      lambda z: tanh_by_oddness(np.asarray(z, dtype=np.float32)))
    assert result, out
    result, out = run(capsys, ex.check_tanh_from_sigmoid,
                      lambda z: 2 * sigmoid(2 * np.asarray(z, dtype=np.float32)) - 1)
    assert not result
    assert "near zero" in out


# --------------------------------------------------------------------------
# the scaled tanh's derivative, from its output
# --------------------------------------------------------------------------


def scaled_tanh_derivative(a, alpha, beta):
    return alpha * beta * (1 - (a / alpha) ** 2)


def test_the_expected_scaled_derivative_is_the_numerical_one():
    z = np.linspace(-4, 4, 81)
    alpha, beta = 1.7159, 2 / 3
    numeric = numerical_derivative(lambda x: alpha * np.tanh(beta * x), z)
    a = alpha * np.tanh(beta * z)
    assert np.allclose(scaled_tanh_derivative(a, alpha, beta), numeric, rtol=1e-6)
    assert np.allclose(alpha * beta * tanh_derivative(beta * z), numeric, rtol=1e-6)


@pytest.mark.parametrize("fn", [
    scaled_tanh_derivative,
    lambda a, alpha, beta: beta / alpha * (alpha**2 - a**2),
    lambda a, alpha, beta: beta * (alpha - a) * (1 + a / alpha),
    lambda a, alpha, beta: alpha * beta * (1 - a / alpha) * (1 + a / alpha),
])  # fmt: skip
def test_scaled_tanh_right_answers_pass(fn, capsys):
    result, out = run(capsys, ex.check_scaled_tanh_derivative, fn)
    assert result, out


@pytest.mark.parametrize(("fn", "first", "words"), [
    (lambda a, alpha, beta: 1 - a**2, "steeper: alpha = 1, beta = 3", "rule for tanh itself"),
    (lambda a, alpha, beta: beta * (1 - a**2), "taller: alpha = 2, beta = 1",
     "rule for tanh itself"),  # with beta = 1 it is 1 - a**2
    (lambda a, alpha, beta: alpha * beta * (1 - a**2), "taller: alpha = 2, beta = 1",
     "square a / alpha"),
    (lambda a, alpha, beta: beta * (1 - (a / alpha) ** 2), "taller: alpha = 2, beta = 1",
     "outer factor alpha is missing"),
    (lambda a, alpha, beta: alpha * (1 - (a / alpha) ** 2), "steeper: alpha = 1, beta = 3",
     "tanh itself"),  # with alpha = 1 this is 1 - a**2
    (lambda a, alpha, beta: alpha * beta * (1 - np.tanh(a) ** 2), "plain tanh",
     "different values"),  # tanh applied to the output
    (lambda a, alpha, beta: a * (1 - a), "plain tanh", "different values"),  # sigmoid's rule
    (lambda a: 1 - a**2, "plain tanh", "raised TypeError"),  # the one-argument exercise
])  # fmt: skip
def test_scaled_tanh_wrong_answers_fail(fn, first, words, capsys):
    result, out = run(capsys, ex.check_scaled_tanh_derivative, fn)
    assert not result
    flat = " ".join(out.split())
    assert f"First failing case: {first}" in flat
    assert words in flat
    assert_reported(result, out)


def test_a_missing_beta_fails_exactly_where_beta_is_not_one(capsys):
    result, out = run(capsys, ex.check_scaled_tanh_derivative,
                      lambda a, alpha, beta: alpha * (1 - (a / alpha) ** 2))
    assert not result
    assert result.failed == ["steeper: alpha = 1, beta = 3",
                             "LeCun's tanh: alpha = 1.7159, beta = 2/3",
                             "a 2-D batch keeps its shape"]


def test_untouched_starters_are_not_attempted(capsys):
    for checker, starter in [
        (ex.check_sigmoid_second_derivative, lambda a: None),
        (ex.check_tanh_from_sigmoid, lambda z: None),
        (ex.check_scaled_tanh_derivative, lambda a, alpha, beta: None),
    ]:
        result, out = run(capsys, checker, starter)
        assert not result.attempted, out
        assert "not attempted yet" in out


RIGHT_CALLS_ACT_A = {
    "check_sigmoid_second_derivative": ((sigmoid_second,), {}),
    "check_tanh_from_sigmoid": ((tanh_by_oddness,), {}),
    "check_scaled_tanh_derivative": ((scaled_tanh_derivative,), {}),
}
