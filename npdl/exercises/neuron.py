"""Checkers for Part I, *The neuron*: the artificial neuron, weights and biases.

The exercise data (:data:`NEURON_EXERCISE`, :data:`GATES`) are copies for the
chapters to print: the checkers compute their expected values from private
originals, so a learner who changes a copy changes nothing that is checked.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from npdl.activations import sigmoid, sigmoid_derivative
from npdl.datasets import make_xor
from npdl.exercises._engine import (
    BY_HAND,
    AnswerError,
    Case,
    CheckResult,
    Expect,
    _check,
    _refuse,
    _short,
    checker,
    is_placeholder,
    number_array,
    real_number,
)
from npdl.neuron import Neuron

__all__ = [
    "GATES",
    "NEURON_EXERCISE",
    "check_boundary_point",
    "check_boundary_through",
    "check_distance_to_boundary",
    "check_logic_gate",
    "check_neuron_by_hand",
    "check_switch_design",
    "check_threshold",
]


def _neuron_data() -> dict:
    """A fresh copy of the "compute a neuron by hand" exercise's numbers."""
    return {
        "x": np.array([1.0, -2.0, 0.5]),
        "w": np.array([0.4, 0.3, -1.2]),
        "b": 0.1,
        "activation": "sigmoid",
    }


_GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xor": (0, 1, 1, 0),
    "xnor": (1, 0, 0, 1),
}

#: The numbers of the "compute a neuron by hand" exercise: inputs ``x``,
#: weights ``w``, bias ``b`` and the activation's name. The chapter prints
#: them from here, so text and checker cannot disagree.
NEURON_EXERCISE = _neuron_data()

#: Truth tables of the logic gates on the corners (0, 0), (0, 1), (1, 0),
#: (1, 1), by gate name.
GATES = {name: list(table) for name, table in _GATES.items()}


@checker
def check_neuron_by_hand(z: float, a: float) -> CheckResult:
    """Check a neuron's pre-activation `z` and output `a`, worked out by hand.

    The inputs, weights, bias and activation are those of
    :data:`NEURON_EXERCISE`. Four significant digits are enough.

    Parameters
    ----------
    z : float
        Your weighted sum plus the bias.
    a : float
        Your neuron's output, the activation of `z`.

    Returns
    -------
    CheckResult
        True when both values are right; the report is printed.

    Examples
    --------
    >>> ex = NEURON_EXERCISE
    >>> z = float(ex["x"] @ ex["w"] + ex["b"])
    >>> ok = check_neuron_by_hand(z, float(1 / (1 + np.exp(-z))))
    check_neuron_by_hand: all 2 cases pass. Well done!
    ...
    """
    ex = _neuron_data()
    neuron = Neuron(3, activation=ex["activation"])
    neuron.weights, neuron.bias = ex["w"], ex["b"]
    given = {"z": z, "a": a}
    show = (f"x = {ex['x'].tolist()}, w = {ex['w'].tolist()}, b = {ex['b']}, "
            f"activation = {ex['activation']}")  # fmt: skip
    cases = [
        Case("the pre-activation z", ("z",), np.asarray(neuron.pre_activation(ex["x"])),
             "z = w1*x1 + w2*x2 + w3*x3 + b: multiply pairwise, add up, then add the "
             "bias (4 significant digits are enough)", show=show, scalar_ok=True, **BY_HAND),
        Case("the output a", ("a",), np.asarray(neuron.forward(ex["x"])),
             "a = sigmoid(z) = 1 / (1 + exp(-z)), applied to the z above (4 significant "
             "digits are enough)", show=show, scalar_ok=True, **BY_HAND),
    ]  # fmt: skip
    return _check("check_neuron_by_hand", given.__getitem__, cases, ("part",),
                  function=False, attempted=not is_placeholder(z, a))  # fmt: skip


@checker
def check_logic_gate(weights: object, bias: object, gate: str = "and") -> CheckResult:
    """Check that a sigmoid neuron with these `weights` and `bias` computes a
    logic gate: output above 0.5 exactly on the corners where the gate is true.

    Parameters
    ----------
    weights : two numbers
        The neuron's weights, one per input.
    bias : number
        The neuron's bias.
    gate : {"and", "or", "nand", "nor", "xor", "xnor"}
        The gate, as named in :data:`GATES`.

    Returns
    -------
    CheckResult
        True when all four corners come out right; the report is printed.

    Examples
    --------
    >>> ok = check_logic_gate([1.0, 1.0], -1.5, gate="and")
    check_logic_gate('and'): all 4 cases pass. Well done!
    ...
    """
    name = gate.strip().lower() if isinstance(gate, str) else None
    if name not in _GATES:
        return _refuse("check_logic_gate",
                       f"unknown gate {_short(gate, 40)}; choose from {sorted(_GATES)}")
    corners, _ = make_xor()

    def output(corner):
        w = number_array(weights, "weights", ((2,),))
        b = real_number(bias, "bias")
        return sigmoid(corner @ w + b)

    cases = []
    for corner, truth in zip(corners, _GATES[name], strict=True):
        x1, x2 = (int(c) for c in corner)
        want = "above" if truth else "below"
        sign = "positive" if truth else "negative"
        cases.append(Case(
            f"({x1}, {x2}) -> {truth}", (corner,),
            Expect(f"an output {want} 0.5 (the gate says {truth})",
                   (lambda a: a > 0.5) if truth else (lambda a: a < 0.5),
                   failure="the output is on the wrong side of 0.5"),
            f"at (x1, x2) = ({x1}, {x2}) the weighted sum w1*{x1} + w2*{x2} + b must be "
            f"{sign}: write down this inequality for all four corners, and look for "
            f"numbers that satisfy them all (if the four contradict each other, no "
            f"weights exist: that is what the theorem on XOR shows)",
            show=f"x = ({x1}, {x2}), weights = {_short(weights, 60)}, "
                 f"bias = {_short(bias, 30)}",
        ))  # fmt: skip
    return _check(f"check_logic_gate({name!r})", output, cases, ("x",), function=False,
                  attempted=not is_placeholder(weights, bias))  # fmt: skip


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


@checker
def check_boundary_point(fn: Callable) -> CheckResult:
    """Check ``boundary_point(w, b)``: the point of the decision boundary
    ``w . x + b = 0`` nearest the origin, ``-b w / |w|**2``.

    The chapter now asks for :func:`check_boundary_through` instead; this
    checker stays for learners' copies of the earlier chapter.

    Parameters
    ----------
    fn : callable
        Your ``boundary_point(w, b)``, for weights ``w`` of shape
        ``(n_inputs,)`` and a number ``b``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

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


@checker
def check_distance_to_boundary(fn: Callable) -> CheckResult:
    """Check ``distance_to_boundary(w, b)``: how far the decision boundary
    ``w . x + b = 0`` is from the origin, ``|b| / |w|``.

    Parameters
    ----------
    fn : callable
        Your ``distance_to_boundary(w, b)``, returning one number.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

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


@checker
def check_threshold(fn: Callable) -> CheckResult:
    """Check ``threshold(w, b)``: the input ``x`` at which a one-input sigmoid
    neuron ``sigmoid(w x + b)`` outputs exactly 0.5, i.e. ``-b / w``.

    The chapter now asks for :func:`check_switch_design` instead; this
    checker stays for learners' copies of the earlier chapter.

    Parameters
    ----------
    fn : callable
        Your ``threshold(w, b)``, for two numbers, returning one number.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

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


def _line_and_side(raw: object, p: np.ndarray, q: np.ndarray, r: np.ndarray) -> tuple:
    """A learner's ``(w, b)`` for the boundary through `p` and `q` with `r`
    on its "yes" side, as numbers; AnswerError naming the first condition it
    breaks."""
    if isinstance(raw, np.ndarray) and raw.dtype != object and raw.shape != (2,):
        raise AnswerError(f"returned an array of shape {raw.shape}; return two things, "
                          "the weights and the bias: return w, b")  # fmt: skip
    try:
        w_raw, b_raw = raw
    except (TypeError, ValueError):
        raise AnswerError(f"returned {_short(raw, 60)}; return two things, the weights "
                          "and the bias: return w, b") from None  # fmt: skip
    w = number_array(w_raw, "w", ((2,),))
    b = real_number(b_raw, "b")
    if not np.all(np.isfinite(w)) or not np.isfinite(b):
        vertical = ("; a vertical line has no slope, so build w from q - p without "
                    "dividing by q1 - p1" if p[0] == q[0] else "")  # fmt: skip
        raise AnswerError(f"w = {w.tolist()}, b = {b}: not finite numbers{vertical}")
    norm = float(np.linalg.norm(w))
    if norm == 0.0:
        raise AnswerError("w = (0, 0): then w . x + b does not depend on x at all, and "
                          "there is no boundary line")  # fmt: skip
    scale = max(1.0, float(np.abs(p).max()), float(np.abs(q).max()))
    for name, point in (("p", p), ("q", q)):
        z = float(w @ point + b)
        if abs(z) > 1e-9 * norm * scale:
            tilt = float(w @ (q - p))
            why = ("" if abs(tilt) <= 1e-9 * norm * scale else
                   f"; and w . (q - p) = {tilt:.4g}, so w is not perpendicular to the "
                   "line through p and q")  # fmt: skip
            raise AnswerError(f"{name} = {point.tolist()} is not on your boundary: "
                              f"w . {name} + b = {z:.4g}, not 0{why}")  # fmt: skip
    side = float(w @ r + b)
    if side <= 0:
        raise AnswerError(f"the line is right, but r = {r.tolist()} is on the 'no' side: "
                          f"w . r + b = {side:.4g}, not positive")  # fmt: skip
    return w, b


@checker
def check_boundary_through(fn: Callable) -> CheckResult:
    """Check ``neuron_through(p, q, r)``: weights and a bias whose decision
    boundary ``w . x + b = 0`` passes through the points `p` and `q`, with
    the point `r` on the side where the neuron says yes (``w . r + b > 0``).

    Any such ``(w, b)`` is right: every positive multiple of one answer is
    another.

    Parameters
    ----------
    fn : callable
        Your ``neuron_through(p, q, r)``, for three points of the plane
        (arrays of shape ``(2,)``), returning ``w, b``: two weights and a
        number.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def neuron_through(p, q, r):
    ...     w = np.array([p[1] - q[1], q[0] - p[0]])
    ...     b = -w @ p
    ...     return (w, b) if w @ r + b > 0 else (-w, -b)
    >>> ok = check_boundary_through(neuron_through)
    check_boundary_through: all 5 cases pass. Well done!
    ...
    """
    hint = ("the boundary is perpendicular to w, so w must be perpendicular to "
            "q - p (in the plane, (u1, u2) turned by 90 degrees is (-u2, u1)); then "
            "choose b so that w . p + b = 0. Multiplying w and b by -1 keeps the "
            "line and swaps its sides: use that to put r on the 'yes' side")  # fmt: skip
    triples = [
        ("a sloping line; r = the origin", (0.0, 1.0), (2.0, 0.0), (0.0, 0.0)),
        ("a line through the origin", (1.0, 1.0), (3.0, 3.0), (3.0, 0.0)),
        ("a vertical line, x1 = 2", (2.0, -1.0), (2.0, 4.0), (0.0, 0.0)),
        ("a horizontal line, x2 = 3", (-1.0, 3.0), (5.0, 3.0), (0.0, 5.0)),
        ("points far from the origin", (100.0, 0.0), (0.0, 50.0), (100.0, 50.0)),
    ]
    cases = []
    for label, p, q, r in triples:
        p, q, r = np.array(p), np.array(q), np.array(r)
        cases.append(Case(
            label, (p, q, r),
            Expect("w and b with w . p + b = 0, w . q + b = 0 and w . r + b > 0",
                   lambda got: True, shape=None),
            hint, convert=lambda raw, p=p, q=q, r=r: _line_and_side(raw, p, q, r),
        ))  # fmt: skip
    return _check("check_boundary_through", fn, cases, ("p", "q", "r"))


#: Where the neuron of the design exercise must switch, and its slope there.
_SWITCH_AT, _SLOPE = 3.0, -1.0


@checker
def check_switch_design(w: float, b: float) -> CheckResult:
    """Check a one-input sigmoid neuron ``sigmoid(w x + b)`` designed to
    switch at ``x = 3`` (output 0.5 there) with slope -1 at that point.

    Parameters
    ----------
    w, b : float
        Your weight and bias.

    Returns
    -------
    CheckResult
        True when the neuron meets both conditions (to 4 significant
        digits); the report is printed.

    Examples
    --------
    >>> ok = check_switch_design(-4.0, 12.0)
    check_switch_design: all 2 cases pass. Well done!
    ...
    """
    given = (w, b)

    def numbers() -> tuple[float, float]:
        return real_number(given[0], "w"), real_number(given[1], "b")

    def output(_):
        w_, b_ = numbers()
        return sigmoid(w_ * _SWITCH_AT + b_)

    def slope(_):
        w_, b_ = numbers()
        return w_ * sigmoid_derivative(w_ * _SWITCH_AT + b_)

    show = f"w = {_short(w, 30)}, b = {_short(b, 30)}"
    cases = [
        Case(f"output 0.5 at x = {_SWITCH_AT:g}", ("output",), np.asarray(sigmoid(0.0)),
             f"sigmoid(z) is 0.5 exactly where z = w x + b = 0; at x = {_SWITCH_AT:g} that "
             "is one equation linking w and b", show=show, scalar_ok=True, **BY_HAND),
        Case(f"slope {_SLOPE:g} at x = {_SWITCH_AT:g}", ("slope",), np.asarray(_SLOPE),
             "by the chain rule the slope of sigmoid(w x + b) is w * sigmoid'(w x + b); at "
             "the switch point w x + b = 0, so what is sigmoid'(0)? A falling neuron "
             "needs w < 0", show=show, scalar_ok=True, **BY_HAND),
    ]  # fmt: skip
    parts = {"output": output, "slope": slope}
    return _check("check_switch_design", lambda part: parts[part](part), cases, ("part",),
                  function=False, attempted=not is_placeholder(w, b))  # fmt: skip
