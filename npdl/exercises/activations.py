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
    elu_derivative,
    gelu,
    gelu_derivative,
    leaky_relu,
    log_softmax,
    mish,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    softmax_derivative,
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
    _refuse,
    _short,
    checker,
    code_facts,
    exercise_rng,
    is_library_function,
    is_placeholder,
    real_number,
)

__all__ = [
    "OUTPUT_TASKS",
    "check_elu",
    "check_elu_derivative_from_output",
    "check_fraction_saturated",
    "check_gelu",
    "check_gelu_gap",
    "check_leaky_relu",
    "check_log_softmax",
    "check_mish",
    "check_non_monotonic",
    "check_output_activations",
    "check_prelu_alpha_gradient",
    "check_relu",
    "check_relu_derivative",
    "check_saturated_at",
    "check_sigmoid",
    "check_sigmoid_derivative_from_output",
    "check_softmax",
    "check_softmax_jacobian",
    "check_softplus",
    "check_softplus_derivative",
    "check_swish_minimum",
    "check_tanh_derivative_from_output",
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


@checker
def check_sigmoid_derivative_from_output(fn: Callable) -> CheckResult:
    """Check ``sigmoid_derivative_from_output(a)``: the sigmoid's derivative
    written in terms of its output ``a = sigmoid(z)``, i.e. ``a * (1 - a)``.

    Parameters
    ----------
    fn : callable
        Your ``sigmoid_derivative_from_output(a)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_sigmoid_derivative_from_output(lambda a: a * (1 - a))
    check_sigmoid_derivative_from_output: all 3 cases pass. Well done!
    ...
    """
    z = np.array([-4.0, -1.0, 0.0, 0.5, 3.0])
    batch = np.array([[-2.0, 0.0], [1.0, 6.0]])
    cases = [
        Case("outputs of sigmoid at a few points", (sigmoid(z),), sigmoid_derivative(z),
             "the argument is already the output a = sigmoid(z): do not apply sigmoid "
             "again; sigma'(z) = sigma(z) (1 - sigma(z)) = a (1 - a)",
             show=f"a = sigmoid(z) for z = {z.tolist()}"),
        Case("at z = 0 the slope is 1/4", (sigmoid(np.array([0.0])),), np.array([0.25]),
             "a = 0.5 at z = 0, and the slope there is 0.5 * (1 - 0.5)",
             show="a = [0.5]"),
        Case("a 2-D batch keeps its shape", (sigmoid(batch),), sigmoid_derivative(batch),
             "work elementwise with NumPy", show=f"a = sigmoid(z) for z = {batch.tolist()}"),
    ]  # fmt: skip
    return _check("check_sigmoid_derivative_from_output", fn, cases, ("a",))


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


@checker
def check_tanh_from_sigmoid(fn: Callable) -> CheckResult:
    """Check ``tanh_from_sigmoid(z)``: tanh computed from the sigmoid alone,
    ``2 * sigmoid(2 z) - 1``.

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
    >>> ok = check_tanh_from_sigmoid(lambda z: 2 * sigmoid(2 * np.asarray(z)) - 1)
    check_tanh_from_sigmoid: all 4 cases pass. Well done!
    ...
    """
    z = np.array([-3.0, -0.5, 0.0, 0.25, 2.0])
    batch = np.array([[-1.0, 1.0], [4.0, -4.0]])
    far = np.array([-30.0, 30.0])
    cases = [
        Case("a few points", (z,), tanh(z),
             "stretch the input by 2, the output by 2, then move it down by 1: "
             "2 sigmoid(2z) - 1"),
        Case("a 2-D batch keeps its shape", (batch,), tanh(batch), "work elementwise"),
        Case("far from zero: -1 and 1", (far,), tanh(far),
             "tanh tends to -1 and 1, as 2 sigmoid(2z) - 1 does when sigmoid tends to 0 "
             "and 1"),
        Case("built from the sigmoid, without tanh", (),
             Expect("a function that does not use tanh", lambda got: got == "",
                    failure="the exercise is to build tanh from the sigmoid, and this "
                            "function uses tanh itself", shape=None),
             "write it with npdl.sigmoid (or your own sigmoid) only: "
             "2 * sigmoid(2 * z) - 1", show="the function's code",
             call=_tanh_in, needs_answer=False),
    ]  # fmt: skip
    return _check("check_tanh_from_sigmoid", fn, cases, ("z",))


@checker
def check_tanh_derivative_from_output(fn: Callable) -> CheckResult:
    """Check ``tanh_derivative_from_output(a)``: tanh's derivative written in
    terms of its output ``a = tanh(z)``, i.e. ``1 - a**2``.

    Parameters
    ----------
    fn : callable
        Your ``tanh_derivative_from_output(a)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_tanh_derivative_from_output(lambda a: 1 - a**2)
    check_tanh_derivative_from_output: all 3 cases pass. Well done!
    ...
    """
    z = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
    batch = np.array([[-1.0, 0.2], [0.7, 2.5]])
    cases = [
        Case("outputs of tanh at a few points", (tanh(z),), tanh_derivative(z),
             "the argument is already the output a = tanh(z); tanh'(z) = 1 - tanh(z)**2",
             show=f"a = tanh(z) for z = {z.tolist()}"),
        Case("at z = 0 the slope is 1", (np.array([0.0]),), np.array([1.0]),
             "a = 0 at z = 0, and the slope there is 1 - 0**2", show="a = [0.0]"),
        Case("a 2-D batch keeps its shape", (tanh(batch),), tanh_derivative(batch),
             "work elementwise with NumPy", show=f"a = tanh(z) for z = {batch.tolist()}"),
    ]  # fmt: skip
    return _check("check_tanh_derivative_from_output", fn, cases, ("a",))


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


@checker
def check_relu_derivative(fn: Callable) -> CheckResult:
    """Check a learner's ``relu_derivative(z)``: 1 where z > 0, else 0 (also at 0).

    Parameters
    ----------
    fn : callable
        Your ``relu_derivative(z)``; booleans count as 0 and 1.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_relu_derivative(lambda z: (np.asarray(z) > 0).astype(float))
    check_relu_derivative: all 3 cases pass. Well done!
    ...
    """
    z = np.array([-2.0, -0.1, 0.1, 2.0])
    batch = np.array([[-1.0, 2.0], [3.0, -4.0]])
    at_zero = np.array([0.0, -0.0])
    cases = [
        Case("away from zero", (z,), relu_derivative(z),
             "the slope of max(z, 0) is 1 for z > 0 and 0 for z < 0"),
        Case("a 2-D batch keeps its shape", (batch,), relu_derivative(batch),
             "compare elementwise: (z > 0) gives booleans; turn them into floats"),
        Case("at the kink z = 0", (at_zero,), relu_derivative(at_zero),
             "ReLU has no slope at 0; the convention (PyTorch's, and this book's) is "
             "relu'(0) = 0, so use z > 0, not z >= 0"),
    ]  # fmt: skip
    return _check("check_relu_derivative", fn, cases, ("z",))


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


@checker
def check_prelu_alpha_gradient(fn: Callable) -> CheckResult:
    """Check ``prelu_alpha_gradient(Z, dA)``: the gradient of the loss with
    respect to a PReLU's shared slope, given its input `Z` and the gradient `dA`
    with respect to its output: the sum of ``dA * z`` over the entries with
    ``z <= 0``.

    Parameters
    ----------
    fn : callable
        Your ``prelu_alpha_gradient(Z, dA)``, returning one number.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_prelu_alpha_gradient(lambda Z, dA: np.sum(dA * np.minimum(Z, 0)))
    check_prelu_alpha_gradient: all 3 cases pass. Well done!
    ...
    """
    from npdl.layers import PReLU

    def answer(Z, dA):
        layer = PReLU()
        layer.forward(Z)
        layer.backward(dA)
        return np.asarray(layer.dalpha)

    rng = exercise_rng()
    Z1, dA1 = np.array([[-2.0, 3.0, -0.5]]), np.array([[1.0, 1.0, 2.0]])
    Z2, dA2 = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    Z3 = np.abs(rng.normal(size=(3, 2)))
    dA3 = rng.normal(size=(3, 2))
    cases = [
        Case("one sample, worked by hand", (Z1, dA1), answer(Z1, dA1),
             "only the entries with z <= 0 depend on alpha (there the output is "
             "alpha * z, so d output / d alpha = z); multiply by dA and add up"),
        Case("a batch: one number for the shared slope", (Z2, dA2), answer(Z2, dA2),
             "alpha is shared by every entry, so its gradient is the sum over all of "
             "them (not the mean)"),
        Case("all inputs positive: alpha has no effect", (Z3, dA3), answer(Z3, dA3),
             "where z > 0 the output is z, which does not depend on alpha"),
    ]  # fmt: skip
    return _check("check_prelu_alpha_gradient", fn, cases, ("Z", "dA"))


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


@checker
def check_elu_derivative_from_output(fn: Callable) -> CheckResult:
    """Check ``elu_derivative_from_output(a, alpha)``: ELU's derivative written
    with its output ``a = elu(z)``: 1 where ``a > 0``, ``a + alpha`` elsewhere.

    Parameters
    ----------
    fn : callable
        Your ``elu_derivative_from_output(a, alpha)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_elu_derivative_from_output(lambda a, alpha: np.where(a > 0, 1.0, a + alpha))
    check_elu_derivative_from_output: all 3 cases pass. Well done!
    ...
    """
    z = np.array([-3.0, -1.0, -0.2, 0.3, 2.0])
    cases = [
        Case("alpha = 1", (elu(z, 1.0), 1.0), elu_derivative(z, 1.0),
             "for z <= 0, a = alpha (e^z - 1), so alpha e^z = a + alpha",
             show=f"a = elu(z, 1.0) for z = {z.tolist()}, alpha = 1.0"),
        Case("alpha = 0.5", (elu(z, 0.5), 0.5), elu_derivative(z, 0.5),
             "the derivative on the negative side is alpha e^z, not e^z",
             show=f"a = elu(z, 0.5) for z = {z.tolist()}, alpha = 0.5"),
        Case("positive outputs have slope 1", (np.array([0.1, 7.0]), 2.0), np.ones(2),
             "where a > 0 (that is z > 0) ELU is the identity", show="a = [0.1, 7.0], alpha = 2.0"),
    ]  # fmt: skip
    return _check("check_elu_derivative_from_output", fn, cases, ("a", "alpha"))


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
    cases = [
        Case("the size of the largest difference", ("gap",), np.asarray(size),
             "evaluate np.abs(npdl.gelu(z, approximate=True) - npdl.gelu(z)) on a fine "
             "grid (say 10**6 points over [-10, 10]) and take the maximum (4 significant "
             "digits are enough)", show=f"you gave gap = {_short(gap, 60)}",
             scalar_ok=True, **BY_HAND),
        Case("where it happens (either sign)", ("where",), np.asarray(where),
             "np.argmax of the absolute difference gives the index of the largest one; "
             "the input is z at that index. Compare absolute values: the sign of the "
             "difference changes (3 decimals are enough)", rtol=1e-3, atol=1e-3,
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


def _swish_minimum() -> tuple[float, float]:
    from scipy.optimize import minimize_scalar

    best = minimize_scalar(lambda t: float(swish(t)), bounds=(-5.0, 0.0), method="bounded",
                           options={"xatol": 1e-12})  # fmt: skip
    return float(best.x), float(best.fun)


@checker
def check_swish_minimum(z_min: float, value: float) -> CheckResult:
    """Check the input ``z_min`` at which Swish (beta = 1, i.e. SiLU) is
    smallest, and its ``value`` there, each to 4 significant digits.

    Parameters
    ----------
    z_min : float
        Where the minimum is.
    value : float
        The minimum value.

    Returns
    -------
    CheckResult
        True when both are right; the report is printed.

    Examples
    --------
    >>> ok = check_swish_minimum(*_swish_minimum())
    check_swish_minimum: all 2 cases pass. Well done!
    ...
    """
    where, lowest = _swish_minimum()
    given = {"where": z_min, "value": value}
    cases = [
        Case("where the minimum is", ("where",), np.asarray(where),
             "minimise npdl.swish over negative z: scipy.optimize.minimize_scalar, or "
             "np.argmin on a fine grid (10**6 points over [-5, 0]); 4 significant "
             "digits are enough", show=f"you gave z_min = {_short(z_min, 60)}",
             scalar_ok=True, **BY_HAND),
        Case("the minimum value", ("value",), np.asarray(lowest),
             "the value is swish(z_min), a negative number; mish has its own, different "
             "minimum (4 significant digits are enough)",
             show=f"you gave value = {_short(value, 60)}", scalar_ok=True, **BY_HAND),
    ]  # fmt: skip
    return _check("check_swish_minimum", given.__getitem__, cases, ("part",),
                  function=False, attempted=not is_placeholder(z_min, value))  # fmt: skip


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


@checker
def check_softplus_derivative(fn: Callable) -> CheckResult:
    """Check ``my_softplus_derivative(z)``: the derivative of softplus, which is
    the sigmoid, for every finite ``z``.

    The extreme inputs are compared as in :func:`check_sigmoid`.

    Parameters
    ----------
    fn : callable
        Your ``my_softplus_derivative(z)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_softplus_derivative(lambda z: sigmoid(z))
    check_softplus_derivative: all 3 cases pass. Well done!
    ...
    """
    z = np.array([-4.0, -1.0, 0.0, 1.0, 4.0])
    extreme = np.array([-1000.0, -740.0, -710.0, -40.0, 1000.0])
    batch = np.array([[0.5, -0.5], [2.0, -2.0]])
    cases = [
        Case("ordinary inputs", (z,), sigmoid(z),
             "d/dz log(1 + e^z) = e^z / (1 + e^z): which activation is that?"),
        Case("a 2-D batch keeps its shape", (batch,), sigmoid(batch), "work elementwise"),
        Case("extreme inputs", (extreme,), sigmoid(extreme),
             "e^z / (1 + e^z) is inf / inf = nan at z = 1000, 1 / (1 + e^(-z)) is 0 at "
             "z = -740, where the true value is about 4.2e-322, and 0.5 * (1 + "
             "np.tanh(z / 2)) is 0 at z = -40 instead of 4.2e-18; use a sigmoid that "
             "only takes exp of non-positive numbers", rtol=1e-6, atol=TINY,
             strict_atol=_SUBNORMAL),
    ]  # fmt: skip
    return _check("check_softplus_derivative", fn, cases, ("z",))


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


@checker
def check_log_softmax(fn: Callable) -> CheckResult:
    """Check ``my_log_softmax(z)``: the logarithm of the softmax of each row,
    exact even for extreme logits.

    Parameters
    ----------
    fn : callable
        Your ``my_log_softmax(z)``, for one vector of logits or a batch of rows.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def ok_log_softmax(z):
    ...     shifted = z - z.max(axis=-1, keepdims=True)
    ...     return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    >>> ok = check_log_softmax(ok_log_softmax)
    check_log_softmax: all 5 cases pass. Well done!
    ...
    """
    vector = np.array([1.0, 2.0, 3.0])
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [5.0, -5.0, 0.5]])
    big = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    apart = np.array([[1000.0, 1001.0], [-1000.0, -999.0]])
    tall = np.arange(12.0).reshape(4, 3) / 3
    cases = [
        Case("one vector of logits", (vector,), log_softmax(vector),
             "log softmax(z)_i = z_i - log(sum_j exp(z_j))"),
        Case("a batch: each row separately", (batch,), log_softmax(batch),
             "sum along the last axis with keepdims=True, one sum per row"),
        Case("a batch with more rows than columns", (tall,), log_softmax(tall),
             "the classes are the last axis"),
        Case("extreme logits", (big,), log_softmax(big),
             "log(softmax(z)) is log(0) = -inf where softmax underflows, and exp(1000) "
             "overflows: subtract each row's maximum m first; then log softmax(z) = "
             "(z - m) - log(sum(exp(z - m)))"),
        Case("rows far apart: each row has its own maximum", (apart,), log_softmax(apart),
             _ROW_MAXIMUM_HINT + ", and log(0) = -inf"),
    ]  # fmt: skip
    return _check("check_log_softmax", fn, cases, ("z",))


@checker
def check_softmax_jacobian(fn: Callable) -> CheckResult:
    """Check ``softmax_jacobian(s)``: the Jacobian ``d s_i / d z_j`` of the
    softmax, given its output vector ``s``: ``diag(s) - outer(s, s)``.

    Parameters
    ----------
    fn : callable
        Your ``softmax_jacobian(s)``, for one probability vector ``s``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_softmax_jacobian(lambda s: np.diag(s) - np.outer(s, s))
    check_softmax_jacobian: all 3 cases pass. Well done!
    ...
    """
    z2, z3, z5 = np.array([0.0, 1.0]), np.array([1.0, 2.0, 3.0]), np.array([0.5, -1, 2, 0, 1])
    cases = [
        Case(f"{len(z)} classes", (softmax(z),), softmax_derivative(z),
             "differentiate s_i = e^(z_i) / sum_k e^(z_k) with respect to z_j, once for "
             "j = i and once for j != i; the two results give the diagonal and the rest "
             "of the matrix, both built from s alone (no loop needed)",
             show=f"s = softmax({z.tolist()})")
        for z in (z2, z3, z5)
    ]  # fmt: skip
    return _check("check_softmax_jacobian", fn, cases, ("s",))


# --------------------------------------------------------------------------
# choosing an activation
# --------------------------------------------------------------------------

_OUTPUT_TASKS = {
    "binary classification, one output unit": frozenset({"sigmoid"}),
    "multi-class classification, one unit per class": frozenset({"softmax", "log_softmax"}),
    "regression to any real number": frozenset({"linear"}),
    "a positive quantity, such as a standard deviation": frozenset({"softplus"}),
    "a value between -1 and 1": frozenset({"tanh"}),
}

#: Output tasks of the "choosing an activation" exercise and the registry
#: names that are right for each.
OUTPUT_TASKS = {task: set(names) for task, names in _OUTPUT_TASKS.items()}


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


@checker
def check_output_activations(choices: object) -> CheckResult:
    """Check a dict mapping each task in :data:`OUTPUT_TASKS` to the name of the
    output activation you would use.

    Parameters
    ----------
    choices : dict
        ``{task: name}`` for every task in :data:`OUTPUT_TASKS`; a name is a
        registry name such as ``"sigmoid"`` (npdl's function itself counts too).

    Returns
    -------
    CheckResult
        True when every task has a right activation; the report is printed.

    Examples
    --------
    >>> ok = check_output_activations({task: sorted(names)[0]
    ...                                for task, names in OUTPUT_TASKS.items()})
    check_output_activations: all 5 cases pass. Well done!
    ...
    """
    hints = {
        "binary classification, one output unit":
            "one probability in (0, 1) for the positive class",
        "multi-class classification, one unit per class":
            "probabilities that sum to 1 over the classes (or their logarithms, which "
            "the loss prefers)",
        "regression to any real number":
            "any activation with a bounded or one-sided range would make some targets "
            "impossible to output",
        "a positive quantity, such as a standard deviation":
            "the output must be > 0, smooth, and must not have a zero gradient anywhere "
            "(relu is 0 for negative inputs and has no gradient there)",
        "a value between -1 and 1": "which registry function has range (-1, 1)?",
    }  # fmt: skip

    def answer(task):
        if not isinstance(choices, dict):
            raise AnswerError(
                f"you gave a {type(choices).__name__}, not a dict: map each task (the "
                "keys of OUTPUT_TASKS) to a name, e.g. {task: 'sigmoid', ...}")
        if task not in choices:
            raise AnswerError("this task is not a key of your dict (copy the keys from "
                              "OUTPUT_TASKS)")  # fmt: skip
        name = _activation_name(choices[task])
        if name is None:
            raise AnswerError(f"give a registry name as a string, e.g. 'sigmoid'; you "
                              f"gave {_short(choices[task], 60)}")  # fmt: skip
        return name

    cases = [
        Case(task, (task,),
             Expect(" or ".join(repr(n) for n in sorted(names)),
                    (lambda got, ok=names: got in ok), failure="not a good output activation",
                    shape=None),
             hints[task], show=f"task: {task}")
        for task, names in _OUTPUT_TASKS.items()
    ]  # fmt: skip
    return _check("check_output_activations", answer, cases, ("task",), function=False,
                  attempted=not is_placeholder(choices))  # fmt: skip


@checker
def check_saturated_at(names: object, z: float = -10.0, tol: float = 1e-3) -> CheckResult:
    """Check which elementwise activations have a derivative smaller than
    `tol` in size at the input `z` (by default: which ones pass almost no
    gradient for a pre-activation of -10).

    Parameters
    ----------
    names : collection of str
        The registry names you think are saturated at `z`.
    z : float, default -10.0
        The pre-activation.
    tol : float, default 1e-3
        How small the derivative's size must be.

    Returns
    -------
    CheckResult
        True when every activation is classified right; the report is printed.

    Examples
    --------
    >>> ok = check_saturated_at(["sigmoid", "tanh", "relu", "elu", "selu", "gelu",
    ...                          "swish", "silu", "mish", "softplus"])
    check_saturated_at: all 12 cases pass. Well done!
    ...
    """
    try:
        z, tol = real_number(z, "z"), real_number(tol, "tol")
    except AnswerError as exc:
        return _refuse("check_saturated_at", str(exc))
    truth = {
        n: bool(abs(float(r.derivative(np.array([z]))[0])) < tol)
        for n, r in ACTIVATIONS.items() if r.elementwise
    }  # fmt: skip
    return _check_membership(
        "check_saturated_at", names, truth, f"saturated at z = {z:g}", "not saturated",
        lambda n: f"evaluate npdl.get_activation({n!r}).derivative({z}): its size is "
        f"below {tol:g}",
        lambda n: f"evaluate npdl.get_activation({n!r}).derivative({z}): its size is "
        f"{tol:g} or more",
        known=set(ACTIVATIONS),
    )
