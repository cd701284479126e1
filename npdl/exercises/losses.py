"""Checkers for Part V, *Learning*: the chapter *Losses: measuring how wrong a network is*.

The expected values come from npdl itself (:mod:`npdl.losses`,
:mod:`npdl.gradcheck`, :class:`npdl.MLP`), never from numbers typed in.
Where a wrong answer is one that learners often give (a sum instead of a
mean, a forgotten ``1/n``, a one-hot matrix built the wrong way round), the
report names that mistake instead of only saying that the values differ.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from npdl.activations import Activation, sigmoid, softmax, softplus
from npdl.exercises._engine import (
    AnswerError,
    Case,
    CheckResult,
    Expect,
    Text,
    _check,
    _numbers,
    calls_one_of,
    checker,
    code_facts,
    exercise_rng,
)
from npdl.losses import (
    LOSSES,
    Loss,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_gradient,
)

__all__ = [
    "check_bce_with_logits",
    "check_ce_gradient",
    "check_constant_logits",
]


# --------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------


def _naming_mistakes(
    expected: np.ndarray, mistakes: list[tuple[np.ndarray, str]]
) -> Callable[[object], object]:
    """A `convert` for :class:`Case` that leaves the answer as it is, unless
    it is wrong in the same way as one of `mistakes` (what a known mistake
    returns, and its diagnosis): then the report says which mistake it is."""
    expected = np.asarray(expected, dtype=np.float64)

    def convert(raw: object) -> object:
        arr, problem = _numbers(raw)
        if problem is not None or arr.shape != expected.shape:
            return raw  # the engine reports what is wrong with it
        got = arr.astype(np.float64)
        if not np.all(np.isfinite(got)) or np.allclose(got, expected, rtol=1e-7, atol=1e-12):
            return raw
        for value, diagnosis in mistakes:
            value = np.asarray(value, dtype=np.float64)
            if value.shape == got.shape and np.allclose(got, value, rtol=1e-6, atol=1e-12):
                raise AnswerError(f"returned different values: {diagnosis}")
        return raw

    return convert


def _plain(value: object) -> object:
    """A NumPy scalar as a 0-d array (which a report prints as a number, not
    as ``np.float64(...)``); anything else as it is."""
    return np.asarray(value) if isinstance(value, np.generic) else value


def _call_plain(fn: Callable, *args: object) -> object:
    return _plain(fn(*args))


def _uses_loss(fn: object, loss: Loss, names: tuple[str, ...]) -> Text:
    """How `fn` uses npdl's (or a library's) ready-made `loss`, or "" if its
    code does not, as far as can be seen: a call of one of `names` (npdl's,
    PyTorch's, under any import name), the registry's name of the loss, or
    `fn` being npdl's function itself. A function of the learner's own
    that happens to have one of those names does not count."""
    targets = {loss.function, loss.gradient, loss}
    if any(fn is t for t in targets):
        return Text("it is npdl's own function")
    found, strings, objects = code_facts(fn)
    if any(any(obj is t for t in targets) for obj in objects):
        return Text("its code calls npdl's function (under another name)")
    if loss.name in strings:
        return Text(f"its code looks the loss up by name ({loss.name!r})")
    return calls_one_of(fn, found, names)


def _own_code_case(loss: Loss, names: tuple[str, ...], what: str, hint: str) -> Case:
    """The case that fails an answer which only calls the ready-made `what`."""
    return Case(
        f"written by you, not a call of the ready-made {what}", (),
        Expect(f"a function that computes the {what} itself", lambda got: got == "",
               failure="the exercise is to compute it yourself, and this function calls "
                       "the library's version", shape=None),
        hint, show="the function's code",
        call=lambda fn: _uses_loss(fn, loss, names), needs_answer=False,
    )  # fmt: skip


# --------------------------------------------------------------------------
# binary cross-entropy from logits
# --------------------------------------------------------------------------


def _bce_mistakes(z: np.ndarray, y: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """What the usual slips return on these inputs, with their diagnosis."""
    terms = softplus(z) - y * z
    mean = terms.mean()
    mistakes = [
        (-mean, "the sign is wrong: the loss is minus the log-probability of the "
                "labels, so it is never negative"),
        (np.mean(softplus(z) - (1 - y) * z), "these are the values for the opposite "
                                              "labels: sigma(z) is the probability of "
                                              "class 1, so y = 1 must pay -log sigma(z)"),
        (mean / np.log(2), "this is the loss in bits (log base 2); use the natural "
                           "logarithm, np.log"),
    ]  # fmt: skip
    if terms.size > 1:
        mistakes.insert(0, (terms.sum(), "this is the sum over the samples; the loss is "
                                         "their mean (PyTorch's reduction='mean')"))
    if terms.ndim == 2 and terms.shape[1] > 1:
        mistakes.append((terms.sum(axis=1).mean(),
                         "you summed over the outputs of each sample and averaged over "
                         "the samples; the mean runs over every entry, as in PyTorch"))
    return mistakes + _patched_log_mistakes(z, y)


#: The eps of the usual patches of log(p): Keras's 1e-7, scikit-learn's old
#: 1e-15, the machine epsilons, and every power of ten in between.
_EPSILONS = sorted({*(10.0 ** -k for k in range(1, 17)), float(np.finfo(np.float64).eps),
                    float(np.finfo(np.float32).eps)}, reverse=True)


def _patched_log_mistakes(z: np.ndarray, y: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """What the textbook loss gives when p is clipped to [eps, 1 - eps], or
    eps is added inside the logarithms, for the usual eps."""
    mistakes = []
    with np.errstate(all="ignore"):
        p = sigmoid(z)
        for eps in _EPSILONS:
            q = np.clip(p, eps, 1 - eps)
            clipped = -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))
            added = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
            cap = -np.log(eps)
            for value, how in ((clipped, f"clipping p to [eps, 1 - eps] (eps = {eps:.3g})"),
                               (added, f"adding eps = {eps:.3g} inside the logarithms")):
                if np.isfinite(value):
                    mistakes.append((value, (
                        f"these are the values that {how} gives: it caps the loss of a "
                        f"confidently wrong logit at about -log(eps) = {cap:.4g}, however "
                        "wrong it is, and its gradient there is 0. Write the loss without "
                        "p: softplus(z) - y z, with a softplus that cannot overflow")))
    return mistakes


#: The case where the textbook formula first fails: sigma(40) rounds to 1
#: (sigma(-40) does not round to 0: that takes z below about -745).
FORTY = "logits of +40 and -40: sigma(40) rounds to exactly 1"


def _bce_cases() -> list[tuple[str, np.ndarray, np.ndarray, str]]:
    rng = exercise_rng()
    plain = (np.array([-2.0, -0.5, 0.0, 1.5, 3.0]), np.array([0.0, 1.0, 1.0, 0.0, 1.0]))
    column = (np.array([[0.3], [-1.2], [2.5], [-0.7]]), np.array([[1.0], [0.0], [1.0], [1.0]]))
    soft = (np.array([-1.0, 0.5, 2.0, -3.0]), np.array([0.2, 0.9, 0.5, 0.0]))
    several = (np.round(rng.normal(0.0, 2.0, size=(3, 4)), 2),
               rng.integers(0, 2, size=(3, 4)).astype(float))
    forty = (np.array([40.0, -40.0, 40.0, -40.0]), np.array([0.0, 1.0, 1.0, 0.0]))
    right = (np.array([1000.0, -1000.0]), np.array([1.0, 0.0]))
    wrong = (np.array([-1000.0, 1000.0]), np.array([1.0, 0.0]))
    mixed = (np.array([-1000.0, -3.0, 0.0, 2.0, 745.0]), np.array([0.0, 1.0, 0.5, 1.0, 0.0]))
    return [
        ("ordinary logits, labels 0 and 1", *plain,
         "the loss of one sample is -[y log sigma(z) + (1 - y) log(1 - sigma(z))]; return "
         "the mean over the samples, one number"),
        ("one logit per sample as a column, shape (4, 1)", *column,
         "work elementwise, then take the mean of everything: the result is one number"),
        ("soft targets: y is a probability, not only 0 or 1", *soft,
         "use y and 1 - y as weights; do not pick a formula by testing y == 1"),
        ("several outputs per sample, shape (3, 4): the mean of every entry", *several,
         "np.mean over the whole array: PyTorch's mean divides by the number of entries, "
         "not by the number of samples"),
        (FORTY, *forty,
         "1 - sigma(40) is 0 in float64: log(0) = -inf, and 0 * log(0) is nan. Never "
         "form sigma(z): -log sigma(z) = log(1 + e^(-z)) and -log(1 - sigma(z)) = "
         "log(1 + e^z)"),
        ("confident and right: logits of +-1000 give a loss of 0", *right,
         "np.exp(1000) overflows to inf, so log(1 + exp(z)) is inf where the loss, "
         "softplus(1000) - 1000, is 0. Take exp of non-positive numbers only: "
         "softplus(z) = max(z, 0) + log(1 + exp(-|z|)). (Right values with a warning: "
         "np.where computes both of its branches everywhere, so a branch that "
         "overflows warns even where it is not chosen)"),
        ("confident and wrong: logits of +-1000 give a loss of 1000", *wrong,
         "a confidently wrong logit must cost about |z|. np.exp(1000) overflows in "
         "np.log(1 + np.exp(z)), and clipping p to [eps, 1 - eps] caps the loss at "
         "-log(eps): compute softplus as max(z, 0) + log1p(exp(-|z|))"),
        ("extreme and ordinary logits together", *mixed,
         "every entry needs the stable formula; np.where computes both of its branches "
         "everywhere, so a branch that overflows warns even where it is not chosen"),
    ]  # fmt: skip


OWN_SOFTPLUS = "your own softplus: not npdl.softplus, np.logaddexp or SciPy"

#: Ready-made functions that do the stable part of the exercise.
_READY_SOFTPLUS = ("softplus", "logaddexp", "log_expit", "expit", "logsumexp",
                   "log_sigmoid", "logsigmoid", "xlogy", "log1pexp")
#: Libraries with their own stable losses and softplus.
_OTHER_LIBRARIES = ("scipy", "torch", "jax", "tensorflow")


def _library_of(obj: object) -> str:
    """The top-level package `obj` (a module, function, ...) comes from."""
    try:
        name = obj.__name__ if inspect.ismodule(obj) else getattr(obj, "__module__", None)
    except Exception:  # a learner's object with odd attributes
        return ""
    return name.split(".")[0] if isinstance(name, str) else ""


def _ready_softplus_in(fn: object) -> Text:
    """How `fn` uses a ready-made softplus (npdl's, np.logaddexp, SciPy's,
    PyTorch's, ...), or "" if its code does not, as far as can be seen. A
    helper of the learner's own called ``softplus`` does not count; what it
    calls does."""
    found, strings, objects = code_facts(fn)
    calls = calls_one_of(fn, found, _READY_SOFTPLUS)
    if calls:
        return calls
    if "softplus" in strings:
        return Text("its code looks softplus up by name")
    for obj in (fn, *objects):
        name = getattr(obj, "__name__", None)
        if isinstance(obj, Activation) and obj.name == "softplus":
            return Text("its code uses the registry's softplus")
        if name in _READY_SOFTPLUS and (isinstance(obj, np.ufunc) or _library_of(obj)
                                        in {"numpy", "npdl", *_OTHER_LIBRARIES}):
            return Text(f"its code calls {name} (under another name)")
        library = _library_of(obj)
        if library in _OTHER_LIBRARIES:
            return Text(f"its code uses {library}")
    return Text("")


@checker
def check_bce_with_logits(fn: Callable) -> CheckResult:
    """Check ``my_bce_with_logits(z, y)``: the mean binary cross-entropy of
    the logits `z` against the targets `y` (labels 0 and 1, or
    probabilities), finite, exact and without warnings for logits as large
    as +-1000, with a softplus of the learner's own.

    The expected values are those of
    :func:`npdl.losses.binary_cross_entropy_with_logits`. The last two
    cases look at the function's code: calling that function (or PyTorch's,
    or the registry's ``"binary_cross_entropy_with_logits"``), or a
    ready-made stable softplus (``npdl.softplus``, ``np.logaddexp``, SciPy's
    ``log_expit``, anything from SciPy or PyTorch), gets the values right
    without doing the exercise, and fails it.

    Parameters
    ----------
    fn : callable
        Your ``my_bce_with_logits(z, y)``, for arrays `z` and `y` of the same
        shape (1-D or 2-D), returning one number.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Notes
    -----
    The textbook form ``-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))``
    with ``p = sigmoid(z)`` fails from about ``z = 37`` on, where ``p``
    rounds to exactly 1: ``log(0) = -inf`` gives ``inf``, and ``0 * log(0)``
    gives ``nan`` even for a right prediction (for negative logits only
    below about ``z = -745``, where ``p`` underflows to 0). Clipping ``p``
    to ``[eps, 1 - eps]``, or adding eps inside the logarithms, hides that
    but gives wrong values there, and the report names it. The naive
    softplus ``np.log(1 + np.exp(z))`` overflows at ``z = 1000``.
    ``np.log(1 + np.exp(-np.abs(z)))`` instead of ``np.log1p`` passes: it
    loses digits only in terms below about ``1e-13``.

    Examples
    --------
    >>> def bce(z, y):
    ...     softplus = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))
    ...     return np.mean(softplus - y * z)
    >>> ok = check_bce_with_logits(bce)
    check_bce_with_logits: all 10 cases pass. Well done!
    ...
    """
    cases = []
    for label, z, y, hint in _bce_cases():
        expected = np.asarray(binary_cross_entropy_with_logits(z, y))
        cases.append(Case(label, (z, y), expected, hint, call=_call_plain,
                          convert=_naming_mistakes(expected, _bce_mistakes(z, y))))  # fmt: skip
    cases.append(_own_code_case(
        LOSSES["binary_cross_entropy_with_logits"],
        ("binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits_gradient",
         "BCEWithLogitsLoss", "sigmoid_cross_entropy_with_logits"), "loss",
        "write the formula with NumPy: softplus(z) - y * z, averaged"))
    cases.append(Case(
        OWN_SOFTPLUS, (),
        Expect("a softplus written with NumPy's elementary functions",
               lambda got: got == "",
               failure="the exercise is to write a softplus that cannot overflow "
                       "yourself, and this function uses a ready-made one", shape=None),
        "build it from np.maximum, np.abs, np.exp and np.log1p: max(z, 0) + "
        "log1p(exp(-|z|)) takes exp of non-positive numbers only",
        show="the function's code", call=_ready_softplus_in, needs_answer=False,
    ))  # fmt: skip
    return _check("check_bce_with_logits", fn, cases, ("z", "y"))


# --------------------------------------------------------------------------
# the gradient of cross-entropy
# --------------------------------------------------------------------------


def _ce_mistakes(logits: np.ndarray, y: np.ndarray) -> list[tuple[np.ndarray, str]]:
    n, C = logits.shape
    p = softmax(logits)
    onehot = np.eye(C)[y]
    grad = (p - onehot) / n
    mistakes = [
        (p - onehot, "these are n times too large: the loss is a mean over the n "
                     "samples, so its gradient has a factor 1/n"),
        (p / n, "this is the softmax alone (divided by n): subtract the one-hot rows "
                "of the labels"),
        (p, "this is the softmax alone: subtract the one-hot rows of the labels, "
            "and divide by n"),
        ((logits - onehot) / n, "the one-hot rows are subtracted from the logits; "
                                "subtract them from the probabilities, softmax(logits)"),
        (-grad, "the sign is wrong: it is softmax - one-hot, not one-hot - softmax"),
        ((p - onehot) / C, "this divides by the number of classes; the mean runs over "
                           "the n samples (the rows)"),
        ((p - onehot.sum(axis=0) / n) / n, "the labels are one-hot rows, one row per "
                                           "sample, not averaged over the batch"),
    ]  # fmt: skip
    if n == C:
        mistakes.append(((p - onehot.T) / n, "the one-hot matrix is transposed: row i "
                                             "must have its 1 in column y[i], e.g. "
                                             "np.eye(C)[y]"))
        mistakes.append(((p - y) / n, "the integer labels were subtracted as if they "
                                      "were one-hot rows (NumPy broadcast them along "
                                      "each row): build the one-hot matrix first"))
    return mistakes


def _ce_cases() -> list[tuple[str, np.ndarray, np.ndarray, str]]:
    rng = exercise_rng()
    first = np.round(rng.normal(0.0, 1.5, size=(3, 4)), 2)
    square = np.round(rng.normal(0.0, 1.5, size=(4, 4)), 2)
    two = np.round(rng.normal(0.0, 2.0, size=(8, 2)), 2)
    extreme = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0]])
    apart = np.array([[1000.0, 1001.0, 999.0], [-1000.0, -999.0, -1001.0]])
    onehot_hint = ("the one-hot matrix has one row per sample with a 1 in column y[i]: "
                   "np.eye(C)[y], or zeros with onehot[np.arange(n), y] = 1")  # fmt: skip
    return [
        ("3 samples, 4 classes", first, np.array([3, 0, 2]),
         "(softmax(logits) - one-hot rows of y) / n, with n the number of samples; "
         + onehot_hint),
        ("a square batch (4 samples, 4 classes) cannot hide a transposed one-hot",
         square, np.array([1, 3, 0, 1]), onehot_hint),
        ("8 samples, 2 classes", two, np.array([0, 1, 1, 0, 1, 0, 0, 1]),
         "divide by the number of samples, logits.shape[0]"),
        ("extreme logits of +-1000", extreme, np.array([0, 0]),
         "np.exp(1000) overflows: use a softmax that subtracts each row's maximum first "
         "(npdl.softmax does)"),
        ("rows far apart: each row has its own maximum", apart, np.array([2, 1]),
         "subtract each row's own maximum, np.max(z, axis=1, keepdims=True), not the "
         "maximum of the whole batch, or a row far below the others underflows to 0 / 0"),
    ]  # fmt: skip


@checker
def check_ce_gradient(fn: Callable) -> CheckResult:
    """Check ``my_ce_gradient(logits, y)``: the gradient of the mean
    cross-entropy with respect to the logits, ``(softmax(logits) - onehot) /
    n``, for logits of shape ``(n, C)`` and integer labels `y` of shape
    ``(n,)``.

    The expected values are those of
    :func:`npdl.losses.cross_entropy_gradient`; the last case fails a
    function that only calls it.

    Parameters
    ----------
    fn : callable
        Your ``my_ce_gradient(logits, y)``, returning an array of the shape
        of `logits`.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def ce_gradient(logits, y):
    ...     n, C = logits.shape
    ...     return (softmax(logits) - np.eye(C)[y]) / n
    >>> ok = check_ce_gradient(ce_gradient)
    check_ce_gradient: all 6 cases pass. Well done!
    ...
    """
    cases = [
        Case(label, (logits, y), cross_entropy_gradient(logits, y), hint,
             convert=_naming_mistakes(cross_entropy_gradient(logits, y),
                                      _ce_mistakes(logits, y)))
        for label, logits, y, hint in _ce_cases()
    ]  # fmt: skip
    cases.append(_own_code_case(
        LOSSES["cross_entropy"], ("cross_entropy_gradient",), "gradient",
        "write it with a softmax and the one-hot rows of the labels; npdl.softmax (or "
        "your own) is fine"))
    return _check("check_ce_gradient", fn, cases, ("logits", "y"))


# --------------------------------------------------------------------------
# the best prediction that ignores the inputs
# --------------------------------------------------------------------------


def _constant_cases() -> list[tuple[str, np.ndarray, int]]:
    """(label, labels y, number of classes) of each case; every class occurs,
    and n is larger than the number of classes."""
    rng = exercise_rng()

    def labels(counts: list[int], first: int) -> np.ndarray:
        y = rng.permutation(np.repeat(np.arange(len(counts)), counts))
        at = int(np.flatnonzero(y == first)[0])  # start with class `first`
        y[[0, at]] = y[[at, 0]]
        return y

    return [
        ("4 balanced classes (20 labels)", labels([5, 5, 5, 5], 0), 4),
        ("3 classes, 60 / 30 / 10 percent (20 labels)", labels([12, 6, 2], 0), 3),
        ("2 classes, 90 / 10 percent (20 labels)", labels([18, 2], 0), 2),
        ("5 classes of different sizes, the first label is class 3",
         labels([3, 9, 1, 5, 2], 3), 5),
    ]


def _constant_loss(b: np.ndarray, y: np.ndarray) -> float:
    """The mean cross-entropy of the same logits `b` for every sample."""
    return cross_entropy(np.tile(b, (len(y), 1)), y)


def _read_constant_logits(raw: object, y: np.ndarray, C: int, best: float) -> np.ndarray:
    """The learner's logits as shape ``(C,)``, or :class:`AnswerError` saying
    what is wrong with them (naming the usual mistakes)."""
    arr, problem = _numbers(raw)
    if problem is not None:
        raise AnswerError(f"returned {problem}")
    if arr.shape not in ((C,), (1, C)):
        what = "one number (a loss?)" if arr.size == 1 else f"shape {arr.shape}"
        raise AnswerError(f"returned {what}; return one logit per class, an array of "
                          f"shape ({C},)")  # fmt: skip
    b = arr.astype(np.float64).reshape(C)
    if not np.all(np.isfinite(b)):
        raise AnswerError("returned logits that are not all finite numbers (inf or nan): "
                          "every class occurs, so every logit can be finite")  # fmt: skip
    loss = _constant_loss(b, y)
    if loss <= best * (1 + 1e-7) + 1e-12:
        return b
    counts = np.bincount(y, minlength=C).astype(float)
    freq = counts / counts.sum()
    said = f"these logits give a mean cross-entropy of {loss:.6f} on these labels"
    probs = softmax(b)
    if np.allclose(b / b.sum() if b.sum() else b, freq, rtol=1e-6):
        why = ("these are the class frequencies themselves; they must be the softmax "
               "of the logits, so the logits are their logarithms (plus any constant)")
    elif np.allclose(softmax(-b), freq, rtol=1e-6):
        why = "the sign is wrong: the rarest class got the largest logit"
    elif np.ptp(b) < 1e-12:
        why = (f"equal logits predict every class with probability 1/{C}, as an "
               f"untrained network does, and give a loss of ln {C} = {loss:.6f}; with "
               "classes of different sizes a better constant exists")
    elif np.allclose(np.sort(probs), np.sort(freq), rtol=1e-6):
        why = ("the right probabilities, but given to the wrong classes: entry c must "
               "belong to class c (np.bincount(y, minlength=C) counts in class order)")
    else:
        why = (f"{said}; the best constant logits give {best:.6f}")
    raise AnswerError(why)


@checker
def check_constant_logits(fn: Callable) -> CheckResult:
    """Check ``best_constant_logits(y, n_classes)``: the logits ``b`` (shape
    ``(n_classes,)``) that a network giving the same output ``b`` for every
    sample should use to make the mean cross-entropy on the labels `y` as
    small as possible.

    Any right answer passes: adding a constant to every logit changes
    nothing, so the checker compares the loss the logits give with the
    smallest possible one (computed with :func:`npdl.losses.cross_entropy`),
    not the logits themselves.

    Parameters
    ----------
    fn : callable
        Your ``best_constant_logits(y, n_classes)``; `y` holds integer
        labels ``0 .. n_classes - 1`` (every class occurs at least once).

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def best(y, n_classes):
    ...     return np.log(np.bincount(y, minlength=n_classes))
    >>> ok = check_constant_logits(best)
    check_constant_logits: all 4 cases pass. Well done!
    ...
    """
    cases = []
    for label, y, C in _constant_cases():
        counts = np.bincount(y, minlength=C)
        best = _constant_loss(np.log(counts / counts.sum()), y)

        def read(raw, y=y, C=C, best=best):
            return _read_constant_logits(raw, y, C, best)

        cases.append(Case(
            label, (y, C),
            Expect(f"{C} logits whose mean cross-entropy on these labels is the smallest "
                   f"any constant prediction reaches, {best:.6f}",
                   lambda b, y=y, best=best: _constant_loss(b, y) <= best * (1 + 1e-7)
                   + 1e-12, shape=(C,)),
            "write the mean loss of constant logits b with pi_c, the fraction of labels "
            "in class c, and q = softmax(b): which probabilities q make it smallest? "
            "(Try two classes with 90 / 10 labels and a few values of q_0)",
            convert=read,
            show=f"y = {len(y)} labels, class counts {counts.tolist()} (classes 0 to "
                 f"{C - 1}), n_classes = {C}",
        ))  # fmt: skip
    return _check("check_constant_logits", fn, cases, ("y", "n_classes"))
