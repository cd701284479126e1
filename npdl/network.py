r"""Stacks of layers.

So far: :func:`collapse_affine`, the single affine map that a stack of affine
layers without activation functions is equal to (the linear-collapse theorem
of Part III).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from npdl._validation import as_float_array

__all__ = ["collapse_affine"]


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
