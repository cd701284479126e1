"""Checkers for Part II, *Activation functions*, in the order of its chapters.

The expected values come from :mod:`npdl.activations` (or from facts about
the registry it derives, such as which activations are monotonic). Cases
that are about numerical accuracy compare with a relative tolerance where
the values are tiny, so an answer that is right only to the nearest
``1e-12`` does not pass for one that is right to the last digits.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from npdl.activations import (
    ACTIVATIONS,
    Activation,
    elu,
    gelu,
    gelu_derivative,
    leaky_relu,
    log_softmax,
    log_softmax_derivative,
    mish,
    relu,
    relu_derivative,
    selu,
    sigmoid,
    sigmoid_derivative,
    softmax,
    softplus,
    swish,
    tanh,
    tanh_derivative,
)
from npdl.exercises._engine import (
    BY_HAND,
    TINY,
    AnswerError,
    Case,
    CheckResult,
    Expect,
    Text,
    _check,
    _check_membership,
    _numbers,
    _short,
    _tolerances,
    checker,
    code_facts,
    exercise_rng,
    is_library_function,
    is_placeholder,
    real_number,
)

__all__ = [
    "check_dead_fraction",
    "check_elu",
    "check_fraction_saturated",
    "check_gelu",
    "check_gelu_gap",
    "check_hard_swish",
    "check_hard_swish_gap",
    "check_leaky_relu",
    "check_log_sigmoid",
    "check_log_softmax_jacobian",
    "check_mish",
    "check_non_monotonic",
    "check_negative_drift",
    "check_prelu_best_slope",
    "check_relu",
    "check_selu_second_moment",
    "check_sigmoid",
    "check_sigmoid_second_derivative",
    "check_softmax",
    "check_softplus",
    "check_softplus_inverse",
    "check_scaled_tanh_derivative",
    "check_tanh_from_sigmoid",
]

#: Two subnormal steps: the absolute tolerance where a value's last digits
#: are the point of the case (and the learner's code silenced the warning).
_SUBNORMAL = 1e-323


# --------------------------------------------------------------------------
# why activation functions
# --------------------------------------------------------------------------


def _is_monotonic(name: str) -> bool:
    """Does the registry's activation never change direction on [-10, 10]?"""
    z = np.linspace(-10.0, 10.0, 20_001)
    steps = np.diff(ACTIVATIONS[name].function(z))
    return bool(np.all(steps >= 0) or np.all(steps <= 0))


@checker
def check_non_monotonic(names: object) -> CheckResult:
    """Check which elementwise activations of the registry are **not**
    monotonic (they go down and then up, or the reverse).

    Parameters
    ----------
    names : collection of str
        The registry names you think are non-monotonic (any case; a name
        that is not in the registry is reported as a likely typo).

    Returns
    -------
    CheckResult
        True when every activation is classified right; the report is printed.

    Examples
    --------
    >>> ok = check_non_monotonic({"gelu", "swish", "silu", "mish"})
    check_non_monotonic: all 12 cases pass. Well done!
    ...
    """
    truth = {n: not _is_monotonic(n) for n, r in ACTIVATIONS.items() if r.elementwise}
    return _check_membership(
        "check_non_monotonic", names, truth, "not monotonic", "monotonic",
        lambda n: f"plot it: npdl.plotting.plot_activation({n!r}), and look for a dip "
        "below zero on the negative side",
        lambda n: f"{n} never turns back: each larger input gives an output at least as "
        f"large (look at plot_activation({n!r}))",
        known=set(ACTIVATIONS),
    )


@checker
def check_fraction_saturated(fn: Callable) -> CheckResult:
    """Check ``fraction_saturated(derivative, z, tol)``: the fraction of the
    inputs `z` at which the size of the derivative is below `tol`.

    Parameters
    ----------
    fn : callable
        Your ``fraction_saturated(derivative, z, tol)``, returning one number
        between 0 and 1.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_fraction_saturated(lambda d, z, tol: np.mean(np.abs(d(z)) < tol))
    check_fraction_saturated: all 4 cases pass. Well done!
    ...
    """
    z = np.linspace(-10.0, 10.0, 2001)
    tails = exercise_rng().normal(0.0, 4.0, 5000)

    def answer(d, zz, tol):
        return np.asarray(np.mean(np.abs(d(zz)) < tol))

    grid = "z = 2001 points from -10 to 10"
    cases = [
        Case("sigmoid' on [-10, 10], tol = 0.01", (sigmoid_derivative, z, 0.01),
             answer(sigmoid_derivative, z, 0.01),
             "a fraction is a number between 0 and 1: the mean of a boolean array",
             show=f"derivative = sigmoid_derivative, {grid}, tol = 0.01"),
        Case("tanh' on N(0, 4^2) inputs, tol = 0.05", (tanh_derivative, tails, 0.05),
             answer(tanh_derivative, tails, 0.05),
             "compare the derivative's size with tol, elementwise, then average",
             show="derivative = tanh_derivative, z = 5000 draws from N(0, 4^2), tol = 0.05"),
        Case("relu': the whole negative side is flat", (relu_derivative, z, 1e-3),
             answer(relu_derivative, z, 1e-3), "ReLU's derivative is exactly 0 for z <= 0",
             show=f"derivative = relu_derivative, {grid}, tol = 0.001"),
        Case("gelu' is negative for some inputs", (gelu_derivative, z, 0.05),
             answer(gelu_derivative, z, 0.05),
             "the size of a negative derivative is its absolute value: np.abs",
             show=f"derivative = gelu_derivative, {grid}, tol = 0.05"),
    ]  # fmt: skip
    return _check("check_fraction_saturated", fn, cases, ("derivative", "z", "tol"))


# --------------------------------------------------------------------------
# sigmoid
# --------------------------------------------------------------------------


@checker
def check_sigmoid(fn: Callable) -> CheckResult:
    """Check a learner's ``sigmoid(z)`` against :func:`~npdl.activations.sigmoid`.

    Cases: ordinary inputs, a 2-D batch, and extreme inputs that make the
    textbook ``1 / (1 + np.exp(-z))`` overflow.

    Parameters
    ----------
    fn : callable
        Your ``sigmoid(z)``, for an array `z` of any shape.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Notes
    -----
    The tails are compared relative to the true values. Two answers that
    are right by the formula fail there, because their values are not:

    * ``0.5 * (1 + np.tanh(z / 2))`` cancels: ``1 + tanh(z/2)`` loses its
      digits from about ``z = -18`` on and is exactly 0 below ``z = -37``,
      where the sigmoid is still about ``1e-17``.
    * ``1 / (1 + np.exp(-z))`` with its overflow warning silenced (by
      ``np.errstate`` or a warnings filter) returns 0 for ``z < -709.78``,
      where the true value is a tiny subnormal number, not 0.

    Below the smallest normal float (about ``2.2e-308``) a result of 0 is
    accepted otherwise: that is how ``scipy.special.expit`` rounds, and it
    warns about nothing it hides.

    Examples
    --------
    >>> def my_sigmoid(z):
    ...     e = np.exp(-np.abs(z))
    ...     return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    >>> ok = check_sigmoid(my_sigmoid)
    check_sigmoid: all 6 cases pass. Well done!
    ...
    """
    small = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    batch = np.array([[-3.0, 0.5], [4.0, -0.25]])
    high = np.array([40.0, 1000.0])
    low = np.array([-1000.0, -40.0])
    deep = np.array([-740.0, -730.0, -720.0, -710.0])
    mixed = np.array([-745.0, -1.0, 0.0, 1.0, 745.0])
    cases = [
        Case("ordinary inputs", (small,), sigmoid(small),
             "sigmoid(z) = 1 / (1 + e^(-z)); sigmoid(0) must be 0.5"),
        Case("a 2-D batch keeps its shape", (batch,), sigmoid(batch),
             "apply the formula elementwise with NumPy; no loops, no reshaping"),
        Case("large positive input", (high,), sigmoid(high),
             "for large z the result must approach 1. If NumPy warned although the "
             "values are right: np.where computes both of its branches for every "
             "element, so a formula that overflows anywhere warns even where it is "
             "not chosen"),
        Case("large negative input", (low,), sigmoid(low),
             "np.exp(1000) overflows to inf. Only take exp of numbers that are not "
             "positive: for z < 0, multiply the top and the bottom of the formula by "
             "e^z. Formulas that subtract nearly "
             "equal numbers lose every digit here: 0.5 * (1 + np.tanh(z / 2)) gives 0 "
             "at z = -40, where the sigmoid is 4.2e-18", atol=TINY),
        Case("the deep negative tail: tiny, but not 0", (deep,), sigmoid(deep),
             "between z = -745 and z = -709.78 the sigmoid is a tiny subnormal number "
             "(sigmoid(-740) is about 4.2e-322), but 1 / (1 + np.exp(-z)) gives exactly 0 "
             "there: np.exp(740) is inf. Silencing that warning does not bring the "
             "digits back; e = np.exp(z) and e / (1 + e) for z < 0 does", rtol=1e-6,
             atol=TINY, strict_atol=_SUBNORMAL),
        Case("mixed extremes", (mixed,), sigmoid(mixed),
             "both tails at once: compute e = np.exp(-np.abs(z)), then choose the "
             "formula by the sign of z", atol=TINY),
    ]  # fmt: skip
    return _check("check_sigmoid", fn, cases, ("z",))


def _known_mistakes(expected: np.ndarray, mistakes: list[tuple[np.ndarray, str]]):
    """A `convert` for a :class:`Case`: an answer whose values are those of
    one of `mistakes` (and not the `expected` ones) is reported with that
    mistake's message instead of a bare "different values"."""

    def convert(raw: object) -> object:
        arr, _ = _numbers(raw)
        if arr is None or arr.shape != expected.shape or not np.all(np.isfinite(arr)):
            return raw  # the engine says what is wrong with it
        for values, message in mistakes:
            if np.allclose(values, expected, rtol=1e-6, atol=1e-12):
                continue  # not a mistake for this case's numbers
            if np.allclose(arr, values, rtol=1e-6, atol=1e-12):
                raise AnswerError(message)
        return raw

    return convert


@checker
def check_sigmoid_second_derivative(fn: Callable) -> CheckResult:
    """Check ``sigmoid_second_derivative_from_output(a)``: the sigmoid's
    **second** derivative, written in terms of its output ``a = sigmoid(z)``.

    The chapter derives the first derivative, ``a * (1 - a)``; differentiating
    it once more with respect to `z` (the product rule, then
    ``da/dz = a * (1 - a)``) gives ``a * (1 - a) * (1 - 2 * a)``. The usual
    slips are recognised and named: the first derivative itself, ``1 - 2 * a``
    (the derivative with respect to `a`, without the chain rule's factor),
    and the sign flipped.

    Parameters
    ----------
    fn : callable
        Your ``sigmoid_second_derivative_from_output(a)``, for an array `a`
        of sigmoid outputs of any shape.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_sigmoid_second_derivative(lambda a: a * (1 - a) * (1 - 2 * a))
    check_sigmoid_second_derivative: all 3 cases pass. Well done!
    ...
    """
    z = np.array([-4.0, -1.0, 0.5, 3.0])
    batch = np.array([[-2.0, 0.0], [1.0, 6.0]])

    def second(zz: np.ndarray) -> np.ndarray:
        return sigmoid_derivative(zz) * (1 - 2 * sigmoid(zz))

    def mistakes(zz: np.ndarray) -> list[tuple[np.ndarray, str]]:
        a = sigmoid(zz)
        return [
            (sigmoid_derivative(zz), "that is sigma'(z) = a (1 - a), the first derivative; "
             "the exercise asks for its derivative with respect to z"),
            (1 - 2 * a, "1 - 2a is the derivative of a (1 - a) with respect to a, not z: "
             "a is itself a function of z, so the chain rule multiplies by da/dz"),
            (-second(zz), "the sign is flipped: the slope sigma' grows while z < 0, so "
             "sigma'' is positive there, and it falls for z > 0"),
            (sigmoid_derivative(a), "the argument is already the output a = sigmoid(z): do "
             "not apply sigmoid to it again"),
        ]  # fmt: skip

    zero = np.array([0.0])
    cases = [
        Case("outputs of sigmoid at a few points", (sigmoid(z),), second(z),
             "differentiate sigma'(z) = a (1 - a) with respect to z, treating a as a "
             "function of z: the product rule brings in a factor da/dz, which the "
             "chapter has already written in terms of a",
             show=f"a = sigmoid(z) for z = {z.tolist()}",
             convert=_known_mistakes(second(z), mistakes(z))),
        Case("at z = 0 the slope is largest, so sigma''(0) = 0", (sigmoid(zero),),
             second(zero), "a = 0.5 at z = 0, where a (1 - a) has its maximum: its "
             "derivative must vanish there", show="a = [0.5]"),
        Case("a 2-D batch keeps its shape", (sigmoid(batch),), second(batch),
             "work elementwise with NumPy", show=f"a = sigmoid(z) for z = {batch.tolist()}",
             convert=_known_mistakes(second(batch), mistakes(batch))),
    ]  # fmt: skip
    return _check("check_sigmoid_second_derivative", fn, cases, ("a",))


# --------------------------------------------------------------------------
# tanh
# --------------------------------------------------------------------------


def _is_tanh(obj: object) -> bool:
    return is_library_function(obj, "tanh") or (
        isinstance(obj, Activation) and obj.name == "tanh")


def _tanh_in(fn: object) -> Text:
    """How `fn` uses tanh, or "" if its code does not (as far as can be seen:
    a call of ``np.tanh``, ``npdl.tanh`` or ``math.tanh`` under any name,
    the registry's ``"tanh"``, or `fn` being such a function)."""
    if _is_tanh(fn):
        return Text("it is tanh itself")
    names, strings, objects = code_facts(fn)
    if "tanh" in names:
        return Text("its code calls tanh")
    if "tanh" in strings:
        return Text("its code looks tanh up by name")
    if any(_is_tanh(obj) for obj in objects):
        return Text("its code calls tanh (under another name)")
    return Text("")


def _digits_kept(z: np.ndarray, expected: np.ndarray, rtol: float):
    """A `convert` for a :class:`Case` whose point is relative accuracy: an
    answer that is right to about three digits but not to `rtol` is reported
    with how many digits it keeps, and where it loses them (`expected` must
    have no zeros)."""

    def convert(raw: object) -> object:
        arr, _ = _numbers(raw)
        if arr is None or arr.shape != expected.shape or not np.all(np.isfinite(arr)):
            return raw  # the engine says what is wrong with it
        tol, _, _ = _tolerances(arr, rtol, 0.0)
        error = np.abs(arr.astype(np.float64) - expected) / np.abs(expected)
        worst = int(np.argmax(error))
        if tol < error[worst] < 1e-3:
            digits = max(int(-np.log10(error[worst])), 0)
            raise AnswerError(
                f"returned values that are right to only about {digits} significant "
                f"digits: at z = {z.ravel()[worst]:.0e} the relative error is "
                f"{error[worst]:.1e}, where tanh itself is accurate to the last digit")
        return raw

    return convert


@checker
def check_tanh_from_sigmoid(fn: Callable) -> CheckResult:
    """Check ``tanh_from_sigmoid(z)``: tanh computed from the sigmoid (and
    NumPy's exponentials), without tanh, accurate for every `z`.

    ``2 * sigmoid(2 z) - 1`` is right on paper but loses digits near 0: it
    subtracts 1 from a number close to 1, so at ``z = 1e-12`` only about four
    significant digits survive. The case "near zero" compares relative to
    the true values and names how many digits an answer keeps. An accurate
    form: ``sigmoid(2 t) * -np.expm1(-2 t)`` for ``t = |z|``, with the sign of
    `z` put back (tanh is odd), which also never overflows.

    Besides the values, the last case looks at the function's code: a
    function that calls tanh (``np.tanh``, ``npdl.tanh``, ``math.tanh``,
    the registry's ``"tanh"``) gets the values right without doing the
    exercise, and fails it.

    Parameters
    ----------
    fn : callable
        Your ``tanh_from_sigmoid(z)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def tanh_from_sigmoid(z):
    ...     t = np.abs(z)
    ...     return np.sign(z) * sigmoid(2 * t) * -np.expm1(-2 * t)
    >>> ok = check_tanh_from_sigmoid(tanh_from_sigmoid)
    check_tanh_from_sigmoid: all 5 cases pass. Well done!
    ...
    """
    z = np.array([-3.0, -0.5, 0.0, 0.25, 2.0])
    batch = np.array([[-1.0, 1.0], [4.0, -4.0]])
    far = np.array([-1000.0, -400.0, -30.0, 30.0, 400.0, 1000.0])
    near = np.array([1e-12, -1e-12, 2e-9, -3e-7, 1e-5])
    near_rtol = 1e-10
    cases = [
        Case("a few points", (z,), tanh(z),
             "stretch the input by 2, the output by 2, then move it down by 1: "
             "2 sigmoid(2z) - 1"),
        Case("a 2-D batch keeps its shape", (batch,), tanh(batch), "work elementwise"),
        Case("far from zero: -1 and 1", (far,), tanh(far),
             "tanh tends to -1 and 1, as 2 sigmoid(2z) - 1 does when sigmoid tends to 0 "
             "and 1. If NumPy warned about an overflow: an exponential of a large "
             "positive number is inf (np.exp and np.expm1 alike, e.g. of -2z for z << 0), "
             "and inf / inf or 0 * inf is nan. Exponentiate only numbers that are not "
             "positive: work on |z| and put the sign back, since tanh(-z) = -tanh(z) "
             "(np.where computes both of its branches everywhere, so it does not avoid "
             "the overflow)"),
        Case("near zero: every significant digit", (near,), tanh(near),
             "2 sigmoid(2z) - 1 is exact on paper, not in floating point: sigmoid(2z) "
             "is 0.5 plus a tiny part, stored to about 16 digits of the 0.5, and "
             "subtracting 1 leaves only the few digits of the tiny part that fit. "
             "Rewrite it with e^(-2z) (as one fraction, or as a product with "
             "sigmoid(2z)) so that the only difference of nearly equal numbers left is "
             "an e^x - 1, which np.expm1 computes without cancelling", rtol=near_rtol,
             atol=0.0,
             convert=_digits_kept(near, tanh(near), near_rtol)),
        Case("built from the sigmoid, without tanh", (),
             Expect("a function that does not use tanh", lambda got: got == "",
                    failure="the exercise is to build tanh from the sigmoid, and this "
                            "function uses tanh itself", shape=None),
             "write it with npdl.sigmoid (or your own sigmoid) and NumPy's "
             "exponentials (np.exp, np.expm1), without tanh", show="the function's code",
             call=_tanh_in, needs_answer=False),
    ]  # fmt: skip
    return _check("check_tanh_from_sigmoid", fn, cases, ("z",))


@checker
def check_scaled_tanh_derivative(fn: Callable) -> CheckResult:
    """Check ``scaled_tanh_derivative_from_output(a, alpha, beta)``: the
    derivative of the scaled tanh ``f(z) = alpha * tanh(beta * z)``, written
    in terms of its output ``a = f(z)``.

    Since ``tanh(beta z) = a / alpha`` and, by the chain rule,
    ``f'(z) = alpha * beta * (1 - tanh(beta z)**2)``, the answer is
    ``alpha * beta * (1 - (a / alpha)**2)``. The cases change one parameter
    at a time, so the first failing one says which factor is wrong, and the
    usual slips (``1 - a**2``, squaring `a` instead of ``a / alpha``, a
    missing `alpha` or `beta`) are recognised and named.

    Parameters
    ----------
    fn : callable
        Your ``scaled_tanh_derivative_from_output(a, alpha, beta)``, for an
        array `a` of any shape and two positive numbers.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def derivative(a, alpha, beta):
    ...     return alpha * beta * (1 - (a / alpha) ** 2)
    >>> ok = check_scaled_tanh_derivative(derivative)
    check_scaled_tanh_derivative: all 5 cases pass. Well done!
    ...
    """
    z = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
    batch = np.array([[-1.0, 0.2], [0.7, 2.5]])
    lecun = (1.7159, 2.0 / 3.0)  # LeCun et al. (1998), "Efficient BackProp"

    def output(zz, alpha, beta):
        return alpha * tanh(beta * zz)

    def slope(zz, alpha, beta):
        return alpha * beta * tanh_derivative(beta * zz)

    def mistakes(zz, alpha, beta):
        a = output(zz, alpha, beta)
        inner = "a = alpha tanh(beta z), so tanh(beta z) is a / alpha: square a / alpha"
        return [
            (1 - a**2, "1 - a**2 is the rule for tanh itself; here the output is "
             "a = alpha tanh(beta z), and both alpha and beta enter the derivative"),
            (beta * (1 - a**2), f"{inner}, not a"),
            (alpha * beta * (1 - a**2), f"{inner}, not a"),
            (beta * (1 - (a / alpha) ** 2), "the outer factor alpha is missing: f is "
             "alpha times tanh(beta z), so its derivative is alpha times that of "
             "tanh(beta z)"),
            (alpha * (1 - (a / alpha) ** 2), "the chain rule's factor beta is missing: "
             "d/dz tanh(beta z) = beta tanh'(beta z)"),
        ]  # fmt: skip

    def case(label, zz, alpha, beta, hint):
        a = output(zz, alpha, beta)
        want = slope(zz, alpha, beta)
        return Case(label, (a, alpha, beta), want, hint,
                    show=f"a = {alpha:.6g} * tanh({beta:.6g} * z) for z = {zz.tolist()}, "
                         f"alpha = {alpha:.6g}, beta = {beta:.6g}",
                    convert=_known_mistakes(want, mistakes(zz, alpha, beta)))  # fmt: skip

    cases = [
        case("plain tanh: alpha = 1, beta = 1", z, 1.0, 1.0,
             "with alpha = beta = 1 this is tanh itself, whose derivative is 1 - a**2; "
             "a is already the output, do not apply tanh to it again"),
        case("steeper: alpha = 1, beta = 3", z, 1.0, 3.0,
             "tanh(beta z) changes beta times faster than tanh(z): the chain rule"),
        case("taller: alpha = 2, beta = 1", z, 2.0, 1.0,
             "alpha enters twice: tanh(z) = a / alpha inside, and the factor alpha "
             "outside"),
        case("LeCun's tanh: alpha = 1.7159, beta = 2/3", z, *lecun,
             "both parameters at once: combine what the two cases before need"),
        case("a 2-D batch keeps its shape", batch, *lecun, "work elementwise with NumPy"),
    ]  # fmt: skip
    return _check("check_scaled_tanh_derivative", fn, cases, ("a", "alpha", "beta"))


# --------------------------------------------------------------------------
# ReLU
# --------------------------------------------------------------------------


@checker
def check_relu(fn: Callable) -> CheckResult:
    """Check a learner's ``relu(z)`` against :func:`~npdl.activations.relu`.

    Parameters
    ----------
    fn : callable
        Your ``relu(z)``, for an array `z` of any shape.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_relu(lambda z: np.maximum(z, 0))
    check_relu: all 4 cases pass. Well done!
    ...
    """
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    batch = np.array([[-1.0, 2.0, -3.0], [4.0, -5.0, 6.0]])
    cases = [
        Case("ordinary inputs", (z,), relu(z), "relu(z) = max(z, 0), elementwise: np.maximum"),
        Case("a 2-D batch keeps its shape", (batch,), relu(batch),
             "np.maximum(z, 0) works on any shape; np.max(z) would reduce it"),
        Case("large values pass through", (np.array([-1e300, 1e300]),),
             relu(np.array([-1e300, 1e300])), "positive inputs are returned unchanged"),
        Case("the input array is left alone", (batch,), relu(batch),
             "build a new array: z[z < 0] = 0 changes the caller's data"),
    ]  # fmt: skip
    return _check("check_relu", fn, cases, ("z",))


def _listed_numbers(fn: Callable, *args: object) -> object:
    """Call `fn`; a flat list or tuple of real numbers (NumPy scalars
    included) comes back as an array, so that a report shows its values
    rather than their reprs. Anything else comes back as it is."""
    raw = fn(*args)
    if isinstance(raw, (list, tuple)) and raw:
        try:
            arr = np.asarray(raw)
        except Exception:  # ragged, or elements NumPy cannot read
            return raw
        if arr.ndim == 1 and arr.dtype.kind in "iuf":
            return arr
    return raw


def _dead_fractions(X: np.ndarray, weights: list, biases: list) -> np.ndarray:
    """For each ReLU layer, the fraction of its units that output 0 for every
    row of `X`."""
    A, fractions = X, []
    for W, b in zip(weights, biases, strict=True):
        A = relu(A @ W + b)
        fractions.append(np.mean(np.all(A == 0, axis=0)))
    return np.array(fractions)


@checker
def check_dead_fraction(fn: Callable) -> CheckResult:
    """Check ``dead_fraction(X, weights, biases)``: push the batch `X` through
    the ReLU layers ``A = relu(A @ W + b)`` and return, for each layer, the
    fraction of its units that output 0 for **every** row of `X`.

    Parameters
    ----------
    fn : callable
        Your ``dead_fraction(X, weights, biases)``, with `weights` and
        `biases` lists of equal length (``W`` of shape ``(n_in, n_out)``,
        ``b`` of shape ``(n_out,)``), returning one number per layer.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_dead_fraction(_dead_fractions)
    check_dead_fraction: all 3 cases pass. Well done!
    ...
    """
    rng = exercise_rng()
    # by hand: unit 0 is off on all three inputs, unit 1 on one, units 2 and 3
    # on all (so the usual slips below all give different numbers)
    X1 = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    W1 = np.array([[-1.0, 1.0, 1.0, 1.0], [-1.0, -1.0, 1.0, 2.0]])
    b1 = np.zeros(4)
    X3 = rng.normal(size=(40, 5))
    W3 = [rng.normal(size=(a, 30)) * np.sqrt(2 / a) for a in (5, 30, 30, 30)]
    b3 = [np.full(30, -0.5) for _ in W3]

    def slips(X, weights, biases) -> list[tuple[np.ndarray, str]]:
        As, A = [], X
        for W, b in zip(weights, biases, strict=True):
            A = relu(A @ W + b)
            As.append(A)
        dead = _dead_fractions(X, weights, biases)
        return [
            (np.array([np.mean(A == 0) for A in As]), "that is the fraction of zero "
             "outputs (the sparsity), over every input and unit. The fraction asked "
             "for is over units: a unit that is 0 on some inputs but not on others "
             "still learns from the others, and is not dead"),
            (np.array([np.mean(np.all(A == 0, axis=1)) for A in As]), "that counts "
             "inputs (rows of A) on which every unit is 0; a unit is a column of A"),
            (np.array([np.mean(np.any(A == 0, axis=0)) for A in As]), "that counts the "
             "units that are 0 on at least one input; a dead unit is 0 on every input"),
            (1 - dead, "that is the fraction of units that are alive (not 0 on every "
             "input); the question is the fraction that is dead"),
            (dead * As[0].shape[1], "those are numbers of dead units: divide by the "
             "number of units in the layer"),
        ]  # fmt: skip

    hint_dead = (
        "a unit is a column of A (one row per input), and it is dead on the batch when "
        "its column is 0 in every row; the fraction is over the layer's units. Return "
        "one fraction per layer, in a list or array (here of length 1)")
    deep = "X: 40 inputs (rows) of 5 features; 4 layers of 30 units, He-scaled weights"
    zeros = [np.zeros(30)] * 4
    cases = [
        Case("one layer, worked by hand", (X1, [W1], [b1]),
             _dead_fractions(X1, [W1], [b1]), hint_dead,
             show="X = [[1, 0], [0, 1], [1, 1]] (3 inputs); one layer, "
                  "W = [[-1, 1, 1, 1], [-1, -1, 1, 2]], b = [0, 0, 0, 0]",
             call=_listed_numbers,
             convert=_known_mistakes(_dead_fractions(X1, [W1], [b1]),
                                     slips(X1, [W1], [b1]))),
        Case("four layers: one fraction for each", (X3, W3, zeros),
             _dead_fractions(X3, W3, zeros),
             "apply A = relu(A @ W + b) layer after layer, measure every layer's A "
             "(not only the last) and return the fractions in order",
             show=f"{deep}, b = 0", call=_listed_numbers,
             convert=_known_mistakes(_dead_fractions(X3, W3, zeros),
                                     slips(X3, W3, zeros))),
        Case("negative biases", (X3, W3, b3), _dead_fractions(X3, W3, b3),
             "add each layer's bias before the ReLU: Z = A @ W + b",
             show=f"{deep}, b = -0.5 in every layer", call=_listed_numbers),
    ]  # fmt: skip
    return _check("check_dead_fraction", fn, cases, ("X", "weights", "biases"))


# --------------------------------------------------------------------------
# Leaky ReLU and PReLU
# --------------------------------------------------------------------------


@checker
def check_leaky_relu(fn: Callable) -> CheckResult:
    """Check ``leaky_relu(z, alpha)``: ``z`` where ``z > 0``, ``alpha * z`` elsewhere,
    for any slope ``alpha`` (a PReLU can learn one above 1).

    Parameters
    ----------
    fn : callable
        Your ``leaky_relu(z, alpha)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_leaky_relu(lambda z, alpha: np.where(z > 0, z, alpha * z))
    check_leaky_relu: all 4 cases pass. Well done!
    ...
    """
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    batch = np.array([[-1.0, 2.0], [3.0, -4.0]])
    cases = [
        Case("the default slope 0.01", (z, 0.01), leaky_relu(z, 0.01),
             "keep z where z > 0; multiply the rest by alpha (np.where)"),
        Case("slope 0.2 on a 2-D batch", (batch, 0.2), leaky_relu(batch, 0.2),
             "work elementwise; the shape must not change"),
        Case("slope 0: plain ReLU", (z, 0.0), leaky_relu(z, 0.0),
             "with alpha = 0 the negative side is 0"),
        Case("slope 1.5 (a PReLU can learn a slope above 1)", (z, 1.5), leaky_relu(z, 1.5),
             "np.maximum(z, alpha * z) only works for alpha <= 1: for alpha > 1 it "
             "picks alpha * z on the positive side; select by the sign of z instead"),
    ]  # fmt: skip
    return _check("check_leaky_relu", fn, cases, ("z", "alpha"))


def _best_prelu_slope(Z: np.ndarray, T: np.ndarray) -> float:
    """The shared slope that minimises ``sum((prelu(Z) - T)**2)``.

    The loss is a parabola in alpha, so three values of it, computed with
    :class:`npdl.layers.PReLU`, give its vertex exactly.
    """
    from npdl.layers import PReLU

    def loss(alpha: float) -> float:
        return float(np.sum((PReLU(alpha=alpha).forward(Z) - T) ** 2))

    curvature = loss(1.0) + loss(-1.0) - 2 * loss(0.0)
    return (loss(-1.0) - loss(1.0)) / (2 * curvature)


@checker
def check_prelu_best_slope(fn: Callable) -> CheckResult:
    """Check ``best_prelu_slope(Z, T)``: the shared slope alpha with which a
    PReLU fits the targets `T` best in the least-squares sense,
    ``sum_{z <= 0} z t / sum_{z <= 0} z**2``.

    Parameters
    ----------
    fn : callable
        Your ``best_prelu_slope(Z, T)``, for inputs `Z` and targets `T` of the
        same shape (with some ``z <= 0``), returning one number.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def best(Z, T):
    ...     n = np.minimum(Z, 0)
    ...     return np.sum(n * T) / np.sum(n * n)
    >>> ok = check_prelu_best_slope(best)
    check_prelu_best_slope: all 4 cases pass. Well done!
    ...
    """
    rng = exercise_rng()
    z1 = rng.normal(size=30)
    z2 = rng.normal(size=40)
    z3 = rng.normal(size=200)
    Z4 = rng.normal(size=(25, 4))
    T4 = leaky_relu(Z4, 0.1) + 0.05 * rng.normal(size=Z4.shape)
    neg3 = z3 <= 0
    elu_slope = np.asarray(_best_prelu_slope(z3, elu(z3)))
    elu_mistakes = _known_mistakes(elu_slope, [
        (np.asarray(np.mean(elu(z3)[neg3] / z3[neg3])),
         "that is the mean of t / z over z <= 0, which gives an entry near 0 as much "
         "say as a large one; least squares weighs each entry by its z**2"),
        (np.asarray(np.polyfit(z3[neg3], elu(z3)[neg3], 1)[0]),
         "that is the slope of a line fitted with an intercept, a + b z "
         "(np.polyfit(z, t, 1) fits one); a PReLU's negative side is alpha z, a "
         "line through the origin"),
    ])  # fmt: skip
    cases = [
        Case("targets made by a leaky ReLU with slope 0.3", (z1, leaky_relu(z1, 0.3)),
             np.asarray(_best_prelu_slope(z1, leaky_relu(z1, 0.3))),
             "only the entries with z <= 0 depend on alpha. Set the derivative of "
             "the loss, 2 * sum over z <= 0 of (alpha z - t) z, to zero and solve "
             "for alpha (the entries with z > 0 do not enter)", scalar_ok=True),
        Case("targets |z|", (z2, np.abs(z2)),
             np.asarray(_best_prelu_slope(z2, np.abs(z2))),
             "on the negative side |z| = -z: which slope gives that?", scalar_ok=True),
        Case("targets made by ELU", (z3, elu(z3)), elu_slope,
             "targets that no leaky ReLU fits exactly: only the alpha that solves "
             "dL/dalpha = 0, with L the sum of (alpha z - t)**2 over z <= 0, is right "
             "here. An average of slopes, or a fit with an intercept, is not",
             scalar_ok=True, convert=elu_mistakes),
        Case("a 2-D batch with noisy targets: one shared slope", (Z4, T4),
             np.asarray(_best_prelu_slope(Z4, T4)),
             "the slope is shared by every entry: sum over all of them (no axis), "
             "and return one number", scalar_ok=True),
    ]  # fmt: skip
    return _check("check_prelu_best_slope", fn, cases, ("Z", "T"))


# --------------------------------------------------------------------------
# ELU and SELU
# --------------------------------------------------------------------------


@checker
def check_elu(fn: Callable) -> CheckResult:
    """Check ``elu(z, alpha)``: ``z`` for ``z > 0``, ``alpha (e^z - 1)`` otherwise,
    accurate near 0 and without overflow for large ``z``.

    Parameters
    ----------
    fn : callable
        Your ``elu(z, alpha)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_elu(lambda z, alpha: np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0))))
    check_elu: all 4 cases pass. Well done!
    ...
    """
    z = np.array([-5.0, -1.0, -0.1, 0.0, 0.5, 2.0])
    tiny = np.array([-1e-12, -1e-9, 1e-12])
    big = np.array([-800.0, 800.0])
    cases = [
        Case("the default alpha = 1", (z, 1.0), elu(z, 1.0),
             "z where z > 0, alpha * (exp(z) - 1) elsewhere"),
        Case("alpha = 0.5", (z, 0.5), elu(z, 0.5), "the negative side tends to -alpha"),
        Case("inputs very close to 0", (tiny, 1.0), elu(tiny, 1.0),
             "exp(z) - 1 cancels to a few correct digits when z is tiny: np.expm1(z) "
             "computes it exactly", rtol=1e-12, atol=0.0),
        Case("large inputs: no overflow", (big, 1.0), elu(big, 1.0),
             "np.where evaluates both branches, so exp(800) is computed and overflows: "
             "take the exponential of np.minimum(z, 0) instead"),
    ]  # fmt: skip
    return _check("check_elu", fn, cases, ("z", "alpha"))


def _selu_second_moment(q: float) -> float:
    """``E[selu(z)**2]`` for ``z ~ N(0, q)``, by quadrature over each side of 0."""
    from scipy.integrate import quad

    def integrand(x: float) -> float:  # x standard normal, z = sqrt(q) x
        return float(selu(np.sqrt(q) * x)) ** 2 * np.exp(-x * x / 2) / np.sqrt(2 * np.pi)

    return sum(quad(integrand, lo, hi, epsabs=0.0, epsrel=1e-12)[0]
               for lo, hi in ((-np.inf, 0.0), (0.0, np.inf)))  # fmt: skip


@checker
def check_selu_second_moment(fn: Callable) -> CheckResult:
    """Check ``selu_second_moment(q)``: ``E[selu(z)**2]`` for ``z ~ N(0, q)``,
    the variance of the next layer's pre-activations under LeCun
    initialisation, when this layer's have variance `q`.

    Parameters
    ----------
    fn : callable
        Your ``selu_second_moment(q)``, for a variance ``q > 0``, returning
        one number.

    Returns
    -------
    CheckResult
        True when every case passes (6 significant digits); the report is
        printed.

    Examples
    --------
    >>> ok = check_selu_second_moment(_selu_second_moment)
    check_selu_second_moment: all 3 cases pass. Well done!
    ...
    """
    scale = (
        "q is a variance: the standard deviation of z is sqrt(q) (the scale of "
        "np.random's and scipy.stats' normal is the standard deviation). And the "
        "next layer needs the mean of a**2, not the variance of a: with weights of "
        "mean 0, Var(sum_i a_i W_ij) = n Var(W) E[a**2] = E[a**2]")
    cases = [
        Case("q = 1: the fixed point", (1.0,), np.asarray(_selu_second_moment(1.0)),
             "integrate npdl.selu(z)**2 against the normal density of N(0, q), e.g. "
             "with scipy.integrate.quad as the constants were solved above (SELU, "
             "not ELU). Sampling is accurate only to about 1/sqrt(n), too coarse "
             "for 6 digits", rtol=1e-6, atol=0.0, scalar_ok=True),
        Case("q = 4: a wider input", (4.0,), np.asarray(_selu_second_moment(4.0)),
             scale, rtol=1e-6, atol=0.0, scalar_ok=True),
        Case("q = 0.25: a narrower input", (0.25,),
             np.asarray(_selu_second_moment(0.25)), scale, rtol=1e-6, atol=0.0,
             scalar_ok=True),
    ]  # fmt: skip
    return _check("check_selu_second_moment", fn, cases, ("q",))


# --------------------------------------------------------------------------
# GELU
# --------------------------------------------------------------------------


@checker
def check_gelu(fn: Callable) -> CheckResult:
    """Check ``my_gelu(z)``: the exact GELU ``z * Phi(z)``, accurate in the left
    tail too.

    Parameters
    ----------
    fn : callable
        Your ``my_gelu(z)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> from scipy.special import ndtr
    >>> ok = check_gelu(lambda z: z * ndtr(z))
    check_gelu: all 3 cases pass. Well done!
    ...
    """
    z = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
    batch = np.array([[-2.0, 0.1], [1.5, -0.7]])
    tail = np.array([-8.0, -10.0, -20.0])
    cases = [
        Case("ordinary inputs", (z,), gelu(z),
             "gelu(z) = z Phi(z), with Phi the standard normal CDF: "
             "scipy.special.ndtr, or 0.5 * erfc(-z / sqrt(2)); not the tanh approximation"),
        Case("a 2-D batch keeps its shape", (batch,), gelu(batch), "work elementwise"),
        Case("the left tail: tiny negative outputs", (tail,), gelu(tail),
             "0.5 z (1 + erf(z / sqrt 2)) rounds 1 + erf to 0 for z below about -8; "
             "use erfc, which has no cancellation: Phi(z) = 0.5 erfc(-z / sqrt 2)",
             rtol=1e-6, atol=0.0),
    ]  # fmt: skip
    return _check("check_gelu", fn, cases, ("z",))


def _measured(target: float, given: object, what: str, *, rtol: float, atol: float,
              low: str, high: str, signed: bool = True) -> Expect:  # fmt: skip
    """The expected value of a number the learner measures, described by
    `what` instead of shown (a wrong guess must not reveal it); the failure
    says whether `given` is negative, too small (`low`) or too large
    (`high`). With ``signed=False`` the sign of `given` does not count (the
    comparison then needs a `convert` that takes the absolute value)."""
    try:
        value = real_number(given, "it")
    except AnswerError:
        value = None
    if value is not None and not signed:
        value = abs(value)
    if value is not None and value < 0:
        failure = "a size is not negative: take the absolute value of the difference"
    elif value is not None and value < target:
        failure = low
    else:
        failure = high
    return Expect(what, lambda got: bool(np.isclose(float(got), target, rtol=rtol, atol=atol)),
                  failure=failure)  # fmt: skip


def _gelu_gap() -> tuple[float, float]:
    """Where |gelu_tanh - gelu| is largest (for z >= 0; it is symmetric) and how large."""
    z = np.linspace(0.0, 10.0, 1_000_001)
    gap = np.abs(gelu(z, approximate=True) - gelu(z))
    i = int(np.argmax(gap))
    return float(z[i]), float(gap[i])


@checker
def check_gelu_gap(z_star: float, gap: float) -> CheckResult:
    """Check the input ``z_star`` where the tanh approximation of GELU differs
    most from the exact GELU, and the size ``gap`` of that difference.

    The difference is symmetric, ``d(-z) = d(z)``, so either sign of
    ``z_star`` is right. ``gap`` needs 4 significant digits, ``z_star`` 3
    (the difference is flat near its peak).

    Parameters
    ----------
    z_star : float
        Where the difference is largest.
    gap : float
        How large it is there.

    Returns
    -------
    CheckResult
        True when both are right; the report is printed.

    Examples
    --------
    >>> ok = check_gelu_gap(*_gelu_gap())
    check_gelu_gap: all 2 cases pass. Well done!
    ...
    """
    where, size = _gelu_gap()
    given = {"gap": gap, "where": z_star}
    size_expected = _measured(
        size, gap, "the largest |approximation - exact| over all z, to 4 significant "
        "digits (measure it: it is not shown here)", **BY_HAND,
        low="smaller than the largest difference: too coarse a grid, or too narrow "
            "a range, misses the peak",
        high="larger than the largest difference: compare npdl.gelu(z, "
             "approximate=True), the tanh form, with npdl.gelu(z)")  # fmt: skip
    where_expected = _measured(
        where, z_star, "the z where that difference is largest, to 3 decimals, "
        "either sign (not shown here)", rtol=1e-3, atol=1e-3, signed=False,
        low="the difference is not largest there: it is larger further from 0",
        high="the difference is not largest there: it is larger closer to 0")
    cases = [
        Case("the size of the largest difference", ("gap",), size_expected,
             "evaluate np.abs(npdl.gelu(z, approximate=True) - npdl.gelu(z)) on a fine "
             "grid (say 10**6 points over [-10, 10]) and take the maximum (4 significant "
             "digits are enough)", show=f"you gave gap = {_short(gap, 60)}",
             scalar_ok=True),
        Case("where it happens (either sign)", ("where",), where_expected,
             "np.argmax of the absolute difference gives the index of the largest one; "
             "the input is z at that index. Compare absolute values: the sign of the "
             "difference changes (3 decimals are enough)",
             show=f"you gave z_star = {_short(z_star, 60)}", scalar_ok=True,
             convert=lambda v: abs(real_number(v, "z_star"))),
    ]  # fmt: skip
    return _check("check_gelu_gap", given.__getitem__, cases, ("part",), function=False,
                  attempted=not is_placeholder(z_star, gap))  # fmt: skip


# --------------------------------------------------------------------------
# Swish and Mish
# --------------------------------------------------------------------------


@checker
def check_mish(fn: Callable) -> CheckResult:
    """Check ``my_mish(z)``: ``z * tanh(softplus(z))``, without overflow for
    large ``z`` and with its digits in the far negative tail.

    Parameters
    ----------
    fn : callable
        Your ``my_mish(z)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Notes
    -----
    In the far negative tail ``log(1 + e^z)`` rounds ``1 + e^z`` to 1 and
    returns 0 (and loses digits well before): the textbook
    ``z * np.tanh(np.log(1 + np.exp(z)))`` fails there even with its
    overflow warning silenced. ``np.log1p(np.exp(z))`` keeps the digits.

    Examples
    --------
    >>> ok = check_mish(lambda z: z * np.tanh(np.logaddexp(0, z)))
    check_mish: all 5 cases pass. Well done!
    ...
    """
    z = np.array([-4.0, -1.0, -0.3, 0.0, 0.6, 2.0])
    batch = np.array([[-2.0, 1.0], [0.5, -0.1]])
    big = np.array([-1000.0, 1000.0])
    far = np.array([-30.0, -40.0, -100.0, -700.0])
    cases = [
        Case("ordinary inputs", (z,), mish(z),
             "mish(z) = z * tanh(softplus(z)), softplus(z) = log(1 + e^z)"),
        Case("a 2-D batch keeps its shape", (batch,), mish(batch), "work elementwise"),
        Case("large inputs: no overflow", (big,), mish(big),
             "log(1 + exp(1000)) overflows inside exp: compute softplus as "
             "np.logaddexp(0, z), or max(z, 0) + log1p(exp(-|z|))"),
        Case("the far negative tail keeps its digits", (far,), mish(far),
             "1 + e^z rounds to 1 when e^z is below about 1e-16, so log(1 + e^z) gives 0 "
             "(and has lost most digits well before): np.log1p(np.exp(z)) or "
             "np.logaddexp(0, z) compute log(1 + e^z) without forming 1 + e^z",
             rtol=1e-6, atol=0.0),
        Case("it is not swish", (np.array([-1.0, 1.0]),), mish(np.array([-1.0, 1.0])),
             "the gate is tanh(softplus(z)), not sigmoid(z)"),
    ]  # fmt: skip
    return _check("check_mish", fn, cases, ("z",))


def _hard_swish(z: np.ndarray) -> np.ndarray:
    """Hard-swish from its definition, ``z * relu6(z + 3) / 6``."""
    return z * np.clip(z + 3.0, 0.0, 6.0) / 6.0


def _hard_swish_gap() -> tuple[float, float]:
    """Where |hard_swish - silu| is largest (for z >= 0; the difference is
    even) and how large."""
    z = np.linspace(0.0, 10.0, 1_000_001)
    gap = np.abs(_hard_swish(z) - swish(z))
    i = int(np.argmax(gap))
    return float(z[i]), float(gap[i])


@checker
def check_hard_swish(fn: Callable) -> CheckResult:
    """Check ``hard_swish(z)``: ``z * relu6(z + 3) / 6`` with
    ``relu6(x) = min(max(x, 0), 6)``, the piecewise version of Swish that
    MobileNetV3 uses (PyTorch's ``nn.Hardswish``).

    Parameters
    ----------
    fn : callable
        Your ``hard_swish(z)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_hard_swish(lambda z: z * np.clip(z + 3, 0, 6) / 6)
    check_hard_swish: all 3 cases pass. Well done!
    ...
    """
    inside = np.array([-2.5, -1.0, -0.3, 0.0, 0.7, 2.0])
    outside = np.array([-8.0, -3.0, 3.0, 8.0])
    batch = np.array([[-4.0, 1.5], [0.5, 4.0]])
    cases = [
        Case("inputs between -3 and 3", (inside,), _hard_swish(inside),
             "hard_swish(z) = z * relu6(z + 3) / 6: the input z times a gate that "
             "rises in a straight line from 0 at z = -3 to 1 at z = 3"),
        Case("outside [-3, 3] the gate is 0 or 1", (outside,), _hard_swish(outside),
             "relu6 clips z + 3 to [0, 6], so the output is 0 below -3 and z above 3: "
             "np.clip(z + 3, 0, 6), or np.minimum(np.maximum(z + 3, 0), 6)"),
        Case("a 2-D batch keeps its shape", (batch,), _hard_swish(batch),
             "work elementwise"),
    ]  # fmt: skip
    return _check("check_hard_swish", fn, cases, ("z",))


@checker
def check_hard_swish_gap(z_star: float, gap: float) -> CheckResult:
    """Check the input ``z_star`` where hard-swish differs most from Swish
    with beta = 1 (SiLU), and the size ``gap`` of that difference.

    The difference is even, ``d(-z) = d(z)`` (both functions satisfy
    ``f(z) - f(-z) = z``), so either sign of ``z_star`` is right. ``gap``
    needs 4 significant digits, ``z_star`` 3.

    Parameters
    ----------
    z_star : float
        Where the difference is largest.
    gap : float
        How large it is there.

    Returns
    -------
    CheckResult
        True when both are right; the report is printed.

    Examples
    --------
    >>> ok = check_hard_swish_gap(*_hard_swish_gap())
    check_hard_swish_gap: all 2 cases pass. Well done!
    ...
    """
    where, size = _hard_swish_gap()
    given = {"gap": gap, "where": z_star}
    size_expected = _measured(
        size, gap, "the largest |hard_swish(z) - silu(z)| over all z, to 4 "
        "significant digits (measure it: it is not shown here)", **BY_HAND,
        low="smaller than the largest difference: too coarse a grid, or too narrow "
            "a range, misses the peak",
        high="larger than the largest difference: compare with npdl.silu (Swish "
             "with beta = 1), not ReLU or Mish, and make sure your hard_swish "
             "passes check_hard_swish")  # fmt: skip
    where_expected = _measured(
        where, z_star, "the z where that difference is largest, to 3 decimals, "
        "either sign (not shown here)", rtol=1e-3, atol=1e-3, signed=False,
        low="the difference is not largest there: it is larger further from 0",
        high="the difference is not largest there: it is larger closer to 0")
    cases = [
        Case("the size of the largest difference", ("gap",), size_expected,
             "evaluate np.abs(hard_swish(z) - npdl.silu(z)) on a fine grid (say 10**6 "
             "points over [-10, 10]) and take the maximum; compare with SiLU, not ReLU "
             "or Mish (4 significant digits are enough)",
             show=f"you gave gap = {_short(gap, 60)}", scalar_ok=True),
        Case("where it happens (either sign)", ("where",), where_expected,
             "measure, do not guess: np.argmax of the absolute difference gives the "
             "index of the largest one, and the input is z at that index (3 decimals "
             "are enough)",
             show=f"you gave z_star = {_short(z_star, 60)}", scalar_ok=True,
             convert=lambda v: abs(real_number(v, "z_star"))),
    ]  # fmt: skip
    return _check("check_hard_swish_gap", given.__getitem__, cases, ("part",),
                  function=False, attempted=not is_placeholder(z_star, gap))  # fmt: skip


# --------------------------------------------------------------------------
# softplus
# --------------------------------------------------------------------------


@checker
def check_softplus(fn: Callable) -> CheckResult:
    """Check ``my_softplus(z)``: ``log(1 + e^z)`` for every finite ``z``,
    without overflow and with full relative accuracy for very negative ``z``.

    Parameters
    ----------
    fn : callable
        Your ``my_softplus(z)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_softplus(lambda z: np.logaddexp(0, z))
    check_softplus: all 4 cases pass. Well done!
    ...
    """
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    batch = np.array([[-1.0, 2.0], [0.0, -4.0]])
    big = np.array([710.0, 1000.0])
    tiny = np.array([-40.0, -100.0, -700.0])
    cases = [
        Case("ordinary inputs", (z,), softplus(z), "softplus(z) = log(1 + e^z)"),
        Case("a 2-D batch keeps its shape", (batch,), softplus(batch), "work elementwise"),
        Case("large inputs: no overflow", (big,), softplus(big),
             "exp(710) overflows. For z > 0 write log(1 + e^z) = z + log(1 + e^(-z))"),
        Case("very negative inputs keep their digits", (tiny,), softplus(tiny),
             "1 + e^z rounds to 1 when e^z < 1e-16, so log(1 + e^z) gives 0: np.log1p(x) "
             "computes log(1 + x) without forming 1 + x", rtol=1e-12, atol=0.0),
    ]  # fmt: skip
    return _check("check_softplus", fn, cases, ("z",))


def _softplus_inverse(y: np.ndarray) -> np.ndarray:
    """The z with softplus(z) = y > 0: log(e^y - 1) = y + log(1 - e^(-y)),
    with the last term as log(-expm1(-y)) (exact for tiny and huge y)."""
    return y + np.log(-np.expm1(-y))


@checker
def check_softplus_inverse(fn: Callable) -> CheckResult:
    """Check ``softplus_inverse(y)``: the pre-activation ``z`` for which
    ``softplus(z) = y``, for every ``y > 0``, without overflow for large
    ``y`` and with full relative accuracy for tiny ``y``.

    The expected values come from ``y + log(-expm1(-y))``, the inverse of
    :func:`npdl.activations.softplus` (the tests check that ``softplus`` of them gives
    ``y`` back).

    Parameters
    ----------
    fn : callable
        Your ``softplus_inverse(y)``, for positive ``y`` of any shape.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_softplus_inverse(lambda y: y + np.log(-np.expm1(-y)))
    check_softplus_inverse: all 4 cases pass. Well done!
    ...
    """
    y = np.array([0.05, 0.5, 1.0, 3.0, 20.0])
    batch = np.array([[0.1, 2.0], [5.0, 0.01]])
    big = np.array([710.0, 1000.0])
    tiny = np.array([1e-10, 1e-200, 1e-300])
    cases = [
        Case("ordinary outputs", (y,), _softplus_inverse(y),
             "solve y = log(1 + e^z) for z: exponentiate both sides, then take a "
             "logarithm. Check your answer with npdl.softplus: it must give y back"),
        Case("a 2-D batch keeps its shape", (batch,), _softplus_inverse(batch),
             "work elementwise"),
        Case("large outputs: no overflow", (big,), _softplus_inverse(big),
             "e^710 overflows (np.expm1 too). For large y write log(e^y - 1) = "
             "y + log(1 - e^(-y)): the exponential's argument is then negative"),
        Case("tiny outputs keep their digits", (tiny,), _softplus_inverse(tiny),
             "e^y - 1 for y = 1e-300 is 1 - 1 = 0 in floating point, and log(0) = -inf "
             "(y = 1e-10 keeps only a few digits); np.expm1(y) computes e^y - 1 "
             "without forming e^y, and 1 - e^(-y) is -np.expm1(-y)",
             rtol=1e-12, atol=0.0),
    ]  # fmt: skip
    return _check("check_softplus_inverse", fn, cases, ("y",))


# --------------------------------------------------------------------------
# softmax and log-softmax
# --------------------------------------------------------------------------

_ROW_MAXIMUM_HINT = (
    "subtract each row's own maximum, np.max(z, axis=-1, keepdims=True), not the "
    "maximum of the whole batch: with z - z.max() a row whose logits are all far below "
    "another row's underflows to exp(...) = 0 everywhere"
)


@checker
def check_softmax(fn: Callable) -> CheckResult:
    """Check a learner's ``softmax(z)``, normalising each row of a batch.

    Parameters
    ----------
    fn : callable
        Your ``softmax(z)``, for one vector of logits or a batch of rows.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_softmax(lambda z: softmax(z))
    check_softmax: all 6 cases pass. Well done!
    ...
    """
    vector = np.array([1.0, 2.0, 3.0])
    batch = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0], [-2.0, 0.0, 5.0]])
    big = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    apart = np.array([[1000.0, 1001.0], [-1000.0, -999.0]])
    tall = np.arange(12.0).reshape(4, 3) / 3
    cases = [
        Case("one vector of logits", (vector,), softmax(vector),
             "exponentiate, then divide by the sum of the exponentials"),
        Case("a batch: each row sums to 1", (batch,), softmax(batch),
             "each row is one sample: sum along axis=-1 with keepdims=True, not over "
             "the whole matrix"),
        Case("a batch with more rows than columns", (tall,), softmax(tall),
             "the classes are the last axis; normalise along it for every row"),
        Case("large logits", (big,), softmax(big),
             "np.exp(1000) is inf and inf / inf is nan. Subtract each row's maximum "
             "first (np.max(z, axis=-1, keepdims=True)): it cancels in the ratio"),
        Case("rows far apart: each row has its own maximum", (apart,), softmax(apart),
             _ROW_MAXIMUM_HINT),
        Case("equal logits give equal probabilities", (np.zeros((2, 4)),),
             softmax(np.zeros((2, 4))), "with all logits equal every class gets 1/n"),
    ]  # fmt: skip
    return _check("check_softmax", fn, cases, ("z",))


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    """log sigmoid(z) = log softmax((0, z))_2 = -softplus(-z)."""
    return -softplus(-z)


@checker
def check_log_sigmoid(fn: Callable) -> CheckResult:
    """Check ``log_sigmoid(z)``: ``log(sigmoid(z))``, elementwise, finite and
    accurate for every finite ``z``, without a logarithm of a probability.

    sigmoid(z) is the softmax of the two logits ``(0, z)``, so its logarithm
    is a log-softmax, ``-softplus(-z)``. The usual slips are named: the sign
    flipped, the other class's ``log(1 - sigmoid(z))``, sigmoid itself, and
    a log-softmax across a batch's numbers (which are separate samples).

    Parameters
    ----------
    fn : callable
        Your ``log_sigmoid(z)``, for an array `z` of logits of any shape.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_log_sigmoid(lambda z: -np.logaddexp(0, -z))
    check_log_sigmoid: all 4 cases pass. Well done!
    ...
    """
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    batch = np.array([[-1.0, 2.0], [0.5, -4.0]])
    low = np.array([-50.0, -800.0, -1000.0])
    high = np.array([40.0, 800.0, 1000.0])

    def mistakes(zz: np.ndarray) -> list[tuple[np.ndarray, str]]:
        return [
            (-_log_sigmoid(zz), "the sign is flipped: a probability is at most 1, so "
             "its logarithm is never positive"),
            (_log_sigmoid(-zz), "that is log(1 - sigmoid(z)), the log-probability of "
             "the other class, the one whose logit is 0"),
            (sigmoid(zz), "that is sigmoid(z) itself; the exercise asks for its "
             "logarithm"),
        ]  # fmt: skip

    row_mistake = [(log_softmax(batch), "that is a log-softmax across each row of the "
                    "batch, as if its numbers competed as logits; each number z is one "
                    "sample's own logit, and its rival is the fixed logit 0")]  # fmt: skip
    cases = [
        Case("ordinary logits", (z,), _log_sigmoid(z),
             "sigmoid(z) = e^z / (e^0 + e^z): the softmax of the two logits (0, z). "
             "Take the log-softmax of that pair", convert=_known_mistakes(
                 _log_sigmoid(z), mistakes(z))),
        Case("a 2-D batch keeps its shape", (batch,), _log_sigmoid(batch),
             "work elementwise: every entry is a logit of its own",
             convert=_known_mistakes(_log_sigmoid(batch),
                                     mistakes(batch) + row_mistake)),
        Case("very negative logits: finite, about z", (low,), _log_sigmoid(low),
             "sigmoid(-800) underflows to 0 and log(0) = -inf, while e^(-z) = e^800 "
             "overflows: never take the logarithm of a probability, and never "
             "exponentiate a positive number. Shift the two logits (0, z) by their "
             "maximum, as log-softmax does"),
        Case("large positive logits: no overflow", (high,), _log_sigmoid(high),
             "e^800 overflows to inf. Shift the two logits (0, z) by their maximum, "
             "here z: then every exponent is at most 0"),
    ]  # fmt: skip
    return _check("check_log_sigmoid", fn, cases, ("z",))


@checker
def check_log_softmax_jacobian(fn: Callable) -> CheckResult:
    """Check ``log_softmax_jacobian(z)``: the Jacobian of log-softmax at the
    logits ``z``, ``J[i, j] = d log s_i / d z_j = delta_ij - s_j``, the
    convention of :func:`npdl.activations.log_softmax_derivative`.

    Its rows sum to 0 (log-softmax is shift invariant), its columns do not
    (the log-probabilities do not sum to a constant), so a transposed
    answer fails.

    Parameters
    ----------
    fn : callable
        Your ``log_softmax_jacobian(z)``, for one vector of ``K`` logits,
        returning a ``(K, K)`` array.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_log_softmax_jacobian(
    ...     lambda z: np.eye(len(z)) - softmax(z)[None, :])
    check_log_softmax_jacobian: all 4 cases pass. Well done!
    ...
    """
    hint = (
        "J[i, j] = d log s_i / d z_j: row i belongs to output i. Differentiate "
        "log s_i = z_i - log sum_k e^(z_k) with respect to z_j. Test your matrix: "
        "adding the same c to every logit changes no log s_i, so every row must sum "
        "to 0")

    def mistakes(z: np.ndarray) -> list[tuple[np.ndarray, str]]:
        s = softmax(z)
        right = log_softmax_derivative(z)
        return [
            (right.T, "that is the transpose: your row i holds the derivatives with "
             "respect to z_i, and your columns, not your rows, sum to 0. Row i must "
             "hold the derivatives of log s_i, whose rows sum to 0 by shift invariance"),
            (np.diag(s) - np.outer(s, s), "that is the softmax's Jacobian, the "
             "derivatives of s_i; the exercise asks for those of log s_i, and "
             "d log s_i = d s_i / s_i"),
            (np.diag(np.diag(right)), "only the diagonal is right: log s_i depends on "
             "every logit through the sum in its denominator, so the entries off the "
             "diagonal are not 0"),
        ]  # fmt: skip

    cases = [
        Case(f"{len(z)} classes", (z,), log_softmax_derivative(z), hint,
             convert=_known_mistakes(log_softmax_derivative(z), mistakes(z)))
        for z in (np.array([0.0, 1.0]), np.array([1.0, 2.0, 3.0]),
                  np.array([0.5, -1.0, 2.0, 0.0, 1.0]))
    ]  # fmt: skip
    big = np.array([1000.0, 0.0, -1000.0, 999.0])
    cases.append(Case(
        "large logits", (big,), log_softmax_derivative(big),
        "np.exp(1000) overflows: compute s with a softmax that subtracts the maximum "
        "first (yours, or npdl.softmax)"))  # fmt: skip
    return _check("check_log_softmax_jacobian", fn, cases, ("z",))


# --------------------------------------------------------------------------
# choosing an activation
# --------------------------------------------------------------------------

def _activation_name(value: object) -> str | None:
    """The registry name `value` stands for: a name (any case), a registry
    record, or npdl's function itself; None if it is none of these."""
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, Activation):
        return value.name
    for name, record in ACTIVATIONS.items():
        if value is record.function:
            return name
    return None


def _mean_gradient_sizes(mean: float = -3.0, std: float = 1.0) -> dict[str, float]:
    """``E|f'(z)|`` for ``z ~ N(mean, std**2)``, for every elementwise
    activation of the registry except linear (a Riemann sum over
    ``mean +- 12 std``, accurate to far more digits than are checked)."""
    z, dz = np.linspace(mean - 12 * std, mean + 12 * std, 480_001, retstep=True)
    density = np.exp(-0.5 * ((z - mean) / std) ** 2) / (std * np.sqrt(2 * np.pi))
    return {name: float(np.sum(np.abs(record.derivative(z)) * density) * dz)
            for name, record in ACTIVATIONS.items()
            if record.elementwise and name != "linear"}  # fmt: skip


@checker
def check_negative_drift(best: object, mean_gradient: float) -> CheckResult:
    """Check which hidden activation passes back the most gradient when its
    pre-activations have drifted to the negative side, ``z ~ N(-3, 1)``,
    and how much: ``best`` is a registry name, ``mean_gradient`` the average
    of ``|f'(z)|`` over that distribution, within 5% (a sample of
    ``10**4`` inputs is that close almost always, one of ``10**5`` always,
    and an exact integral passes too; the nearest wrong answer, the
    derivative at -3, is 39% off).

    Every elementwise activation of the registry except linear competes.

    Parameters
    ----------
    best : str
        The registry name of the activation with the largest ``E|f'(z)|``
        (npdl's function itself counts too).
    mean_gradient : float
        Its ``E|f'(z)|``.

    Returns
    -------
    CheckResult
        True when both are right; the report is printed.

    Examples
    --------
    >>> sizes = _mean_gradient_sizes()
    >>> top = max(sizes, key=sizes.get)
    >>> ok = check_negative_drift(top, sizes[top])
    check_negative_drift: all 2 cases pass. Well done!
    ...
    """
    sizes = _mean_gradient_sizes()
    top = max(sizes, key=sizes.get)
    twins = {"swish", "silu"} if top in {"swish", "silu"} else {top}
    measure = ("draw z = rng.normal(-3, 1, 10**6), average "
               "np.abs(npdl.get_activation(name).derivative(z)) for every elementwise "
               "name except linear, and compare")  # fmt: skip
    name = None if is_placeholder(best) else _activation_name(best)
    if name == "linear":
        name_hint = ("linear is left out: it passes every gradient but adds no "
                     "non-linearity, so it is no hidden activation. " + measure)
    elif name == "leaky_relu":
        name_hint = ("the table's f'(-10) looks at one input, -10, where leaky ReLU's "
                     "slope 0.01 is the largest; these inputs spread around -3, where "
                     "other negative sides are far from flat. Measure: " + measure)
    elif name in sizes and name not in twins:
        name_hint = f"{name} passes {sizes[name]:.3g} on average; {measure}"
    else:
        name_hint = measure

    def value_hint() -> str:
        general = ("average |f'(z)| over your sample of z ~ N(-3, 1) for the "
                   "activation that passes the most (within 5%: a sample of 10**5 "
                   "values is enough)")
        try:
            value = real_number(mean_gradient, "mean_gradient")
        except AnswerError:
            return general
        at_mean = abs(float(ACTIVATIONS[top].derivative(np.array([-3.0]))[0]))
        if np.isclose(value, at_mean, rtol=2e-2, atol=0.0):
            return ("that is the derivative at z = -3, the mean of the inputs. The "
                    "average of the derivative over the spread is not the derivative "
                    "at the average: where it grows like e^z, which is convex, the "
                    "average is larger. " + general)
        for other, size in sizes.items():
            if other not in twins and np.isclose(value, size, rtol=2e-2, atol=0.0):
                return f"that is {other}'s average, not the largest one. " + general
        return general

    def read_name(value: object) -> str:
        found = _activation_name(value)
        if found not in ACTIVATIONS:
            raise AnswerError(f"give a registry name as a string, e.g. 'relu' "
                              f"(npdl.ACTIVATIONS lists them); you gave "
                              f"{_short(value, 60)}")  # fmt: skip
        return found

    given = {"best": best, "mean": mean_gradient}
    cases = [
        Case("which activation passes the most gradient", ("best",),
             Expect("the name with the largest average |f'(z)|",
                    lambda got: got in twins,
                    failure="another activation passes more", shape=None),
             name_hint, show=f"you gave best = {_short(best, 60)}", convert=read_name),
        Case("its average gradient size", ("mean",), np.asarray(sizes[top]),
             value_hint(), rtol=5e-2, atol=0.0, scalar_ok=True,
             show=f"you gave mean_gradient = {_short(mean_gradient, 60)}"),
    ]  # fmt: skip
    return _check("check_negative_drift", given.__getitem__, cases, ("part",),
                  function=False, attempted=not is_placeholder(best, mean_gradient))  # fmt: skip
