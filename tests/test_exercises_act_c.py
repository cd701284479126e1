"""Checkers of the Swish/Mish, softplus, softmax and choosing-an-activation
chapters: right answers written differently pass, the wrong answers
learners write fail on the case that names their mistake.

The expected values are checked here against closed forms worked out
independently of the checkers.
"""

import numpy as np
import pytest
from scipy import special

import npdl
from npdl import exercises as ex
from npdl.exercises.activations import (
    _hard_swish_gap,
    _mean_gradient_sizes,
    _softplus_inverse,
)

from .checking import assert_reported, run

# SELU's constants as published (Klambauer et al. 2017), not npdl's
SELU_LAMBDA, SELU_ALPHA = 1.0507009873554805, 1.6732632423543772


def hard_swish(z):
    return z * np.clip(z + 3, 0, 6) / 6


def softplus_inverse(y):
    return y + np.log(-np.expm1(-y))


def log_softmax_jacobian(z):
    return np.eye(len(z)) - npdl.softmax(z)[None, :]


def selu_mean_gradient():
    # z ~ N(-3, 1): selu'(z) = lambda alpha e^z below 0 and lambda above, so
    # E|selu'| = lambda (alpha E[e^z; z < 0] + P(z > 0)), and for z ~ N(mu, 1)
    # E[e^z; z < 0] = e^(mu + 1/2) Phi(-mu - 1)
    mu = -3.0
    tail = np.exp(mu + 0.5) * special.ndtr(-mu - 1)
    return SELU_LAMBDA * (SELU_ALPHA * tail + special.ndtr(mu))


#: One right call per checker, merged into test_exercises_robust's RIGHT_CALLS.
RIGHT_CALLS_ACT_C = {
    "check_hard_swish": ((hard_swish,), {}),
    # the gap is largest at z = 3, where hard-swish is 3 and swish 3 sigmoid(3)
    "check_hard_swish_gap": ((3.0, 3 * special.expit(-3.0)), {}),
    "check_softplus_inverse": ((softplus_inverse,), {}),
    "check_log_softmax_jacobian": ((log_softmax_jacobian,), {}),
    "check_log_sigmoid": ((special.log_expit,), {}),
    "check_negative_drift": (("selu", selu_mean_gradient()), {}),
}


def first_failure(capsys, checker, *args):
    result, out = run(capsys, checker, *args)
    assert not result, out
    assert_reported(result, out)
    return " ".join(out.split())


# --------------------------------------------------------------------------
# the expected values, against closed forms
# --------------------------------------------------------------------------


def test_the_hard_swish_gap_is_at_the_corner_z_3():
    where, size = _hard_swish_gap()
    assert where == pytest.approx(3.0, abs=1e-9)
    assert size == pytest.approx(3 * special.expit(-3.0), rel=1e-12)


def test_the_softplus_inverse_inverts_npdl_softplus():
    y = np.concatenate([np.geomspace(1e-300, 1e-3, 40), np.linspace(0.01, 50, 200),
                        [700.0, 710.0, 1000.0, 1e300]])  # fmt: skip
    np.testing.assert_allclose(npdl.softplus(_softplus_inverse(y)), y, rtol=1e-13)


def test_the_mean_gradient_sizes_match_closed_forms():
    sizes = _mean_gradient_sizes()
    assert sizes["selu"] == pytest.approx(selu_mean_gradient(), rel=1e-5)  # a kink at 0
    elu = np.exp(-2.5) * special.ndtr(2.0) + special.ndtr(-3.0)
    assert sizes["elu"] == pytest.approx(elu, rel=1e-5)
    assert sizes["relu"] == pytest.approx(special.ndtr(-3.0), rel=1e-3)
    assert "linear" not in sizes
    assert max(sizes, key=sizes.get) == "selu"


# --------------------------------------------------------------------------
# hard-swish
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [
    hard_swish,
    lambda z: z * np.minimum(np.maximum(z + 3, 0), 6) / 6,
    lambda z: z * np.clip(z / 6 + 0.5, 0, 1),  # PyTorch's hardsigmoid gate
    lambda z: np.where(z <= -3, 0.0, np.where(z >= 3, z, z * (z + 3) / 6)),
    lambda z: hard_swish(np.asarray(z, dtype=np.float32)),
])  # fmt: skip
def test_hard_swish_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_hard_swish, fn)
    assert result, out


@pytest.mark.parametrize(("fn", "case"), [
    (lambda z: z * (z + 3) / 6, "outside [-3, 3] the gate is 0 or 1"),  # no clipping
    (lambda z: z * np.maximum(z + 3, 0) / 6, "outside [-3, 3] the gate is 0 or 1"),  # no cap
    (lambda z: np.clip(z + 3, 0, 6) / 6, "inputs between -3 and 3"),  # the gate alone
    (lambda z: z * np.clip(z + 3, 0, 6), "inputs between -3 and 3"),  # no / 6
    (lambda z: z * special.expit(z), "inputs between -3 and 3"),  # that is swish
])  # fmt: skip
def test_hard_swish_catches_wrong_answers(fn, case, capsys):
    assert f"First failing case: {case}" in first_failure(capsys, ex.check_hard_swish, fn)


@pytest.mark.parametrize("answer", [
    (-3.0, 3 * special.expit(-3.0)),  # either sign
    (3, np.float32(0.14228)),
    (2.9995, 0.1423),  # read off a grid, 4 digits
])  # fmt: skip
def test_hard_swish_gap_passes_right_answers(answer, capsys):
    result, out = run(capsys, ex.check_hard_swish_gap, *answer)
    assert result, out


@pytest.mark.parametrize(("answer", "case"), [
    ((-1.2785, 0.1423), "where it happens (either sign)"),  # swish's dip, guessed
    ((3.0, 0.375), "the size of the largest difference"),  # hard-swish against ReLU
    ((2.97, 0.1414), "the size of the largest difference"),  # a coarse grid misses 3
    ((3.0, -0.1423), "the size of the largest difference"),  # a size is not negative
])  # fmt: skip
def test_hard_swish_gap_catches_wrong_answers(answer, case, capsys):
    out = first_failure(capsys, ex.check_hard_swish_gap, *answer)
    assert f"First failing case: {case}" in out


@pytest.mark.parametrize(("checker", "answer", "words"), [
    (ex.check_hard_swish_gap, (3.0, 0.375), "larger than the largest difference"),
    (ex.check_hard_swish_gap, (3.03, 0.1391), "smaller than the largest difference"),
    (ex.check_hard_swish_gap, (-1.2785, 0.1423), "larger further from 0"),
    (ex.check_gelu_gap, (2.2704, 0.020335), "the tanh form"),  # z sigmoid(1.702 z)
    (ex.check_gelu_gap, (1.3645, 4.7324e-4), "larger further from 0"),
])  # fmt: skip
def test_a_wrong_measurement_is_told_which_way_not_the_answer(checker, answer, words, capsys):
    out = first_failure(capsys, checker, *answer)
    assert words in out
    expected = out.split("expected:")[1].split("got:")[0]
    assert "not shown here" in expected
    assert not any(ch.isdigit() and ch not in "34" for ch in expected)  # "3 decimals"


def test_hard_swish_gap_not_attempted(capsys):
    result, out = run(capsys, ex.check_hard_swish_gap, None, None)
    assert not result and not result.attempted
    assert "not attempted yet" in out


# --------------------------------------------------------------------------
# softplus inverse
# --------------------------------------------------------------------------


def inverse_by_cases(y):
    y = np.asarray(y, dtype=float)
    out = np.empty_like(y)
    small = y < 20
    out[small] = np.log(np.expm1(y[small]))
    out[~small] = y[~small] + np.log1p(-np.exp(-y[~small]))
    return out


@pytest.mark.parametrize("fn", [
    softplus_inverse,
    lambda y: np.log(-np.expm1(-y)) + y,
    inverse_by_cases,
])  # fmt: skip
def test_softplus_inverse_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_softplus_inverse, fn)
    assert result, out


@pytest.mark.parametrize(("fn", "case"), [
    (lambda y: np.log(np.exp(y) - 1), "large outputs: no overflow"),  # the textbook one
    (lambda y: np.log(np.expm1(y)), "large outputs: no overflow"),
    (lambda y: y + np.log1p(-np.exp(-y)), "tiny outputs keep their digits"),
    (lambda y: y + np.log(1 - np.exp(-y)), "tiny outputs keep their digits"),
    (npdl.softplus, "ordinary outputs"),  # softplus, not its inverse
    (np.log, "ordinary outputs"),  # only right for tiny y
])  # fmt: skip
def test_softplus_inverse_catches_wrong_answers(fn, case, capsys):
    out = first_failure(capsys, ex.check_softplus_inverse, fn)
    assert f"First failing case: {case}" in out


# --------------------------------------------------------------------------
# log-sigmoid, the two-class log-softmax
# --------------------------------------------------------------------------


def test_log_sigmoid_expected_values_are_log_expit():
    z = np.concatenate([np.linspace(-1000, 1000, 2001), [-1e300, 1e300]])
    np.testing.assert_allclose(npdl.exercises.activations._log_sigmoid(z),
                               special.log_expit(z), rtol=1e-14, atol=0)


@pytest.mark.parametrize("fn", [
    special.log_expit,
    lambda z: -np.logaddexp(0, -z),
    lambda z: -npdl.softplus(-z),
    # the log-softmax of the pair (0, z), taken literally
    lambda z: npdl.log_softmax(np.stack([np.zeros_like(z), z], axis=-1))[..., 1],
    lambda z: np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z))),
])  # fmt: skip
def test_log_sigmoid_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_log_sigmoid, fn)
    assert result, out


@pytest.mark.parametrize(("fn", "case", "words"), [
    (lambda z: np.log(npdl.sigmoid(z)), "very negative logits: finite, about z",
     "log(0) = -inf"),
    (lambda z: -np.log1p(np.exp(-z)), "very negative logits: finite, about z",
     "overflow"),
    (lambda z: z - np.log1p(np.exp(z)), "large positive logits: no overflow", "overflow"),
    (lambda z: npdl.softplus(-z), "ordinary logits", "sign is flipped"),
    (lambda z: -npdl.softplus(z), "ordinary logits", "the other class"),
    (npdl.sigmoid, "ordinary logits", "sigmoid(z) itself"),
    (lambda z: npdl.log_softmax(z) if z.ndim == 2 else -npdl.softplus(-z),
     "a 2-D batch keeps its shape", "across each row"),
])  # fmt: skip
def test_log_sigmoid_catches_wrong_answers(fn, case, words, capsys):
    out = first_failure(capsys, ex.check_log_sigmoid, fn)
    assert f"First failing case: {case}" in out
    assert words in out
    assert "softplus" not in out  # the answer is not named


def test_log_softmax_is_retired():
    assert ex.RETIRED["check_log_softmax"] == "softmax"
    assert "check_log_softmax" not in ex.__all__


# --------------------------------------------------------------------------
# the log-softmax Jacobian
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [
    log_softmax_jacobian,
    lambda z: np.eye(len(z)) - np.tile(npdl.softmax(z), (len(z), 1)),
    lambda z: np.identity(z.size) - np.ones((z.size, 1)) @ npdl.softmax(z)[None, :],
])  # fmt: skip
def test_log_softmax_jacobian_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_log_softmax_jacobian, fn)
    assert result, out


def naive_softmax(z):
    e = np.exp(z)
    return e / e.sum()


@pytest.mark.parametrize(("fn", "case"), [
    (lambda z: np.eye(len(z)) - npdl.softmax(z)[:, None], "2 classes"),  # transposed
    (lambda z: np.diag(npdl.softmax(z)) - np.outer(npdl.softmax(z), npdl.softmax(z)),
     "2 classes"),  # the softmax's Jacobian
    (lambda z: np.eye(len(z)) - naive_softmax(z)[None, :], "large logits"),  # no max-shift
])  # fmt: skip
def test_log_softmax_jacobian_catches_wrong_answers(fn, case, capsys):
    out = first_failure(capsys, ex.check_log_softmax_jacobian, fn)
    assert f"First failing case: {case}" in out
    assert "every row must sum to 0" in out or case == "large logits"


@pytest.mark.parametrize(("fn", "words"), [
    (lambda z: np.eye(len(z)) - npdl.softmax(z)[:, None], "the transpose"),
    (lambda z: (np.diag(npdl.softmax(z))
                - np.outer(npdl.softmax(z), npdl.softmax(z))), "softmax's Jacobian"),
    (lambda z: np.diag(1 - npdl.softmax(z)), "only the diagonal"),
])  # fmt: skip
def test_log_softmax_jacobian_names_the_usual_mistakes(fn, words, capsys):
    out = first_failure(capsys, ex.check_log_softmax_jacobian, fn)
    assert words in out
    assert "I - " not in out and "e_i - s" not in out  # the answer is not printed


# --------------------------------------------------------------------------
# choosing: the negative drift
# --------------------------------------------------------------------------


def sampled_mean_gradient(name, n=10**5, seed=1):
    z = np.random.default_rng(seed).normal(-3, 1, n)
    return float(np.abs(npdl.get_activation(name).derivative(z)).mean())


@pytest.mark.parametrize("answer", [
    ("selu", selu_mean_gradient()),
    (" SELU", sampled_mean_gradient("selu")),  # a sample of 10**5, any case
    (npdl.selu, np.float32(selu_mean_gradient())),
    (npdl.get_activation("selu"), [round(selu_mean_gradient(), 2)]),
    # a sample of 10**4 with other seeds, or 10**5 with the chapter's rng
    ("selu", sampled_mean_gradient("selu", n=10**4, seed=7)),
    ("selu", sampled_mean_gradient("selu", n=10**4, seed=2024)),
    ("selu", sampled_mean_gradient("selu", seed=0)),
])  # fmt: skip
def test_negative_drift_passes_right_answers(answer, capsys):
    result, out = run(capsys, ex.check_negative_drift, *answer)
    assert result, out


@pytest.mark.parametrize(("answer", "case", "words"), [
    (("leaky_relu", sampled_mean_gradient("leaky_relu")),
     "which activation passes the most gradient", "f'(-10)"),  # read from the table
    (("elu", sampled_mean_gradient("elu")),
     "which activation passes the most gradient", "elu passes"),
    (("linear", 1.0), "which activation passes the most gradient", "left out"),
    (("relu6", 0.1), "which activation passes the most gradient", "registry name"),
    (("selu", SELU_LAMBDA * SELU_ALPHA * np.exp(-3.0)), "its average gradient size",
     "derivative at z = -3"),  # the derivative at the mean
    (("selu", sampled_mean_gradient("elu")), "its average gradient size",
     "that is elu's average"),
])  # fmt: skip
def test_negative_drift_catches_wrong_answers(answer, case, words, capsys):
    out = first_failure(capsys, ex.check_negative_drift, *answer)
    assert f"First failing case: {case}" in out
    assert words in out


def test_negative_drift_does_not_print_the_answer_for_a_wrong_name(capsys):
    out = first_failure(capsys, ex.check_negative_drift, "elu", 0.08)
    assert "selu" not in out
