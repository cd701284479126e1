r"""Weight initialisers: draw a weight matrix of shape ``(n_inputs, n_outputs)``
whose scale keeps signals from growing or shrinking from layer to layer.

* ``lecun_normal``: :math:`\mathcal N(0,\ 1/n_{in})`, for SELU
  (LeCun et al., 1998);
* ``glorot_normal``: :math:`\mathcal N(0,\ 2/(n_{in} + n_{out}))` and
  ``glorot_uniform``: :math:`U(\pm\sqrt{6/(n_{in} + n_{out})})`, for tanh,
  sigmoid and linear layers (Glorot and Bengio, 2010);
* ``he_normal``: :math:`\mathcal N(0,\ 2/n_{in})` and ``he_uniform``:
  :math:`U(\pm\sqrt{6/n_{in}})`, for the ReLU family (He et al., 2015).

Every function takes ``rng: np.random.Generator | int | None``.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "lecun_normal"]

RNGLike = np.random.Generator | int | None


def _sizes(n_inputs: int, n_outputs: int, func: str) -> tuple[int, int]:
    for name, value in (("n_inputs", n_inputs), ("n_outputs", n_outputs)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{func}: {name} must be an int, got {value!r}")
        if value < 1:
            raise ValueError(f"{func}: {name} must be at least 1, got {value}")
    return int(n_inputs), int(n_outputs)


def _normal(std: float, shape: tuple[int, int], rng: RNGLike) -> np.ndarray:
    return np.random.default_rng(rng).normal(0.0, std, size=shape)


def _uniform(limit: float, shape: tuple[int, int], rng: RNGLike) -> np.ndarray:
    return np.random.default_rng(rng).uniform(-limit, limit, size=shape)


def lecun_normal(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Normal with variance ``1 / n_inputs`` (what SELU needs).

    Examples
    --------
    >>> lecun_normal(3, 2, rng=0).shape
    (3, 2)
    """
    shape = _sizes(n_inputs, n_outputs, "lecun_normal")
    return _normal(np.sqrt(1.0 / shape[0]), shape, rng)


def glorot_normal(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Normal with variance ``2 / (n_inputs + n_outputs)`` (Glorot/Xavier)."""
    shape = _sizes(n_inputs, n_outputs, "glorot_normal")
    return _normal(np.sqrt(2.0 / (shape[0] + shape[1])), shape, rng)


def glorot_uniform(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Uniform on ``±sqrt(6 / (n_inputs + n_outputs))``: the same variance as
    :func:`glorot_normal`."""
    shape = _sizes(n_inputs, n_outputs, "glorot_uniform")
    return _uniform(np.sqrt(6.0 / (shape[0] + shape[1])), shape, rng)


def he_normal(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Normal with variance ``2 / n_inputs`` (He/Kaiming, for ReLU)."""
    shape = _sizes(n_inputs, n_outputs, "he_normal")
    return _normal(np.sqrt(2.0 / shape[0]), shape, rng)


def he_uniform(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Uniform on ``±sqrt(6 / n_inputs)``: the same variance as :func:`he_normal`."""
    shape = _sizes(n_inputs, n_outputs, "he_uniform")
    return _uniform(np.sqrt(6.0 / shape[0]), shape, rng)
