"""Checkers for Part IV, *Networks*: dense layers, forward propagation, the MLP.

The expected values come from :class:`npdl.MLP` itself. :data:`FORWARD_EXERCISE`
is a copy for the chapter to print; the checkers use private originals.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from npdl.exercises._engine import (
    AnswerError,
    Case,
    CheckResult,
    Expect,
    Text,
    _check,
    _short,
    checker,
    exercise_rng,
)
from npdl.network import MLP

__all__ = [
    "FORWARD_EXERCISE",
    "check_architecture",
    "check_count_params",
    "check_count_regions",
    "check_forward_pass",
    "check_layer_shapes",
]


# --------------------------------------------------------------------------
# dense layers
# --------------------------------------------------------------------------


def _shape(value: object, what: str) -> tuple[int, ...]:
    """`value` as a shape (a tuple of ints), or :class:`AnswerError`."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        raise AnswerError(f"{what} is the number {value}, not a shape: a 1-D shape is "
                          f"written ({value},), with a comma")  # fmt: skip
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = value.tolist()
    if not isinstance(value, tuple | list):
        raise AnswerError(f"{what} is {_short(value, 40)}; a shape is a tuple of ints, "
                          "e.g. (3, 4)")  # fmt: skip
    for dim in value:
        if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
            raise AnswerError(f"{what} {_short(value, 40)} holds {_short(dim, 20)}, "
                              "which is not an int")  # fmt: skip
    return tuple(int(dim) for dim in value)


def _shapes_text(layers: list) -> Text:
    return Text("; ".join(f"W {w}, b {b}, A {a}" for w, b, a in layers))


def _layer_shapes(result: object) -> Text:
    """The learner's list of (W, b, A) shapes, ints normalised (NumPy's
    ``np.int64(3)`` prints differently from ``3``), lists taken as tuples."""
    if isinstance(result, str | bytes | dict) or not hasattr(result, "__iter__"):
        raise AnswerError(f"returned {_short(result, 60)}; return a list with one "
                          "(W_shape, b_shape, A_shape) per layer")  # fmt: skip
    layers = []
    for i, layer in enumerate(result, start=1):
        if not isinstance(layer, tuple | list) or len(layer) != 3:
            raise AnswerError(f"layer {i} is {_short(layer, 60)}; give three shapes per "
                              "layer: (W.shape, b.shape, A.shape)")  # fmt: skip
        layers.append(tuple(_shape(s, f"layer {i}'s {n} shape")
                            for s, n in zip(layer, "WbA", strict=True)))  # fmt: skip
    return _shapes_text(layers)


@checker
def check_layer_shapes(fn: Callable) -> CheckResult:
    """Check ``layer_shapes(layer_sizes, n_samples)``: for each layer of an MLP,
    the shapes ``(W.shape, b.shape, A.shape)`` of its weights, its biases and
    its output for a batch of ``n_samples`` rows.

    Shapes may be tuples or lists, their entries Python or NumPy ints.

    Parameters
    ----------
    fn : callable
        Your ``layer_shapes(layer_sizes, n_samples)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_layer_shapes(lambda sizes, n: [((a, b), (b,), (n, b))
    ...                         for a, b in zip(sizes[:-1], sizes[1:])])
    check_layer_shapes: all 3 cases pass. Well done!
    ...
    """

    def answer(sizes, n):
        net = MLP(sizes, rng=0)
        shapes, A = [], np.zeros((n, sizes[0]))
        for layer in net.layers:
            A = layer.forward(A)
            shapes.append((layer.weights.shape, layer.biases.shape, A.shape))
        return _shapes_text(shapes)

    def same(text):
        return Expect(text, lambda got: got == text, shape=None,
                      failure="some shape is different (or the number of layers)")

    architectures = [([3, 4, 2], 5), ([784, 128, 64, 10], 32), ([2, 16, 16, 1], 1)]
    cases = [
        Case(f"layer sizes {sizes}, {n} sample{'s' if n != 1 else ''}", (list(sizes), n),
             same(answer(sizes, n)),
             "samples are rows: W of layer l is (n_{l-1}, n_l), b is (n_l,), and a batch "
             "of n samples gives an output of shape (n, n_l)",
             show=f"layer_sizes = {sizes}, n_samples = {n}", convert=_layer_shapes)
        for sizes, n in architectures
    ]  # fmt: skip
    return _check("check_layer_shapes", fn, cases, ("layer_sizes", "n_samples"))


@checker
def check_count_params(fn: Callable) -> CheckResult:
    """Check ``count_params(layer_sizes)``: the number of weights and biases of
    an MLP with these layer sizes.

    Parameters
    ----------
    fn : callable
        Your ``count_params(layer_sizes)``, returning one int.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_count_params(lambda s: sum(a * b + b for a, b in zip(s[:-1], s[1:])))
    check_count_params: all 4 cases pass. Well done!
    ...
    """
    architectures = [[3, 4, 2], [2, 64, 64, 1], [784, 128, 64, 10], [10, 1]]
    cases = [
        Case(f"layer sizes {sizes}", (list(sizes),), np.asarray(MLP(sizes).count_params()),
             "each layer has n_in * n_out weights and n_out biases; the input layer has "
             "no parameters of its own")
        for sizes in architectures
    ]  # fmt: skip
    return _check("check_count_params", fn, cases, ("layer_sizes",))


# --------------------------------------------------------------------------
# forward propagation
# --------------------------------------------------------------------------


def _forward_data() -> dict:
    """A fresh copy of the "forward pass by hand" exercise's network."""
    return {
        "x": np.array([1.0, -1.0, 2.0]),
        "weights": [
            np.array([[0.5, -1.0, 0.0, 1.0], [1.0, 0.5, -0.5, 0.0], [0.0, 1.0, 0.5, -0.5]]),
            np.array([[1.0, -1.0], [0.5, 0.0], [-1.0, 1.0], [0.0, 2.0]]),
        ],
        "biases": [np.array([0.0, 0.5, -1.0, 0.5]), np.array([-0.5, 0.0])],
        "activations": ["relu", "sigmoid"],
    }


#: The network of the "forward pass by hand" exercise, 3 -> 4 (ReLU) -> 2
#: (sigmoid): its input ``"x"``, its ``"weights"`` and ``"biases"`` (lists of
#: arrays) and its ``"activations"`` (names).
#:
#: :meta hide-value:
FORWARD_EXERCISE = _forward_data()


@checker
def check_forward_pass(fn: Callable) -> CheckResult:
    """Check ``forward_pass(X, weights, biases, activations)``: the output of an
    MLP given its weight matrices, bias vectors and activation names, for one
    sample or a batch.

    Every call gets fresh copies of the arguments: a function that changes
    them (``weights.pop()``) is reported, and damages nothing.

    Parameters
    ----------
    fn : callable
        Your ``forward_pass(X, weights, biases, activations)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> from npdl import get_activation
    >>> def forward(X, weights, biases, activations):
    ...     A = np.asarray(X, dtype=float)
    ...     for W, b, name in zip(weights, biases, activations):
    ...         A = get_activation(name).function(A @ W + b)
    ...     return A
    >>> ok = check_forward_pass(forward)
    check_forward_pass: all 3 cases pass. Well done!
    ...
    """

    def answer(X, weights, biases, activations):
        net = MLP([w.shape[0] for w in weights] + [weights[-1].shape[1]], activations)
        for layer, W, b in zip(net.layers, weights, biases, strict=True):
            layer.weights, layer.biases = W, b
        return net.forward(X)

    ex = _forward_data()
    network = (ex["weights"], ex["biases"], ex["activations"])
    rng = exercise_rng()
    batch = rng.normal(size=(5, 3))
    deep_w = [rng.normal(size=(2, 3)), rng.normal(size=(3, 3)), rng.normal(size=(3, 1))]
    deep_b = [rng.normal(size=3), rng.normal(size=3), rng.normal(size=1)]
    deep_x = rng.normal(size=(4, 2))
    deep_a = ["tanh", "relu", "linear"]
    cases = [
        Case("the exercise's network, one sample", (ex["x"], *network),
             answer(ex["x"], *network),
             "z1 = x @ W1 + b1, a1 = relu(z1), z2 = a1 @ W2 + b2, a2 = sigmoid(z2); apply "
             "each layer's activation, the hidden one included",
             show="x, weights, biases, activations = FORWARD_EXERCISE"),
        Case("the same network, a batch of 5", (batch, *network), answer(batch, *network),
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


@checker
def check_count_regions(fn: Callable) -> CheckResult:
    """Check ``count_regions(net, start, end, n_points)``: how many linear
    pieces a ReLU MLP has along the segment from `start` to `end`, sampled at
    `n_points` evenly spaced points (a change in the on/off pattern of the
    hidden units between neighbouring points starts a new piece).

    Parameters
    ----------
    fn : callable
        Your ``count_regions(net, start, end, n_points)``, returning one int.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_count_regions(_regions_along)
    check_count_regions: all 3 cases pass. Well done!
    ...
    """
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


def _widths(value: object) -> list[int]:
    """The learner's layer sizes as a list of ints, or :class:`AnswerError`."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = value.tolist()
    if not isinstance(value, list | tuple):
        raise AnswerError(f"layer_sizes is {_short(value, 40)} ({type(value).__name__}); "
                          "give a list of ints, e.g. [2, 8, 8, 8, 1]")  # fmt: skip
    for n in value:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise AnswerError(f"layer_sizes holds {_short(n, 20)}, which is not an int: "
                              "every width is a whole number")  # fmt: skip
        if n < 1:
            raise AnswerError(f"layer_sizes holds {n}: every width is at least 1")
    if len(value) < 2:
        raise AnswerError("layer_sizes needs at least two widths: the inputs and the "
                          "outputs")  # fmt: skip
    return [int(n) for n in value]


@checker
def check_architecture(layer_sizes: object) -> CheckResult:
    """Check a design: an MLP for 2 inputs and 1 output with at least 3 hidden
    layers and at most 1,000 parameters.

    Parameters
    ----------
    layer_sizes : list of int
        Your widths, inputs first, outputs last.

    Returns
    -------
    CheckResult
        True when the design meets every rule; the report is printed.

    Examples
    --------
    >>> ok = check_architecture([2, 16, 16, 16, 1])
    check_architecture: all 4 cases pass. Well done!
    ...
    """

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
    try:
        show = f"layer_sizes = {_widths(layer_sizes)} ({count(_widths(layer_sizes)):,} parameters)"
    except AnswerError:
        show = f"layer_sizes = {_short(layer_sizes, 60)}"

    def verdict(rule):
        return "yes" if rule(_widths(layer_sizes)) else "no"

    cases = [
        Case(label, (rule,), Expect("yes", lambda got: got == "yes",
                                   failure="the design breaks this rule", shape=None),
             hint, show=show)
        for label, rule, hint in rules
    ]  # fmt: skip
    return _check("check_architecture", verdict, cases, ("rule",), function=False,
                  attempted=not (layer_sizes is None or layer_sizes is Ellipsis))  # fmt: skip
