"""The checkers of the chapter *Gradient descent* pass right answers written
in different ways and catch the wrong answers learners really give.

The generic robustness tests (garbage in, untouched starters, np.seterr)
are in test_exercises_robust.py; they are repeated here for these three
checkers so that this file stands on its own.
"""

import math

import numpy as np
import pytest

import npdl
from npdl import exercises as ex
from npdl.exercises import descent
from npdl.losses import binary_cross_entropy_with_logits_gradient as bce_gradient

from .checking import assert_reported, run


def words(out: str) -> str:
    """The report with its line wrapping undone."""
    return " ".join(out.split())


# --------------------------------------------------------------------------
# the learning-rate threshold
# --------------------------------------------------------------------------

A = ex.RATE_MATRIX
EIGENVALUES = np.linalg.eigvalsh(A)


def largest_by_power_iteration():
    # an independent route to lambda_max: repeated multiplication
    v = np.ones(3)
    for _ in range(500):
        v = A @ v
        v /= np.linalg.norm(v)
    return 2 / float(v @ A @ v)


@pytest.mark.parametrize(
    "lr",
    [
        2 / EIGENVALUES[-1],
        2 / np.max(np.linalg.eig(A)[0].real),
        largest_by_power_iteration(),
        2 / np.linalg.norm(A, 2),  # the spectral norm is lambda_max for a PD matrix
        float(f"{2 / EIGENVALUES[-1]:.4g}"),  # 4 significant digits
        np.float32(2 / EIGENVALUES[-1]),
        np.array(2 / EIGENVALUES[-1]),
        [2 / EIGENVALUES[-1]],
    ],
    ids=["eigvalsh", "eig", "power iteration", "spectral norm", "4 digits", "float32",
         "0-d array", "list of one"],
)  # fmt: skip
def test_max_learning_rate_passes_right_answers(lr, capsys):
    result, out = run(capsys, ex.check_max_learning_rate, lr)
    assert result, out


@pytest.mark.parametrize(
    ("lr", "first", "words_of_hint"),
    [
        (1 / EIGENVALUES[-1], "just above your rate", "starts to overshoot"),
        (2 / EIGENVALUES[0], "just below your rate", "diverges first"),
        (2 / np.trace(A), "just above your rate", "the trace is the sum"),
        (2 / A.diagonal().max(), "just below your rate", "use its eigenvalues"),
        (2 / (EIGENVALUES[0] + EIGENVALUES[-1]), "just above your rate", "fastest fixed step"),
        (2 / np.abs(A).sum(axis=1).max(), "just above your rate", "1 - lr * lambda"),
        (round(2 / EIGENVALUES[-1], 2), "your rate is the threshold to 4", "4 significant"),
        (-2 / EIGENVALUES[-1], "just below your rate", "a learning rate is positive"),
        (0.0, "just below your rate", "a learning rate is positive"),
    ],
    ids=["1/lambda_max", "2/lambda_min", "2/trace", "2/max diagonal", "2/(min+max)",
         "2/max row sum", "2 decimals", "negative", "zero"],
)  # fmt: skip
def test_max_learning_rate_catches_wrong_answers(lr, first, words_of_hint, capsys):
    result, out = run(capsys, ex.check_max_learning_rate, lr)
    assert not result
    text = words(out)
    assert f"First failing case: {first}" in text
    assert words_of_hint in text
    assert_reported(result, out)


def test_the_wrong_answers_of_the_rate_exercise_are_far_apart():
    # the matrix was chosen so that every usual mistake is more than 2% off
    right = 2 / EIGENVALUES[-1]
    for wrong in [1 / EIGENVALUES[-1], 2 / EIGENVALUES[0], 2 / np.trace(A),
                  2 / A.diagonal().max(), 2 / (EIGENVALUES[0] + EIGENVALUES[-1])]:  # fmt: skip
        assert abs(wrong / right - 1) > 0.02
    assert not np.allclose(A, np.diag(np.diag(A)))


def test_the_convergence_verdicts_agree_with_the_theory():
    lam_max = EIGENVALUES[-1]
    for lr in [0.5 / lam_max, 1.5 / lam_max, 1.97 / lam_max]:
        assert descent._verdict(A, lr).startswith("converges:")
    for lr in [2.03 / lam_max, 3 / lam_max, -0.1, 1e300]:
        assert descent._verdict(A, lr).startswith("does not converge:")


# --------------------------------------------------------------------------
# one step of logistic regression with weight decay
# --------------------------------------------------------------------------


def step_with_npdl_loss(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w + b, y)
    return w - lr * (X.T @ dz + lam * w), b - lr * dz.sum()


def step_by_formula(w, b, X, y, lr, lam):
    error = npdl.sigmoid(X @ w + b) - y
    return w - lr * (X.T @ error / len(X) + lam * w), b - lr * np.mean(error)


def step_as_decay(w, b, X, y, lr, lam):
    # weight decay written as such: shrink w, then the plain step
    error = npdl.sigmoid(X @ w + b) - y
    return (1 - lr * lam) * w - lr * X.T @ error / len(X), b - lr * error.mean()


def step_by_loops(w, b, X, y, lr, lam):
    n, d = X.shape
    dw, db = [lam * w[j] for j in range(d)], 0.0
    for k in range(n):
        z = sum(X[k, j] * w[j] for j in range(d)) + b
        err = 1 / (1 + math.exp(-z)) - y[k]
        for j in range(d):
            dw[j] += err * X[k, j] / n
        db += err / n
    return [w[j] - lr * dw[j] for j in range(d)], db * -lr + b


def step_with_dense(w, b, X, y, lr, lam):
    layer = npdl.Dense(X.shape[1], 1)
    layer.weights, layer.biases = w[:, None], [b]
    logits = layer.forward(X)
    layer.backward(bce_gradient(logits, y[:, None].astype(float)))
    return w - lr * (layer.dW[:, 0] + lam * w), b - lr * layer.db


def step_on_a_copy(w, b, X, y, lr, lam):
    w = w.copy()
    dz = bce_gradient(X @ w + b, y)
    w -= lr * (X.T @ dz + lam * w)  # in place, but on a copy: fine
    return w, b - lr * dz.sum()


def step_by_penalised_loss(w, b, X, y, lr, lam):
    # the gradient of the whole penalised loss, by npdl.gradcheck
    params = np.append(w, b)

    def loss():
        return (npdl.losses.binary_cross_entropy_with_logits(X @ params[:-1] + params[-1],
                                                             y.astype(float))
                + lam / 2 * params[:-1] @ params[:-1])  # fmt: skip

    grad = npdl.gradcheck.numerical_gradient(loss, params)
    dz = bce_gradient(X @ w + b, y)
    exact = np.append(X.T @ dz + lam * w, dz.sum())
    assert np.allclose(grad, exact, rtol=1e-5, atol=1e-8)  # the formula, confirmed
    return w - lr * exact[:-1], b - lr * exact[-1]


@pytest.mark.parametrize(
    "fn",
    [step_with_npdl_loss, step_by_formula, step_as_decay, step_by_loops, step_with_dense,
     step_on_a_copy, step_by_penalised_loss,
     lambda w, b, X, y, lr, lam: list(step_by_formula(w, b, X, y, lr, lam)),
     lambda w, b, X, y, lr, lam: (step_by_formula(w, b, X, y, lr, lam)[0],
                                  np.array([step_by_formula(w, b, X, y, lr, lam)[1]]))],
    ids=["npdl loss gradient", "formula", "decay then step", "loops", "Dense",
         "copy then in place", "gradient of the penalised loss", "a list",
         "b as an array of one"],
)  # fmt: skip
def test_logistic_step_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_logistic_step, fn)
    assert result, out


def no_penalty(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w + b, y)
    return w - lr * (X.T @ dz), b - lr * dz.sum()


def penalised_bias(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w + b, y)
    return w - lr * (X.T @ dz + lam * w), b - lr * (dz.sum() + lam * b)


def half_lam(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w + b, y)
    return w - lr * (X.T @ dz + lam / 2 * w), b - lr * dz.sum()


def penalty_sign(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w + b, y)
    return w - lr * (X.T @ dz - lam * w), b - lr * dz.sum()


def penalty_over_n(w, b, X, y, lr, lam):
    error = npdl.sigmoid(X @ w + b) - y
    return w - lr * (X.T @ error + lam * w) / len(X), b - lr * np.mean(error)


def b_over_n_twice(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w + b, y)
    return w - lr * (X.T @ dz + lam * w), b - lr * np.mean(dz)


def summed(w, b, X, y, lr, lam):
    error = npdl.sigmoid(X @ w + b) - y
    return w - lr * (X.T @ error + lam * w), b - lr * error.sum()


def ascent(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w + b, y)
    return w + lr * (X.T @ dz + lam * w), b + lr * dz.sum()


def no_labels(w, b, X, y, lr, lam):
    p = npdl.sigmoid(X @ w + b) / len(X)
    return w - lr * (X.T @ p + lam * w), b - lr * p.sum()


def mse_of_sigmoid(w, b, X, y, lr, lam):
    p = npdl.sigmoid(X @ w + b)
    dz = npdl.losses.mse_gradient(p, y) * p * (1 - p)
    return w - lr * (X.T @ dz + lam * w), b - lr * dz.sum()


def mse_of_logits(w, b, X, y, lr, lam):
    dz = npdl.losses.mse_gradient(X @ w + b, y.astype(float))
    return w - lr * (X.T @ dz + lam * w), b - lr * dz.sum()


def w_first(w, b, X, y, lr, lam):
    w = w - lr * (X.T @ (npdl.sigmoid(X @ w + b) - y) / len(X) + lam * w)
    b = b - lr * np.mean(npdl.sigmoid(X @ w + b) - y)
    return w, b


def no_bias_in_logits(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w, y)
    return w - lr * (X.T @ dz + lam * w), b - lr * dz.sum()


def in_place(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w + b, y)
    w -= lr * (X.T @ dz + lam * w)
    return w, b - lr * dz.sum()


def in_place_decay(w, b, X, y, lr, lam):
    dz = bce_gradient(X @ w + b, y)
    w *= 1 - lr * lam
    return w - lr * (X.T @ dz), b - lr * dz.sum()


def column_weights(w, b, X, y, lr, lam):
    new_w, new_b = step_by_formula(w, b, X, y, lr, lam)
    return new_w[:, None], new_b


def only_w(w, b, X, y, lr, lam):
    return step_by_formula(w, b, X, y, lr, lam)[0]


def five_arguments(w, b, X, y, lr):
    return step_by_formula(w, b, X, y, lr, 0.0)


@pytest.mark.parametrize(
    ("fn", "diagnosis"),
    [
        (no_penalty, "the step without the penalty"),
        (penalised_bias, "the bias was penalised too"),
        (half_lam, "lam * w, not lam/2 * w"),
        (penalty_sign, "the penalty's gradient was subtracted"),
        (penalty_over_n, "the penalty was divided by n"),
        (b_over_n_twice, "db was divided by n twice"),
        (summed, "the loss is a mean, so divide"),
        (ascent, "a step up the gradient"),
        (no_labels, "subtract the labels"),
        (mse_of_sigmoid, "mean squared error of sigmoid(z)"),
        (mse_of_logits, "mean squared error of the logits"),
        (w_first, "computed from the new w"),
        (no_bias_in_logits, "the bias belongs in the logits"),
        (in_place, "changed the caller's w in place: return new arrays"),
        (in_place_decay, "w_new = w - lr * dw, not w -= lr * dw"),
        (column_weights, "w_new has shape (2, 1); it must be (2,)"),
        (only_w, "return the pair (w_new, b_new)"),
        (five_arguments, "raised TypeError"),
    ],
    ids=lambda v: getattr(v, "__name__", "")[:25],
)  # fmt: skip
def test_logistic_step_catches_wrong_answers(fn, diagnosis, capsys):
    result, out = run(capsys, ex.check_logistic_step, fn)
    assert not result
    text = words(out)
    assert "First failing case: 4 samples, 2 features" in text
    assert diagnosis in text
    assert_reported(result, out)


def test_one_logistic_step_worked_by_hand():
    # w = (1, -2), b = 0, but X = 0: every sigmoid is 1/2, so sigmoid(z) - y = 1/2 - y
    X = np.zeros((4, 2))
    y = np.array([1.0, 0.0, 1.0, 1.0])
    # dz = (1/2 - y) / 4 = [-1/8, 1/8, -1/8, -1/8]: X.T @ dz = 0, db = -1/4;
    # the penalty's gradient lam * w = 0.1 * (1, -2) = (0.1, -0.2)
    step = descent._reference_step(np.array([1.0, -2.0]), 0.0, X, y, lr=0.5, lam=0.1)
    np.testing.assert_allclose(step.w, [0.95, -1.9])  # w - 0.5 * (0.1, -0.2)
    assert step.b == 0.125  # 0 - 0.5 * (-1/4)


def test_the_wrong_steps_all_differ_from_the_right_one():
    for _, args in descent._step_cases():
        right = descent._reference_step(*args)
        for wrong, diagnosis in descent._wrong_steps(*args):
            differs = (not np.allclose(wrong.w, right.w, rtol=1e-6)
                       or not np.isclose(wrong.b, right.b, rtol=1e-6))  # fmt: skip
            # the one-sample case cannot tell a sum or an n from a mean
            by_n = "is a mean" in diagnosis or "divided by n" in diagnosis
            assert differs or (len(args[2]) == 1 and by_n), diagnosis


def test_the_wrong_steps_differ_from_each_other_on_the_first_case():
    # so that the first failing case names the mistake actually made
    args = descent._step_cases()[0][1]
    steps = [w for w, _ in descent._wrong_steps(*args)]
    for i, a in enumerate(steps):
        for b in steps[i + 1 :]:
            assert not (np.allclose(a.w, b.w) and np.isclose(a.b, b.b))


# --------------------------------------------------------------------------
# the fewest steps
# --------------------------------------------------------------------------

DATA = ex.FEWEST_STEPS_EXERCISE


def count_steps(lr, A=DATA["A"], x0=DATA["x0"], tol=DATA["tol"], limit=10_000):
    x, goal = np.array(x0, dtype=float), tol * np.linalg.norm(x0)
    M = np.eye(len(x)) - lr * A  # written differently from the checker
    for t in range(1, limit + 1):
        x = M @ x
        if np.linalg.norm(x) <= goal:
            return t
    return None


def sweep():
    lam = np.linalg.eigvalsh(DATA["A"])
    rates = np.linspace(0.001, 2 / lam[-1], 300, endpoint=False)  # a coarse grid
    counts = [count_steps(lr, limit=2000) or 10**9 for lr in rates]
    best = int(np.argmin(counts))
    return float(rates[best]), counts[best]


def theory():
    lam = np.linalg.eigvalsh(DATA["A"])
    rate = 2 / (lam[0] + lam[-1])
    rho = (lam[-1] - lam[0]) / (lam[-1] + lam[0])
    # in 2-D, at this rate both directions shrink by exactly rho per step
    return rate, math.ceil(math.log(DATA["tol"]) / math.log(rho))


def test_fewest_steps_passes_a_sweep_and_the_theory(capsys):
    lr, n = sweep()
    assert ex.check_fewest_steps(lr, n)
    lr, n = theory()
    assert count_steps(lr) == n
    assert ex.check_fewest_steps(lr, n)
    assert ex.check_fewest_steps(np.float64(lr), np.int64(n))
    assert ex.check_fewest_steps(lr, float(n))
    assert ex.check_fewest_steps([lr], np.array(n))
    capsys.readouterr()


def test_fewest_steps_accepts_a_rate_two_steps_from_the_best(capsys):
    fewest, _ = descent._fewest_steps(descent._fewest_steps_data())
    lam = np.linalg.eigvalsh(DATA["A"])
    best = 2 / (lam[0] + lam[-1])
    rates = np.linspace(0.85, 1.04, 400) * best  # all below 2 / lambda_max
    counts = {lr: count_steps(lr) for lr in rates}
    assert min(c for c in counts.values() if c) == fewest  # the checker's sweep is right
    near = next(lr for lr, c in counts.items() if c == fewest + 2)
    far = next(lr for lr, c in counts.items() if c == fewest + 3)
    assert ex.check_fewest_steps(near, fewest + 2)
    result, out = run(capsys, ex.check_fewest_steps, far, fewest + 3)
    assert not result and "First failing case: no rate gets there in fewer steps" in out


@pytest.mark.parametrize(
    ("answer", "first", "problem"),
    [
        (lambda lr, n: (lr, n + 1), "it takes the number of steps you gave", "(your rate takes"),
        (lambda lr, n: (lr, n - 1), "it takes the number of steps you gave", "(your rate takes"),
        (lambda lr, n: (lr, n + 0.5), "it takes the number of steps you gave", "whole number"),
        (lambda lr, n: (1 / np.linalg.eigvalsh(DATA["A"])[-1],
                        count_steps(1 / np.linalg.eigvalsh(DATA["A"])[-1])),
         "no rate gets there in fewer steps", "other rates need fewer steps"),
        (lambda lr, n: (2.01 / np.linalg.eigvalsh(DATA["A"])[-1], n),
         "gradient descent with your rate reaches", "or it diverges"),
        (lambda lr, n: (-lr, n), "gradient descent with your rate reaches", "or it diverges"),
        (lambda lr, n: (float("inf"), n), "gradient descent with your rate reaches",
         "give a finite number"),
    ],
    ids=["one step too many", "one too few", "not whole", "1/lambda_max", "diverges",
         "negative", "inf"],
)  # fmt: skip
def test_fewest_steps_catches_wrong_answers(answer, first, problem, capsys):
    result, out = run(capsys, ex.check_fewest_steps, *answer(*theory()))
    assert not result
    text = words(out)
    assert f"First failing case: {first}" in text
    assert problem in text
    assert_reported(result, out)


# --------------------------------------------------------------------------
# the exercise data
# --------------------------------------------------------------------------


def test_the_public_data_are_copies(capsys, monkeypatch):
    assert np.array_equal(ex.RATE_MATRIX, descent._rate_matrix())
    fresh = descent._fewest_steps_data()
    assert all(np.array_equal(DATA[k], fresh[k]) for k in fresh)
    right_rate, right_steps = 2 / EIGENVALUES[-1], theory()
    saved = ex.RATE_MATRIX.copy()
    try:
        ex.RATE_MATRIX[...] = np.eye(3)  # a learner's notebook damages its copy
        monkeypatch.setitem(ex.FEWEST_STEPS_EXERCISE, "A", np.eye(2))
        assert ex.check_max_learning_rate(right_rate)
        assert ex.check_fewest_steps(*right_steps)
    finally:
        ex.RATE_MATRIX[...] = saved
    capsys.readouterr()


# --------------------------------------------------------------------------
# robustness: test_exercises_robust.py runs these checkers with every bad
# answer, using RIGHT_CALLS_DESCENT below
# --------------------------------------------------------------------------


def test_seterr_raise_changes_nothing(capsys):
    before = np.seterr(all="raise")
    try:
        assert ex.check_max_learning_rate(2 / EIGENVALUES[-1])
        assert ex.check_fewest_steps(*theory())
        assert ex.check_logistic_step(step_by_formula)
        assert not ex.check_max_learning_rate(1e300)  # overflows inside: still reported
    finally:
        np.seterr(**before)
    capsys.readouterr()


#: One right call per checker, for test_exercises_robust.py: ``name -> (args, kwargs)``.
RIGHT_CALLS_DESCENT = {
    "check_max_learning_rate": ((2 / np.linalg.eigvalsh(ex.RATE_MATRIX).max(),), {}),
    "check_logistic_step": ((step_by_formula,), {}),
    "check_fewest_steps": ((1 / 11, 145), {}),
}
