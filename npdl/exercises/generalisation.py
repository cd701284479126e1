"""Checkers for Part V, *Learning*: the chapter *Generalisation: real data*.

The expected values come from npdl itself (:func:`npdl.train.standardize`,
:func:`npdl.train.train_test_split`, :func:`npdl.train.confusion_matrix`,
:func:`npdl.train.accuracy`, :func:`npdl.datasets.load_digits`), never from
numbers typed in. Where a wrong answer is one that learners often give
(statistics of the test set, or of training and test together; a tiny
``eps`` instead of a rule for blank features; rows and columns of a
confusion matrix swapped), the report names that mistake instead of only
saying that the values differ.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from npdl.datasets import load_digits
from npdl.exercises._engine import (
    AnswerError,
    Case,
    CheckResult,
    Expect,
    Text,
    _check,
    _numbers,
    _short,
    calls_one_of,
    checker,
    code_facts,
    exercise_rng,
)
from npdl.train import accuracy, confusion_matrix, standardize, train_test_split

__all__ = [
    "check_recall_precision",
    "check_standardize_train_test",
    "check_stratified_split",
]


# --------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------


def _pair(raw: object, names: tuple[str, str], call: str) -> tuple[object, object]:
    """The two things a learner's function returned, or :class:`AnswerError`
    saying what came back instead. A tuple or list of two, or an array whose
    first axis has length 2 (e.g. ``np.array([recall, precision])``)."""
    if isinstance(raw, _Unpaired):
        raw = raw.raw
    if isinstance(raw, tuple | list) and len(raw) == 2:
        return raw[0], raw[1]
    if isinstance(raw, np.ndarray) and raw.ndim == 2 and len(raw) == 2:
        return raw[0], raw[1]
    if isinstance(raw, tuple | list):
        what = f"a {type(raw).__name__} of {len(raw)} things"
    elif isinstance(raw, np.ndarray):
        what = f"one array of shape {raw.shape}"
    else:
        what = f"one {type(raw).__name__}"
    raise AnswerError(f"returned {what}; {call} must return two arrays: "
                      f"return {names[0]}, {names[1]}")  # fmt: skip


class _Unpaired:
    """What a learner's function returned when it is not a pair (the
    report's "got" shows it as it is)."""

    def __init__(self, raw: object) -> None:
        self.raw = raw

    def __repr__(self) -> str:
        return _short(self.raw)


def _part_of(part: int) -> Callable:
    """A `call` that runs the learner's function and keeps one of the two
    things it returned, so that the report shows that one; anything that is
    not a pair is kept whole (its `convert` says what is wrong)."""

    def call(fn: Callable, *args: object) -> object:
        raw = fn(*args)
        if raw is None or raw is Ellipsis:
            return raw
        if (isinstance(raw, tuple | list) and len(raw) == 2) or (
                isinstance(raw, np.ndarray) and raw.ndim == 2 and len(raw) == 2):
            return raw[part]
        return _Unpaired(raw)

    return call


def _ready_made(fn: object, targets: tuple[object, ...], names: tuple[str, ...]) -> Text:
    """How `fn` uses one of the ready-made `targets` (npdl's functions, or a
    library's of one of `names`), or "" if its code does not, as far as can
    be seen. A function of the learner's own with one of those names does
    not count."""
    if any(fn is t for t in targets):
        return Text("it is npdl's own function")
    found, _, objects = code_facts(fn)
    if any(any(obj is t for t in targets) for obj in objects):
        return Text("its code calls npdl's function")
    return calls_one_of(fn, found, names)


def _own_code_case(targets: tuple[object, ...], names: tuple[str, ...], what: str,
                   hint: str) -> Case:  # fmt: skip
    """The case that fails an answer which only calls the ready-made `what`."""
    return Case(
        f"written by you, not a call of the ready-made {what}", (),
        Expect(f"a function that does the {what} itself", lambda got: got == "",
               failure="the exercise is to write it yourself, and this function calls "
                       "a ready-made one", shape=None),
        hint, show="the function's code",
        call=lambda fn: _ready_made(fn, targets, names), needs_answer=False,
    )  # fmt: skip


# --------------------------------------------------------------------------
# standardisation with the training set's statistics
# --------------------------------------------------------------------------


def _scaled(X_fit: np.ndarray, X: np.ndarray, *, ddof: int = 0) -> np.ndarray:
    """`X` standardised with the statistics of `X_fit` (a constant feature
    only centred): the right answer when `X_fit` is the training set, a
    mistake when it is not."""
    mean = X_fit.mean(axis=0)
    std = X_fit.std(axis=0, ddof=ddof)
    return (X - mean) / np.where(std == 0, 1.0, std)


def _scaling_mistakes(X_train: np.ndarray, X_test: np.ndarray, part: int
                      ) -> list[tuple[np.ndarray, str]]:  # fmt: skip
    """What the usual slips return for the training set (`part` 0) or the
    test set (`part` 1), with their diagnosis."""
    X = (X_train, X_test)[part]
    both = np.concatenate([X_train, X_test])
    std = np.where(X_train.std(axis=0) == 0, 1.0, X_train.std(axis=0))
    mistakes = [
        (_scaled(both, X), "these are the statistics of the training and the test set "
                           "together: the test set has leaked into the scaling. Compute "
                           "the mean and standard deviation from X_train only"),
        (X - X_train.mean(axis=0), "the features were centred but not divided by their "
                                   "standard deviation"),
        (X / std, "the features were divided by their standard deviation but not "
                  "centred: subtract the training mean first"),
        ((X - X_train.mean(axis=0)) / X_train.var(axis=0).clip(min=1e-300),
         "divided by the variance; divide by the standard deviation, its square root"),
        ((X - X_train.min(axis=0)) / _nonzero(np.ptp(X_train, axis=0)),
         "the features were scaled to [0, 1] with the training minimum and maximum "
         "(min-max scaling); standardising subtracts the mean and divides by the "
         "standard deviation"),
        ((X - X_train.mean()) / _nonzero(X_train.std()),
         "one mean and one standard deviation for the whole array (no axis): take "
         "them per feature, along axis 0 (over the samples)"),
    ]  # fmt: skip
    if part == 1 and len(X_test) > 1:
        mistakes.append((
            (X_test - X_test.mean(axis=0)) / std,
            "the test set was centred on its own mean (the standard deviation is the "
            "training set's): use the training set's mean too"))  # fmt: skip
    if part == 1 and len(X_test) > 1:
        mistakes.insert(0, (_scaled(X_test, X_test), "the test set was scaled with its own "
                                                     "mean and standard deviation; use the "
                                                     "training set's numbers for every set"))
    if part == 1 and len(X_test) == 1:
        mistakes.insert(0, (X_test - X_test, "the test sample was centred on itself: a "
                                             "single sample's own mean is the sample, so "
                                             "everything becomes 0. Use the training "
                                             "set's mean and standard deviation"))
    mean, std = X_train.mean(axis=1), X_train.std(axis=1)
    std = np.where(std == 0, 1.0, std)
    for m, s in ((mean, std), (mean[:, None], std[:, None])):  # without, with keepdims
        try:
            with np.errstate(all="ignore"):
                value = (X - m) / s
        except ValueError:  # the shapes do not broadcast: NumPy says so itself
            continue
        mistakes.append((value, "the statistics were taken along axis 1, over the "
                                "features of each sample; take them along axis 0, over "
                                "the samples: one mean and one standard deviation per "
                                "feature"))
    return mistakes


def _nonzero(scale: np.ndarray) -> np.ndarray:
    """`scale` with its zeros replaced by 1 (a constant feature)."""
    return np.where(scale == 0, 1.0, scale)


def _eps_mistake(got: np.ndarray, X_train: np.ndarray, X: np.ndarray) -> bool:
    """Does `got` divide a feature that is constant in the training set by a
    tiny number (``std + eps``), so that a test value off that constant
    becomes huge?"""
    blank = X_train.std(axis=0) == 0
    off = (X[:, blank] - X_train.mean(axis=0)[blank]) != 0
    if not off.any():
        return False
    expected = (X[:, blank] - X_train.mean(axis=0)[blank])[off]
    ratio = np.abs(got[:, blank][off]) / np.abs(expected)
    return bool(np.all(ratio > 1e3))


def _read_scaled(X_train: np.ndarray, X_test: np.ndarray, part: int
                 ) -> Callable[[object], object]:  # fmt: skip
    """A `convert` that picks the training (`part` 0) or test (1) set from
    the learner's pair and names a known mistake when the values show one."""
    X = (X_train, X_test)[part]
    expected = standardize(X_train, X_test)[part]
    also = _scaled(X_train, X, ddof=1) if len(X_train) > 1 else expected

    def convert(got: object) -> object:
        if isinstance(got, _Unpaired):
            _pair(got, ("X_train_scaled", "X_test_scaled"), "my_standardize")
        arr, problem = _numbers(got)
        if problem is not None or arr.shape != expected.shape:
            return got  # the engine says what is wrong with it
        arr = arr.astype(np.float64)
        if np.allclose(arr, expected, rtol=1e-7, atol=1e-12) or np.allclose(arr, also):
            return got
        if np.isfinite(arr).all() and _eps_mistake(arr, X_train, X):
            raise AnswerError(
                "returned huge values where a feature is constant in the training set: "
                "dividing by std + eps (or a tiny std) turns a blank pixel that has ink "
                "in a new image into an enormous number, ink / eps. Take the standard "
                "deviation as 1 for constant features, so they are only centred")
        with np.errstate(all="ignore"):
            for value, diagnosis in _scaling_mistakes(X_train, X_test, part):
                if value.shape == arr.shape and np.allclose(arr, value, rtol=1e-6,
                                                            atol=1e-12):  # fmt: skip
                    raise AnswerError(f"returned different values: {diagnosis}")
        return got

    return convert


def _scaling_cases() -> list[tuple[str, np.ndarray, np.ndarray, str]]:
    """(label, X_train, X_test, hint) for the standardisation checker."""
    rng = exercise_rng()
    X1 = rng.normal([5.0, -3.0, 100.0], [2.0, 0.5, 30.0], size=(5, 3))
    T1 = rng.normal([11.0, -1.0, 40.0], [2.0, 0.5, 30.0], size=(4, 3))  # elsewhere
    X2 = rng.integers(0, 17, size=(6, 4)).astype(float)
    X2[:, 2] = 0.0  # a pixel blank in every training image ...
    T2 = rng.integers(0, 17, size=(3, 4)).astype(float)
    T2[:, 2] = [0.0, 5.0, 0.0]  # ... with ink in one test image
    X3 = rng.normal(0.0, [1.0, 5.0, 10.0, 2.0], size=(4, 4))
    T3 = rng.normal(1.0, [1.0, 5.0, 10.0, 2.0], size=(2, 4))
    X4 = rng.normal([0.0, 10.0], [1.0, 3.0], size=(8, 2))
    T4 = np.array([[1.5, 4.0]])
    X, _ = load_digits()
    X5, T5 = X[:30], X[30:40]
    stats = "one mean and one standard deviation per feature (axis 0), from X_train only"
    return [
        ("5 training samples, 3 features; the test samples lie elsewhere", X1, T1,
         f"{stats}; the test set is scaled with the training set's numbers, so its "
         "means are not 0"),
        ("a blank pixel: feature 2 is 0 in every training sample, with ink in one test "
         "sample", X2, T2,
         "a feature with standard deviation 0 in the training set is only centred (take "
         "its standard deviation as 1): no 0/0, and no tiny eps that would blow up a "
         "test value"),
        ("as many training samples as features (4 x 4)", X3, T3,
         f"axis=0 runs down the samples; with a square X_train, axis=1 gives arrays of "
         f"the right shape and the wrong values. {stats}"),
        ("one test sample at a time", X4, T4,
         "a single new sample has no statistics of its own (its std is 0): scale it "
         "with the training set's mean and standard deviation, as every test sample"),
        ("30 digit images to train on, 10 to test (npdl.datasets.load_digits)", X5, T5,
         f"{stats}; the digits have pixels that are blank in every training image, "
         "whose standard deviation is 0"),
    ]  # fmt: skip


@checker
def check_standardize_train_test(fn: Callable) -> CheckResult:
    """Check ``my_standardize(X_train, X_test)``: both sets standardised with
    the **training set's** mean and standard deviation, per feature,
    returned as the pair ``(X_train_scaled, X_test_scaled)``.

    A feature that is constant in the training set (standard deviation 0, a
    pixel blank in every training image) is only centred, its standard
    deviation taken as 1. The expected values are those of
    :func:`npdl.train.standardize`; the sample standard deviation
    (``ddof=1``) is accepted too. The cases are chosen so that the usual
    mistakes fail on values: a test set whose statistics differ from the
    training set's (its own statistics, or those of both sets together,
    give other numbers), a blank training feature with ink in a test sample
    (``0/0``, or a tiny ``eps`` that blows the test value up), a square
    training set (statistics along axis 1 have the right shape) and a single
    test sample. A last case fails a function that only calls
    :func:`npdl.train.standardize` (or scikit-learn's ``StandardScaler``).

    Parameters
    ----------
    fn : callable
        Your ``my_standardize(X_train, X_test)``, for arrays of shape
        ``(n_train, n_features)`` and ``(n_test, n_features)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def my_standardize(X_train, X_test):
    ...     mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    ...     std[std == 0] = 1.0
    ...     return (X_train - mean) / std, (X_test - mean) / std
    >>> ok = check_standardize_train_test(my_standardize)
    check_standardize_train_test: all 11 cases pass. Well done!
    ...
    """
    cases = []
    for label, X_train, X_test, hint in _scaling_cases():
        expected = standardize(X_train, X_test)
        show = (f"X_train of shape {X_train.shape}, X_test of shape {X_test.shape}; "
                f"X_train's standard deviations {np.round(X_train.std(axis=0), 3).tolist()}"
                if X_train.shape[1] <= 4 else
                f"X_train of shape {X_train.shape}, X_test of shape {X_test.shape}")  # fmt: skip
        for part, which in enumerate(("the training set", "the test set")):
            cases.append(Case(
                f"{label}: {which}", (X_train, X_test), expected[part], hint, show=show,
                call=_part_of(part), convert=_read_scaled(X_train, X_test, part),
                also=(_scaled(X_train, (X_train, X_test)[part], ddof=1),),
            ))  # fmt: skip
    cases.append(_own_code_case(
        (standardize,), ("standardize", "StandardScaler", "scale"), "standardisation",
        "compute the mean and the standard deviation of X_train with NumPy, then use "
        "them for both sets"))  # fmt: skip
    return _check("check_standardize_train_test", fn, cases, ("X_train", "X_test"))


# --------------------------------------------------------------------------
# a stratified split by hand
# --------------------------------------------------------------------------


def _indices(raw: object, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The learner's ``(train_idx, test_idx)`` as two 1-D int arrays of
    indices into ``range(n)``, or :class:`AnswerError`."""
    parts = _pair(raw, ("train_idx", "test_idx"), "stratified_split")
    out = []
    for name, part in zip(("train_idx", "test_idx"), parts, strict=True):
        arr, problem = _numbers(part)
        if arr is None:
            pieces = isinstance(part, list | tuple) and all(
                isinstance(p, np.ndarray | list) for p in part)
            raise AnswerError(f"{name} is {problem}" + (
                "; it holds one array per class: join them into one with "
                "np.concatenate" if pieces else ""))  # fmt: skip
        if arr.dtype.kind == "b":
            raise AnswerError(f"{name} is a boolean mask; return the indices of the "
                              f"samples instead, e.g. np.flatnonzero(mask)")  # fmt: skip
        if arr.ndim != 1:
            join = " (join the arrays of the classes with np.concatenate)"
            raise AnswerError(f"{name} has shape {arr.shape}; return a 1-D array of "
                              f"indices" + (join if arr.ndim == 2 else ""))  # fmt: skip
        if arr.size and not np.all(np.mod(arr, 1) == 0):
            raise AnswerError(f"{name} holds numbers that are not whole: return the "
                              f"indices of the samples (positions in y), not values")  # fmt: skip
        arr = arr.astype(np.int64)
        if arr.size and (arr.min() < 0 or arr.max() >= n):
            raise AnswerError(f"{name} holds {arr.min() if arr.min() < 0 else arr.max()}, "
                              f"which is not an index into y (0 to {n - 1})")  # fmt: skip
        out.append(arr)
    return out[0], out[1]


def _whole(y: np.ndarray) -> Callable[[object], object]:
    """A `convert`: every sample in exactly one of the two sets."""

    def convert(raw: object) -> object:
        train, test = _indices(raw, len(y))
        for name, part in (("test_idx", test), ("train_idx", train)):
            repeated = part.size - np.unique(part).size
            if repeated and np.isin(part, y).all() and np.unique(part).size <= np.unique(
                    y).size < part.size:  # fmt: skip
                raise AnswerError(f"{name} holds only the values of the labels, many times "
                                  f"over: return the indices of the samples (positions in "
                                  f"y), not their labels")  # fmt: skip
            if repeated:
                raise AnswerError(
                    f"{name} holds {repeated} indices more than once: rng.choice draws "
                    f"with replacement unless you pass replace=False; rng.permutation"
                    f"(...)[:k] never repeats a sample")  # fmt: skip
        counts = np.bincount(np.concatenate([train, test]), minlength=len(y))
        lost, twice = int(np.sum(counts == 0)), int(np.sum(counts > 1))
        both = np.intersect1d(train, test).size
        if both:
            return Text(f"{both} samples are in both sets")
        if twice:
            return Text(f"{twice} samples appear more than once")
        if lost:
            return Text(f"{lost} of {len(y)} samples are in neither set")
        return Text("every sample once")

    return convert


def _shares(y: np.ndarray, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """The classes and how many of each npdl's stratified split holds out."""
    index = np.arange(len(y), dtype=float)[:, None]
    _, _, _, y_test = train_test_split(index, y, fraction, rng=0, stratify=True)
    classes = np.unique(y)
    return classes, np.array([np.sum(y_test == c) for c in classes])


class _Held(Text):
    """How many samples of each class a test set holds, as the report shows
    it ("class 0: 45 of 178, ..."), with the counts for the comparison."""

    def __new__(cls, counts: np.ndarray, sizes: np.ndarray, classes: np.ndarray) -> _Held:
        text = ", ".join(f"class {c}: {k} of {s}" for c, k, s in
                         zip(classes.tolist(), counts.tolist(), sizes.tolist(), strict=True))
        held = super().__new__(cls, text)
        held.counts = counts
        return held


def _per_class(y: np.ndarray, fraction: float) -> tuple[Callable, Expect]:
    """A `convert` and the condition: every class holds out its share."""
    classes, want = _shares(y, fraction)
    sizes = np.array([np.sum(y == c) for c in classes])

    def convert(raw: object) -> object:
        train, test = _indices(raw, len(y))
        held = np.array([np.sum(y[np.unique(test)] == c) for c in classes])
        kept = np.array([np.sum(y[np.unique(train)] == c) for c in classes])
        if (np.any(np.abs(held - want) > 1) and np.all(np.abs(kept - want) <= 1)
                and np.all(held > kept)):
            raise AnswerError("the test set holds 1 - test_fraction of every class and "
                              "the training set test_fraction: the two arrays are "
                              "swapped; return train_idx, test_idx in that order")  # fmt: skip
        return _Held(held, sizes, classes)

    description = ("in the test set, test_fraction of every class, give or take one "
                   "sample: " + str(_Held(want, sizes, classes)))
    return convert, Expect(description,
                           lambda got: bool(np.all(np.abs(got.counts - want) <= 1)),
                           shape=None, failure="some class holds out too many or too few")


def _call_twice(seeds: tuple[int, int]) -> Callable:
    """A `call` that runs the learner's split with two generators of the
    given seeds and returns both results (or the first, if it is the
    starter's placeholder)."""

    def call(fn: Callable, y: np.ndarray, fraction: float) -> object:
        first = fn(y.copy(), fraction, np.random.default_rng(seeds[0]))
        if first is None or first is Ellipsis:
            return first  # the starter's placeholder
        return first, fn(y.copy(), fraction, np.random.default_rng(seeds[1]))

    return call


def _test_sets(y: np.ndarray) -> Callable[[object], Text]:
    """A `convert` for two splits: are their test sets the same?"""

    def convert(raw: object) -> Text:
        first, second = raw
        same = set(_indices(first, len(y))[1].tolist()) == set(
            _indices(second, len(y))[1].tolist())
        return Text("the same test set" if same else "different test sets")

    return convert


def _call_with_rng(fn: Callable, y: np.ndarray, fraction: float) -> object:
    return fn(y, fraction, np.random.default_rng(12))


def _split_data() -> list[tuple[str, np.ndarray, float]]:
    rng = exercise_rng()
    _, digits = load_digits()
    unbalanced = rng.permutation(np.repeat([7, 3, 9], [40, 12, 5]))
    small = rng.permutation(np.repeat([0, 1], [7, 9]))
    return [
        ("the digits' 1,797 labels, test_fraction 0.25", digits, 0.25),
        ("labels 7, 3 and 9 (40, 12 and 5 samples), shuffled, test_fraction 0.2",
         unbalanced, 0.2),
        ("16 samples of 2 classes (7 and 9), test_fraction 0.5", small, 0.5),
    ]  # fmt: skip


@checker
def check_stratified_split(fn: Callable) -> CheckResult:
    """Check ``stratified_split(y, test_fraction, rng)``: a random split of
    the samples with labels `y` into a training and a test set that holds
    out `test_fraction` of **every class**, returned as two arrays of
    indices ``(train_idx, test_idx)``.

    Every sample must be in exactly one of the two sets, and the test set
    must hold, for every class, the number of samples that
    :func:`npdl.train.train_test_split` holds out, give or take one (so
    rounding each class's share down, up or to the nearest is right). The
    split must be random and reproducible: drawn from `rng` (a NumPy
    ``Generator``), so that two generators with the same seed give the same
    split and two with different seeds give different ones. A last case
    fails a function that only calls npdl's ``train_test_split`` (or
    scikit-learn's).

    Parameters
    ----------
    fn : callable
        Your ``stratified_split(y, test_fraction, rng)``, for integer labels
        `y` of shape ``(n_samples,)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def stratified_split(y, test_fraction, rng):
    ...     test = []
    ...     for label in np.unique(y):
    ...         members = rng.permutation(np.flatnonzero(y == label))
    ...         test.extend(members[:round(test_fraction * len(members))])
    ...     return np.setdiff1d(np.arange(len(y)), test), np.array(test)
    >>> ok = check_stratified_split(stratified_split)
    check_stratified_split: all 9 cases pass. Well done!
    ...
    """
    cases = []
    hint_whole = ("put every sample in exactly one set: the test indices, and all the "
                  "others (np.setdiff1d(np.arange(len(y)), test_idx)) for training")  # fmt: skip
    hint_share = ("split each class on its own: for every label, shuffle the indices of "
                  "its samples (np.flatnonzero(y == label)) with rng and hold out "
                  "round(test_fraction * their number) of them")  # fmt: skip
    for k, (label, y, fraction) in enumerate(_split_data()):
        show = f"y with {len(y)} labels, test_fraction = {fraction}, rng a Generator"
        cases.append(Case(
            f"{label}: every sample in exactly one set", (y, fraction),
            Expect("every sample once", lambda got: got == "every sample once", shape=None,
                   failure="no: samples lost or used twice"),
            hint_whole, show=show, call=_call_with_rng, convert=_whole(y)))  # fmt: skip
        convert, expect = _per_class(y, fraction)
        cases.append(Case(
            f"{label}: every class holds out its share", (y, fraction), expect, hint_share,
            show=show, call=_call_with_rng, convert=convert))  # fmt: skip
        if k == 0:
            cases.append(Case(
                f"{label}: another seed, another test set", (y, fraction),
                Expect("different test sets for rng seeds 1 and 2",
                       lambda got: got == "different test sets", shape=None,
                       failure="the same test set: the split is not random"),
                "draw the order with the rng you are given, e.g. rng.permutation(...); "
                "taking the first samples of each class is not a random split",
                show=f"{show}; called with np.random.default_rng(1) and (2)",
                call=_call_twice((1, 2)), convert=_test_sets(y)))  # fmt: skip
            cases.append(Case(
                f"{label}: the same seed, the same test set", (y, fraction),
                Expect("the same test set for two generators of seed 5",
                       lambda got: got == "the same test set", shape=None,
                       failure="different test sets: the split does not come from rng"),
                "draw every random number from the rng argument (rng.permutation, "
                "rng.choice), not from np.random's global functions: then a seed "
                "reproduces the split",
                show=f"{show}; called twice with np.random.default_rng(5)",
                call=_call_twice((5, 5)), convert=_test_sets(y)))  # fmt: skip
    cases.append(_own_code_case(
        (train_test_split,), ("train_test_split", "StratifiedShuffleSplit",
                              "StratifiedKFold"), "split",
        "loop over the classes: np.unique(y) gives them, np.flatnonzero(y == label) "
        "the indices of one class"))  # fmt: skip
    return _check("check_stratified_split", fn, cases, ("y", "test_fraction"))


# --------------------------------------------------------------------------
# recall and precision from a confusion matrix
# --------------------------------------------------------------------------


def _rate(y_true: np.ndarray, y_pred: np.ndarray, of: np.ndarray) -> float:
    """Accuracy on the samples selected by `of`, 0 if there are none."""
    return accuracy(y_true[of], y_pred[of]) if of.any() else 0.0


def _recall_precision(y_true: np.ndarray, y_pred: np.ndarray, k: int
                      ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Per class: the accuracy on the samples of that class (recall) and on
    the samples predicted as that class (precision), from the labels, not
    from the matrix."""
    recall = np.array([_rate(y_true, y_pred, y_true == c) for c in range(k)])
    precision = np.array([_rate(y_true, y_pred, y_pred == c) for c in range(k)])
    return recall, precision


def _confusions() -> list[tuple[str, np.ndarray, np.ndarray, int]]:
    """(label, y_true, y_pred, n_classes) for the recall checker."""
    rng = exercise_rng()

    def noisy(y, k, right):
        wrong = rng.random(len(y)) > right
        pred = y.copy()
        pred[wrong] = rng.integers(0, k, size=int(wrong.sum()))
        return pred

    y1 = np.repeat([0, 1, 2], [8, 7, 5])
    p1 = y1.copy()
    p1[[0, 1, 8, 9, 10, 15]] = [1, 1, 2, 2, 0, 1]  # not symmetric
    y2 = np.repeat([0, 1, 2, 3], [6, 5, 4, 5])
    p2 = noisy(y2, 4, 0.7)
    p2[p2 == 2] = 1  # class 2 is never predicted
    y3 = np.repeat([0, 1, 3], [6, 6, 6])  # class 2 has no samples...
    p3 = noisy(y3, 4, 0.6)
    p3[[0, 6]] = 2  # ... but is predicted twice
    y4 = rng.permutation(np.repeat(np.arange(10), 45))
    p4 = noisy(y4, 10, 0.93)
    y5 = np.repeat([0, 1], [30, 10])
    p5 = np.where(np.arange(40) % 4 == 0, 1 - y5, y5)
    return [
        ("3 classes; the matrix is not symmetric", y1, p1, 3),
        ("4 classes; class 2 is never predicted", y2, p2, 4),
        ("4 classes; class 2 has no samples, and is predicted twice", y3, p3, 4),
        ("10 classes of 45 samples, like the digits' test set", y4, p4, 10),
        ("2 classes of 30 and 10 samples", y5, p5, 2),
    ]


def _read_rates(cm: np.ndarray, part: int, want: np.ndarray, other: np.ndarray
                ) -> Callable[[object], object]:  # fmt: skip
    """A `convert` that picks recall (`part` 0) or precision (1) and names
    the usual mistakes."""
    name = ("recall", "precision")[part]
    diag = cm.diagonal().astype(float)
    with np.errstate(all="ignore"):
        mistakes = [
            (other, "these are the other rates: recall divides the diagonal by the row "
                    "sums and precision by the column sums, because row i of "
                    "npdl.train.confusion_matrix holds the samples of class i and "
                    "column j the predictions of class j" if not np.allclose(want, other)
                    else ""),
            (diag / cm.sum(), "the diagonal was divided by the number of all samples; "
                              f"{name} is a rate within one class"),
            (diag, "these are counts, the diagonal itself; divide by the class's total"),
            (cm.diagonal() // np.maximum(cm.sum(axis=1 - part), 1),
             "integer division (//) rounds the rates down to 0 or 1; use /"),
            (100 * want, "these are percentages; return shares between 0 and 1"),
            (1 - want, f"these are 1 - {name}, the share of mistakes; {name} counts "
                       f"the right answers, the diagonal"),
        ]  # fmt: skip

    def convert(got: object) -> object:
        if isinstance(got, _Unpaired):
            _pair(got, ("recall", "precision"), "recall_precision")
        arr, problem = _numbers(got)
        if problem is not None or arr.shape != want.shape:
            return got
        arr = arr.astype(np.float64)
        if not np.isfinite(arr).all() or np.allclose(arr, want):
            return got
        for value, diagnosis in mistakes:
            if diagnosis and np.isfinite(value).all() and np.allclose(arr, value):
                raise AnswerError(f"returned different values: {diagnosis}")
        return got

    return convert


@checker
def check_recall_precision(fn: Callable) -> CheckResult:
    """Check ``recall_precision(cm)``: the recall and the precision of every
    class from a confusion matrix, returned as the pair ``(recall,
    precision)`` of arrays of shape ``(n_classes,)``.

    `cm` is laid out as :func:`npdl.train.confusion_matrix` makes it: entry
    ``[i, j]`` counts the samples of class ``i`` predicted as ``j``. Recall
    of a class is the share of its samples that are predicted as it;
    precision is the share of the predictions of that class that are right.
    A class without samples has recall 0, and a class that is never
    predicted has precision 0 (scikit-learn's convention), without a
    division-by-zero warning. The expected values are computed from the
    labels behind each matrix with :func:`npdl.train.accuracy` (not from
    the matrix); the matrices are not symmetric, so rows and columns swapped
    give other numbers.

    Parameters
    ----------
    fn : callable
        Your ``recall_precision(cm)``, for a square integer array `cm`.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def recall_precision(cm):
    ...     right = cm.diagonal().astype(float)
    ...     rows, cols = cm.sum(axis=1), cm.sum(axis=0)
    ...     recall = np.divide(right, rows, out=np.zeros_like(right),
    ...                        where=rows > 0)
    ...     precision = np.divide(right, cols, out=np.zeros_like(right),
    ...                           where=cols > 0)
    ...     return recall, precision
    >>> ok = check_recall_precision(recall_precision)
    check_recall_precision: all 10 cases pass. Well done!
    ...
    """
    cases = []
    zero = ("; a rate whose total is 0 (a row or a column of zeros) is 0, without a "
            "warning: divide only where the total is positive, e.g. np.divide(a, b, "
            "out=np.zeros(len(b)), where=b > 0) (np.where still divides everywhere, and "
            "warns)")  # fmt: skip
    hints = (
        "recall of class i: the diagonal entry over the sum of row i (all the samples "
        "of class i)" + zero,
        "precision of class j: the diagonal entry over the sum of column j (everything "
        "predicted as j)" + zero,
    )
    for label, y_true, y_pred, k in _confusions():
        cm = confusion_matrix(y_true, y_pred, k)
        rates = _recall_precision(y_true, y_pred, k)
        show = f"cm = {_short(cm.tolist(), 160)}" if k <= 4 else f"cm of shape {cm.shape}"
        for part, name in enumerate(("recall", "precision")):
            cases.append(Case(
                f"{label}: {name}", (cm,), rates[part], hints[part], show=show,
                call=_part_of(part),
                convert=_read_rates(cm, part, rates[part], rates[1 - part]),
            ))  # fmt: skip
    return _check("check_recall_precision", fn, cases, ("cm",))
