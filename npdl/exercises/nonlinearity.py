"""Checkers for Part III, *Why non-linearity matters*: the linear collapse and XOR.

:data:`COLLAPSE_EXERCISE` is a copy for the chapter to print; the checkers
use private originals.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from npdl.activations import ACTIVATIONS
from npdl.datasets import make_xor
from npdl.exercises._engine import (
    AnswerError,
    Case,
    CheckResult,
    Expect,
    _check,
    _check_membership,
    _refuse,
    _short,
    checker,
    exercise_rng,
    number_array,
)
from npdl.exercises.activations import _activation_name
from npdl.exercises.neuron import _GATES

__all__ = [
    "COLLAPSE_EXERCISE",
    "XOR_TRACED",
    "check_collapse",
    "check_rank_bound",
    "check_single_neuron_gates",
    "check_xor_network",
]


def _collapse_data() -> dict:
    """A fresh copy of the "collapse it by hand" exercise's network."""
    return {
        "weights": [
            np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.0]]),
            np.array([[0.5, 1.0], [1.0, 0.0], [0.0, -1.0]]),
            np.array([[2.0], [1.0]]),
        ],
        "biases": [np.array([1.0, 0.0, -1.0]), np.array([0.0, 2.0]), np.array([0.5])],
    }


#: The 3-layer affine network of the "collapse it by hand" exercise
#: (2 -> 3 -> 2 -> 1, samples as rows: A -> A W + b): its ``"weights"`` and
#: ``"biases"``, lists of arrays.
#:
#: :meta hide-value:
COLLAPSE_EXERCISE = _collapse_data()


def _pair(result: object) -> tuple:
    """The learner's ``(W, b)``, or :class:`AnswerError` if it is not a pair."""
    if isinstance(result, tuple | list) and len(result) == 2:
        return tuple(result)
    what = f"{len(result)} things" if isinstance(result, tuple | list) else (
        f"one {type(result).__name__}")
    raise AnswerError(f"returned {what}; collapse must return two things: return W, b")


@checker
def check_collapse(fn: Callable) -> CheckResult:
    """Check ``collapse(weights, biases)``: the ``(W, b)`` of the one affine layer
    that a stack of affine layers (no activations) equals.

    Parameters
    ----------
    fn : callable
        Your ``collapse(weights, biases)``, for lists of weight matrices and
        bias vectors, returning ``W, b``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> from npdl.network import collapse_affine
    >>> ok = check_collapse(collapse_affine)
    check_collapse: all 6 cases pass. Well done!
    ...
    """
    from npdl.network import collapse_affine

    rng = exercise_rng()
    widths = [4, 5, 2, 3, 2]
    random_ws = [rng.normal(size=(a, b)) for a, b in zip(widths[:-1], widths[1:], strict=True)]
    random_bs = [rng.normal(size=b) for b in widths[1:]]
    ex = _collapse_data()
    stacks = [
        ("the exercise's 3-layer network", ex["weights"], ex["biases"]),
        ("one layer collapses to itself", [np.array([[2.0, -1.0]])], [np.array([0.5, 0.5])]),
        ("four layers, 4 -> 5 -> 2 -> 3 -> 2", random_ws, random_bs),
    ]  # fmt: skip

    cases = []
    for label, ws, bs in stacks:
        W, b = collapse_affine(ws, bs)
        shapes = " -> ".join(str(w.shape) for w in ws)
        cases.append(Case(f"{label}: W", (ws, bs), W,
                          "samples are rows, so the first layer's matrix comes first: "
                          "W = W1 @ W2 @ ... @ WL", show=f"weights of shapes {shapes}",
                          convert=lambda r: _pair(r)[0]))
        cases.append(Case(f"{label}: b", (ws, bs), b,
                          "each bias is carried through every later layer: b = ((b1 @ W2 + "
                          "b2) @ W3 + b3) ...; it is not the sum of the biases",
                          show=f"weights of shapes {shapes}",
                          convert=lambda r: _pair(r)[1]))  # fmt: skip
    return _check("check_collapse", fn, cases, ("weights", "biases"))


@checker
def check_rank_bound(fn: Callable) -> CheckResult:
    """Check ``rank_bound(widths)``: the largest possible rank of the matrix a
    linear network with layer widths ``[n_0, n_1, ..., n_L]`` collapses to.

    The architectures include one whose input is the narrowest layer and one
    whose output is, so a bound that leaves either out fails.

    Parameters
    ----------
    fn : callable
        Your ``rank_bound(widths)``, for a list of ints, returning one int.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_rank_bound(min)
    check_rank_bound: all 6 cases pass. Well done!
    ...
    """
    architectures = [
        ("", [784, 32, 784]), ("", [2, 16, 16, 1]), ("", [10, 3, 20, 5]), ("", [6, 6]),
        (": the input is the narrowest", [3, 10, 10, 10]),
        (": the output is the narrowest", [50, 20, 4]),
    ]  # fmt: skip
    cases = [
        Case(f"widths {widths}{note}", (list(widths),), np.asarray(min(widths)),
             "the collapsed matrix is a product W1 W2 ... WL, and the rank of a product is "
             "at most the rank of each factor, which is at most each of its two sizes: "
             "count every width, input and output included")
        for note, widths in architectures
    ]  # fmt: skip
    return _check("check_rank_bound", fn, cases, ("widths",))


_TWO_TWO_ONE = " (the network is 2-2-1: two inputs, two hidden units, one output)"

#: The ReLU network the chapter "XOR" traces: W1, b1, w2, b2. Its exercise asks
#: for a different one, so the checker does not accept this one (or the same
#: network with its hidden units swapped).
XOR_TRACED = (((1.0, 1.0), (1.0, 1.0)), (0.0, -1.0), (1.0, -2.0), 0.0)


def _is_traced_network(w1, v1, w2, v2) -> bool:
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in XOR_TRACED)
    for order in ([0, 1], [1, 0]):
        if (np.allclose(w1[:, order], W1) and np.allclose(v1[order], b1)
                and np.allclose(w2.reshape(-1)[order], W2)
                and np.allclose(v2.reshape(-1), b2)):  # fmt: skip
            return True
    return False


@checker
def check_xor_network(W1: object, b1: object, W2: object, b2: object,
                      activation: str = "relu") -> CheckResult:  # fmt: skip
    """Check a 2-2-1 network ``out = g(x @ W1 + b1) @ W2 + b2`` on XOR: the output
    must be above 0.5 exactly on the corners where XOR is 1.

    Parameters
    ----------
    W1 : (2, 2) array_like
        The hidden layer's weights.
    b1 : (2,) array_like
        The hidden layer's biases.
    W2 : (2,) or (2, 1) array_like
        The output unit's weights.
    b2 : number (or a (1,) array_like)
        The output unit's bias.
    activation : str, default "relu"
        The hidden layer's activation (a registry name).

    Returns
    -------
    CheckResult
        True when all four corners come out right; the report is printed.

    Examples
    --------
    >>> ok = check_xor_network([[1, -1], [-1, 1]], [0, 0], [1, 1], 0.0)
    check_xor_network: all 5 cases pass. Well done!
    ...
    """
    name = _activation_name(activation)
    if name not in ACTIVATIONS:
        return _refuse("check_xor_network", f"unknown activation {_short(activation, 40)}; "
                                            f"choose from {sorted(ACTIVATIONS)}")  # fmt: skip
    g = ACTIVATIONS[name].function
    corners, labels = make_xor()

    def parameters():
        try:
            return (number_array(W1, "W1", ((2, 2),)), number_array(b1, "b1", ((2,),)),
                    number_array(W2, "W2", ((2,), (2, 1))), number_array(b2, "b2", ((), (1,))))
        except AnswerError as exc:
            raise AnswerError(str(exc) + _TWO_TWO_ONE) from None

    def output(corner):
        if isinstance(corner, str):  # the case "not the chapter's network"
            return "yes" if not _is_traced_network(*parameters()) else "no"
        w1, v1, w2, v2 = parameters()
        out = g(corner @ w1 + v1) @ w2 + v2
        return np.asarray(out, dtype=np.float64).reshape(-1)[0]

    cases = []
    for corner, label in zip(corners, labels, strict=True):
        x1, x2 = (int(c) for c in corner)
        cases.append(Case(
            f"({x1}, {x2}) -> {label}", (corner,),
            Expect(f"an output {'above' if label else 'below'} 0.5 (XOR is {label})",
                   (lambda a, t=label: a > 0.5 if t else a < 0.5),
                   failure="the output is on the wrong side of 0.5"),
            "trace the corner through the network by hand: hidden pre-activations "
            "x @ W1 + b1, the activation, then @ W2 + b2; one hidden unit could detect "
            "'x1 on and x2 off', the other 'x2 on and x1 off'",
            show=f"x = ({x1}, {x2}), activation = {name}",
        ))  # fmt: skip
    cases.append(Case(
        "a different network from the one the chapter traced", ("different",),
        Expect("a network other than W1 = [[1, 1], [1, 1]], b1 = [0, -1], "
               "w2 = [1, -2], b2 = 0", lambda got: got == "yes",
               failure="this is the network the chapter traced", shape=None),
        "the exercise asks for a network of your own: try hidden units that each "
        "detect one input on and the other off",
        show=f"activation = {name}",
    ))  # fmt: skip
    given = (W1, b1, W2, b2)
    return _check("check_xor_network", output, cases, ("x",), function=False,
                  attempted=not all(p is None or p is Ellipsis for p in given))  # fmt: skip


def _single_neuron_can(gate: str) -> bool:
    """Is there a line separating the gate's true corners from its false ones?
    (A search over a grid of weights and biases.)"""
    corners, _ = make_xor()
    grid = np.linspace(-3.0, 3.0, 25)
    w1, w2, b = np.meshgrid(grid, grid, grid, indexing="ij")
    params = np.stack([w1.ravel(), w2.ravel(), b.ravel()], axis=1)
    z = params[:, :2] @ corners.T + params[:, 2:]  # (n_params, 4)
    wanted = np.array(_GATES[gate], dtype=bool)
    return bool(np.any(np.all((z > 0) == wanted, axis=1) & np.all(z != 0, axis=1)))


@checker
def check_single_neuron_gates(names: object) -> CheckResult:
    """Check which of the gates AND, OR, NAND, XOR and XNOR a single neuron can
    compute.

    Parameters
    ----------
    names : collection of str
        The gates (names as in :data:`~npdl.exercises.neuron.GATES`, any
        case) that you think one neuron can compute.

    Returns
    -------
    CheckResult
        True when every gate is classified right; the report is printed.

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
        known=set(_GATES),
        spelling="name the gates as GATES does: " + ", ".join(repr(g) for g in _GATES),
    )
