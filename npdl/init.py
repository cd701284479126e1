r"""Weight initialisers: draw a weight matrix of shape ``(n_inputs, n_outputs)``
whose scale keeps signals from growing or shrinking from layer to layer.

Every initialiser here draws ``W`` with :math:`\operatorname{Var}(W) = c / n_{in}`
(Glorot: :math:`2/(n_{in} + n_{out})`) and zero mean. The pre-activation of
a unit of the next layer, :math:`z = \sum_k a_k W_k`, then has
:math:`\operatorname{Var}(z) = c\,\mathbb{E}[a^2]`: the scale ``c`` decides
whether the mean square of the activations grows or shrinks with depth.

* ``lecun_normal``: :math:`\mathcal N(0,\ 1/n_{in})`, for SELU and linear
  layers (LeCun et al., 1998);
* ``glorot_normal``: :math:`\mathcal N(0,\ 2/(n_{in} + n_{out}))` and
  ``glorot_uniform``: :math:`U(\pm\sqrt{6/(n_{in} + n_{out})})` (Glorot and
  Bengio, 2010): the default for linear, tanh, sigmoid, softmax and
  log-softmax layers. Near 0, tanh is the identity; sigmoid and softmax are
  bounded, so no scale keeps their activations' mean square at 1, and they
  mostly sit at the output, where the initial scale matters little;
* ``he_normal``: :math:`\mathcal N(0,\ 2/n_{in})` and ``he_uniform``:
  :math:`U(\pm\sqrt{6/n_{in}})`, for ReLU and leaky ReLU (He et al., 2015):
  ReLU keeps half of a symmetric input, so ``c = 2``;
* ``elu_normal``, ``gelu_normal``, ``swish_normal``, ``mish_normal`` and
  ``softplus_normal``: :math:`\mathcal N(0,\ c_f/n_{in})` with the computed
  ``c_f = mean_square_gain(f)``, the scale at which an input of mean square
  1 gives activations of mean square 1 again,
  :math:`\mathbb{E}[f(\sqrt{c_f}\,Z)^2] = 1` for :math:`Z \sim \mathcal N(0, 1)`.
  These activations are not homogeneous like ReLU: GELU and Swish behave
  like :math:`z/2` near 0 and like ReLU for large :math:`|z|`, so neither
  He's ``c = 2`` (small signals shrink) nor the gain at 0 (``c = 4``,
  large signals explode) fits; ``c_f`` lies between. The fixed point is
  unstable (a signal a little larger grows, a little smaller shrinks), so
  very deep GELU or Swish networks rely on normalisation layers and
  residual connections as well. Softplus's ``c_f`` holds the mean square,
  but its offset ``softplus(0) = log 2``, like sigmoid's, makes the
  activations of all samples alike within a few layers.

:func:`mean_square_gain` computes ``c_f`` for any elementwise activation
(for the registry's default parameters, e.g. Swish's ``beta = 1``).
Every initialiser takes ``rng: np.random.Generator | int | None``.
"""

from __future__ import annotations

import functools
import numbers

import numpy as np
from scipy import integrate, optimize

from npdl.activations import get_activation

__all__ = [
    "elu_normal",
    "gelu_normal",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "lecun_normal",
    "mean_square_gain",
    "mish_normal",
    "softplus_normal",
    "swish_normal",
]

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


def _mean_square(f, c: float) -> float:
    r""":math:`\mathbb{E}[f(\sqrt{c}\,Z)^2]` for :math:`Z \sim \mathcal N(0, 1)`,
    by adaptive quadrature on each side of 0 (where ReLU-like functions
    have their kink)."""
    scale = np.sqrt(c)

    def integrand(z: float) -> float:
        return float(f(np.array([scale * z]))[0]) ** 2 * np.exp(-0.5 * z * z)

    left = integrate.quad(integrand, -np.inf, 0.0, epsabs=1e-13, epsrel=1e-12)[0]
    right = integrate.quad(integrand, 0.0, np.inf, epsabs=1e-13, epsrel=1e-12)[0]
    return (left + right) / np.sqrt(2.0 * np.pi)


@functools.cache
def mean_square_gain(activation: str, **params: object) -> float:
    r"""The weight scale ``c`` that keeps the mean square of the activations.

    With :math:`\operatorname{Var}(W) = c / n_{in}` and inputs of mean square
    1, the pre-activations are close to :math:`\mathcal N(0, c)` (a sum of
    many independent terms), and the activations have mean square
    :math:`\mathbb{E}[f(\sqrt{c}\,Z)^2]`. This returns the ``c`` that makes it
    1, found by quadrature and root finding, for the registry's default
    parameters of `activation`, or for `params`.

    Parameters
    ----------
    activation : str
        An elementwise activation that can reach a mean square of 1 (not a
        bounded one such as tanh or sigmoid).
    **params
        The activation's parameters, e.g. ``alpha=0.2`` for leaky ReLU.

    Returns
    -------
    float
        ``c > 0`` with :math:`\mathbb{E}[f(\sqrt{c}\,Z)^2] = 1`.

    Raises
    ------
    ValueError
        For an unknown name, softmax or log-softmax (not elementwise), or an
        activation whose mean square stays below 1 for every ``c``.

    Notes
    -----
    For a homogeneous activation, :math:`f(tz) = t f(z)` for ``t > 0``, the
    answer is :math:`1 / \mathbb{E}[f(Z)^2]`: 1 for linear, 2 for ReLU (He).
    SELU's constants were chosen to make it 1 (LeCun). For GELU, Swish and
    Mish it lies between 2 and the value the slope at 0 would suggest
    (:math:`1/f'(0)^2`: 4 for GELU and Swish, 2.78 for Mish).

    Examples
    --------
    >>> round(mean_square_gain("relu"), 6)
    2.0
    >>> round(mean_square_gain("gelu"), 3), round(mean_square_gain("swish"), 3)
    (2.155, 2.43)
    """
    record = get_activation(activation)
    if not record.elementwise:
        raise ValueError(f"mean_square_gain: {record.name} is not elementwise; it has "
                         "no gain of its own (use glorot_normal)")  # fmt: skip
    record.function(np.zeros(1), **params)  # a bad parameter fails here
    f = functools.partial(record.function, **params)
    if _mean_square(f, 1e4) < 1.0:
        raise ValueError(f"mean_square_gain: {record.name} is bounded: its mean square "
                         "stays below 1 for every weight scale")  # fmt: skip
    c = optimize.brentq(lambda c: _mean_square(f, c) - 1.0, 1e-3, 1e4, xtol=1e-12)
    return float(c)


def _matched(activation: str, n_inputs: int, n_outputs: int, rng: RNGLike) -> np.ndarray:
    shape = _sizes(n_inputs, n_outputs, f"{activation}_normal")
    return _normal(np.sqrt(mean_square_gain(activation) / shape[0]), shape, rng)


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


def elu_normal(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Normal with variance ``mean_square_gain("elu") / n_inputs`` (ELU's default).

    Examples
    --------
    >>> round(mean_square_gain("elu"), 3)
    1.633
    """
    return _matched("elu", n_inputs, n_outputs, rng)


def gelu_normal(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Normal with variance ``mean_square_gain("gelu") / n_inputs`` (GELU's default)."""
    return _matched("gelu", n_inputs, n_outputs, rng)


def swish_normal(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Normal with variance ``mean_square_gain("swish") / n_inputs``, for Swish
    with ``beta = 1`` and SiLU (their default)."""
    return _matched("swish", n_inputs, n_outputs, rng)


def mish_normal(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Normal with variance ``mean_square_gain("mish") / n_inputs`` (Mish's default).

    Examples
    --------
    >>> round(mean_square_gain("mish"), 3)
    2.107
    """
    return _matched("mish", n_inputs, n_outputs, rng)


def softplus_normal(n_inputs: int, n_outputs: int, rng: RNGLike = None) -> np.ndarray:
    """Normal with variance ``mean_square_gain("softplus") / n_inputs``
    (softplus's default).

    Examples
    --------
    >>> round(mean_square_gain("softplus"), 3)
    1.173
    """
    return _matched("softplus", n_inputs, n_outputs, rng)
