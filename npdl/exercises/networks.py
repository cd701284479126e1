"""Checkers for Part IV, *Networks*: dense layers, forward propagation, the MLP.

The expected values come from :class:`npdl.MLP` itself, and from
:func:`npdl.init.mean_square_gain` for the initialisation exercise.
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
    code_facts,
    exercise_rng,
    is_placeholder,
    number_array,
)
from npdl.init import mean_square_gain
from npdl.network import MLP, kinks_along

__all__ = [
    "check_deepest_architecture",
    "check_regions_and_pieces",
    "check_layer_shapes",
    "check_leaky_relu_gain",
    "check_max_network",
    "check_sawtooth",
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
def check_leaky_relu_gain(fn: Callable) -> CheckResult:
    r"""Check ``leaky_relu_gain(alpha)``: the weight scale ``c`` (with
    ``Var(W) = c / n_inputs``) that keeps the mean square of leaky-ReLU
    activations, :math:`\mathbb{E}[f(\sqrt{c}\,Z)^2] = 1`.

    A Monte-Carlo estimate passes: the tolerance is 1 %.

    Parameters
    ----------
    fn : callable
        Your ``leaky_relu_gain(alpha)``, returning one number.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_leaky_relu_gain(lambda alpha: 2 / (1 + alpha**2))
    check_leaky_relu_gain: all 5 cases pass. Well done!
    ...
    """
    split = ("split E[f(Z)^2] into the positive half of Z, where f(z) = z, and the "
             "negative half, where f(z) = alpha z; each half holds half of E[Z^2] = 1, "
             "and a slope enters squared")  # fmt: skip
    hints = {
        0.0: "with alpha = 0 leaky ReLU is ReLU, and the answer is He's 2",
        0.2: split + "; He's 2 is right only for alpha = 0",
        0.5: split,
        1.0: "with alpha = 1 leaky ReLU is the identity, which keeps every signal as "
             "it is: c = 1 (LeCun)",
        3.0: "a slope above 1 on the negative half makes the activations larger, so "
             "the weights must be smaller: c < 1. " + split,
    }  # fmt: skip
    cases = [
        Case(f"alpha = {alpha:g}", (alpha,),
             np.asarray(mean_square_gain("leaky_relu", alpha=alpha)), hint,
             rtol=0.01, atol=0.0, scalar_ok=True)
        for alpha, hint in hints.items()
    ]  # fmt: skip
    return _check("check_leaky_relu_gain", fn, cases, ("alpha",))


# --------------------------------------------------------------------------
# forward propagation
# --------------------------------------------------------------------------


def _own_shape(value: object) -> tuple[int, ...]:
    """The shape `value` has as an array (for :func:`number_array`)."""
    try:
        return np.shape(value)
    except Exception:  # ragged lists: number_array reports them
        return ()


def _max_network(weights: object, biases: object) -> MLP:
    """The learner's 2 -> h -> 1 network (ReLU, then linear), or
    :class:`AnswerError` saying which array has the wrong shape."""
    for name, value in (("weights", weights), ("biases", biases)):
        if not isinstance(value, list | tuple) or len(value) != 2:
            letter = name[0].upper() if name == "weights" else "b"
            raise AnswerError(f"{name} is {_short(value, 60)}; give a list of two arrays, "
                              f"one per layer: [{letter}1, {letter}2]")  # fmt: skip
    W1, W2 = (number_array(w, f"W{i}", (_own_shape(w),))
              for i, w in enumerate(weights, start=1))  # fmt: skip
    b1, b2 = (number_array(b, f"b{i}", (_own_shape(b),))
              for i, b in enumerate(biases, start=1))  # fmt: skip
    if W1.ndim != 2 or W1.shape[0] != 2:
        flip = (" (transposed? npdl's weights are (n_inputs, n_outputs))"
                if W1.ndim == 2 and W1.shape[1] == 2 else "")  # fmt: skip
        raise AnswerError(f"W1 has shape {W1.shape}; with 2 inputs and h hidden units it "
                          f"is (2, h){flip}")  # fmt: skip
    h = W1.shape[1]
    if b1.shape != (h,):
        raise AnswerError(f"b1 has shape {b1.shape}; the hidden layer has {h} units, so "
                          f"b1 is ({h},)")  # fmt: skip
    if W2.shape != (h, 1):
        raise AnswerError(f"W2 has shape {W2.shape}; from {h} hidden units to 1 output it "
                          f"is ({h}, 1)")  # fmt: skip
    if b2.shape not in ((1,), ()):
        raise AnswerError(f"b2 has shape {b2.shape}; the output layer has one unit, so b2 "
                          "is (1,)")  # fmt: skip
    net = MLP([2, h, 1], ["relu", "linear"])
    for layer, W, b in zip(net.layers, (W1, W2), (b1, b2.reshape(1)), strict=True):
        layer.weights, layer.biases = W, b
    return net


@checker
def check_max_network(weights: object, biases: object) -> CheckResult:
    """Check the weights and biases of a 2 -> h -> 1 network (ReLU hidden
    layer, linear output) that computes ``max(x1, x2)`` for every input.

    Any width ``h`` will do. Shapes follow npdl: ``W1`` is ``(2, h)``, ``b1``
    is ``(h,)``, ``W2`` is ``(h, 1)``, ``b2`` is ``(1,)``.

    Parameters
    ----------
    weights : list of two arrays
        ``[W1, W2]``.
    biases : list of two arrays
        ``[b1, b2]``.

    Returns
    -------
    CheckResult
        True when the network's output is ``max(x1, x2)`` in every case; the
        report is printed.

    Examples
    --------
    >>> W1 = [[1.0, 0.0, 0.0], [-1.0, 1.0, -1.0]]
    >>> W2 = [[1.0], [1.0], [-1.0]]
    >>> ok = check_max_network([W1, W2], [[0.0, 0.0, 0.0], [0.0]])
    check_max_network: all 5 cases pass. Well done!
    ...
    """
    corner = exercise_rng().uniform(0.1, 3.0, size=(40, 2))
    through = ("a ReLU unit outputs 0 for a negative input, so relu(x) alone loses x "
               "when x < 0; to carry x through the hidden layer whatever its sign, use "
               "two units, relu(x) and relu(-x), and subtract them in the output layer")
    quadrants = [
        ("x1 and x2 both positive", (1, 1),
         "max(x1, x2) = x2 + max(x1 - x2, 0): one ReLU unit computes the second term"),
        ("x1 positive, x2 negative", (1, -1), through),
        ("x1 negative, x2 positive", (-1, 1), through),
        ("x1 and x2 both negative", (-1, -1), through),
    ]  # fmt: skip
    inputs = [(label, corner * np.array(signs), hint) for label, signs, hint in quadrants]
    inputs.append(("on the line x1 = x2, and far out", np.array(
        [[-5.0, -5.0], [0.0, 0.0], [2.5, 2.5], [100.0, -100.0], [-100.0, 100.0]]),
        "the output must be max(x1, x2) exactly, on both sides of the line x1 = x2 "
        "and for large inputs too"))  # fmt: skip

    def output(X):
        return _max_network(weights, biases).forward(X)

    try:  # a network that cannot be built gets a hint about its shapes
        _max_network(weights, biases)
    except AnswerError:
        shapes = ("fix the shapes first: weights = [W1, W2] and biases = [b1, b2], with "
                  "W1 (2, h), b1 (h,), W2 (h, 1) and b2 (1,) for h hidden units")
        inputs = [(label, X, shapes) for label, X, _ in inputs]

    def first_rows(label, X):  # inputs a learner can trace by hand
        rows = ", ".join(f"({a:.4g}, {b:.4g})" for a, b in X[:3])
        return f"{len(X)} inputs ({label}), the first x = {rows}, ..."

    cases = [
        Case(label, (X,), np.maximum(X[:, 0], X[:, 1])[:, None], hint,
             rtol=1e-9, atol=1e-9, show=first_rows(label, X))
        for label, X, hint in inputs
    ]  # fmt: skip
    def untouched(value):  # None, or the starter's [None, None]
        return is_placeholder(value) or (
            isinstance(value, list | tuple) and len(value) > 0 and is_placeholder(*value))

    return _check("check_max_network", output, cases, ("X",), function=False,
                  attempted=not (untouched(weights) and untouched(biases)))  # fmt: skip


# --------------------------------------------------------------------------
# the multi-layer perceptron
# --------------------------------------------------------------------------


def _count_regions(net, start, end) -> tuple[int, int]:
    """The model answer of the exercise, worked out unit by unit for a
    network with one hidden ReLU layer: ``(regions, pieces)`` along the
    segment from `start` to `end`."""
    hidden, output = net.layers
    z0 = np.asarray(start, dtype=float) @ hidden.weights + hidden.biases
    z1 = np.asarray(end, dtype=float) @ hidden.weights + hidden.biases
    crossing = z0 * z1 < 0  # the unit changes sign inside the segment
    t = z0[crossing] / (z0[crossing] - z1[crossing])
    # the output's slope (per unit of t) changes by w |z1 - z0| there
    bend = np.abs(z1 - z0)[crossing, None] * output.weights[crossing]
    places = np.unique(t)
    change = np.array([np.abs(bend[t == s].sum(axis=0)).max() for s in places])
    scale = np.abs(bend).max(initial=0.0)
    return places.size + 1, int(np.count_nonzero(change > 1e-9 * scale)) + 1


def _shallow_net(switch_at: list[float], out: list[float], seed: int,
                 twins: dict[int, tuple[int, float]] | None = None) -> MLP:
    """A 2-n-1 ReLU network whose hidden unit j changes sign at position
    ``switch_at[j]`` of the exercise's segment (outside [0, 1]: not on it);
    ``twins[j] = (i, s)`` makes unit j unit i scaled by s > 0, so both
    switch at exactly the same place."""
    rng = np.random.default_rng(seed)
    n = len(switch_at)
    W = rng.normal(size=(2, n))
    at = _SEGMENT[0] + np.asarray(switch_at)[:, None] * (_SEGMENT[1] - _SEGMENT[0])
    b = -np.einsum("jk,kj->j", at, W)  # z_j = 0 at the point at[j]
    for j, (i, s) in (twins or {}).items():
        W[:, j], b[j] = s * W[:, i], s * b[i]
    net = MLP([2, n, 1])
    net.layers[0].weights, net.layers[0].biases = W, b
    net.layers[1].weights = np.asarray(out, dtype=float)[:, None]
    net.layers[1].biases = np.array([0.3])
    return net


_SEGMENT = (np.array([-3.0, -2.0]), np.array([3.0, 2.5]))


def _regions_pieces(result: object) -> object:
    """The learner's ``(regions, pieces)``, checked to be two numbers."""
    if isinstance(result, numbers.Number) or (isinstance(result, np.ndarray)
                                              and result.ndim == 0):  # fmt: skip
        raise AnswerError(f"returned one number, {_short(result, 30)}; return two: "
                          "(regions, pieces)")  # fmt: skip
    if isinstance(result, str | bytes | dict) or len(np.shape(result)) != 1 \
            or len(result) != 2:  # fmt: skip
        raise AnswerError(f"returned {_short(result, 60)}; return two numbers: "
                          "(regions, pieces)")  # fmt: skip
    return result


def _calls_kinks_along(fn: Callable) -> Text:
    names, _, objects = code_facts(fn)
    if "kinks_along" in names or any(obj is kinks_along for obj in objects):
        return Text("its code calls npdl.network.kinks_along")
    return Text("")


@checker
def check_regions_and_pieces(fn: Callable) -> CheckResult:
    """Check ``count_regions(net, start, end)``: for a network with one
    hidden ReLU layer and one output, the number of activation regions the
    segment from `start` to `end` crosses and the number of linear pieces
    the output has along it, ``(regions, pieces)``, both exact.

    The expected counts come from :func:`npdl.network.kinks_along`. The
    cases are built so that each shortcut fails one: a unit that changes
    sign outside the segment, a unit whose outgoing weight is 0 (a new
    region, no kink), two switches 1e-7 apart (a sampled grid merges them),
    two units that switch at the same place (one border, not two), and two
    such units whose effects on the slope cancel. The last case looks at
    the code: calling ``kinks_along`` is not doing the exercise.

    Parameters
    ----------
    fn : callable
        Your ``count_regions(net, start, end)``, returning two ints.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_regions_and_pieces(_count_regions)
    check_regions_and_pieces: all 6 cases pass. Well done!
    ...
    """
    start, end = _SEGMENT
    designs = [
        ("a 2-8-1 network; two units change sign off the segment",
         _shallow_net([-0.4, 0.1, 0.23, 0.37, 0.5, 0.71, 0.86, 1.3],
                      [0.8, -1.1, 0.6, 1.4, -0.7, 0.9, -1.2, 0.5], seed=1),
         "unit j's pre-activation along the segment is z_j(t) = z_j(0) + t (z_j(1) - "
         "z_j(0)): it switches where z_j(t) = 0 with 0 < t < 1, i.e. where z_j(0) and "
         "z_j(1) have opposite signs; a unit that keeps its sign adds nothing"),
        ("a unit whose outgoing weight is 0",
         _shallow_net([0.15, 0.3, 0.45, 0.6, 0.75, 0.9],
                      [1.0, -0.8, 0.0, 1.2, -0.6, 0.9], seed=2),
         "a unit whose outgoing weight is 0 switches (the segment enters a new region) "
         "but does not bend the output: count regions from the switches and pieces from "
         "the changes of the output's slope"),
        ("two units that switch 1e-7 apart",
         _shallow_net([0.2, 0.4, 0.4 + 1e-7, 0.6, 0.8], [1.0, 0.7, -1.3, 0.9, -0.5],
                      seed=3),
         "two units switch 1e-7 apart, closer than any grid you can afford: solve "
         "z_j(t) = 0 for t exactly instead of sampling points"),
        ("two units that switch at the same place",
         _shallow_net([0.25, 0.5, 0.7, 0.0], [1.0, -0.9, 0.6, 0.8], seed=4,
                      twins={3: (0, 2.0)}),
         "two units switch at the same t: the segment crosses one border there, and the "
         "output has one kink, not two: count distinct positions"),
        ("two units whose effects cancel",
         _shallow_net([0.3, 0.55, 0.8, 0.0], [1.0, 0.7, -0.6, -1.0], seed=5,
                      twins={3: (0, 1.0)}),
         "two identical units switch at the same t, with outgoing weights 1 and -1: the "
         "slope changes they cause cancel (unit j changes the slope by w_j |z_j(1) - "
         "z_j(0)|), so the region changes and the output does not bend"),
    ]  # fmt: skip
    cases = [
        Case(label, (net, start, end), _exact_counts(net, start, end), hint,
             show=f"{label}: count_regions(net, (-3, -2), (3, 2.5))",
             convert=_regions_pieces)
        for label, net, hint in designs
    ]  # fmt: skip
    cases.append(Case(
        "counted by your own code, without kinks_along", (),
        Expect("a function that does not call kinks_along", lambda got: got == "",
               failure="npdl.network.kinks_along does the counting for you", shape=None),
        "find the switches and the slope changes yourself, from the weights",
        show="the function's code", call=lambda f: _calls_kinks_along(f),
        needs_answer=False))  # fmt: skip
    return _check("check_regions_and_pieces", fn, cases, ("net", "start", "end"))


def _exact_counts(net, start, end) -> np.ndarray:
    """``(regions, pieces)`` along the segment, from :func:`kinks_along`."""
    kinks, switches = kinks_along(net, start, end)
    return np.array([switches.size + 1, kinks.size + 1])


# The architecture exercise: hidden layers at least this wide, and the
# budget of parameters.
_MIN_WIDTH, _BUDGET = 8, 1000


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
def check_deepest_architecture(layer_sizes: object) -> CheckResult:
    """Check a design: the deepest MLP for 2 inputs and 1 output whose hidden
    layers are all at least 8 units wide, within 1,000 parameters.

    The largest number of hidden layers is found with :class:`npdl.MLP`'s
    ``count_params``, by adding 8-wide layers until the budget is spent.

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
    >>> ok = check_deepest_architecture([2] + [8] * 14 + [1])
    check_deepest_architecture: all 5 cases pass. Well done!
    ...
    """

    def count(s):
        return sum(a * b + b for a, b in zip(s[:-1], s[1:], strict=True))

    deepest = 1
    while MLP([2] + [_MIN_WIDTH] * (deepest + 1) + [1]).count_params() <= _BUDGET:
        deepest += 1
    per_layer = MLP([_MIN_WIDTH, _MIN_WIDTH]).count_params()
    rules = [
        ("2 inputs", lambda s: s[0] == 2, "the first width is the number of inputs: 2"),
        ("1 output", lambda s: s[-1] == 1, "the last width is the number of outputs: 1"),
        (f"every hidden layer at least {_MIN_WIDTH} units wide",
         lambda s: len(s) > 2 and min(s[1:-1]) >= _MIN_WIDTH,
         f"hidden layers are the widths between the first and the last; each needs "
         f"{_MIN_WIDTH} units or more"),
        (f"at most {_BUDGET:,} parameters", lambda s: count(s) <= _BUDGET,
         "each layer costs n_in * n_out weights plus n_out biases: count the biases "
         "too, and the output layer"),
        ("as many hidden layers as the budget allows", lambda s: len(s) - 2 >= deepest,
         f"a hidden layer of {_MIN_WIDTH} after another costs {_MIN_WIDTH} * "
         f"{_MIN_WIDTH} + {_MIN_WIDTH} = {per_layer} parameters: take off what the first "
         f"hidden layer and the output layer cost, and see how many of those fit in "
         f"what is left"),
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
    return _check("check_deepest_architecture", verdict, cases, ("rule",), function=False,
                  attempted=not (layer_sizes is None or layer_sizes is Ellipsis))  # fmt: skip


def _sawtooth_net(n_layers: int) -> MLP:
    """The model answer: the tent map composed `n_layers` times, one hidden
    layer of 2 ReLU units per tent."""
    net = MLP([1] + [2] * n_layers + [1])
    net.layers[0].weights = np.array([[1.0, 1.0]])
    for layer in net.layers[1:-1]:
        # the tent's output weights (2, -4) times the next tent's input (1, 1)
        layer.weights = np.array([[2.0], [-4.0]]) @ np.array([[1.0, 1.0]])
    for layer in net.layers[:-1]:
        layer.biases = np.array([0.0, -0.5])
    net.layers[-1].weights = np.array([[2.0], [-4.0]])
    net.layers[-1].biases = np.array([0.0])
    return net


def _pieces_on_unit_interval(layers: list) -> int:
    net = MLP([1, 1])
    net.layers = list(layers)
    return int(kinks_along(net, [0.0], [1.0])[0].size + 1)


def _sawtooth_pieces(n_layers: int) -> Callable[[object], int]:
    """Read the learner's network: its shape, its activations, then its
    number of linear pieces on [0, 1]; say where the doubling stops."""
    want = [1] + [2] * n_layers + [1]

    def read(net: object) -> int:
        if not isinstance(net, MLP):
            raise AnswerError(f"returned {_short(net, 60)}; return an npdl.MLP whose "
                              "weights and biases you have set")  # fmt: skip
        sizes = [net.layers[0].n_inputs] + [layer.n_outputs for layer in net.layers]
        if sizes != want:
            raise AnswerError(f"the network has layer sizes {sizes}; {n_layers} hidden "
                              f"layer{'s' if n_layers > 1 else ''} of 2 units make "
                              f"{want}")  # fmt: skip
        for i, layer in enumerate(net.layers, start=1):  # (Dense checks the shapes)
            if not (np.all(np.isfinite(layer.weights)) and np.all(np.isfinite(layer.biases))):
                raise AnswerError(f"layer {i} has weights or biases that are not finite")
        hidden = [layer.activation for layer in net.layers[:-1]]
        if any(name != "relu" for name in hidden):
            raise AnswerError(f"the hidden layers use {hidden}; make them all 'relu'")
        if net.layers[-1].activation not in ("linear", "relu"):
            raise AnswerError(f"the output layer uses {net.layers[-1].activation!r}; "
                              "make it 'linear'")  # fmt: skip
        pieces = _pieces_on_unit_interval(net.layers)
        if pieces >= 2**n_layers:
            return pieces
        for k in range(1, n_layers + 1):
            so_far = _pieces_on_unit_interval(net.layers[:k])
            if so_far < 2**k:
                where = ("hidden layer 1 should already cut [0, 1] in two: its units see "
                         "x, as the tent's do" if k == 1 else
                         f"the pieces stop doubling at hidden layer {k} ({so_far} "
                         f"pieces of [0, 1] where {2**k} are possible): both its units "
                         "must receive the tent of the layer before, which rises from 0 "
                         "to 1 and falls back on each piece, and one of them must "
                         "switch at 1/2")  # fmt: skip
                break
        else:
            where = ("the hidden layers double the pieces, but the output layer loses "
                     "some: it must combine the last two units as the tent does")
        raise AnswerError(f"the network has {pieces} linear piece"
                          f"{'s' if pieces != 1 else ''} on [0, 1], not "
                          f"{2**n_layers}: {where}")  # fmt: skip

    return read


@checker
def check_sawtooth(fn: Callable) -> CheckResult:
    """Check ``sawtooth_net(n_layers)``: an :class:`npdl.MLP` from 1 input to
    1 output with `n_layers` hidden layers of 2 ReLU units whose output has
    at least ``2**n_layers`` linear pieces on [0, 1].

    The pieces are counted exactly with :func:`npdl.network.kinks_along`.
    A network with too few pieces is told where the doubling stops: at the
    first hidden layer whose units cut [0, 1] into fewer than 2^k pieces,
    or at the output layer.

    Parameters
    ----------
    fn : callable
        Your ``sawtooth_net(n_layers)``, returning an ``npdl.MLP``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> ok = check_sawtooth(_sawtooth_net)
    check_sawtooth: all 5 cases pass. Well done!
    ...
    """
    cases = [
        Case(f"{n} hidden layer{'s' if n > 1 else ''} of 2 units", (n,),
             Expect(f"at least {2**n} linear pieces on [0, 1]",
                    lambda got, n=n: bool(np.all(got >= 2**n)),
                    failure=f"fewer than {2**n} pieces"),
             "each hidden layer computes the tent of what the layer before computed; the "
             "tent's output layer and the next tent's first layer are two affine maps "
             "in a row, and two affine maps in a row are one",
             show=f"sawtooth_net({n})", convert=_sawtooth_pieces(n))
        for n in (1, 2, 3, 5, 8)
    ]  # fmt: skip
    return _check("check_sawtooth", fn, cases, ("n_layers",))
