"""Checkers that tell a learner whether an exercise is right.

Each ``check_<topic>(fn)`` calls the learner's function on a handful of cases
and prints which pass, then, for the first case that fails, the input, the
expected and the actual value, and a hint. It never raises on a wrong answer:
an exception, a ``RuntimeWarning``, a wrong shape or a changed input is
reported like any other mistake. The expected values come from npdl itself
(or, for exercises about plain NumPy, from the one-line NumPy answer), never
from numbers typed in.

The returned :class:`CheckResult` is true when every case passes, so a test
or a later cell can use it; in a notebook it displays nothing extra.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from npdl.activations import (
    ACTIVATIONS,
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
from npdl.datasets import make_xor
from npdl.neuron import Neuron

__all__ = [
    "NEURON_EXERCISE",
    "CheckResult",
    "check_affine",
    "check_architecture",
    "check_boundary_point",
    "check_collapse",
    "check_count_params",
    "check_count_regions",
    "check_distance_to_boundary",
    "check_elu",
    "check_elu_derivative_from_output",
    "check_forward_pass",
    "check_fraction_saturated",
    "check_gelu",
    "check_gelu_gap",
    "check_layer_shapes",
    "check_leaky_relu",
    "check_log_softmax",
    "check_logic_gate",
    "check_mish",
    "check_neuron_by_hand",
    "check_non_monotonic",
    "check_output_activations",
    "check_prelu_alpha_gradient",
    "check_rank_bound",
    "check_relu",
    "check_relu_derivative",
    "check_saturated_at",
    "check_sigmoid",
    "check_sigmoid_derivative_from_output",
    "check_single_neuron_gates",
    "check_softmax",
    "check_softmax_jacobian",
    "check_softplus",
    "check_softplus_derivative",
    "check_standardize",
    "check_swish_minimum",
    "check_tanh_derivative_from_output",
    "check_tanh_from_sigmoid",
    "check_threshold",
    "check_xor_network",
]


@dataclass
class Expect:
    """An expected result given by a condition, not by one value."""

    description: str
    holds: Callable[[object], bool]
    failure: str = "the value does not meet the condition"
    shape: tuple | None = ()  # None: the answer is not a number (e.g. a name)


@dataclass
class Case:
    """One input for the learner's function and what it must return."""

    label: str
    args: tuple
    expected: np.ndarray | Expect
    hint: str
    rtol: float = 1e-7
    atol: float = 1e-12
    show: str | None = None  # how to describe the input, instead of the args


@dataclass
class CheckResult:
    """What a checker found. True when every case passed."""

    name: str
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    report: str = ""

    def __bool__(self) -> bool:
        return not self.failed and bool(self.passed)

    @property
    def n_cases(self) -> int:
        return len(self.passed) + len(self.failed)

    def _ipython_display_(self) -> None:
        """Show nothing more in a notebook: the report is already printed."""


def _fmt(value: object, prefix: str) -> str:
    """`prefix` followed by `value`, continuation lines aligned under it."""
    if isinstance(value, Expect):
        return prefix + value.description
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=20):
            return prefix + np.array2string(value, separator=", ", prefix=prefix)
    return prefix + repr(value)


def _wrap(label: str, text: str) -> str:
    """`label` then `text`, wrapped at 78 columns and indented under itself."""
    return textwrap.fill(
        text, width=78, initial_indent=label, subsequent_indent=" " * len(label),
        break_on_hyphens=False,
    )


def _describe_args(args: tuple, names: tuple[str, ...]) -> str:
    return "\n".join(_fmt(a, f"  {n} = ") for n, a in zip(names, args, strict=True))


def _problem(fn: Callable, case: Case) -> tuple[str | None, object]:
    """Run one case; return (what is wrong or None, what came back)."""
    args = tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in case.args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            got = fn(*args)
        except Exception as exc:  # a learner's bug is a result to report
            return f"raised {type(exc).__name__}: {exc}", None
    for a, original in zip(args, case.args, strict=True):
        if isinstance(a, np.ndarray) and not np.array_equal(a, original, equal_nan=True):
            return "changed its input array in place (make a new array instead)", got
    if got is None or got is Ellipsis:
        return "returned None: the starter placeholder is still there", got
    if isinstance(case.expected, Expect) and case.expected.shape is None:
        return (None if case.expected.holds(got) else case.expected.failure), got
    try:
        arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"returned {type(got).__name__} {got!r}, not an array of numbers", got
    expected = case.expected
    if arr.shape != expected.shape:
        return f"returned shape {arr.shape}; expected shape {expected.shape}", arr
    if isinstance(expected, Expect):
        if not expected.holds(arr):
            return expected.failure, got
    elif not np.allclose(arr, expected, rtol=case.rtol, atol=case.atol, equal_nan=False):
        return "returned different values", arr
    runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if runtime:
        return f"the values are right, but NumPy warned: {runtime[0].message}", arr
    return None, arr


def _check(name: str, fn: Callable, cases: list[Case], arg_names: tuple[str, ...]) -> CheckResult:
    result = CheckResult(name)
    if not callable(fn):
        result.failed.append("(not a function)")
        result.report = f"{name}: expected a function, got {type(fn).__name__} {fn!r}"
        print(result.report)
        return result
    lines, first = [], None
    for case in cases:
        problem, got = _problem(fn, case)
        if problem is None:
            result.passed.append(case.label)
            lines.append(f"  ✓ {case.label}")
        else:
            result.failed.append(case.label)
            lines.append(f"  ✗ {case.label}")
            if first is None:
                first = (case, problem, got)
    head = (
        f"{name}: all {len(cases)} cases pass. Well done!"
        if first is None
        else f"{name}: {len(result.passed)} of {len(cases)} cases pass"
    )
    out = [head, *lines]
    if first is not None:
        case, problem, got = first
        out += [
            f"\nFirst failing case: {case.label}",
            f"  {case.show}" if case.show is not None else _describe_args(case.args, arg_names),
            _fmt(case.expected, "  expected: "),
            _fmt(got, "  got:      ") if got is not None else "  got:      (nothing)",
            _wrap("  problem:  ", problem),
            _wrap("  hint:     ", case.hint),
        ]
    result.report = "\n".join(out)
    print(result.report)
    return result


# --------------------------------------------------------------------------
# activations
# --------------------------------------------------------------------------


def check_sigmoid(fn: Callable) -> CheckResult:
    """Check a learner's ``sigmoid(z)`` against :func:`~npdl.activations.sigmoid`.

    Cases: ordinary inputs, a 2-D batch, and extreme inputs that make the
    textbook ``1 / (1 + np.exp(-z))`` overflow.

    Examples
    --------
    >>> ok = check_sigmoid(lambda z: 0.5 * (1 + np.tanh(np.asarray(z) / 2)))
    check_sigmoid: all 5 cases pass. Well done!
    ...
    """
    small = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    batch = np.array([[-3.0, 0.5], [4.0, -0.25]])
    cases = [
        Case("ordinary inputs", (small,), sigmoid(small),
             "sigmoid(z) = 1 / (1 + e^(-z)); sigmoid(0) must be 0.5"),
        Case("a 2-D batch keeps its shape", (batch,), sigmoid(batch),
             "apply the formula elementwise with NumPy; no loops, no reshaping"),
        Case("large positive input", (np.array([40.0, 1000.0]),), sigmoid(np.array([40.0, 1000.0])),
             "for large z the result must approach 1"),
        Case("large negative input", (np.array([-1000.0, -40.0]),),
             sigmoid(np.array([-1000.0, -40.0])),
             "np.exp(1000) overflows to inf. Only take exp of non-positive numbers: "
             "for z < 0 use e^z / (1 + e^z), for z >= 0 use 1 / (1 + e^(-z)) "
             "(np.where, or e = np.exp(-np.abs(z)))"),
        Case("mixed extremes", (np.array([-745.0, -1.0, 0.0, 1.0, 745.0]),),
             sigmoid(np.array([-745.0, -1.0, 0.0, 1.0, 745.0])),
             "both tails at once: compute e = np.exp(-np.abs(z)), then choose the "
             "formula by the sign of z"),
    ]  # fmt: skip
    return _check("check_sigmoid", fn, cases, ("z",))


def check_relu(fn: Callable) -> CheckResult:
    """Check a learner's ``relu(z)`` against :func:`~npdl.activations.relu`.

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


def check_relu_derivative(fn: Callable) -> CheckResult:
    """Check a learner's ``relu_derivative(z)``: 1 where z > 0, else 0 (also at 0).

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


def check_softmax(fn: Callable) -> CheckResult:
    """Check a learner's ``softmax(z)``, normalising each row of a batch.

    Examples
    --------
    >>> ok = check_softmax(lambda z: softmax(z))
    check_softmax: all 5 cases pass. Well done!
    ...
    """
    vector = np.array([1.0, 2.0, 3.0])
    batch = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0], [-2.0, 0.0, 5.0]])
    big = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
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
        Case("equal logits give equal probabilities", (np.zeros((2, 4)),),
             softmax(np.zeros((2, 4))), "with all logits equal every class gets 1/n"),
    ]  # fmt: skip
    return _check("check_softmax", fn, cases, ("z",))


# --------------------------------------------------------------------------
# NumPy for neural networks
# --------------------------------------------------------------------------


def _exercise_rng() -> np.random.Generator:
    return np.random.default_rng(2718)


def check_standardize(fn: Callable) -> CheckResult:
    """Check ``standardize(X)``: every column (feature) to mean 0, std 1.

    The answer is ``(X - X.mean(axis=0)) / X.std(axis=0)``: broadcasting a
    row of means and a row of standard deviations over all samples.

    Examples
    --------
    >>> ok = check_standardize(lambda X: (X - X.mean(axis=0)) / X.std(axis=0))
    check_standardize: all 3 cases pass. Well done!
    ...
    """
    rng = _exercise_rng()
    wide = rng.normal([5.0, -3.0, 100.0], [2.0, 0.5, 30.0], size=(6, 3))
    tall = rng.normal(10.0, 4.0, size=(9, 2))
    square = rng.normal(0.0, [1.0, 5.0, 10.0], size=(3, 3))

    def answer(X):
        return (X - X.mean(axis=0)) / X.std(axis=0)

    cases = [
        Case("6 samples, 3 features", (wide,), answer(wide),
             "statistics per feature means per column: X.mean(axis=0), X.std(axis=0)"),
        Case("9 samples, 2 features", (tall,), answer(tall),
             "a mean of shape (n_features,) broadcasts against X of shape "
             "(n_samples, n_features)"),
        Case("a square batch (rows and columns easy to mix up)", (square,), answer(square),
             "axis=0 runs down the samples; axis=1 would standardise each sample instead"),
    ]  # fmt: skip
    return _check("check_standardize", fn, cases, ("X",))


def check_affine(fn: Callable) -> CheckResult:
    """Check ``affine(X, W, b)``: the pre-activations ``X @ W + b`` of a layer.

    ``X`` is ``(n_samples, n_inputs)`` (or one sample, ``(n_inputs,)``), ``W``
    is ``(n_inputs, n_outputs)``, ``b`` is ``(n_outputs,)``.

    Examples
    --------
    >>> ok = check_affine(lambda X, W, b: X @ W + b)
    check_affine: all 3 cases pass. Well done!
    ...
    """
    rng = _exercise_rng()
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


# --------------------------------------------------------------------------
# the artificial neuron
# --------------------------------------------------------------------------

#: The numbers of the "compute a neuron by hand" exercise; the chapter prints
#: them from here, so text and checker cannot disagree.
NEURON_EXERCISE = {
    "x": np.array([1.0, -2.0, 0.5]),
    "w": np.array([0.4, 0.3, -1.2]),
    "b": 0.1,
    "activation": "sigmoid",
}


def _exercise_neuron() -> Neuron:
    neuron = Neuron(3, activation=NEURON_EXERCISE["activation"])
    neuron.weights = NEURON_EXERCISE["w"]
    neuron.bias = NEURON_EXERCISE["b"]
    return neuron


def check_neuron_by_hand(z: float, a: float) -> CheckResult:
    """Check a neuron's pre-activation `z` and output `a`, worked out by hand for
    the inputs, weights, bias and activation in :data:`NEURON_EXERCISE`.

    Examples
    --------
    >>> ex = NEURON_EXERCISE
    >>> z = float(ex["x"] @ ex["w"] + ex["b"])
    >>> ok = check_neuron_by_hand(z, float(1 / (1 + np.exp(-z))))
    check_neuron_by_hand: all 2 cases pass. Well done!
    ...
    """
    neuron = _exercise_neuron()
    x = NEURON_EXERCISE["x"]
    given = {"z": z, "a": a}
    ex = NEURON_EXERCISE
    show = (f"x = {x.tolist()}, w = {ex['w'].tolist()}, b = {ex['b']}, "
            f"activation = {ex['activation']}")  # fmt: skip
    cases = [
        Case("the pre-activation z", ("z",), np.asarray(neuron.pre_activation(x)),
             "z = w1*x1 + w2*x2 + w3*x3 + b: multiply pairwise, add up, then add the "
             "bias", rtol=1e-6, atol=1e-9, show=show),
        Case("the output a", ("a",), np.asarray(neuron.forward(x)),
             "a = sigmoid(z) = 1 / (1 + exp(-z)), applied to the z above", rtol=1e-6,
             atol=1e-9, show=show),
    ]  # fmt: skip
    return _check("check_neuron_by_hand", lambda part: given[part], cases, ("part",))


#: Truth tables on the corners (0,0), (0,1), (1,0), (1,1).
GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
    "xnor": [1, 0, 0, 1],
}


def check_logic_gate(weights: object, bias: object, gate: str = "and") -> CheckResult:
    """Check that a sigmoid neuron with these `weights` and `bias` computes a
    logic gate: output above 0.5 exactly on the corners where the gate is true.

    Parameters
    ----------
    weights : two numbers
    bias : number
    gate : {"and", "or", "nand", "nor", "xor", "xnor"}

    Examples
    --------
    >>> ok = check_logic_gate([1.0, 1.0], -1.5, gate="and")
    check_logic_gate('and'): all 4 cases pass. Well done!
    ...
    """
    if gate not in GATES:
        raise ValueError(f"unknown gate {gate!r}; choose from {sorted(GATES)}")
    corners, _ = make_xor()

    def output(corner):
        if weights is None or bias is None:
            return None
        neuron = Neuron(2, activation="sigmoid")
        neuron.weights = weights
        neuron.bias = bias
        return neuron.forward(corner)

    cases = []
    for corner, truth in zip(corners, GATES[gate], strict=True):
        x1, x2 = (int(c) for c in corner)
        want = "above" if truth else "below"
        sign = "positive" if truth else "negative"
        cases.append(Case(
            f"({x1}, {x2}) -> {truth}", (corner,),
            Expect(f"an output {want} 0.5 (the gate says {truth})",
                   (lambda a: a > 0.5) if truth else (lambda a: a < 0.5),
                   failure="the output is on the wrong side of 0.5"),
            f"at (x1, x2) = ({x1}, {x2}) the weighted sum w1*{x1} + w2*{x2} + b must be "
            f"{sign}: write down this inequality for all four corners and pick numbers "
            f"that satisfy them all",
            show=f"x = ({x1}, {x2}), weights = {weights!r}, bias = {bias!r}",
        ))  # fmt: skip
    return _check(f"check_logic_gate({gate!r})", output, cases, ("x",))


def _boundary_cases(answer: Callable, hint: str) -> list[Case]:
    """(w, b) pairs for the decision-boundary exercises, with `answer`'s values."""
    pairs = [
        ("w = (2, -1), b = 0.5", [2.0, -1.0], 0.5),
        ("w = (0, 3), b = -6: a horizontal line", [0.0, 3.0], -6.0),
        ("w = (3, 4), b = 10", [3.0, 4.0], 10.0),
        ("b = 0: the line goes through the origin", [1.0, 1.0], 0.0),
        ("three inputs: w = (1, 2, 2), b = -9", [1.0, 2.0, 2.0], -9.0),
    ]
    return [Case(label, (np.array(w), b), np.asarray(answer(np.array(w), b)), hint)
            for label, w, b in pairs]  # fmt: skip


def check_boundary_point(fn: Callable) -> CheckResult:
    """Check ``boundary_point(w, b)``: the point of the decision boundary
    ``w . x + b = 0`` nearest the origin, ``-b w / |w|**2``.

    Examples
    --------
    >>> ok = check_boundary_point(lambda w, b: -b * w / np.dot(w, w))
    check_boundary_point: all 5 cases pass. Well done!
    ...
    """
    cases = _boundary_cases(
        lambda w, b: -b * w / np.dot(w, w),
        "the nearest point lies along w (the line's normal): x = t * w. Put it into "
        "np.dot(w, x) + b = 0 and solve for t; mind the sign, and np.dot(w, w) is the "
        "squared length of w",
    )
    return _check("check_boundary_point", fn, cases, ("w", "b"))


def check_distance_to_boundary(fn: Callable) -> CheckResult:
    """Check ``distance_to_boundary(w, b)``: how far the decision boundary
    ``w . x + b = 0`` is from the origin, ``|b| / |w|``.

    Examples
    --------
    >>> ok = check_distance_to_boundary(lambda w, b: abs(b) / np.linalg.norm(w))
    check_distance_to_boundary: all 5 cases pass. Well done!
    ...
    """
    cases = _boundary_cases(
        lambda w, b: abs(b) / np.linalg.norm(w),
        "a distance is never negative: |b| divided by the length of w, "
        "np.linalg.norm(w) (not its square, not the sum of its entries)",
    )
    return _check("check_distance_to_boundary", fn, cases, ("w", "b"))


def check_threshold(fn: Callable) -> CheckResult:
    """Check ``threshold(w, b)``: the input ``x`` at which a one-input sigmoid
    neuron ``sigmoid(w x + b)`` outputs exactly 0.5, i.e. ``-b / w``.

    Examples
    --------
    >>> ok = check_threshold(lambda w, b: -b / w)
    check_threshold: all 4 cases pass. Well done!
    ...
    """
    pairs = [(2.0, 1.0), (-1.0, 3.0), (0.5, 0.0), (4.0, -2.0)]
    cases = [
        Case(f"w = {w:g}, b = {b:g}", (w, b), np.asarray(-b / w),
             "sigmoid(z) = 0.5 exactly when z = 0: solve w x + b = 0 for x")
        for w, b in pairs
    ]  # fmt: skip
    return _check("check_threshold", fn, cases, ("w", "b"))


# --------------------------------------------------------------------------
# activation functions
# --------------------------------------------------------------------------


def _is_monotonic(name: str) -> bool:
    """Does the registry's activation never change direction on [-10, 10]?"""
    z = np.linspace(-10.0, 10.0, 20_001)
    steps = np.diff(ACTIVATIONS[name].function(z))
    return bool(np.all(steps >= 0) or np.all(steps <= 0))


def _check_membership(
    checker: str, names: object, truth: dict[str, bool], yes: str, no: str,
    hint_yes: Callable[[str], str], hint_no: Callable[[str], str],
) -> CheckResult:
    """One case per name: is it in the learner's collection exactly when
    `truth[name]` says so?"""
    chosen = None if names is None else {str(n) for n in names}
    cases = [
        Case(f"{name} is {yes if fact else no}", (name,),
             Expect(f"listed ({yes})" if fact else f"not listed ({no})",
                    (lambda got, f=fact: bool(got) == f), failure="misclassified"),
             hint_yes(name) if fact else hint_no(name),
             show=f"you listed {sorted(chosen) if chosen is not None else None}")
        for name, fact in truth.items()
    ]  # fmt: skip

    def listed(name):
        return None if chosen is None else name in chosen

    return _check(checker, listed, cases, ("name",))


def check_non_monotonic(names: object) -> CheckResult:
    """Check which elementwise activations of the registry are **not**
    monotonic (they go down and then up, or the reverse).

    Parameters
    ----------
    names : collection of str
        The registry names you think are non-monotonic.

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
    )


def check_fraction_saturated(fn: Callable) -> CheckResult:
    """Check ``fraction_saturated(derivative, z, tol)``: the fraction of the
    inputs `z` at which the size of the derivative is below `tol`.

    Examples
    --------
    >>> ok = check_fraction_saturated(lambda d, z, tol: np.mean(np.abs(d(z)) < tol))
    check_fraction_saturated: all 4 cases pass. Well done!
    ...
    """
    z = np.linspace(-10.0, 10.0, 2001)
    tails = _exercise_rng().normal(0.0, 4.0, 5000)

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


def check_sigmoid_derivative_from_output(fn: Callable) -> CheckResult:
    """Check ``sigmoid_derivative_from_output(a)``: the sigmoid's derivative
    written in terms of its output ``a = sigmoid(z)``, i.e. ``a * (1 - a)``.

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


def check_tanh_from_sigmoid(fn: Callable) -> CheckResult:
    """Check ``tanh_from_sigmoid(z)``: tanh computed from the sigmoid alone,
    ``2 * sigmoid(2 z) - 1``.

    Examples
    --------
    >>> ok = check_tanh_from_sigmoid(lambda z: 2 * sigmoid(2 * np.asarray(z)) - 1)
    check_tanh_from_sigmoid: all 3 cases pass. Well done!
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
    ]  # fmt: skip
    return _check("check_tanh_from_sigmoid", fn, cases, ("z",))


def check_tanh_derivative_from_output(fn: Callable) -> CheckResult:
    """Check ``tanh_derivative_from_output(a)``: tanh's derivative written in
    terms of its output ``a = tanh(z)``, i.e. ``1 - a**2``.

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


def check_leaky_relu(fn: Callable) -> CheckResult:
    """Check ``leaky_relu(z, alpha)``: ``z`` where ``z > 0``, ``alpha * z`` elsewhere,
    for any slope ``alpha`` (a PReLU can learn one above 1).

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


def check_prelu_alpha_gradient(fn: Callable) -> CheckResult:
    """Check ``prelu_alpha_gradient(Z, dA)``: the gradient of the loss with
    respect to a PReLU's shared slope, given its input `Z` and the gradient `dA`
    with respect to its output: the sum of ``dA * z`` over the entries with
    ``z <= 0``.

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

    rng = _exercise_rng()
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


def check_elu(fn: Callable) -> CheckResult:
    """Check ``elu(z, alpha)``: ``z`` for ``z > 0``, ``alpha (e^z - 1)`` otherwise,
    accurate near 0 and without overflow for large ``z``.

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


def check_elu_derivative_from_output(fn: Callable) -> CheckResult:
    """Check ``elu_derivative_from_output(a, alpha)``: ELU's derivative written
    with its output ``a = elu(z)``: 1 where ``a > 0``, ``a + alpha`` elsewhere.

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


def check_gelu(fn: Callable) -> CheckResult:
    """Check ``my_gelu(z)``: the exact GELU ``z * Phi(z)``, accurate in the left
    tail too.

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


def check_gelu_gap(z_star: float, gap: float) -> CheckResult:
    """Check the input ``z_star`` where the tanh approximation of GELU differs
    most from the exact GELU, and the size ``gap`` of that difference.

    The difference is symmetric, ``d(-z) = d(z)``, so either sign of
    ``z_star`` is right.

    Examples
    --------
    >>> ok = check_gelu_gap(*_gelu_gap())
    check_gelu_gap: all 2 cases pass. Well done!
    ...
    """
    where, size = _gelu_gap()
    given = {"gap": gap, "where": None if z_star is None else abs(float(z_star))}
    cases = [
        Case("the size of the largest difference", ("gap",), np.asarray(size),
             "evaluate np.abs(npdl.gelu(z, approximate=True) - npdl.gelu(z)) on a fine "
             "grid (say 10**6 points over [-10, 10]) and take the maximum",
             rtol=1e-4, atol=0.0, show=f"you gave gap = {gap!r}"),
        Case("where it happens (either sign)", ("where",), np.asarray(where),
             "np.argmax of the absolute difference gives the index of the largest one; "
             "the input is z at that index. Compare absolute values: the sign of the "
             "difference changes", rtol=1e-3, atol=1e-3, show=f"you gave z_star = {z_star!r}"),
    ]  # fmt: skip
    return _check("check_gelu_gap", lambda part: given[part], cases, ("part",))


def check_mish(fn: Callable) -> CheckResult:
    """Check ``my_mish(z)``: ``z * tanh(softplus(z))``, without overflow for
    large ``z``.

    Examples
    --------
    >>> ok = check_mish(lambda z: z * np.tanh(np.logaddexp(0, z)))
    check_mish: all 4 cases pass. Well done!
    ...
    """
    z = np.array([-4.0, -1.0, -0.3, 0.0, 0.6, 2.0])
    batch = np.array([[-2.0, 1.0], [0.5, -0.1]])
    big = np.array([-1000.0, 1000.0])
    cases = [
        Case("ordinary inputs", (z,), mish(z),
             "mish(z) = z * tanh(softplus(z)), softplus(z) = log(1 + e^z)"),
        Case("a 2-D batch keeps its shape", (batch,), mish(batch), "work elementwise"),
        Case("large inputs: no overflow", (big,), mish(big),
             "log(1 + exp(1000)) overflows inside exp: compute softplus as "
             "np.logaddexp(0, z), or max(z, 0) + log1p(exp(-|z|))"),
        Case("it is not swish", (np.array([-1.0, 1.0]),), mish(np.array([-1.0, 1.0])),
             "the gate is tanh(softplus(z)), not sigmoid(z)"),
    ]  # fmt: skip
    return _check("check_mish", fn, cases, ("z",))


def _swish_minimum() -> tuple[float, float]:
    from scipy.optimize import minimize_scalar

    best = minimize_scalar(lambda t: float(swish(t)), bounds=(-5.0, 0.0), method="bounded",
                           options={"xatol": 1e-12})  # fmt: skip
    return float(best.x), float(best.fun)


def check_swish_minimum(z_min: float, value: float) -> CheckResult:
    """Check the input ``z_min`` at which Swish (beta = 1, i.e. SiLU) is
    smallest, and its ``value`` there.

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
             "np.argmin on a fine grid (10**6 points over [-5, 0])", rtol=1e-5, atol=0.0,
             show=f"you gave z_min = {z_min!r}"),
        Case("the minimum value", ("value",), np.asarray(lowest),
             "the value is swish(z_min), a negative number; mish has its own, different "
             "minimum", rtol=1e-5, atol=0.0, show=f"you gave value = {value!r}"),
    ]  # fmt: skip
    return _check("check_swish_minimum", lambda part: given[part], cases, ("part",))


def check_softplus(fn: Callable) -> CheckResult:
    """Check ``my_softplus(z)``: ``log(1 + e^z)`` for every finite ``z``,
    without overflow and with full relative accuracy for very negative ``z``.

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


def check_softplus_derivative(fn: Callable) -> CheckResult:
    """Check ``my_softplus_derivative(z)``: the derivative of softplus, which is
    the sigmoid, for every finite ``z``.

    Examples
    --------
    >>> ok = check_softplus_derivative(lambda z: sigmoid(z))
    check_softplus_derivative: all 3 cases pass. Well done!
    ...
    """
    z = np.array([-4.0, -1.0, 0.0, 1.0, 4.0])
    extreme = np.array([-1000.0, 1000.0])
    batch = np.array([[0.5, -0.5], [2.0, -2.0]])
    cases = [
        Case("ordinary inputs", (z,), sigmoid(z),
             "d/dz log(1 + e^z) = e^z / (1 + e^z): which activation is that?"),
        Case("a 2-D batch keeps its shape", (batch,), sigmoid(batch), "work elementwise"),
        Case("extreme inputs", (extreme,), sigmoid(extreme),
             "e^z / (1 + e^z) is inf / inf = nan at z = 1000; use a sigmoid that only "
             "takes exp of non-positive numbers"),
    ]  # fmt: skip
    return _check("check_softplus_derivative", fn, cases, ("z",))


def check_log_softmax(fn: Callable) -> CheckResult:
    """Check ``my_log_softmax(z)``: the logarithm of the softmax of each row,
    exact even for extreme logits.

    Examples
    --------
    >>> def ok_log_softmax(z):
    ...     shifted = z - z.max(axis=-1, keepdims=True)
    ...     return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    >>> ok = check_log_softmax(ok_log_softmax)
    check_log_softmax: all 4 cases pass. Well done!
    ...
    """
    vector = np.array([1.0, 2.0, 3.0])
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [5.0, -5.0, 0.5]])
    big = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
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
    ]  # fmt: skip
    return _check("check_log_softmax", fn, cases, ("z",))


def check_softmax_jacobian(fn: Callable) -> CheckResult:
    """Check ``softmax_jacobian(s)``: the Jacobian ``d s_i / d z_j`` of the
    softmax, given its output vector ``s``: ``diag(s) - outer(s, s)``.

    Examples
    --------
    >>> ok = check_softmax_jacobian(lambda s: np.diag(s) - np.outer(s, s))
    check_softmax_jacobian: all 3 cases pass. Well done!
    ...
    """
    z2, z3, z5 = np.array([0.0, 1.0]), np.array([1.0, 2.0, 3.0]), np.array([0.5, -1, 2, 0, 1])
    cases = [
        Case(f"{len(z)} classes", (softmax(z),), softmax_derivative(z),
             "d s_i / d z_j = s_i (delta_ij - s_j): s_i (1 - s_i) on the diagonal and "
             "-s_i s_j off it; np.diag(s) - np.outer(s, s)",
             show=f"s = softmax({z.tolist()})")
        for z in (z2, z3, z5)
    ]  # fmt: skip
    return _check("check_softmax_jacobian", fn, cases, ("s",))


#: Output tasks of the "choosing an activation" exercise and the registry
#: names that are right for each.
OUTPUT_TASKS = {
    "binary classification, one output unit": {"sigmoid"},
    "multi-class classification, one unit per class": {"softmax", "log_softmax"},
    "regression to any real number": {"linear"},
    "a positive quantity, such as a standard deviation": {"softplus"},
    "a value between -1 and 1": {"tanh"},
}


def check_output_activations(choices: object) -> CheckResult:
    """Check a dict mapping each task in :data:`OUTPUT_TASKS` to the name of the
    output activation you would use.

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
    }

    def answer(task):
        if choices is None:
            return None
        return choices.get(task) if isinstance(choices, dict) else "(not a dict)"

    cases = [
        Case(task, (task,),
             Expect(" or ".join(repr(n) for n in sorted(names)),
                    (lambda got, ok=names: got in ok), failure="not a good output activation",
                    shape=None),
             hints[task], show=f"task: {task}")
        for task, names in OUTPUT_TASKS.items()
    ]  # fmt: skip
    return _check("check_output_activations", answer, cases, ("task",))


def check_saturated_at(names: object, z: float = -10.0, tol: float = 1e-3) -> CheckResult:
    """Check which elementwise activations have a derivative smaller than
    `tol` in size at the input `z` (by default: which ones pass almost no
    gradient for a pre-activation of -10).

    Examples
    --------
    >>> ok = check_saturated_at(["sigmoid", "tanh", "relu", "elu", "selu", "gelu",
    ...                          "swish", "silu", "mish", "softplus"])
    check_saturated_at: all 12 cases pass. Well done!
    ...
    """
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
    )


# --------------------------------------------------------------------------
# why non-linearity matters: the linear collapse, XOR
# --------------------------------------------------------------------------

#: The 3-layer affine network of the "collapse it by hand" exercise
#: (2 -> 3 -> 2 -> 1, samples as rows: A -> A W + b).
COLLAPSE_EXERCISE = {
    "weights": [
        np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.0]]),
        np.array([[0.5, 1.0], [1.0, 0.0], [0.0, -1.0]]),
        np.array([[2.0], [1.0]]),
    ],
    "biases": [np.array([1.0, 0.0, -1.0]), np.array([0.0, 2.0]), np.array([0.5])],
}


def check_collapse(fn: Callable) -> CheckResult:
    """Check ``collapse(weights, biases)``: the ``(W, b)`` of the one affine layer
    that a stack of affine layers (no activations) equals.

    Examples
    --------
    >>> from npdl.network import collapse_affine
    >>> ok = check_collapse(collapse_affine)
    check_collapse: all 6 cases pass. Well done!
    ...
    """
    from npdl.network import collapse_affine

    rng = _exercise_rng()
    widths = [4, 5, 2, 3, 2]
    random_ws = [rng.normal(size=(a, b)) for a, b in zip(widths[:-1], widths[1:], strict=True)]
    random_bs = [rng.normal(size=b) for b in widths[1:]]
    stacks = [
        ("the exercise's 3-layer network", COLLAPSE_EXERCISE["weights"],
         COLLAPSE_EXERCISE["biases"]),
        ("one layer collapses to itself", [np.array([[2.0, -1.0]])], [np.array([0.5, 0.5])]),
        ("four layers, 4 -> 5 -> 2 -> 3 -> 2", random_ws, random_bs),
    ]  # fmt: skip

    def part(which, ws, bs):
        result = fn([w.copy() for w in ws], [b.copy() for b in bs])
        return None if result is None else result[which]

    cases = []
    for label, ws, bs in stacks:
        W, b = collapse_affine(ws, bs)
        shapes = " -> ".join(str(w.shape) for w in ws)
        cases.append(Case(f"{label}: W", (0, ws, bs), W,
                          "samples are rows, so the first layer's matrix comes first: "
                          "W = W1 @ W2 @ ... @ WL", show=f"weights of shapes {shapes}"))
        cases.append(Case(f"{label}: b", (1, ws, bs), b,
                          "each bias is carried through every later layer: b = ((b1 @ W2 + "
                          "b2) @ W3 + b3) ...; it is not the sum of the biases",
                          show=f"weights of shapes {shapes}"))  # fmt: skip
    return _check("check_collapse", part, cases, ("part", "weights", "biases"))


def check_rank_bound(fn: Callable) -> CheckResult:
    """Check ``rank_bound(widths)``: the largest possible rank of the matrix a
    linear network with layer widths ``[n_0, n_1, ..., n_L]`` collapses to.

    Examples
    --------
    >>> ok = check_rank_bound(min)
    check_rank_bound: all 4 cases pass. Well done!
    ...
    """
    architectures = [[784, 32, 784], [2, 16, 16, 1], [10, 3, 20, 5], [6, 6]]
    cases = [
        Case(f"widths {widths}", (list(widths),), np.asarray(min(widths)),
             "the collapsed matrix is a product W1 W2 ... WL, and the rank of a product is "
             "at most the rank of each factor, which is at most each of its two sizes: "
             "count every width, input and output included")
        for widths in architectures
    ]  # fmt: skip
    return _check("check_rank_bound", fn, cases, ("widths",))


def _xor_forward(W1, b1, W2, b2, activation, X):
    g = ACTIVATIONS[activation].function
    hidden = g(X @ np.asarray(W1, dtype=float) + np.asarray(b1, dtype=float))
    out = hidden @ np.asarray(W2, dtype=float) + np.asarray(b2, dtype=float)
    return out.reshape(len(X))


def check_xor_network(W1: object, b1: object, W2: object, b2: object,
                      activation: str = "relu") -> CheckResult:  # fmt: skip
    """Check a 2-2-1 network ``out = g(x @ W1 + b1) @ W2 + b2`` on XOR: the output
    must be above 0.5 exactly on the corners where XOR is 1.

    Parameters
    ----------
    W1 : (2, 2) array_like
    b1 : (2,) array_like
    W2 : (2,) or (2, 1) array_like
    b2 : number
    activation : str, default "relu"
        The hidden layer's activation (a registry name).

    Examples
    --------
    >>> ok = check_xor_network([[1, 1], [1, 1]], [0, -1], [1, -2], 0.0)
    check_xor_network: all 4 cases pass. Well done!
    ...
    """
    corners, labels = make_xor()
    params = (W1, b1, W2, b2)

    def output(corner):
        if any(p is None for p in params):
            return None
        return float(_xor_forward(W1, b1, W2, b2, activation, corner[None, :])[0])

    cases = []
    for corner, label in zip(corners, labels, strict=True):
        x1, x2 = (int(c) for c in corner)
        cases.append(Case(
            f"({x1}, {x2}) -> {label}", (corner,),
            Expect(f"an output {'above' if label else 'below'} 0.5 (XOR is {label})",
                   (lambda a, t=label: a > 0.5 if t else a < 0.5),
                   failure="the output is on the wrong side of 0.5"),
            "trace the corner through the network by hand: hidden pre-activations "
            "x @ W1 + b1, the activation, then @ W2 + b2; one hidden unit can detect "
            "'at least one input on', the other 'both on'",
            show=f"x = ({x1}, {x2}), activation = {activation}",
        ))  # fmt: skip
    return _check("check_xor_network", output, cases, ("x",))


def _single_neuron_can(gate: str) -> bool:
    """Is there a line separating the gate's true corners from its false ones?
    (A search over a grid of weights and biases.)"""
    corners, _ = make_xor()
    grid = np.linspace(-3.0, 3.0, 25)
    w1, w2, b = np.meshgrid(grid, grid, grid, indexing="ij")
    params = np.stack([w1.ravel(), w2.ravel(), b.ravel()], axis=1)
    z = params[:, :2] @ corners.T + params[:, 2:]  # (n_params, 4)
    wanted = np.array(GATES[gate], dtype=bool)
    return bool(np.any(np.all((z > 0) == wanted, axis=1) & np.all(z != 0, axis=1)))


def check_single_neuron_gates(names: object) -> CheckResult:
    """Check which of the gates AND, OR, NAND, XOR and XNOR a single neuron can
    compute.

    Examples
    --------
    >>> ok = check_single_neuron_gates({"and", "or", "nand"})
    check_single_neuron_gates: all 5 cases pass. Well done!
    ...
    """
    truth = {gate: _single_neuron_can(gate) for gate in ("and", "or", "nand", "xor", "xnor")}
    return _check_membership(
        "check_single_neuron_gates", names, truth, "computable by one neuron",
        "not computable by one neuron",
        lambda g: f"a line separates {g.upper()}'s true corners from its false ones: find "
        f"weights with check_logic_gate(weights, bias, {g!r})",
        lambda g: f"{g.upper()}'s true corners are diagonal to each other: write the four "
        "inequalities for w1, w2 and b and add them in pairs",
    )


# --------------------------------------------------------------------------
# dense layers, forward propagation
# --------------------------------------------------------------------------


def _shapes_text(shapes: object) -> str:
    try:
        return "; ".join(f"W {tuple(w)}, b {tuple(b)}, A {tuple(a)}" for w, b, a in shapes)
    except (TypeError, ValueError):
        return repr(shapes)


def check_layer_shapes(fn: Callable) -> CheckResult:
    """Check ``layer_shapes(layer_sizes, n_samples)``: for each layer of an MLP,
    the shapes ``(W.shape, b.shape, A.shape)`` of its weights, its biases and
    its output for a batch of ``n_samples`` rows.

    Examples
    --------
    >>> ok = check_layer_shapes(lambda sizes, n: [((a, b), (b,), (n, b))
    ...                         for a, b in zip(sizes[:-1], sizes[1:])])
    check_layer_shapes: all 3 cases pass. Well done!
    ...
    """
    from npdl.network import MLP

    def answer(sizes, n):
        net = MLP(sizes, rng=0)
        X = np.zeros((n, sizes[0]))
        shapes, A = [], X
        for layer in net.layers:
            A = layer.forward(A)
            shapes.append((layer.weights.shape, layer.biases.shape, A.shape))
        return shapes

    def same(expected):
        text = _shapes_text(expected)
        return Expect(text, lambda got: _shapes_text(got) == text,
                      failure="some shape is different", shape=None)  # fmt: skip

    architectures = [([3, 4, 2], 5), ([784, 128, 64, 10], 32), ([2, 16, 16, 1], 1)]
    cases = [
        Case(f"layer sizes {sizes}, {n} samples", (list(sizes), n), same(answer(sizes, n)),
             "samples are rows: W of layer l is (n_{l-1}, n_l), b is (n_l,), and a batch "
             "of n samples gives an output of shape (n, n_l)",
             show=f"layer_sizes = {sizes}, n_samples = {n}")
        for sizes, n in architectures
    ]  # fmt: skip
    return _check("check_layer_shapes", fn, cases, ("layer_sizes", "n_samples"))


def check_count_params(fn: Callable) -> CheckResult:
    """Check ``count_params(layer_sizes)``: the number of weights and biases of
    an MLP with these layer sizes.

    Examples
    --------
    >>> ok = check_count_params(lambda s: sum(a * b + b for a, b in zip(s[:-1], s[1:])))
    check_count_params: all 4 cases pass. Well done!
    ...
    """
    from npdl.network import MLP

    architectures = [[3, 4, 2], [2, 64, 64, 1], [784, 128, 64, 10], [10, 1]]
    cases = [
        Case(f"layer sizes {sizes}", (list(sizes),), np.asarray(MLP(sizes).count_params()),
             "each layer has n_in * n_out weights and n_out biases; the input layer has "
             "no parameters of its own")
        for sizes in architectures
    ]  # fmt: skip
    return _check("check_count_params", fn, cases, ("layer_sizes",))


#: The network of the "forward pass by hand" exercise: 3 -> 4 (ReLU) -> 2 (sigmoid).
FORWARD_EXERCISE = {
    "x": np.array([1.0, -1.0, 2.0]),
    "weights": [
        np.array([[0.5, -1.0, 0.0, 1.0], [1.0, 0.5, -0.5, 0.0], [0.0, 1.0, 0.5, -0.5]]),
        np.array([[1.0, -1.0], [0.5, 0.0], [-1.0, 1.0], [0.0, 2.0]]),
    ],
    "biases": [np.array([0.0, 0.5, -1.0, 0.5]), np.array([-0.5, 0.0])],
    "activations": ["relu", "sigmoid"],
}


def check_forward_pass(fn: Callable) -> CheckResult:
    """Check ``forward_pass(X, weights, biases, activations)``: the output of an
    MLP given its weight matrices, bias vectors and activation names, for one
    sample or a batch.

    Examples
    --------
    >>> def forward(X, weights, biases, activations):
    ...     A = np.asarray(X, dtype=float)
    ...     for W, b, name in zip(weights, biases, activations):
    ...         A = ACTIVATIONS[name].function(A @ W + b)
    ...     return A
    >>> ok = check_forward_pass(forward)
    check_forward_pass: all 3 cases pass. Well done!
    ...
    """
    from npdl.network import MLP

    def answer(X, weights, biases, activations):
        net = MLP([w.shape[0] for w in weights] + [weights[-1].shape[1]], activations)
        for layer, W, b in zip(net.layers, weights, biases, strict=True):
            layer.weights, layer.biases = W, b
        return net.forward(X)

    ex = FORWARD_EXERCISE
    rng = _exercise_rng()
    batch = rng.normal(size=(5, 3))
    deep_w = [rng.normal(size=(2, 3)), rng.normal(size=(3, 3)), rng.normal(size=(3, 1))]
    deep_b = [rng.normal(size=3), rng.normal(size=3), rng.normal(size=1)]
    deep_x = rng.normal(size=(4, 2))
    deep_a = ["tanh", "relu", "linear"]
    cases = [
        Case("the exercise's network, one sample", (ex["x"], ex["weights"], ex["biases"],
             ex["activations"]), answer(ex["x"], ex["weights"], ex["biases"], ex["activations"]),
             "z1 = x @ W1 + b1, a1 = relu(z1), z2 = a1 @ W2 + b2, a2 = sigmoid(z2); apply "
             "each layer's activation, the hidden one included",
             show="x, weights, biases, activations = FORWARD_EXERCISE"),
        Case("the same network, a batch of 5", (batch, ex["weights"], ex["biases"],
             ex["activations"]), answer(batch, ex["weights"], ex["biases"], ex["activations"]),
             "with samples as rows, X @ W works for a batch and for one sample alike",
             show="X of shape (5, 3) with the exercise's weights"),
        Case("three layers: tanh, relu, linear", (deep_x, deep_w, deep_b, deep_a),
             answer(deep_x, deep_w, deep_b, deep_a),
             "loop over the layers; look each activation up by name, e.g. "
             "npdl.get_activation(name).function", show="a 2 -> 3 -> 3 -> 1 network"),
    ]  # fmt: skip
    return _check("check_forward_pass", fn, cases, ("X", "weights", "biases", "activations"))


# --------------------------------------------------------------------------
# the multi-layer perceptron
# --------------------------------------------------------------------------


def _regions_along(net, start, end, n_points) -> int:
    """Linear pieces of a ReLU MLP along a segment: changes of the on/off
    pattern of all hidden units between consecutive points, plus one."""
    t = np.linspace(0.0, 1.0, n_points)[:, None]
    A = (1 - t) * np.asarray(start, dtype=float) + t * np.asarray(end, dtype=float)
    patterns = []
    for layer in net.layers[:-1]:
        A = layer.forward(A)
        patterns.append(A > 0)
    on = np.concatenate(patterns, axis=1)
    return int(np.count_nonzero(np.any(on[1:] != on[:-1], axis=1)) + 1)


def check_count_regions(fn: Callable) -> CheckResult:
    """Check ``count_regions(net, start, end, n_points)``: how many linear
    pieces a ReLU MLP has along the segment from `start` to `end`, sampled at
    `n_points` evenly spaced points (a change in the on/off pattern of the
    hidden units between neighbouring points starts a new piece).

    Examples
    --------
    >>> ok = check_count_regions(_regions_along)
    check_count_regions: all 3 cases pass. Well done!
    ...
    """
    from npdl.network import MLP

    cases = []
    for sizes, seed in [([2, 8, 1], 1), ([2, 16, 16, 1], 2), ([2, 8, 8, 8, 1], 3)]:
        net = MLP(sizes, rng=seed)
        for layer in net.layers:
            layer.biases = np.random.default_rng(seed + 10).normal(0, 0.5, layer.biases.shape)
        start, end, n = np.array([-3.0, -2.0]), np.array([3.0, 2.5]), 20_001
        cases.append(Case(
            f"MLP {sizes}", (net, start, end, n), np.asarray(_regions_along(net, start, end, n)),
            "sample the segment, record for every point which hidden units are on "
            "(output > 0) in every hidden layer, count the places where that pattern "
            "changes between neighbours, and add 1 (k changes make k + 1 pieces)",
            show=f"MLP {sizes}, from (-3, -2) to (3, 2.5), {n} points",
        ))  # fmt: skip
    return _check("check_count_regions", fn, cases, ("net", "start", "end", "n_points"))


def check_architecture(layer_sizes: object) -> CheckResult:
    """Check a design: an MLP for 2 inputs and 1 output with at least 3 hidden
    layers and at most 1,000 parameters.

    Examples
    --------
    >>> ok = check_architecture([2, 16, 16, 16, 1])
    check_architecture: all 4 cases pass. Well done!
    ...
    """
    sizes = None if layer_sizes is None else list(layer_sizes)

    def count(s):
        return sum(a * b + b for a, b in zip(s[:-1], s[1:], strict=True))

    rules = [
        ("2 inputs", lambda s: s[0] == 2, "the first width is the number of inputs: 2"),
        ("1 output", lambda s: s[-1] == 1, "the last width is the number of outputs: 1"),
        ("at least 3 hidden layers", lambda s: len(s) >= 5,
         "hidden layers are the widths between the first and the last: you need 3"),
        ("at most 1,000 parameters", lambda s: count(s) <= 1000,
         "each layer costs n_in * n_out + n_out; narrower hidden layers cost less"),
    ]  # fmt: skip

    def verdict(rule):
        if sizes is None:
            return None
        if len(sizes) < 2 or not all(isinstance(n, int | np.integer) and n >= 1 for n in sizes):
            return "(not a list of at least two positive ints)"
        return "yes" if rule(sizes) else "no"

    cases = [
        Case(label, (rule,), Expect("yes", lambda got: got == "yes",
                                   failure="the design breaks this rule", shape=None),
             hint, show=f"layer_sizes = {sizes}"
             + (f" ({count(sizes):,} parameters)" if verdict(lambda s: True) == "yes" else ""))
        for label, rule, hint in rules
    ]  # fmt: skip
    return _check("check_architecture", verdict, cases, ("rule",))
