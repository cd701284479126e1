"""Checkers for *Getting started: NumPy for neural networks*.

The expected values are the one-line NumPy answers, computed on the checker's
own random data (a fixed seed), never typed in.
"""

from __future__ import annotations

from collections.abc import Callable

from npdl.exercises._engine import Case, CheckResult, _check, checker, exercise_rng

__all__ = ["check_affine", "check_standardize"]


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
             also=(answer(wide, 1),)),
        Case("9 samples, 2 features", (tall,), answer(tall),
             "a mean of shape (n_features,) broadcasts against X of shape "
             "(n_samples, n_features)", also=(answer(tall, 1),)),
        Case("a square batch (rows and columns easy to mix up)", (square,), answer(square),
             "axis=0 runs down the samples; axis=1 would standardise each sample instead",
             also=(answer(square, 1),)),
    ]  # fmt: skip
    return _check("check_standardize", fn, cases, ("X",))


@checker
def check_affine(fn: Callable) -> CheckResult:
    """Check ``affine(X, W, b)``: the pre-activations ``X @ W + b`` of a layer.

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
