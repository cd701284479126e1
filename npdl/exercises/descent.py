"""Checkers for Part V, *Learning*: the chapter *Gradient descent*.

The expected values come from npdl itself (:mod:`npdl.losses`,
:class:`npdl.layers.Dense`) and from NumPy's eigenvalues and simulations of
gradient descent, never from numbers typed in. :data:`RATE_MATRIX` and
:data:`FEWEST_STEPS_EXERCISE` are copies for the chapter to print; the
checkers use private originals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from npdl.datasets import make_blobs
from npdl.exercises._engine import (
    BY_HAND,
    AnswerError,
    Case,
    CheckResult,
    Expect,
    Text,
    _check,
    _short,
    checker,
    exercise_rng,
    is_placeholder,
    number_array,
    real_number,
    shown_number,
)
from npdl.layers import Dense
from npdl.losses import binary_cross_entropy_with_logits_gradient

__all__ = [
    "FEWEST_STEPS_EXERCISE",
    "RATE_MATRIX",
    "check_fewest_steps",
    "check_logistic_step",
    "check_max_learning_rate",
]


# --------------------------------------------------------------------------
# the learning-rate threshold
# --------------------------------------------------------------------------


def _rate_matrix() -> np.ndarray:
    """A fresh copy of the "learning-rate threshold" exercise's matrix: symmetric,
    positive definite and not diagonal, so that 2/lambda_max differs from
    2/(largest diagonal entry), 2/trace, 1/lambda_max and 2/lambda_min."""
    return np.array([[4.0, 2.0, 0.0], [2.0, 5.0, 2.0], [0.0, 2.0, 3.0]])


#: The symmetric matrix :math:`A` of the exercise "the learning-rate
#: threshold": gradient descent on :math:`f(\mathbf{x}) = \tfrac12\mathbf{x}^\top
#: A\mathbf{x}`.
#:
#: :meta hide-value:
RATE_MATRIX = _rate_matrix()

#: Steps the "learning-rate threshold" checker runs to see whether a rate
#: converges.
_RATE_STEPS = 1000


def _distance_ratio(A: np.ndarray, x0: np.ndarray, lr: float, n_steps: int) -> float:
    """``||x_n|| / ||x_0||`` after `n_steps` of ``x <- x - lr * A x`` (inf once
    it overflows; the run stops early when it has clearly blown up)."""
    x = x0.copy()
    start = float(np.linalg.norm(x0))
    with np.errstate(all="ignore"):
        for _ in range(n_steps):
            x = x - lr * (A @ x)
            size = float(np.linalg.norm(x))
            if not np.isfinite(size) or size > 1e150 * start:
                return float("inf")
    return size / start


def _verdict(A: np.ndarray, lr: float) -> Text:
    ratio = _distance_ratio(A, np.ones(len(A)), lr, _RATE_STEPS)
    how = "overflowed" if not np.isfinite(ratio) else f"is {ratio:.2g} times the starting one"
    word = "converges" if ratio < 1 else "does not converge"
    return Text(f"{word}: after {_RATE_STEPS} steps the distance to the minimum {how}")


def _rate_hint(lr: float, A: np.ndarray) -> str:
    """A hint aimed at the mistake `lr` looks like."""
    lam = np.linalg.eigvalsh(A)
    general = ("along each eigenvector of A the distance to the minimum is multiplied by "
               "1 - lr * lambda every step; every one of those factors must lie between "
               "-1 and 1")  # fmt: skip
    suspects = [
        (1 / lam[-1], "1/lambda_max is where the steepest direction starts to overshoot "
                      "and oscillate; it still converges until the factor 1 - lr * lambda "
                      "reaches -1"),
        (2 / lam[0], "lambda_min sets how slowly the flattest direction converges, but the "
                     "steepest direction, lambda_max, diverges first"),
        (2 / np.trace(A), "the trace is the sum of all the eigenvalues: 2/trace is safe, "
                          "but below the threshold"),
        (2 / A.diagonal().max(), "the diagonal entries are the curvatures along the axes; A "
                                 "is not diagonal, so its steepest direction is not an axis: "
                                 "use its eigenvalues (np.linalg.eigvalsh)"),
        (2 / (lam[0] + lam[-1]), "2/(lambda_min + lambda_max) is the fastest fixed step, not "
                                 "the threshold of convergence"),
    ]  # fmt: skip
    for value, hint in suspects:
        if np.isclose(lr, value, rtol=5e-3):
            return hint
    if lr <= 0:
        return ("a learning rate is positive: with lr <= 0 gradient descent stands still "
                "or climbs")  # fmt: skip
    return general


@checker
def check_max_learning_rate(lr: float) -> CheckResult:
    """Check the learning-rate threshold of gradient descent on
    ``f(x) = x @ A @ x / 2``, with ``A = RATE_MATRIX``: the rate below which
    it converges from every start (the supremum of the rates that converge;
    no largest converging rate exists), to 4 significant digits.

    Besides the value, the checker runs gradient descent just below and just
    above the given rate (at 0.98 and 1.02 times it), so a wrong answer
    shows what it does.

    Parameters
    ----------
    lr : float
        Your threshold.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_max_learning_rate(2 / np.linalg.eigvalsh(RATE_MATRIX).max())
    check_max_learning_rate: all 3 cases pass. Well done!
    ...
    """
    A = _rate_matrix()
    largest = 2 / np.linalg.eigvalsh(A).max()
    try:
        value = real_number(lr, "lr")
        hint = _rate_hint(value, A) if np.isfinite(value) else "give a finite number"
    except AnswerError:
        hint = "give the learning rate as one number, e.g. lr = 0.1"

    def answer(part: str) -> object:
        value = real_number(lr, "lr")
        if part == "value":
            return value
        if not np.isfinite(value):
            raise AnswerError(f"lr is {value}; give a finite number")
        return _verdict(A, value * (0.98 if part == "below" else 1.02))

    def says(word: str, failure: str) -> Expect:
        return Expect(word, lambda got: str(got).startswith(word + ":"), shape=None,
                      failure=failure)  # fmt: skip

    show = f"you gave lr = {shown_number(lr)}; A = RATE_MATRIX"
    cases = [
        Case("just below your rate (0.98 times it) gradient descent converges", ("below",),
             says("converges", "it does not converge there"),
             hint, show=show),
        Case("just above your rate (1.02 times it) it no longer converges", ("above",),
             says("does not converge", "it still converges there: a larger rate works "
                                       "too"), hint, show=show),
        Case("your rate is the threshold to 4 significant digits", ("value",),
             np.asarray(largest),
             "compute the eigenvalues with np.linalg.eigvalsh(A) and keep 4 significant "
             "digits (or more)", show=show, scalar_ok=True, **BY_HAND),
    ]  # fmt: skip
    return _check("check_max_learning_rate", answer, cases, ("part",), function=False,
                  attempted=not is_placeholder(lr))  # fmt: skip


# --------------------------------------------------------------------------
# one step of logistic regression with weight decay
# --------------------------------------------------------------------------


@dataclass
class _Step:
    """The new parameters a step returned, as they are compared and shown."""

    w: np.ndarray
    b: float

    def __repr__(self) -> str:
        with np.printoptions(precision=6, suppress=False, floatmode="maxprec"):
            return f"w_new = {np.array2string(self.w, separator=', ')}, b_new = {self.b:.6g}"


def _reference_step(w, b, X, y, lr, lam) -> _Step:
    """The step computed by npdl: a linear Dense(d, 1) layer's backward pass
    of the mean binary cross-entropy of its logits, plus the gradient
    ``lam * w`` of the penalty ``lam / 2 * ||w||^2`` (not on the bias)."""
    layer = Dense(X.shape[1], 1)
    layer.weights = np.asarray(w, dtype=float)[:, None]
    layer.biases = [b]
    logits = layer.forward(X)
    layer.backward(binary_cross_entropy_with_logits_gradient(logits, y[:, None]))
    return _Step(w - lr * (layer.dW[:, 0] + lam * w), float(b - lr * layer.db[0]))


def _sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def _wrong_steps(w, b, X, y, lr, lam) -> list[tuple[_Step, str]]:
    """What the mistakes learners make would return, each with its diagnosis."""
    n = len(X)
    z = X @ w + b
    p = _sigmoid(z)
    err = p - y

    def step(dz, penalty=1.0, sign=1.0, on_b=0.0, db=None):
        dw = X.T @ dz + penalty * lam * w
        db = dz.sum() if db is None else db
        return _Step(w - sign * lr * dw, float(b - sign * lr * (db + on_b * lam * b)))

    w_first = w - lr * ((X.T @ err) / n + lam * w)
    b_late = float(b - lr * np.mean(_sigmoid(X @ w_first + b) - y))
    return [
        (step(err / n, penalty=0.0), "this is the step without the penalty: its "
                                     "gradient, lam * w, belongs in dw"),
        (step(err / n, on_b=1.0), "the bias was penalised too: the penalty is "
                                  "lam/2 * ||w||^2 on the weights only, so db has no "
                                  "lam * b"),
        (step(err / n, penalty=0.5), "the gradient of lam/2 * ||w||^2 is lam * w, not "
                                     "lam/2 * w: the 2 of the square cancels the 1/2"),
        (step(err / n, penalty=-1.0), "the penalty's gradient was subtracted from dw: "
                                      "dw = X.T @ dz + lam * w, so that the step shrinks "
                                      "w (weight decay)"),
        (step(err / n, penalty=1.0 / n), "the penalty was divided by n: it is added once "
                                         "to the mean loss, so its gradient is lam * w, "
                                         "not lam * w / n"),
        (step(err / n, db=err.sum() / n**2), "db was divided by n twice: dz = (sigmoid(z) "
                                             "- y) / n already holds the 1/n, so db = "
                                             "dz.sum(), not np.mean(dz)"),
        (step(err), "these are the values of a step with the summed gradient: the loss "
                    "is a mean, so divide X.T @ (sigmoid(z) - y) and its sum by n"),
        (step(err / n, sign=-1.0), "this is a step up the gradient (w + lr * dw): step "
                                   "against it, w - lr * dw"),
        (step(p / n), "the gradient of the loss for z is sigmoid(z) - y, not sigmoid(z): "
                      "subtract the labels"),
        (step(2 * err * p * (1 - p) / n), "this is the gradient of the mean squared "
                                          "error of sigmoid(z); the loss here is the binary "
                                          "cross-entropy, whose gradient for z is "
                                          "(sigmoid(z) - y) / n"),
        (step(2 * (z - y) / n), "this is the gradient of the mean squared error of the "
                                "logits; the loss here is the binary cross-entropy"),
        (_Step(w_first, b_late), "b was updated with a gradient computed from the new w: "
                                 "compute both gradients from the same z = X @ w + b, "
                                 "then update both"),
        (step((_sigmoid(X @ w) - y) / n), "z = X @ w + b: the bias belongs in the "
                                          "logits"),
    ]  # fmt: skip


def _as_step(raw: object, d: int) -> _Step:
    """The learner's returned pair ``(w_new, b_new)`` as a :class:`_Step`."""
    if isinstance(raw, np.ndarray) or not isinstance(raw, tuple | list) or len(raw) != 2:
        raise AnswerError(f"returned {_short(raw, 60)}; return the pair (w_new, b_new), "
                          "e.g. return w - lr * dw, b - lr * db")  # fmt: skip
    w_new = number_array(raw[0], "w_new", ((d,),))
    b_new = number_array(raw[1], "b_new", ((), (1,)))
    return _Step(w_new, float(b_new.reshape(-1)[0]))


def _call_keeping_w(fn: Callable, w, b, X, y, lr, lam) -> object:
    """``fn(w, b, X, y, lr, lam)``, with this exercise's own message when `fn`
    changes the caller's `w` in place."""
    before = np.array(w, copy=True)
    raw = fn(w, b, X, y, lr, lam)
    if not (isinstance(w, np.ndarray) and w.shape == before.shape
            and np.array_equal(w, before, equal_nan=True)):  # fmt: skip
        raise AnswerError("changed the caller's w in place: return new arrays, "
                          "w_new = w - lr * dw, not w -= lr * dw (the caller may still "
                          "need its w)")  # fmt: skip
    return raw


def _step_cases() -> list[tuple[str, tuple]]:
    rng = exercise_rng()
    X1 = np.array([[1.0, 2.0], [-1.0, 0.5], [2.0, -1.0], [0.0, -2.0]])
    y1 = np.array([1.0, 0.0, 1.0, 0.0])
    X2, labels = make_blobs(40, centers=[[-1.0, 1.0], [1.5, -0.5]], cluster_std=1.2, rng=rng)
    X3 = rng.normal(size=(7, 3))
    y3 = np.array([0, 1, 1, 0, 1, 0, 0])
    return [
        ("4 samples, 2 features", (rng.normal(size=2), 0.3, X1, y1, 0.5, 0.1)),
        ("40 samples from two blobs", (rng.normal(size=2), -0.2, X2, labels.astype(float),
                                       0.1, 0.01)),
        ("3 features, integer labels", (rng.normal(size=3), 0.5, X3, y3, 1.0, 0.3)),
        ("one sample: X of shape (1, 2)", (np.array([0.5, -1.0]), 0.4,
                                           np.array([[2.0, 1.0]]), np.array([1.0]), 0.2,
                                           0.05)),
    ]  # fmt: skip


@checker
def check_logistic_step(fn: Callable) -> CheckResult:
    """Check ``logistic_step(w, b, X, y, lr, lam)``: one step of full-batch
    gradient descent for a sigmoid neuron (logistic regression) on the mean
    binary cross-entropy plus the weight decay penalty
    ``lam / 2 * ||w||^2`` (the bias is not penalised), returning the new
    ``(w, b)`` without changing `w` in place.

    `w` has shape ``(d,)``, `b` is a float, `X` has shape ``(n, d)``, `y`
    holds n labels 0 and 1, `lam` is a number >= 0. ``w_new`` must have
    shape ``(d,)``; ``b_new`` may be a float or an array of one number. The
    expected step comes from a linear :class:`npdl.layers.Dense` layer's
    backward pass of
    :func:`npdl.losses.binary_cross_entropy_with_logits_gradient`, plus
    ``lam * w``.

    Parameters
    ----------
    fn : callable
        Your ``logistic_step(w, b, X, y, lr, lam)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> from npdl.losses import binary_cross_entropy_with_logits_gradient as grad
    >>> def step(w, b, X, y, lr, lam):
    ...     dz = grad(X @ w + b, y)
    ...     return w - lr * (X.T @ dz + lam * w), b - lr * dz.sum()
    >>> ok = check_logistic_step(step)
    check_logistic_step: all 4 cases pass. Well done!
    ...
    """
    cases = []
    for label, args in _step_cases():
        w, b, X, y, lr, lam = args
        right = _reference_step(*args)
        wrong = _wrong_steps(*args)

        def close(got, want=right):
            return (np.allclose(got.w, want.w, rtol=1e-7, atol=1e-12)
                    and np.isclose(got.b, want.b, rtol=1e-7, atol=1e-12))  # fmt: skip

        def read(raw, dim=w.size, wrong=wrong, close=close):
            step = _as_step(raw, dim)
            if not close(step):
                for mistake, diagnosis in wrong:
                    if close(step, mistake):
                        raise AnswerError(f"returned {step!r}: {diagnosis}")
            return step

        cases.append(Case(
            label, args, Expect(repr(right), close, shape=None,
                                failure="returned different values"),
            "z = X @ w + b; the mean loss's gradient for z is (sigmoid(z) - y) / n; by "
            "the chain rule dw = X.T @ that and db = its sum; the penalty lam/2 * "
            "||w||^2 adds lam * w to dw and nothing to db; then step against them",
            call=_call_keeping_w, convert=read,
            show=f"w = {np.round(w, 4).tolist()}, b = {b}, lr = {lr}, lam = {lam}; X of "
                 f"shape {X.shape}, y of shape {y.shape}",
        ))  # fmt: skip
    return _check("check_logistic_step", fn, cases, ("w", "b", "X", "y", "lr", "lam"))


# --------------------------------------------------------------------------
# the fewest steps
# --------------------------------------------------------------------------


def _fewest_steps_data() -> dict:
    """A fresh copy of the "fewest steps" exercise."""
    return {
        "A": np.array([[3.0, -6.0], [-6.0, 19.0]]),
        "x0": np.array([2.0, 1.0]),
        "tol": 1e-6,
    }


#: The exercise "the fewest steps": gradient descent on
#: :math:`f(\mathbf{x}) = \tfrac12\mathbf{x}^\top A\mathbf{x}` for the matrix
#: ``"A"`` from ``"x0"``, stopped as soon as the distance to the minimum is at
#: most ``"tol"`` times the starting distance.
#:
#: :meta hide-value:
FEWEST_STEPS_EXERCISE = _fewest_steps_data()

#: The most steps the "fewest steps" checker runs for one learning rate.
_MAX_STEPS = 100_000

#: How many steps more than the fewest possible still count as the fewest
#: (a learner's sweep of the rate over a grid lands next to the best rate).
_SLACK = 2


def _steps_needed(lr: float, data: dict) -> int | None:
    """How many steps gradient descent with `lr` takes to bring the distance
    to at most tol times the starting one; None if it never does within
    :data:`_MAX_STEPS` (or blows up)."""
    A, x = data["A"], data["x0"].copy()
    goal = data["tol"] * float(np.linalg.norm(x))
    start = float(np.linalg.norm(x))
    with np.errstate(all="ignore"):
        for step in range(1, _MAX_STEPS + 1):
            x = x - lr * (A @ x)
            size = float(np.linalg.norm(x))
            if size <= goal:
                return step
            if not np.isfinite(size) or size > 1e100 * start:
                return None
    return None


def _fewest_steps(data: dict, n_rates: int = 20_001) -> tuple[int, float]:
    """The fewest steps over a fine sweep of the rate in (0, 2/lambda_max), and
    the smallest rate that achieves it."""
    A, x0, tol = data["A"], data["x0"], data["tol"]
    rates = np.linspace(0.0, 2 / np.linalg.eigvalsh(A).max(), n_rates + 1)[1:]
    X = np.tile(x0, (n_rates, 1))
    goal = tol * np.linalg.norm(x0)
    first = np.zeros(n_rates, dtype=int)
    step = 0
    while step < _MAX_STEPS:
        step += 1
        X = X - rates[:, None] * (X @ A)  # A is symmetric: row-wise A @ x
        hit = (first == 0) & (np.linalg.norm(X, axis=1) <= goal)
        first[hit] = step
        if hit.any():  # the first rates to arrive need the fewest steps
            return step, float(rates[np.argmax(hit)])
    raise RuntimeError("no rate reached the tolerance")  # not with the exercise's data


def _whole_number(value: object, what: str) -> int:
    number = real_number(value, what)
    if isinstance(value, bool) or not float(number).is_integer():
        raise AnswerError(f"{what} is {_short(value, 30)}; a number of steps is a whole "
                          "number, e.g. 120")  # fmt: skip
    return int(number)


@checker
def check_fewest_steps(lr: float, n_steps: int) -> CheckResult:
    """Check a measurement on :data:`FEWEST_STEPS_EXERCISE`: a learning rate
    `lr` with which gradient descent reaches the tolerance in the fewest
    steps, and that number of steps, `n_steps`.

    A step count is the number of updates after which the distance to the
    minimum is at most ``tol`` times the starting one for the first time.
    The checker runs gradient descent with `lr` and counts; it accepts a
    rate whose count is within 2 steps of the fewest possible (found by
    sweeping 20,000 rates), because a sweep over a grid lands next to the
    best rate.

    Parameters
    ----------
    lr : float
        Your learning rate.
    n_steps : int
        How many steps it takes.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> n, best = _fewest_steps(_fewest_steps_data())
    >>> ok = check_fewest_steps(best, n)
    check_fewest_steps: all 3 cases pass. Well done!
    ...
    """
    data = _fewest_steps_data()
    fewest, _ = _fewest_steps(data)
    show = (f"you gave lr = {shown_number(lr)}, n_steps = {shown_number(n_steps)}; "
            "A, x0, tol = FEWEST_STEPS_EXERCISE")  # fmt: skip

    def counted() -> int | None:
        value = real_number(lr, "lr")
        if not np.isfinite(value):
            raise AnswerError(f"lr is {value}; give a finite number")
        return _steps_needed(value, data)

    def answer(part: str) -> object:
        if part == "arrives":
            return counted() is not None
        if part == "count":
            count = counted()
            claimed = _whole_number(n_steps, "n_steps")
            if count is None:
                raise AnswerError("your rate never reaches the tolerance, so there is no "
                                  "number of steps to compare")  # fmt: skip
            return Text(f"n_steps = {claimed}" + ("" if claimed == count else
                                                  f" (your rate takes {count})"))
        count = counted()
        if count is None:
            raise AnswerError("your rate never reaches the tolerance")
        return count

    count = None
    try:
        count = counted()
    except AnswerError:
        pass

    cases = [
        Case("gradient descent with your rate reaches the tolerance", ("arrives",),
             Expect("it reaches it", lambda got: got is True, shape=None,
                    failure=f"it does not, within {_MAX_STEPS:,} steps (or it diverges)"),
             "a rate reaches the tolerance when every factor 1 - lr * lambda lies "
             "strictly between -1 and 1", show=show),
        Case("it takes the number of steps you gave", ("count",),
             Expect(f"n_steps = {count}" if count is not None else "n_steps = (its count)",
                    lambda got: "(" not in str(got), shape=None,
                    failure="your rate takes a different number of steps"),
             "count the updates: start at x0, update, compare the distance with "
             "tol * ||x0||, and stop the first time it is at most that; the count is "
             "how many updates were made (the start is not a step)", show=show),
        Case("no rate gets there in fewer steps (within 2)", ("fewest",),
             Expect(f"at most {fewest + _SLACK} steps", lambda got: got <= fewest + _SLACK,
                    shape=None, failure="other rates need fewer steps"),
             "sweep the rate over a fine grid in (0, 2 / lambda_max) and keep the one "
             "with the fewest steps; theory says where it should be: the rate that "
             "makes the worst factor |1 - lr * lambda| smallest", show=show),
    ]  # fmt: skip
    return _check("check_fewest_steps", answer, cases, ("part",), function=False,
                  attempted=not is_placeholder(lr, n_steps))  # fmt: skip
