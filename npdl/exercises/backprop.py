"""Checkers for Part V, *Learning*: the chapter *Backpropagation and gradient checking*.

The expected values come from npdl itself (:mod:`npdl.losses`,
:mod:`npdl.gradcheck`, :class:`npdl.layers.Dense`, :class:`npdl.MLP`), never from
numbers typed in: the gradients of one dense layer from ``Dense.backward``,
the gradients of a two-layer network from central differences (a gradient
check), and which initialisations break the symmetry of a hidden layer
from training the networks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from npdl.datasets import make_xor
from npdl.exercises._engine import (
    AnswerError,
    Case,
    CheckResult,
    _check,
    _check_membership,
    checker,
    exercise_rng,
)
from npdl.gradcheck import numerical_gradient
from npdl.layers import Dense
from npdl.losses import (
    binary_cross_entropy_with_logits_gradient,
    cross_entropy,
)
from npdl.network import MLP

__all__ = [
    "SYMMETRY_INITS",
    "check_dense_backward",
    "check_fixed_gradients",
    "check_symmetry_breaking",
]


def _parts(result: object, names: tuple[str, ...], call: str) -> tuple:
    """The learner's tuple of gradients, or :class:`AnswerError` saying what
    came back instead."""
    if isinstance(result, tuple | list) and len(result) == len(names):
        return tuple(result)
    if isinstance(result, tuple | list):
        what = f"{len(result)} things"
    else:
        what = f"one {type(result).__name__}"
    raise AnswerError(f"returned {what}; {call} must return {len(names)} arrays: "
                      f"return {', '.join(names)}")  # fmt: skip


# --------------------------------------------------------------------------
# the backward pass of one dense layer
# --------------------------------------------------------------------------

_DENSE_OUT = ("dX", "dW", "db")


def _dense_answer(X, W, b, dA, activation) -> tuple[np.ndarray, ...]:
    """``(dX, dW, db)`` as :class:`npdl.layers.Dense` computes them."""
    layer = Dense(W.shape[0], W.shape[1], activation=activation)
    layer.weights, layer.biases = W, b
    layer.forward(X)
    dX = layer.backward(dA)
    return dX, layer.dW.copy(), layer.db.copy()


@checker
def check_dense_backward(fn: Callable) -> CheckResult:
    """Check ``dense_backward(X, W, Z, dA, activation)``: the backward pass of
    a dense layer ``A = g(X @ W + b)``, returning ``(dX, dW, db)``.

    `Z` is the pre-activation the forward pass kept, `dA` the gradient of the
    loss with respect to the layer's output `A`, and `activation` the name
    of an elementwise activation in the registry. `X` is a batch of shape
    ``(n_samples, n_inputs)`` or one sample of shape ``(n_inputs,)``. The
    expected values are those of :meth:`npdl.layers.Dense.backward`.

    The cases are chosen so that the common mistakes fail: a layer whose
    batch, inputs and outputs all have the same size (where ``dZ.T @ X``
    and ``dZ @ W`` have the right shapes and wrong values), activations
    whose derivative at the output ``g(Z)`` differs from the derivative at
    ``Z``, a batch of one sample and a single 1-D sample.

    Parameters
    ----------
    fn : callable
        Your ``dense_backward(X, W, Z, dA, activation)``, returning the
        three arrays ``dX, dW, db``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> from npdl import get_activation
    >>> def dense_backward(X, W, Z, dA, activation):
    ...     dZ = dA * get_activation(activation).derivative(Z)
    ...     if np.ndim(X) == 1:
    ...         return dZ @ W.T, np.outer(X, dZ), dZ
    ...     return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
    >>> ok = check_dense_backward(dense_backward)
    check_dense_backward: all 15 cases pass. Well done!
    ...
    """
    rng = exercise_rng()
    dz = "dZ = dA * g'(Z), the activation's derivative at the pre-activation Z"
    layers = [
        # label, activation, (n_samples or None for one 1-D sample, n_in, n_out), hints
        ("tanh, 5 samples, 3 -> 4", "tanh", (5, 3, 4), {
            "dX": f"dX = dZ @ W.T has the shape of X; {dz} (not at the output A = g(Z))",
            "dW": f"dW = X.T @ dZ has the shape of W; {dz}",
            "db": "db = dZ summed over the samples (axis 0): the bias is added to every "
                  "sample, so every sample's gradient adds to it (a sum, not a mean)",
        }),
        ("sigmoid, everything square: 3 samples, 3 -> 3", "sigmoid", (3, 3, 3), {
            "dX": "with a square W, dZ @ W has the right shape and the wrong values: "
                  "dX[i, k] = sum over j of dZ[i, j] W[k, j], i.e. dZ @ W.T",
            "dW": "with a square batch, dZ.T @ X has the right shape and is the "
                  "transpose of the answer: dW[k, j] = sum over i of X[i, k] dZ[i, j], "
                  "i.e. X.T @ dZ",
            "db": "sum dZ over the samples, axis 0",
        }),
        ("relu, 6 samples, 2 -> 3, some units off", "relu", (6, 2, 3), {
            "dX": f"{dz}: where a ReLU unit is off, no gradient passes",
            "dW": f"{dz}: where a ReLU unit is off, no gradient passes",
            "db": f"{dz}, then sum over the samples",
        }),
        ("elu, a batch of one sample, 3 -> 2", "elu", (1, 3, 2), {
            "dX": f"{dz}; for ELU the derivative at A = g(Z) is a different number "
                  "wherever Z < 0",
            "dW": "X.T @ dZ works for a batch of one sample too: shape (n_inputs, "
                  "n_outputs)",
            "db": "db has one entry per output, shape (n_outputs,), even for a batch "
                  "of one: sum over axis 0",
        }),
        ("softplus, one 1-D sample of shape (3,), 3 -> 2", "softplus", (None, 3, 2), {
            "dX": "one sample of shape (n_inputs,) gives dX = dZ @ W.T of shape "
                  "(n_inputs,), dW = np.outer(X, dZ) (X.T does nothing to a 1-D "
                  "array) and db = dZ",
            "dW": "X.T does nothing to a 1-D array: for one sample dW is the outer "
                  "product np.outer(X, dZ), shape (n_inputs, n_outputs)",
            "db": "for one sample there is nothing to sum: db = dZ",
        }),
    ]  # fmt: skip
    cases = []
    for label, activation, (n, n_in, n_out), hints in layers:
        X = rng.normal(size=(n_in,) if n is None else (n, n_in))
        W = rng.normal(size=(n_in, n_out))
        b = rng.normal(scale=0.5, size=n_out)
        Z = X @ W + b
        dA = rng.normal(size=Z.shape)
        expected = _dense_answer(X, W, b, dA, activation)
        shape = "one sample X" if n is None else "X"
        show = (f"{shape} {X.shape}, W {W.shape}, Z = X @ W + b and dA {Z.shape}, "
                f"activation = {activation!r}")  # fmt: skip
        for k, name in enumerate(_DENSE_OUT):
            cases.append(Case(
                f"{label}: {name}", (X, W, Z, dA, activation), expected[k], hints[name],
                show=show,
                convert=lambda r, k=k: _parts(r, _DENSE_OUT, "dense_backward")[k],
            ))  # fmt: skip
    return _check("check_dense_backward", fn, cases, ("X", "W", "Z", "dA", "activation"))


# --------------------------------------------------------------------------
# the bug hunt: a two-layer network, checked by central differences
# --------------------------------------------------------------------------

_TWO_LAYER_OUT = ("dW1", "db1", "dW2", "db2")


def _two_layer_loss(params: list[np.ndarray], X: np.ndarray, y: np.ndarray) -> float:
    """Cross-entropy of the logits of ``tanh(X @ W1 + b1) @ W2 + b2``."""
    W1, b1, W2, b2 = params
    return cross_entropy(np.tanh(X @ W1 + b1) @ W2 + b2, y)


def _numerical_gradients(params, X, y) -> list[np.ndarray]:
    """The gradient check's side: central differences of the loss with
    respect to each parameter array in turn."""
    params = [p.copy() for p in params]
    return [numerical_gradient(lambda: _two_layer_loss(params, X, y), p) for p in params]


@checker
def check_fixed_gradients(fn: Callable) -> CheckResult:
    """Check ``fixed_gradients(params, X, y)``: the gradients ``[dW1, db1, dW2,
    db2]`` of the mean cross-entropy of a two-layer network, tanh hidden
    layer and linear logits, ``params = [W1, b1, W2, b2]``, labels `y`.

    The expected values come from a gradient check: central differences of
    the loss (:func:`npdl.gradcheck.numerical_gradient`), which agree with a
    right analytic gradient to about ``1e-9``. Two networks: one whose hidden
    layer is as wide as its output (where a derivative evaluated at the
    wrong layer's pre-activation still has the right shape), and one whose
    is not.

    Parameters
    ----------
    fn : callable
        Your ``fixed_gradients(params, X, y)``, returning the four arrays.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> from npdl.losses import cross_entropy_gradient
    >>> def fixed_gradients(params, X, y):
    ...     W1, b1, W2, b2 = params
    ...     A1 = np.tanh(X @ W1 + b1)
    ...     dZ2 = cross_entropy_gradient(A1 @ W2 + b2, y)
    ...     dZ1 = (dZ2 @ W2.T) * (1 - A1**2)
    ...     return [X.T @ dZ1, dZ1.sum(0), A1.T @ dZ2, dZ2.sum(0)]
    >>> ok = check_fixed_gradients(fixed_gradients)
    check_fixed_gradients: all 8 cases pass. Well done!
    ...
    """
    rng = exercise_rng()
    hints = {
        "dW1": "compare each line of the hidden layer's backward pass with dZ1 = (dZ2 @ "
               "W2.T) * tanh'(Z1): which pre-activation does the derivative see?",
        "db1": "db1 is dZ1 summed over the samples; if dW1 is wrong too, the mistake is "
               "in dZ1",
        "dW2": "dW2 = A1.T @ dZ2, with dZ2 = cross_entropy_gradient(Z2, y) for the "
               "logits Z2 (it includes the mean's 1/n: divide once, not twice or never)",
        "db2": "db2 is dZ2 summed over the samples",
    }  # fmt: skip
    cases = []
    for label, (n, n_in, n_hidden, n_classes) in [
        ("2 -> 3 -> 3, 6 samples (as wide as the output)", (6, 2, 3, 3)),
        ("4 -> 5 -> 3, 7 samples", (7, 4, 5, 3)),
    ]:
        params = [rng.normal(size=(n_in, n_hidden)), rng.normal(scale=0.5, size=n_hidden),
                  rng.normal(size=(n_hidden, n_classes)),
                  rng.normal(scale=0.5, size=n_classes)]  # fmt: skip
        X = rng.normal(size=(n, n_in))
        y = np.arange(n) % n_classes  # every class present
        expected = _numerical_gradients(params, X, y)
        show = (f"params = [W1 {params[0].shape}, b1 {params[1].shape}, W2 "
                f"{params[2].shape}, b2 {params[3].shape}], X {X.shape}, labels y "
                f"{y.tolist()}")  # fmt: skip
        # in the order backward computes them, so a mistake made early in the
        # pass (the mean's 1/n in dZ2) is reported where it is made
        for name in ("dW2", "db2", "dW1", "db1"):
            k = _TWO_LAYER_OUT.index(name)
            cases.append(Case(
                f"{label}: {name}", (params, X, y), expected[k], hints[name], show=show,
                rtol=1e-5, atol=1e-8,
                convert=lambda r, k=k: _parts(r, _TWO_LAYER_OUT, "fixed_gradients")[k],
            ))  # fmt: skip
    return _check("check_fixed_gradients", fn, cases, ("params", "X", "y"))


# --------------------------------------------------------------------------
# symmetry
# --------------------------------------------------------------------------

#: The initialisations of the symmetry exercise, name -> description. Each
#: starts a 2 -> 4 -> 1 network (4 tanh hidden units, one logit), which is
#: then trained by full-batch gradient descent on the binary cross-entropy.
#: A hidden unit's "in" weights are its column of W1, its "out" weight its
#: row of W2; "random" means drawn from N(0, 1).
SYMMETRY_INITS = {
    "all weights 0.3, biases 0.1": "every weight is 0.3 and every bias 0.1",
    "zero in, equal out": "W1 all 0, W2 all 0.5, biases 0",
    "zero in, random out": "W1 all 0, W2 random, biases 0",
    "random in, zero out": "W1 random, W2 all 0, biases 0",
    "zero weights, random b1": "W1 and W2 all 0, b1 random, b2 = 0",
    "same in, random biases": "the 4 columns of W1 are one random vector, b1 random, "
                              "W2 all 0.5, b2 = 0",
    "same in, random out": "the 4 columns of W1 are one random vector, W2 random, "
                           "biases 0",
    "units 1 and 2 copied": "everything random, then unit 2's column of W1, bias and "
                            "row of W2 set to unit 1's",
    "units 1 and 2 share in and bias": "everything random, then unit 2's column of W1 "
                                       "and bias set to unit 1's (W2 stays random)",
}  # fmt: skip


def _symmetry_net(name: str) -> MLP:
    """A 2-4-1 tanh network initialised as :data:`SYMMETRY_INITS` describes."""
    rng = np.random.default_rng(31)
    net = MLP([2, 4, 1], "tanh", rng=rng)
    hidden, out = net.layers
    for p in net.parameters():
        p[...] = 0.0
    column = rng.normal(size=(2, 1))
    if name == "all weights 0.3, biases 0.1":
        for p in net.parameters():
            p[...] = 0.3 if p.ndim == 2 else 0.1
    elif name == "zero in, equal out":
        out.weights = np.full((4, 1), 0.5)
    elif name == "zero in, random out":
        out.weights = rng.normal(size=(4, 1))
    elif name == "random in, zero out":
        hidden.weights = rng.normal(size=(2, 4))
    elif name == "zero weights, random b1":
        hidden.biases = rng.normal(size=4)
    elif name == "same in, random biases":
        hidden.weights = np.tile(column, (1, 4))
        hidden.biases = rng.normal(size=4)
        out.weights = np.full((4, 1), 0.5)
    elif name == "same in, random out":
        hidden.weights = np.tile(column, (1, 4))
        out.weights = rng.normal(size=(4, 1))
    elif name.startswith("units 1 and 2"):
        hidden.weights = rng.normal(size=(2, 4))
        hidden.biases = rng.normal(size=4)
        out.weights = rng.normal(size=(4, 1))
        hidden.weights[:, 1] = hidden.weights[:, 0]
        hidden.biases[1] = hidden.biases[0]
        if name == "units 1 and 2 copied":
            out.weights[1] = out.weights[0]
    return net


def _unit_gap(net: MLP) -> float:
    """The smallest difference between two hidden units: over all pairs,
    the largest absolute difference of their incoming weights, bias and
    outgoing weight."""
    hidden, out = net.layers
    units = np.vstack([hidden.weights, hidden.biases, out.weights.T]).T  # one row per unit
    n = len(units)
    return min(float(np.max(np.abs(units[j] - units[k])))
               for j in range(n) for k in range(j + 1, n))  # fmt: skip


@functools.lru_cache(maxsize=1)
def _symmetry_gaps(steps: int = 300, lr: float = 0.5) -> dict[str, float]:
    """Train a network from each initialisation; the gap between its two
    most similar hidden units at the end."""
    X, y = make_xor(200, noise=0.1, rng=5)
    X = X - 0.5  # the corners at (+-0.5, +-0.5), centred on the origin
    Y = y.reshape(-1, 1).astype(float)
    gaps = {}
    for name in SYMMETRY_INITS:
        net = _symmetry_net(name)
        for _ in range(steps):
            out = net.forward(X)
            net.backward(binary_cross_entropy_with_logits_gradient(out, Y))
            for p, g in zip(net.parameters(), net.gradients(), strict=True):
                p -= lr * g
        gaps[name] = _unit_gap(net)
    return gaps


@checker
def check_symmetry_breaking(names: object) -> CheckResult:
    """Check which initialisations of :data:`SYMMETRY_INITS` end with four
    hidden units that all differ from each other.

    The answers come from training: each network is trained for 300
    full-batch steps (learning rate 0.5) on 200 noisy XOR points
    (:func:`npdl.datasets.make_xor`, centred on the origin), and two hidden
    units count as the same when their incoming weights, bias and outgoing
    weight agree to ``1e-6`` (units that start as copies agree exactly;
    the others end more than ``0.1`` apart).

    Parameters
    ----------
    names : collection of str
        The names (keys of :data:`SYMMETRY_INITS`, any case) of the
        initialisations after which all four hidden units are different.

    Returns
    -------
    CheckResult
        True when every initialisation is classified right; the report is
        printed.

    Examples
    --------
    >>> ok = check_symmetry_breaking(["zero in, random out", "random in, zero out",
    ...     "zero weights, random b1", "same in, random biases",
    ...     "same in, random out", "units 1 and 2 share in and bias"])
    check_symmetry_breaking: all 9 cases pass. Well done!
    ...
    """
    truth = {name: gap > 1e-6 for name, gap in _symmetry_gaps().items()}

    def hint_yes(name: str) -> str:
        return (f"{name}: {SYMMETRY_INITS[name]}. Two units stay the same only if "
                "they start with the same incoming weights, the same bias and the same "
                "outgoing weight; then they get the same gradients at every step. Is "
                "that so here?")  # fmt: skip

    def hint_no(name: str) -> str:
        return (f"{name}: {SYMMETRY_INITS[name]}. Look for two units that compute the "
                "same output and pass back through the same outgoing weight: their "
                "gradients are then equal at every step, so they never part")  # fmt: skip

    return _check_membership(
        "check_symmetry_breaking", names, truth, "symmetry-breaking",
        "not symmetry-breaking", hint_yes, hint_no,
        spelling="use the names exactly as SYMMETRY_INITS spells them",
    )
