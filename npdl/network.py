r"""Stacks of layers.

:class:`MLP` is the multi-layer perceptron, a stack of :class:`~npdl.layers.Dense`
layers; :func:`collapse_affine` is the single affine map that a stack of
affine layers without activation functions equals (the linear-collapse
theorem of Part III); :func:`kinks_along` finds, exactly, where a
piecewise linear network bends along a segment of its input space.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from npdl._validation import as_float_array
from npdl.activations import get_activation
from npdl.layers import Dense

__all__ = ["MLP", "collapse_affine", "kinks_along"]


class MLP:
    """A multi-layer perceptron: dense layers applied one after another.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, n_hidden_1, ..., n_outputs]``, at least two entries.
    activations : str, sequence of str, or None
        One activation per layer (``len(layer_sizes) - 1`` names), or one name
        for every hidden layer (the output layer then stays linear). None: ReLU
        hidden layers and a linear output.
    rng : numpy.random.Generator, int or None
        Source of all initial weights (each layer draws from it in turn).
    dtype : float32 or float64, default float64
    activation_params : dict, sequence of dict, or None
        Parameters of the activations (see :class:`~npdl.layers.Dense`). A
        dict applies to every hidden layer, e.g. ``{"alpha": 0.2}`` with
        leaky ReLU hidden layers; a sequence gives one dict (or None) per
        layer.

    Attributes
    ----------
    layers : list of Dense

    Raises
    ------
    ValueError
        For fewer than two sizes, the wrong number of activations or
        parameter dicts, or what :class:`~npdl.layers.Dense` refuses (a
        softmax over one unit, a parameter the activation does not take).

    Examples
    --------
    >>> net = MLP([2, 4, 1], rng=0)
    >>> net
    MLP([2, 4, 1], activations=['relu', 'linear'])
    >>> net.count_params()   # (2*4 + 4) + (4*1 + 1)
    17
    >>> net.forward(np.zeros((5, 2))).shape
    (5, 1)
    >>> MLP([2, 8, 1], ["leaky_relu", "sigmoid"], activation_params={"alpha": 0.2})
    MLP([2, 8, 1], activations=['leaky_relu', 'sigmoid'])
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activations: str | Sequence[str] | None = None,
        rng: np.random.Generator | int | None = None,
        dtype: type = np.float64,
        activation_params: Mapping[str, object] | Sequence[Mapping | None] | None = None,
    ) -> None:
        sizes = list(layer_sizes)
        if len(sizes) < 2:
            raise ValueError(
                f"MLP needs at least an input and an output size, e.g. [2, 1]; got {sizes}"
            )
        n_layers = len(sizes) - 1
        if activations is None:
            names = ["relu"] * (n_layers - 1) + ["linear"]
        elif isinstance(activations, str):
            names = [activations] * (n_layers - 1) + ["linear"]
        else:
            names = list(activations)
            if len(names) != n_layers:
                raise ValueError(
                    f"MLP with layer sizes {sizes} has {n_layers} layers and needs "
                    f"{n_layers} activations; got {len(names)}: {names}"
                )
        if activation_params is None or isinstance(activation_params, Mapping):
            params = [activation_params] * (n_layers - 1) + [None]
        else:
            params = list(activation_params)
            if len(params) != n_layers:
                raise ValueError(
                    f"MLP with layer sizes {sizes} has {n_layers} layers; activation_params "
                    f"needs one dict (or None) per layer, got {len(params)}: {params}"
                )
        rng = np.random.default_rng(rng)
        self.layers = [
            Dense(n_in, n_out, activation=name, rng=rng, dtype=dtype, activation_params=p)
            for n_in, n_out, name, p in zip(sizes[:-1], sizes[1:], names, params, strict=True)
        ]
        self.layer_sizes = sizes

    def forward(self, X: ArrayLike) -> np.ndarray:
        """Pass a batch ``(n_samples, n_inputs)`` or one sample ``(n_inputs,)``
        through every layer; each layer keeps what its backward pass needs."""
        A = X
        for layer in self.layers:
            A = layer.forward(A)
        return A

    __call__ = forward

    def backward(
        self, dA: ArrayLike, input_gradient: bool = True
    ) -> np.ndarray | None:
        """Backpropagate the gradient of the loss with respect to the output
        through every layer (last first); each layer stores its ``dW`` and
        ``db``. Returns the gradient with respect to the input, or None with
        ``input_gradient=False`` (a training step needs only the parameters'
        gradients, and the first layer then skips one matrix product)."""
        first, *rest = self.layers
        for layer in reversed(rest):
            dA = layer.backward(dA)
        if input_gradient:
            return first.backward(dA)
        return first.backward(dA, input_gradient=False)

    def predict(self, X: ArrayLike) -> np.ndarray:
        """The network's prediction: class labels for a classifier, the output
        otherwise, one entry per sample.

        With a sigmoid output: 1 where the output is above 0.5, else 0. With
        a softmax or log-softmax output: the index of the largest output.
        Otherwise the output itself. A single output unit gives shape
        ``(n_samples,)``, not ``(n_samples, 1)``, so ``predict(X) == y``
        compares sample by sample. (A network trained from logits ends in a
        linear layer: take ``forward(X).argmax(axis=-1)``, or ``forward(X) >
        0`` for one logit.)

        Examples
        --------
        >>> net = MLP([2, 3, 1], ["relu", "sigmoid"], rng=0)
        >>> net.predict(np.zeros((4, 2)))
        array([0, 0, 0, 0])
        """
        out = self.forward(X)
        last = self.layers[-1].activation
        if last == "sigmoid":
            out = (out > 0.5).astype(np.int64)
        elif last in ("softmax", "log_softmax"):
            return np.argmax(out, axis=-1)
        return out[..., 0] if self.layer_sizes[-1] == 1 else out

    def parameters(self) -> list[np.ndarray]:
        """The weight matrices and bias vectors, layer by layer:
        ``[W1, b1, W2, b2, ...]`` (the arrays themselves, so an optimiser can
        update them in place)."""
        return [p for layer in self.layers for p in (layer.weights, layer.biases)]

    def gradients(self) -> list[np.ndarray]:
        """``[dW1, db1, dW2, db2, ...]`` from the last :meth:`backward`, in the
        order of :meth:`parameters`.

        The arrays are allocated once and every :meth:`backward` writes into
        them, so a list taken before a training loop stays paired with the
        list from :meth:`parameters`.
        """
        return [g for layer in self.layers for g in (layer.dW, layer.db)]

    def count_params(self) -> int:
        """Total number of weights and biases."""
        return sum(layer.count_params() for layer in self.layers)

    def summary(self) -> str:
        """A table of the layers: shapes, activation, initialiser, parameters.

        Examples
        --------
        >>> print(MLP([2, 3, 1], rng=0).summary())
        layer  weights   biases  activation  init           parameters
        1      (2, 3)    (3,)    relu        he_normal               9
        2      (3, 1)    (1,)    linear      glorot_normal           4
        total parameters: 13
        """
        rows = [("layer", "weights", "biases", "activation", "init", "parameters")]
        for i, layer in enumerate(self.layers, start=1):
            rows.append((str(i), str(layer.weights.shape), str(layer.biases.shape),
                         layer.activation, layer.init, f"{layer.count_params():,}"))  # fmt: skip
        widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
        lines = [
            "  ".join(cell.rjust(w) if c == 5 else cell.ljust(w)
                      for c, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
            for row in rows
        ]  # fmt: skip
        lines.append(f"total parameters: {self.count_params():,}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        names = [layer.activation for layer in self.layers]
        return f"MLP({self.layer_sizes}, activations={names})"


def collapse_affine(
    weights: Sequence[ArrayLike], biases: Sequence[ArrayLike]
) -> tuple[np.ndarray, np.ndarray]:
    r"""The one affine layer that a stack of affine layers equals.

    With samples as rows, layer :math:`l` maps :math:`A \mapsto A W_l + b_l`.
    Without activations in between, the stack is

    .. math:: (\cdots((X W_1 + b_1) W_2 + b_2) \cdots) W_L + b_L = X W + b,
              \qquad W = W_1 W_2 \cdots W_L,
              \quad b = (\cdots(b_1 W_2 + b_2) W_3 \cdots) W_L + b_L .

    Parameters
    ----------
    weights : sequence of arrays
        ``W_l`` of shape ``(n_{l-1}, n_l)``, first layer first.
    biases : sequence of arrays
        ``b_l`` of shape ``(n_l,)``, one per layer.

    Returns
    -------
    W : ndarray, shape (n_0, n_L)
    b : ndarray, shape (n_L,)

    Raises
    ------
    ValueError
        For no layers, unequal numbers of weights and biases, or shapes that do
        not chain.

    Examples
    --------
    >>> W, b = collapse_affine([[[2.0]], [[3.0]]], [[1.0], [-1.0]])
    >>> W, b   # (2x + 1) * 3 - 1 = 6x + 2
    (array([[6.]]), array([2.]))
    """
    if len(weights) == 0 or len(weights) != len(biases):
        raise ValueError(
            f"collapse_affine needs one bias per weight matrix and at least one layer; "
            f"got {len(weights)} weight matrices and {len(biases)} biases"
        )
    W = b = None
    for layer, (W_l, b_l) in enumerate(zip(weights, biases, strict=True), start=1):
        W_l = as_float_array(W_l, "collapse_affine")
        b_l = as_float_array(b_l, "collapse_affine")
        if W_l.ndim != 2 or b_l.shape != (W_l.shape[1],):
            raise ValueError(
                f"layer {layer}: expected a weight matrix (n_in, n_out) and a bias (n_out,); "
                f"got shapes {W_l.shape} and {b_l.shape}"
            )
        if W is None:
            W, b = W_l.copy(), b_l.copy()
            continue
        if W.shape[1] != W_l.shape[0]:
            raise ValueError(
                f"layer {layer} expects {W_l.shape[0]} inputs, but layer {layer - 1} has "
                f"{W.shape[1]} outputs"
            )
        W = W @ W_l
        b = b @ W_l + b_l
    return W, b


# the activations whose networks are piecewise linear: each is linear on
# either side of z = 0
_PIECEWISE_LINEAR = ("relu", "leaky_relu", "linear")


def _segment_layers(net: MLP | Sequence[MLP]) -> list[Dense]:
    nets = [net] if isinstance(net, MLP) else list(net)
    if not nets or not all(isinstance(n, MLP) for n in nets):
        raise TypeError(f"kinks_along expects an MLP or a list of MLPs, got {net!r}")
    layers = [layer for n in nets for layer in n.layers]
    for i, layer in enumerate(layers, start=1):
        if layer.activation not in _PIECEWISE_LINEAR:
            raise ValueError(
                f"kinks_along needs piecewise linear activations {_PIECEWISE_LINEAR}; "
                f"layer {i} uses {layer.activation!r}"
            )
    for i, (a, b) in enumerate(zip(layers[:-1], layers[1:], strict=False), start=1):
        if a.n_outputs != b.n_inputs:
            raise ValueError(f"layer {i} has {a.n_outputs} outputs, but layer {i + 1} "
                             f"expects {b.n_inputs} inputs")  # fmt: skip
    return layers


def kinks_along(
    net: MLP | Sequence[MLP], start: ArrayLike, end: ArrayLike, *, merge: float = 1e-12
) -> tuple[np.ndarray, np.ndarray]:
    r"""Where a ReLU network's output bends along a segment, found exactly.

    On the segment :math:`\mathbf{x}(t) = \mathbf{p} + t(\mathbf{q} -
    \mathbf{p})`, :math:`0 \le t \le 1`, every pre-activation of a network
    with piecewise linear activations is a piecewise linear function of
    :math:`t`. Walking the layers in order, with the breakpoints found so
    far: on each piece a unit's pre-activation is linear, so where its
    values at the two ends have opposite signs it crosses 0 once, at

    .. math:: t = t_i + (t_{i+1} - t_i)\,\frac{z(t_i)}{z(t_i) - z(t_{i+1})},

    a new breakpoint for the layers after it. At each breakpoint some unit
    switches (the activation pattern changes); it is a *kink* only where
    the output's slope changes, which need not happen (a unit whose
    outgoing weights are 0, a unit that only feeds units that are off, two
    switches whose effects cancel). Slopes are computed on each piece by
    the chain rule, not from differences of sampled outputs; a change of
    slope below 1e-9 of the bound the weights' absolute values put on the
    slopes is taken for rounding (an output that is exactly flat, through
    terms that cancel, has no kinks).

    Parameters
    ----------
    net : MLP or sequence of MLP
        A network whose activations are all ``"relu"``, ``"leaky_relu"``
        or ``"linear"``; a list of networks is their composition (the
        first applied first).
    start, end : array_like, shape (n_inputs,)
        The ends :math:`\mathbf{p}` and :math:`\mathbf{q}` of the segment.
    merge : float, default 1e-12
        Breakpoints closer than this (in :math:`t`) are one breakpoint,
        so that two switches at the same place, computed with different
        rounding errors, are not taken for two.

    Returns
    -------
    kinks : ndarray, shape (n_kinks,)
        The positions :math:`t \in (0, 1)`, sorted, where the output's slope
        changes: the output has ``len(kinks) + 1`` linear pieces.
    switches : ndarray, shape (n_switches,)
        The positions where the on/off pattern of the units changes: the
        segment crosses ``len(switches) + 1`` activation regions. Every kink
        is a switch.

    Raises
    ------
    TypeError
        If `net` is not an MLP or a list of MLPs.
    ValueError
        For an activation that is not piecewise linear, networks that do
        not chain, or ends that are not vectors of the input width.

    Examples
    --------
    The tent map :math:`2\,\mathrm{relu}(x) - 4\,\mathrm{relu}(x - 1/2)`
    bends once on [0, 1], at 1/2; composed with itself, three times:

    >>> tent = MLP([1, 2, 1])
    >>> tent.layers[0].weights[:] = [[1.0, 1.0]]
    >>> tent.layers[0].biases[:] = [0.0, -0.5]
    >>> tent.layers[1].weights[:] = [[2.0], [-4.0]]
    >>> tent.layers[1].biases[:] = [0.0]
    >>> kinks, switches = kinks_along(tent, [0.0], [1.0])
    >>> kinks
    array([0.5])
    >>> kinks_along([tent, tent], [0.0], [1.0])[0]
    array([0.25, 0.5 , 0.75])

    A unit whose outgoing weight is 0 switches without bending the output:

    >>> tent.layers[1].weights[:] = [[2.0], [0.0]]
    >>> kinks_along(tent, [0.0], [1.0])
    (array([], dtype=float64), array([0.5]))
    """
    layers = _segment_layers(net)
    n_in = layers[0].n_inputs
    p = as_float_array(start, "kinks_along").astype(np.float64)
    q = as_float_array(end, "kinks_along").astype(np.float64)
    if p.shape != (n_in,) or q.shape != (n_in,):
        raise ValueError(f"kinks_along: start and end must have shape ({n_in},), the "
                         f"network's input width; got {p.shape} and {q.shape}")  # fmt: skip
    T = np.array([0.0, 1.0])
    A = np.stack([p, q])  # values at the breakpoints; linear in between
    for layer in layers:
        record = get_activation(layer.activation)
        Z = A @ layer.weights.astype(np.float64) + layer.biases.astype(np.float64)
        if layer.activation != "linear":
            i, j = np.nonzero(np.sign(Z[:-1]) * np.sign(Z[1:]) < 0)
            if i.size:
                z0, z1 = Z[i, j], Z[i + 1, j]
                crossings = T[i] + (T[i + 1] - T[i]) * (z0 / (z0 - z1))
                inner = np.unique(crossings)
                inner = inner[(inner > merge) & (inner < 1.0 - merge)]
                inner = np.union1d(inner, T[1:-1])
                if inner.size:
                    apart = np.concatenate([[True], np.diff(inner) > merge])
                    inner = inner[apart]
                T_new = np.concatenate([[0.0], inner, [1.0]])
                # Z is linear between the old breakpoints: interpolate it
                k = np.clip(np.searchsorted(T, T_new, side="right") - 1, 0, T.size - 2)
                w = ((T_new - T[k]) / (T[k + 1] - T[k]))[:, None]
                Z = Z[k] + w * (Z[k + 1] - Z[k])
                T = T_new
        A = record.function(Z, **layer.activation_params)
    # on each piece: the on/off pattern and the output's slope, at its middle
    mid = (T[:-1] + T[1:]) / 2
    X, dX = p + mid[:, None] * (q - p), np.broadcast_to(q - p, (mid.size, n_in))
    # |dX| bounds the slopes' rounding errors: the same chain rule with every
    # factor replaced by its absolute value (an exactly flat output whose
    # slope is a sum that cancels is then not mistaken for a bent one)
    bound = np.abs(dX)
    patterns = []
    for layer in layers:
        record = get_activation(layer.activation)
        W = layer.weights.astype(np.float64)
        Z = X @ W + layer.biases.astype(np.float64)
        dZ = dX @ W
        if layer.activation != "linear":
            patterns.append(Z > 0)
        X = record.function(Z, **layer.activation_params)
        gain = record.derivative(Z, **layer.activation_params)
        dX, bound = gain * dZ, np.abs(gain) * (bound @ np.abs(W))
    inner = T[1:-1]
    if patterns:
        on = np.concatenate(patterns, axis=1)
        switched = np.any(on[1:] != on[:-1], axis=1)
    else:
        switched = np.zeros(inner.size, dtype=bool)
    scale = max(float(bound.max(initial=0.0)), np.finfo(np.float64).tiny)
    bent = np.any(np.abs(dX[1:] - dX[:-1]) > 1e-9 * scale, axis=1)
    return inner[bent], inner[switched | bent]
