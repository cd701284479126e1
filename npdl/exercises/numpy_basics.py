"""Checkers for *Getting started: NumPy for neural networks*.

The expected values are the one-line NumPy answers, computed on the checker's
own random data (a fixed seed), never typed in.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from npdl.exercises._engine import (
    AnswerError,
    Case,
    CheckResult,
    Expect,
    _check,
    _short,
    checker,
    exercise_rng,
    is_placeholder,
)

__all__ = ["SHAPE_PUZZLES", "check_affine", "check_shape_predictions", "check_standardize"]


def _standardize_diagnosis(raw: object) -> object:
    """`raw` as it is, unless it is an array whose columns are not
    standardised in a way a learner's usual slip explains: then AnswerError
    names the slip (a learner's array, not the expected one, is inspected)."""
    try:
        got = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        return raw
    if got.ndim != 2 or min(got.shape) < 2 or not np.all(np.isfinite(got)):
        return raw

    def standard(means, stds):
        return np.allclose(means, 0.0, atol=1e-6) and np.allclose(stds, 1.0, rtol=1e-5)

    n = got.shape[0]
    columns_std = got.std(axis=0)
    if standard(got.mean(axis=0), columns_std) or standard(
            got.mean(axis=0), columns_std * np.sqrt(n / (n - 1))):  # fmt: skip
        return raw
    if standard(got.mean(axis=1), got.std(axis=1)):
        raise AnswerError("every ROW of your result has mean 0 and standard deviation 1: "
                          "you standardised each sample, across its features")  # fmt: skip
    if standard(got.mean(), got.std()):
        raise AnswerError("the array as a whole has mean 0 and standard deviation 1, but "
                          "its columns do not: one mean and one standard deviation for "
                          "all the numbers, where each feature needs its own")  # fmt: skip
    if np.allclose(got.mean(axis=0), 0.0, atol=1e-6):
        raise AnswerError("every column has mean 0, but their standard deviations are "
                          f"{np.round(columns_std, 4).tolist()}, not 1")  # fmt: skip
    return raw


@checker
def check_standardize(fn: Callable) -> CheckResult:
    """Check ``standardize(X)``: every column (feature) to mean 0, std 1.

    The answer is ``(X - X.mean(axis=0)) / X.std(axis=0)``: broadcasting a
    row of means and a row of standard deviations over all samples. The
    sample standard deviation, ``X.std(axis=0, ddof=1)``, is accepted too:
    the exercise is about axes and broadcasting, and both conventions are in
    use (NumPy's default is ``ddof=0``, pandas' is ``ddof=1``).

    Parameters
    ----------
    fn : callable
        Your ``standardize(X)``, for ``X`` of shape ``(n_samples, n_features)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_standardize(lambda X: (X - X.mean(axis=0)) / X.std(axis=0))
    check_standardize: all 3 cases pass. Well done!
    ...
    """
    rng = exercise_rng()
    wide = rng.normal([5.0, -3.0, 100.0], [2.0, 0.5, 30.0], size=(6, 3))
    tall = rng.normal(10.0, 4.0, size=(9, 2))
    square = rng.normal(0.0, [1.0, 5.0, 10.0], size=(3, 3))

    def answer(X, ddof=0):
        return (X - X.mean(axis=0)) / X.std(axis=0, ddof=ddof)

    cases = [
        Case("6 samples, 3 features", (wide,), answer(wide),
             "each feature is a column: reduce over the samples (the rows) to get one "
             "mean and one standard deviation per feature",
             also=(answer(wide, 1),), convert=_standardize_diagnosis),
        Case("9 samples, 2 features", (tall,), answer(tall),
             "a mean of shape (n_features,) broadcasts against X of shape "
             "(n_samples, n_features)", also=(answer(tall, 1),),
             convert=_standardize_diagnosis),
        Case("a square batch (rows and columns easy to mix up)", (square,), answer(square),
             "axis=0 runs down the samples; axis=1 would standardise each sample instead",
             also=(answer(square, 1),), convert=_standardize_diagnosis),
    ]  # fmt: skip
    return _check("check_standardize", fn, cases, ("X",))


@checker
def check_affine(fn: Callable) -> CheckResult:
    """Check ``affine(X, W, b)``: the pre-activations ``X @ W + b`` of a layer.

    The chapter no longer asks for it (it asks for the shapes of
    :data:`SHAPE_PUZZLES` instead); it stays for learners' copies of the
    earlier chapter, which import it.

    Parameters
    ----------
    fn : callable
        Your ``affine(X, W, b)``: ``X`` is ``(n_samples, n_inputs)`` (or one
        sample, ``(n_inputs,)``), ``W`` is ``(n_inputs, n_outputs)``, ``b``
        is ``(n_outputs,)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_affine(lambda X, W, b: X @ W + b)
    check_affine: all 3 cases pass. Well done!
    ...
    """
    rng = exercise_rng()
    X = rng.normal(size=(5, 3))
    W = rng.normal(size=(3, 2))
    b = rng.normal(size=2)
    x = rng.normal(size=3)
    Xs = rng.normal(size=(4, 4))
    Ws = rng.normal(size=(4, 4))
    bs = rng.normal(size=4)
    cases = [
        Case("a batch of 5 samples, 3 inputs, 2 outputs", (X, W, b), X @ W + b,
             "samples are rows: X (5, 3) @ W (3, 2) gives (5, 2); then add b to every row"),
        Case("a single sample", (x, W, b), x @ W + b,
             "x of shape (3,) @ W (3, 2) gives (2,): the same expression works"),
        Case("square shapes (where W @ X.T would not fail loudly)", (Xs, Ws, bs), Xs @ Ws + bs,
             "X @ W, not W @ X or W.T @ X.T: with samples as rows the input comes first; "
             "b has one entry per output and is added to every row"),
    ]  # fmt: skip
    return _check("check_affine", fn, cases, ("X", "W", "b"))


# (the expression as printed, how to evaluate it, a hint for a wrong answer)
_PUZZLES = (
    ("np.ones((5, 3)) + np.ones(3)", lambda: np.ones((5, 3)) + np.ones(3),
     "shapes are compared from the last axis: 3 against 3 fit, and the missing "
     "axis of the (3,) array counts as 1, so the row is repeated for all 5 rows"),
    ("np.ones((5, 3)) + np.ones(5)", lambda: np.ones((5, 3)) + np.ones(5),
     "NumPy compares the LAST axes first: 3 against 5. They differ and neither "
     "is 1, so this is an error; NumPy never lines up the two 5s for you"),
    ("np.ones((5, 1)) + np.ones(3)", lambda: np.ones((5, 1)) + np.ones(3),
     "both arrays are stretched: (5, 1) against (1, 3) gives (5, 3), the table "
     "of every sum of an entry of the column and an entry of the row"),
    ("np.ones((5, 3)) - np.ones((5, 3)).mean(axis=1)",
     lambda: np.ones((5, 3)) - np.ones((5, 3)).mean(axis=1),
     "mean(axis=1) leaves one number per row, shape (5,); against (5, 3) the "
     "last axes 3 and 5 clash. With keepdims=True it would be a (5, 1) column"),
    ("np.ones((5, 3)).sum(axis=0, keepdims=True)",
     lambda: np.ones((5, 3)).sum(axis=0, keepdims=True),
     "axis=0 is reduced, and keepdims=True keeps it with length 1"),
    ("np.ones((5, 3)) @ np.ones((3, 4))", lambda: np.ones((5, 3)) @ np.ones((3, 4)),
     "(n, k) @ (k, m) is (n, m): the inner lengths meet and disappear"),
    ("np.ones(3) @ np.ones((3, 4))", lambda: np.ones(3) @ np.ones((3, 4)),
     "a 1-D array on the left of @ acts as one row, and that axis is dropped "
     "again from the result: one sample in, one 1-D row of outputs out"),
    ("np.ones((5, 3)) @ np.ones((5, 3))", lambda: np.ones((5, 3)) @ np.ones((5, 3)),
     "@ needs the inner lengths to agree, and here they are 3 and 5: @ does "
     "not broadcast the last two axes the way + does"),
    ("np.ones((5, 3)).T @ np.ones((5, 3))", lambda: np.ones((5, 3)).T @ np.ones((5, 3)),
     ".T turns (5, 3) into (3, 5); then (3, 5) @ (5, 3) sums over the 5 samples"),
)  # fmt: skip

#: The expressions of the "predict the shapes" exercise, in order. The
#: chapter prints them from here; the checker evaluates its own copies.
SHAPE_PUZZLES = [text for text, _, _ in _PUZZLES]


def _result_shape(make: Callable) -> tuple[int, ...] | str:
    """The shape of what `make` returns, or "error" if NumPy refuses."""
    try:
        return tuple(int(n) for n in np.shape(make()))
    except ValueError:
        return "error"


def _shape_answer(value: object) -> tuple[int, ...] | str:
    """A learner's prediction as a shape tuple or "error"; AnswerError if it
    is neither."""
    if isinstance(value, str):
        if value.strip().lower() in ("error", "an error", "valueerror"):
            return "error"
        raise AnswerError(f"you gave the text {_short(value, 40)}: give a shape as a tuple "
                          'of ints, e.g. (5, 3), or the string "error"')  # fmt: skip
    if isinstance(value, bool) or not isinstance(value, int | np.integer | tuple | list):
        raise AnswerError(f"you gave {_short(value, 40)}: give a shape as a tuple of ints, "
                          'e.g. (5, 3), or the string "error"')  # fmt: skip
    items = [value] if isinstance(value, int | np.integer) else list(value)
    if not all(isinstance(n, int | np.integer) and not isinstance(n, bool) and n >= 0
               for n in items):  # fmt: skip
        raise AnswerError(f"you gave {_short(value, 40)}: a shape holds whole numbers "
                          "(lengths of axes), e.g. (5, 3)")  # fmt: skip
    return tuple(int(n) for n in items)


def _shown(shape: tuple[int, ...] | str) -> str:
    if shape == "error":
        return 'an error ("error")'
    return f"the shape {shape}" + (" (a 1-D array)" if len(shape) == 1 else "")


@checker
def check_shape_predictions(predicted: object) -> CheckResult:
    """Check predicted result shapes of the expressions in :data:`SHAPE_PUZZLES`.

    Parameters
    ----------
    predicted : list
        One prediction per expression, in order: a shape as a tuple of ints
        (``(5, 3)``; for a 1-D result ``(4,)``, and a plain ``4`` is taken
        to mean the same), or the string ``"error"`` when NumPy refuses.

    Returns
    -------
    CheckResult
        True when every prediction is right; the report is printed.

    Examples
    --------
    >>> ok = check_shape_predictions([(5, 3), "error", (5, 3), "error", (1, 3),
    ...                               (5, 4), (4,), "error", (3, 3)])
    check_shape_predictions: all 9 cases pass. Well done!
    ...
    """
    n = len(_PUZZLES)
    untouched = predicted is None or (
        isinstance(predicted, list | tuple) and len(predicted) > 0
        and is_placeholder(*predicted))  # fmt: skip

    def answer(i):
        if not isinstance(predicted, list | tuple):
            raise AnswerError(f"you gave {_short(predicted, 40)}; give a list with one "
                              f"prediction per expression ({n} in all)")  # fmt: skip
        if len(predicted) != n:
            raise AnswerError(f"your list has {len(predicted)} entries; there are {n} "
                              "expressions, one prediction each, in order")  # fmt: skip
        value = predicted[i]
        return None if value is None else _shape_answer(value)

    cases = []
    for i, (text, make, hint) in enumerate(_PUZZLES):
        truth = _result_shape(make)
        cases.append(Case(
            f"{i}: {text}", (i,),
            Expect(_shown(truth), (lambda got, t=truth: got == t),
                   failure="that is not what NumPy gives", shape=None),
            hint, show=f"expression {i}: {text}",
        ))  # fmt: skip
    return _check("check_shape_predictions", answer, cases, ("i",), function=False,
                  attempted=not untouched, list_cases=False)  # fmt: skip
