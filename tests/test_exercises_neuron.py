"""The checkers of *NumPy for neural networks*, *The artificial neuron* and
*Weights and biases* that ask a learner to predict or construct something:
right answers written in several ways pass, the mistakes learners make fail
on the case that names them.

``RIGHT_CALLS_NEURON`` gives one right call per new checker, in the form of
``RIGHT_CALLS`` in test_exercises_robust.py, for the robustness tests there.
"""

import numpy as np
import pytest

import npdl
from npdl import exercises as ex

from .checking import assert_reported, run

# --------------------------------------------------------------------------
# predict the shapes (NumPy for neural networks)
# --------------------------------------------------------------------------

# worked out by hand from the broadcasting rules, not by running NumPy
SHAPES = [(5, 3), "error", (5, 3), "error", (1, 3), (5, 4), (4,), "error", (3, 3)]


def test_the_puzzles_are_the_ones_worked_out_here():
    assert len(ex.SHAPE_PUZZLES) == len(SHAPES)
    for text, shape in zip(ex.SHAPE_PUZZLES, SHAPES, strict=True):
        try:
            got = eval(text, {"np": np}).shape
        except ValueError:
            got = "error"
        assert got == shape, text


@pytest.mark.parametrize(
    "predicted",
    [
        SHAPES,
        tuple(SHAPES),
        [list(s) if isinstance(s, tuple) else s for s in SHAPES],  # lists for tuples
        [4 if s == (4,) else s for s in SHAPES],  # a plain int for a 1-D shape
        [" Error" if s == "error" else s for s in SHAPES],  # any case, spaces
        [tuple(np.int64(n) for n in s) if isinstance(s, tuple) else s for s in SHAPES],
        [np.ones((5, 3)).shape, "error", np.empty((5, 3)).shape, "ValueError", (1, 3),
         (5, 4), (4,), "an error", (3, 3)],
    ],
    ids=["list", "tuple", "lists", "int", "case", "numpy ints", "shapes and words"],
)  # fmt: skip
def test_shape_predictions_pass_right_answers(predicted, capsys):
    result, out = run(capsys, ex.check_shape_predictions, predicted)
    assert result, out
    assert "all 9 cases pass" in out


def _with(index, value):
    answers = list(SHAPES)
    answers[index] = value
    return answers


@pytest.mark.parametrize(
    ("predicted", "first", "words"),
    [
        # the two 5s "line up": broadcasting starts from the last axis
        (_with(1, (5, 3)), "1: np.ones((5, 3)) + np.ones(5)", "LAST axes first"),
        # thinking the lengths must match, when (5, 1) and (3,) both stretch
        (_with(2, "error"), "2: np.ones((5, 1)) + np.ones(3)", "both arrays are stretched"),
        # subtracting per-sample means without keepdims
        (_with(3, (5, 3)), "3: np.ones((5, 3)) - np.ones((5, 3)).mean(axis=1)",
         "keepdims=True"),
        (_with(4, (3,)), "4: np.ones((5, 3)).sum(axis=0, keepdims=True)", "length 1"),
        (_with(6, (1, 4)), "6: np.ones(3) @ np.ones((3, 4))", "dropped"),
        (_with(7, (5, 5)), "7: np.ones((5, 3)) @ np.ones((5, 3))", "inner lengths"),
        (_with(8, (5, 5)), "8: np.ones((5, 3)).T @ np.ones((5, 3))", "sums over the 5"),
        (_with(0, "(5, 3)"), "0: np.ones((5, 3)) + np.ones(3)", "tuple of ints"),
        (_with(5, (5.5, 4)), "5: np.ones((5, 3)) @ np.ones((3, 4))", "whole numbers"),
        (SHAPES[:8], "0: np.ones((5, 3)) + np.ones(3)", "your list has 8 entries"),
        ("(5, 3), error", "0: np.ones((5, 3)) + np.ones(3)", "give a list"),
        (_with(3, None), "3: np.ones((5, 3)) - np.ones((5, 3)).mean(axis=1)",
         "no answer yet"),
    ],
)  # fmt: skip
def test_shape_predictions_catch_wrong_answers(predicted, first, words, capsys):
    result, out = run(capsys, ex.check_shape_predictions, predicted)
    assert not result and result.attempted
    assert_reported(result, out)
    assert f"First failing case: {first}" in out, out
    assert words in " ".join(out.split()), out


@pytest.mark.parametrize("untouched", [None, [None] * 9, [None]])
def test_untouched_shape_predictions_give_nothing_away(untouched, capsys):
    result, out = run(capsys, ex.check_shape_predictions, untouched)
    assert not result and not result.attempted
    assert "not attempted yet" in out
    assert "np.ones" not in out and "error" not in out  # no expressions, no answers


# --------------------------------------------------------------------------
# a neuron through two points (The artificial neuron)
# --------------------------------------------------------------------------


def through_by_rotation(p, q, r):
    u = np.asarray(q, float) - np.asarray(p, float)
    w = np.array([-u[1], u[0]])
    b = -w @ p
    return (w, b) if w @ r + b > 0 else (-w, -b)


def through_by_solving(p, q, r):
    # w = (w1, w2) orthogonal to q - p via the 2x2 determinant, unit length,
    # returned as a list and a Python float
    w1, w2 = p[1] - q[1], q[0] - p[0]
    norm = np.hypot(w1, w2)
    w1, w2 = w1 / norm, w2 / norm
    b = -(w1 * p[0] + w2 * p[1])
    sign = 1.0 if w1 * r[0] + w2 * r[1] + b > 0 else -1.0
    return [sign * w1, sign * w2], float(sign * b)


def through_scaled(p, q, r):
    w, b = through_by_rotation(p, q, r)
    return 7.5 * w, 7.5 * b  # any positive multiple is right


def through_without_the_side(p, q, r):
    u = q - p
    w = np.array([-u[1], u[0]])
    return w, -w @ p  # the right line, but r may land on the "no" side


def through_direction_not_normal(p, q, r):
    w = q - p  # along the line, not across it
    return w, -w @ p


def through_wrong_sign_of_b(p, q, r):
    u = q - p
    w = np.array([-u[1], u[0]])
    return w, w @ p


def through_zero(p, q, r):
    return np.zeros(2), 0.0  # 0 . x + 0 = 0 holds everywhere: no line


def through_bias_first(p, q, r):
    w, b = through_by_rotation(p, q, r)
    return b, w


def through_one_array(p, q, r):
    w, b = through_by_rotation(p, q, r)
    return np.append(w, b)


@pytest.mark.parametrize("fn", [through_by_rotation, through_by_solving, through_scaled])
def test_boundary_through_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_boundary_through, fn)
    assert result, out
    assert "all 5 cases pass" in out


@pytest.mark.parametrize(
    ("fn", "first", "words"),
    [
        (through_without_the_side, "a sloping line; r = the origin", "is on the 'no' side"),
        (through_direction_not_normal, "a sloping line; r = the origin",
         "w is not perpendicular to the line"),
        (through_wrong_sign_of_b, "a sloping line; r = the origin", "is not on your boundary"),
        (through_zero, "a sloping line; r = the origin", "there is no boundary line"),
        (through_bias_first, "a sloping line; r = the origin", "w has shape ()"),
        (through_one_array, "a sloping line; r = the origin", "return w, b"),
    ],
)  # fmt: skip
def test_boundary_through_catches_wrong_answers(fn, first, words, capsys):
    result, out = run(capsys, ex.check_boundary_through, fn)
    assert not result
    assert_reported(result, out)
    assert f"First failing case: {first}" in out, out
    assert words in " ".join(out.split()), out


def through_slope_intercept(p, q, r):
    # x2 = m x1 + c: no slope for a vertical line (m = inf, with a warning)
    with np.errstate(divide="ignore", invalid="ignore"):
        m = (q[1] - p[1]) / (q[0] - p[0])
        w, b = np.array([-m, 1.0]), -(p[1] - m * p[0])
        return (w, b) if w @ r + b > 0 else (-w, -b)


def test_boundary_through_names_the_vertical_line_of_a_slope(capsys):
    result, out = run(capsys, ex.check_boundary_through, through_slope_intercept)
    assert not result and result.passed  # right wherever the line has a slope
    assert "First failing case: a vertical line, x1 = 2" in out, out
    assert "a vertical line has no slope" in " ".join(out.split()), out


def test_a_line_that_ignores_r_fails_only_where_r_is_on_the_wrong_side(capsys):
    result, _ = run(capsys, ex.check_boundary_through, through_without_the_side)
    assert result.passed and result.failed  # right on some cases, not all


# --------------------------------------------------------------------------
# design a switch (Weights and biases)
# --------------------------------------------------------------------------

# worked by hand: 3 w + b = 0 and w / 4 = -1, so w = -4 and b = 12


@pytest.mark.parametrize(
    ("w", "b"),
    [(-4.0, 12.0), (-4, 12), (np.float64(-4.0), np.float32(12.0)), ([-4.0], np.array(12.0)),
     (-4.0004, 12.0012)],  # four significant digits are enough
)  # fmt: skip
def test_switch_design_passes_right_answers(w, b, capsys):
    result, out = run(capsys, ex.check_switch_design, w, b)
    assert result, out


@pytest.mark.parametrize(
    ("w", "b", "first"),
    [
        (-1.0, 3.0, "slope -1 at x = 3"),  # slope = w, forgetting sigmoid'(0) = 1/4
        (-0.25, 0.75, "slope -1 at x = 3"),  # slope = 4 w: the factor upside down
        (4.0, -12.0, "slope -1 at x = 3"),  # rising, not falling
        (-4.0, -12.0, "output 0.5 at x = 3"),  # b = 3 w instead of -3 w
        (-4.0, 3.0, "output 0.5 at x = 3"),  # the switch point as the bias
        (-2.0, 6.0, "slope -1 at x = 3"),  # the old exercise's w = -2
        (-4.0, None, "output 0.5 at x = 3"),  # half done
    ],
)  # fmt: skip
def test_switch_design_catches_wrong_answers(w, b, first, capsys):
    result, out = run(capsys, ex.check_switch_design, w, b)
    assert not result and result.attempted
    assert_reported(result, out)
    assert f"First failing case: {first}" in out, out
    assert "hint:" in out


def test_switch_design_expects_npdls_sigmoid_values(capsys):
    # the switch: sigmoid(0) = 0.5; the slope: w * sigmoid'(0) = w / 4
    assert float(npdl.sigmoid(0.0)) == 0.5
    assert float(npdl.activations.sigmoid_derivative(0.0)) == 0.25
    result, _ = run(capsys, ex.check_switch_design, -4.0, 12.0)
    assert result


# --------------------------------------------------------------------------
# standardise the features (NumPy for neural networks): the usual slips are
# named in the problem line
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda X: (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True),
         "every ROW of your result"),  # axis=1: each sample standardised
        (lambda X: (X - X.mean()) / X.std(), "the array as a whole"),  # no axis
        (lambda X: X - X.mean(axis=0), "standard deviations are"),  # centred only
        (lambda X: (X - X.mean(axis=0)) / X.var(axis=0), "standard deviations are"),
    ],
    ids=["axis=1", "no axis", "centred only", "divided by the variance"],
)  # fmt: skip
def test_standardize_names_the_slip(fn, words, capsys):
    result, out = run(capsys, ex.check_standardize, fn)
    assert not result and result.attempted
    assert_reported(result, out)
    assert words in " ".join(out.split()), out


@pytest.mark.parametrize(
    "fn",
    [
        lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1),
        lambda X: (X - np.mean(X, 0, keepdims=True)) / np.sqrt(X.var(axis=0)),
    ],
    ids=["ddof=1", "keepdims and sqrt of var"],
)
def test_standardize_diagnosis_lets_right_answers_pass(fn, capsys):
    result, out = run(capsys, ex.check_standardize, fn)
    assert result, out


RIGHT_CALLS_NEURON = {
    "check_shape_predictions": ((SHAPES,), {}),
    "check_boundary_through": ((through_by_rotation,), {}),
    "check_switch_design": ((-4.0, 12.0), {}),
}
