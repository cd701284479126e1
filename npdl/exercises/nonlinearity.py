"""Checkers for Part III, *Why non-linearity matters*: the linear collapse and XOR."""

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
    Text,
    _check,
    _check_membership,
    _numbers,
    _refuse,
    _short,
    checker,
    exercise_rng,
    is_placeholder,
    number_array,
    real_number,
)
from npdl.exercises.activations import _activation_name
from npdl.exercises.neuron import _GATES

__all__ = [
    "XOR_GELU_NEURON",
    "XOR_TRACED",
    "check_constant_collapse",
    "check_rank_bound",
    "check_single_neuron_gates",
    "check_single_neuron_xor",
    "check_xor_network",
]


def _layers(weights: object, biases: object) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The learner's linear network as float arrays, or :class:`AnswerError`
    saying what is wrong with it."""
    for value, what in ((weights, "weights"), (biases, "biases")):
        if value is None or value is Ellipsis:
            raise AnswerError(f"{what} is still {value!r}: give it a value")
        if not isinstance(value, list | tuple):
            raise AnswerError(f"{what} is {_short(value, 40)} ({type(value).__name__}); "
                              f"give a list with one array per layer, e.g. [W1, W2]")  # fmt: skip
    if len(weights) != len(biases):
        raise AnswerError(f"weights has {len(weights)} layers and biases {len(biases)}: "
                          "give one bias vector per weight matrix")  # fmt: skip
    ws, bs = [], []
    for layer, (W_l, b_l) in enumerate(zip(weights, biases, strict=True), start=1):
        arr, problem = _numbers(W_l)
        if arr is None:
            raise AnswerError(f"W{layer} is {problem}")
        if arr.ndim != 2 or 0 in arr.shape:
            raise AnswerError(f"W{layer} has shape {arr.shape}; a weight matrix has shape "
                              "(n_inputs, n_outputs), both at least 1")  # fmt: skip
        if ws and arr.shape[0] != ws[-1].shape[1]:
            raise AnswerError(f"W{layer} has shape {arr.shape}, but layer {layer - 1} has "
                              f"{ws[-1].shape[1]} outputs: the shapes must chain, "
                              f"(n0, n1), (n1, n2), ...")  # fmt: skip
        n_out = arr.shape[1]
        b = number_array(b_l, f"b{layer}", ((n_out,), (1, n_out))).reshape(-1)
        arr = arr.astype(np.float64)
        if not (np.all(np.isfinite(arr)) and np.all(np.isfinite(b))):
            raise AnswerError(f"layer {layer} holds nan or inf: give finite numbers")
        ws.append(arr)
        bs.append(b)
    return ws, bs


def _scale(ws: list[np.ndarray]) -> float:
    """A bound on the size of the entries of W1 @ ... @ WL: round-off below
    1e-9 of it counts as 0."""
    return float(np.prod([np.linalg.norm(W) for W in ws]))


def _constant_collapse_hint(weights: object, biases: object) -> str:
    """The hint for a network whose collapsed matrix is not 0, aimed at the
    mistake the answer shows where it can tell."""
    general = ("x @ W1 @ W2 is the same for every x exactly when W1 @ W2 = 0, so every "
               "row of W1 must be orthogonal to every column of W2. Layers that are "
               "opposites do not cancel: W @ (-W) = -(W @ W)")  # fmt: skip
    try:
        ws, _ = _layers(weights, biases)
    except AnswerError:
        return general
    if len(ws) == 2 and ws[0].shape[1] == 1:
        return ("with a hidden layer of width 1, W1 @ W2 is a column times a row, and "
                "its entry (k, j) is (W1)_k0 * (W2)_0j: never 0 when no weight is 0. "
                "Give the hidden layer at least 2 units")  # fmt: skip
    backwards = ws[::-1]
    pairs = zip(backwards[:-1], backwards[1:], strict=True)
    chains = all(a.shape[1] == b.shape[0] for a, b in pairs)
    if len(ws) >= 2 and chains:
        product = np.linalg.multi_dot(backwards)
        if np.max(np.abs(product)) <= 1e-9 * _scale(ws):
            return ("samples are rows, so the network computes x @ W1 @ W2 @ ...: it is "
                    "W1 @ W2 @ ... that must be 0, and you made the product in the column "
                    "convention's order, ... @ W2 @ W1, zero instead")  # fmt: skip
    return general


@checker
def check_constant_collapse(weights: object, biases: object) -> CheckResult:
    """Check a linear network (no activations) of two or more layers, with no
    zero weight, whose output is the same for every input.

    Parameters
    ----------
    weights : list of 2-D array_like
        ``[W1, W2, ...]``, ``W_l`` of shape ``(n_{l-1}, n_l)``.
    biases : list of 1-D array_like
        ``[b1, b2, ...]``, ``b_l`` of shape ``(n_l,)``.

    Returns
    -------
    CheckResult
        True when the network has two or more layers, no weight is zero, and
        the collapsed matrix ``W1 @ ... @ WL`` (from
        :func:`npdl.network.collapse_affine`) is 0 up to round-off, so the
        network outputs the same vector for every input; the report is printed.

    Examples
    --------
    >>> ok = check_constant_collapse([[[1, 2], [2, 4]], [[2, 2], [-1, -1]]],
    ...                              [[0, 0], [1, 1]])
    check_constant_collapse: all 4 cases pass. Well done!
    ...
    """
    from npdl.network import collapse_affine

    def answer(part):
        ws, bs = _layers(weights, biases)
        if part == "layers":
            return len(ws)
        if not ws:
            raise AnswerError("weights and biases are empty: give at least two layers")
        if part == "zeros":
            zeros = [f"W{k} has {int(np.sum(W == 0))} zero entries"
                     for k, W in enumerate(ws, start=1) if np.any(W == 0)]  # fmt: skip
            return Text("; ".join(zeros) if zeros else "none")
        if part == "collapsed":
            return collapse_affine(ws, bs)[0]
        X = exercise_rng().normal(scale=3.0, size=(5, ws[0].shape[0]))
        A = X
        for W_l, b_l in zip(ws, bs, strict=True):
            A = A @ W_l + b_l
        return A

    def is_zero(W):
        ws, _ = _layers(weights, biases)
        return bool(np.max(np.abs(W)) <= 1e-9 * _scale(ws))

    def rows_equal(A):
        ws, _ = _layers(weights, biases)
        tol = 1e-9 * (1.0 + float(np.max(np.abs(A))) + 10 * _scale(ws))
        return bool(np.max(np.abs(A - A[0])) <= tol)

    try:
        if not isinstance(weights, list | tuple):
            raise TypeError  # iterating over an array would show its rows
        shapes = " -> ".join(str(np.shape(W)) for W in weights)
        show = f"weights of shapes {shapes}"
    except Exception:  # not a list of arrays: the cases say what is wrong
        show = f"weights = {_short(weights, 60)}"
    try:
        _layers(weights, biases)
        first_hint = ("one layer x @ W1 + b1 is constant only when W1 = 0; the exercise "
                      "asks for a stack of layers, weights = [W1, W2, ...], whose product "
                      "cancels")  # fmt: skip
    except AnswerError:
        first_hint = ("fix the network's shapes first: weights = [W1, W2, ...] and "
                      "biases = [b1, b2, ...], W_l of shape (n_{l-1}, n_l) and b_l of "
                      "shape (n_l,)")  # fmt: skip
    cases = [
        Case("a stack of two or more layers", ("layers",),
             Expect("2 or more layers", lambda n: n >= 2,
                    failure="one layer ignores its input only when its W is 0"),
             first_hint, show=show),
        Case("no weight is zero", ("zeros",),
             Expect("no zero entry in any weight matrix", lambda got: got == "none",
                    failure="some weights are 0", shape=None),
             "a zero matrix, row or column makes the cancellation trivial; keep every "
             "weight non-zero and let the product W1 @ W2 cancel",
             show=show),
        Case("the collapsed matrix W1 @ ... @ WL is 0", ("collapsed",),
             Expect("the zero matrix, up to round-off", is_zero,
                    failure="W1 @ ... @ WL is not 0, so the output depends on x",
                    shape=None),
             _constant_collapse_hint(weights, biases), show=show),
        Case("the output is the same for every input", ("outputs",),
             Expect("five equal rows: one output for five random inputs", rows_equal,
                    failure="the outputs differ from input to input", shape=None),
             "when W1 @ ... @ WL = 0 every input gives b1 @ W2 @ ... @ WL + ... + bL; "
             "check the product first", show=show),
    ]  # fmt: skip
    return _check("check_constant_collapse", answer, cases, ("part",), function=False,
                  attempted=not is_placeholder(weights, biases),
                  list_cases=False)  # fmt: skip


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
    """Check which of the gates AND, OR, NAND, XOR and XNOR a single neuron with
    a monotone activation (a sigmoid, say) and a threshold can compute: those
    whose true corners a line separates from the false ones.

    Parameters
    ----------
    names : collection of str
        The gates (names as in :data:`~npdl.exercises.neuron.GATES`, any
        case) that you think such a neuron can compute.

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


#: The GELU neuron the chapter "XOR" shows: weights, bias and threshold. It
#: computes XOR with class 1 where its output is below the threshold; the
#: exercise asks for a neuron of its own, so the checker does not accept it.
XOR_GELU_NEURON = ((1.0, 1.0), -1.75, -0.1)


def _is_monotone(g: Callable) -> bool:
    """Does `g` never change direction (checked on a fine grid)?"""
    steps = np.diff(g(np.linspace(-10.0, 10.0, 20_001)))
    return bool(np.all(steps >= 0) or np.all(steps <= 0))


def _xor_neuron(weights, bias, threshold) -> tuple[np.ndarray, float, float]:
    return (number_array(weights, "weights", ((2,),)), real_number(bias, "bias"),
            real_number(threshold, "threshold"))  # fmt: skip


def _xor_neuron_hint(weights, bias, threshold, g, name) -> str:
    """The hint for a corner on the wrong side, from the learner's outputs."""
    how = (f"with weights (w1, w2) and bias b the pre-activations are b, w1 + b, w2 + b "
           f"and w1 + w2 + b: the middle two, for (0, 1) and (1, 0), must land in "
           f"{name}'s dip, near its minimum, and b and w1 + w2 + b on either side of it, "
           f"where {name} is higher (where is {name}'s minimum?)")  # fmt: skip
    try:
        w, b, t = _xor_neuron(weights, bias, threshold)
    except AnswerError:
        return how
    corners, _ = make_xor()
    with np.errstate(all="ignore"):
        a = np.asarray(g(corners @ w + b), dtype=np.float64)
    if not np.all(np.isfinite(a)) or not np.isfinite(t):
        return how
    low, high = max(a[1], a[2]), min(a[0], a[3])
    outputs = ", ".join(f"{v:.4g}" for v in a)
    if low < high:
        return (f"your neuron's outputs at (0,0), (0,1), (1,0), (1,1) are {outputs}: they "
                f"do separate XOR, with any threshold strictly between {low:.4g} and "
                f"{high:.4g} (class 1 is where the output is below it); yours is "
                f"{t:.4g}")  # fmt: skip
    if max(a[0], a[3]) < min(a[1], a[2]):
        return (f"your neuron's outputs at (0,0), (0,1), (1,0), (1,1) are {outputs}: it "
                f"puts (0, 0) and (1, 1) in {name}'s dip, so it computes XOR with class 1 "
                f"*above* a threshold. This exercise asks for class 1 below the threshold: "
                f"put the dip under (0, 1) and (1, 0) instead")  # fmt: skip
    return (f"your neuron's outputs at (0,0), (0,1), (1,0), (1,1) are {outputs}: no "
            f"threshold can work, because (0, 1) and (1, 0) must both give lower outputs "
            f"than (0, 0) and (1, 1); {how}")  # fmt: skip


@checker
def check_single_neuron_xor(weights: object, bias: object, threshold: object,
                            activation: str = "swish") -> CheckResult:  # fmt: skip
    """Check one neuron ``a = g(x @ weights + bias)`` that computes XOR: class 1
    where its output is below `threshold`.

    No monotone activation can (the chapter proves it); an activation that
    dips below zero, such as Swish, can, when the corners with one input on
    land in its dip.

    Parameters
    ----------
    weights : two numbers
        The neuron's weights.
    bias : number
        The neuron's bias.
    threshold : number
        Class 1 is predicted where the output is below it.
    activation : str, default "swish"
        The activation (a registry name).

    Returns
    -------
    CheckResult
        True when all four corners come out right; the report is printed.

    Examples
    --------
    >>> ok = check_single_neuron_xor([1.0, 1.0], -2.28, -0.25)
    check_single_neuron_xor: all 6 cases pass. Well done!
    ...
    """
    name = _activation_name(activation)
    if name not in ACTIVATIONS or not ACTIVATIONS[name].elementwise:
        elementwise = sorted(n for n, r in ACTIVATIONS.items() if r.elementwise)
        return _refuse("check_single_neuron_xor",
                       f"unknown or not elementwise activation {_short(activation, 40)}; "
                       f"choose from {elementwise}")  # fmt: skip
    g = ACTIVATIONS[name].function
    corners, labels = make_xor()

    def output(corner):
        if isinstance(corner, str):
            if corner == "monotone":
                return Text("monotone" if _is_monotone(g) else "not monotone")
            w, b, t = _xor_neuron(weights, bias, threshold)
            chapter = XOR_GELU_NEURON
            same = (name == "gelu" and np.allclose(w, chapter[0]) and np.isclose(b, chapter[1]))
            return Text("the chapter's" if same else "your own")
        w, b, _ = _xor_neuron(weights, bias, threshold)
        return float(np.asarray(g(corner @ w + b), dtype=np.float64))

    def on_side(a, label):
        _, _, t = _xor_neuron(weights, bias, threshold)
        return bool(a < t) if label else bool(a > t)

    hint = _xor_neuron_hint(weights, bias, threshold, g, name)
    show = (f"weights = {_short(weights, 40)}, bias = {_short(bias, 20)}, "
            f"threshold = {_short(threshold, 20)}, activation = {name}")
    cases = [Case(
        f"{name} is not monotone", ("monotone",),
        Expect("an activation that is not monotone", lambda got: got == "not monotone",
               failure=f"{name} is monotone", shape=None),
        "with a monotone activation a neuron's class-1 corners are those whose "
        "pre-activation is above (or below) some value, so a line would separate "
        "XOR: impossible. Use an activation that dips, e.g. activation='swish'",
        show=f"activation = {name}",
    )]  # fmt: skip
    for corner, label in zip(corners, labels, strict=True):
        x1, x2 = (int(c) for c in corner)
        side = "below" if label else "above"
        cases.append(Case(
            f"({x1}, {x2}) -> {label}", (corner,),
            Expect(f"an output {side} the threshold (XOR is {label})",
                   lambda a, t=label: on_side(a, t),
                   failure="the output is on the wrong side of the threshold"),
            hint, show=f"x = ({x1}, {x2}), {show}",
        ))  # fmt: skip
    cases.append(Case(
        "a neuron of your own, not the chapter's GELU one", ("own",),
        Expect("a neuron other than the chapter's: GELU, weights (1, 1), bias -1.75",
               lambda got: got == "your own", failure="this is the chapter's neuron",
               shape=None),
        "the exercise asks for a Swish neuron: find where Swish's dip is, and put the "
        "corners with one input on there", show=show,
    ))  # fmt: skip
    return _check("check_single_neuron_xor", output, cases, ("x",), function=False,
                  attempted=not is_placeholder(weights, bias, threshold))  # fmt: skip
