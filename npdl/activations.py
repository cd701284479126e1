r"""Activation functions, their derivatives, and the registry that names them.

Every elementwise activation ``f`` here comes with ``f_derivative``, the
derivative with respect to the pre-activation ``z``, written right below it.
``softmax`` and ``log_softmax`` map a vector to a vector: their
``_derivative`` is the Jacobian, and their backward pass is a
Jacobian-vector product (:func:`softmax_backward`, :func:`log_softmax_backward`).

The registry :data:`ACTIVATIONS` maps a name to an :class:`Activation` record
holding the function, its derivative, its backward pass and the facts the
chapters tabulate (output range, zero-centred, saturating, typical use, the
PyTorch equivalent). :func:`get_activation` looks a name up.

Conventions, the same for every function:

* Integers and lists become float64; float32 stays float32; any shape works.
* No overflow, division or invalid-value warning for any finite input, however
  large: ``exp`` is only ever taken of a number ``<= 0``.
* ``±inf`` give the mathematical limits; NaN in gives NaN out.
* At a kink the derivative follows PyTorch: ``relu'(0) = 0``,
  ``leaky_relu'(0) = alpha``, ``elu'(0) = alpha``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from npdl._validation import as_float_array, normalised_axis, real_scalar

__all__ = [
    "linear",
    "linear_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "elu",
    "elu_derivative",
    "selu",
    "selu_derivative",
    "gelu",
    "gelu_derivative",
    "swish",
    "swish_derivative",
    "silu",
    "silu_derivative",
    "mish",
    "mish_derivative",
    "softplus",
    "softplus_derivative",
    "softmax",
    "log_softmax",
    "softmax_derivative",
    "log_softmax_derivative",
    "softmax_backward",
    "log_softmax_backward",
    "Activation",
    "ACTIVATIONS",
    "get_activation",
    "activation_forward",
    "activation_backward",
]

#: SELU's constants (Klambauer et al., 2017), to the digits the paper gives.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

_SQRT_HALF = 0.7071067811865475244008443621048  # 1 / sqrt(2)
_INV_SQRT_2PI = 0.3989422804014326779399460599344  # 1 / sqrt(2 pi)
_SQRT_2_OVER_PI = 0.7978845608028653558798921198687  # sqrt(2 / pi)
_GELU_CUBIC = 0.044715

# Beyond these the functions are constant (or exactly linear) in floating
# point: exp(-800) is 0 even in float64, and Phi(-40) is below the smallest
# subnormal number. Clipping there avoids inf * 0 and x**3 overflow.
_EXP_SATURATES = 800.0
_PHI_SATURATES = 40.0
_GELU_TANH_SATURATES = 50.0


#: Elements per block in :func:`_elementwise`: a block's temporaries
#: (512 KiB each) stay in the CPU cache.
_BLOCK = 1 << 16


def _elementwise(
    func: Callable[..., np.ndarray] | None = None, *, blocks: bool = True
) -> Callable[..., np.ndarray]:
    """Let `func`, written for a 1-D float array, take any shape.

    Every step of an activation is a NumPy ufunc that makes a full pass over
    its array. On a large array each pass goes out to main memory and back;
    cut into blocks of 65,536 elements the temporaries stay in the CPU cache
    and the same code runs 1.5-2.5 times faster on 10**6 values. (The loop is
    over blocks, each of them vectorised, never over elements.) One-pass
    functions such as ReLU gain nothing and use ``blocks=False``. A 0-d input
    is run as a 1-element array and comes back 0-d.
    """
    if func is None:
        return functools.partial(_elementwise, blocks=blocks)

    @functools.wraps(func)
    def wrapper(z: ArrayLike, *args: object, **kwargs: object) -> np.ndarray:
        z = as_float_array(z, func.__name__)
        flat = z.reshape(-1)  # a view for contiguous z, else a copy
        if not blocks or flat.size <= _BLOCK:
            return func(flat, *args, **kwargs).reshape(z.shape)
        out = np.empty_like(flat)
        for start in range(0, flat.size, _BLOCK):
            out[start : start + _BLOCK] = func(flat[start : start + _BLOCK], *args, **kwargs)
        return out.reshape(z.shape)

    return wrapper


def _exp_parts(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``p = exp(-max(t, 0))`` and ``q = exp(min(t, 0))``.

    Both lie in [0, 1], so nothing overflows, and one of them is 1, so
    ``sigmoid(t) = q / (p + q)`` and ``1 - sigmoid(t) = p / (p + q)`` without
    cancellation.
    """
    p = np.maximum(t, 0)
    np.negative(p, out=p)
    np.exp(p, out=p)
    q = np.minimum(t, 0)
    np.exp(q, out=q)
    return p, q


def _exp_neg_abs(z: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Return ``exp(-scale * |z|)`` in a fresh array (never overflows)."""
    e = np.abs(z)
    if scale != 1.0:
        np.minimum(e, _EXP_SATURATES, out=e)  # keep scale * |z| finite
        e *= -scale
    else:
        np.negative(e, out=e)
    return np.exp(e, out=e)


def _bell(e: np.ndarray) -> np.ndarray:
    """Overwrite ``e`` with ``e / (1 + e)**2``; with ``e = exp(-|t|)`` that is
    ``sigmoid'(t) = sigmoid(t) (1 - sigmoid(t))``, accurate in both tails."""
    d = e + 1
    np.square(d, out=d)
    return np.divide(e, d, out=e)


def _nan_where_nan(out: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Put NaN into `out` wherever `z` is NaN (for derivatives built from
    comparisons, which would otherwise turn NaN into 0)."""
    nan = np.isnan(z)
    if nan.any():
        out[nan] = np.nan
    return out


# --------------------------------------------------------------------------
# linear (identity)
# --------------------------------------------------------------------------


@_elementwise(blocks=False)
def linear(z: ArrayLike) -> np.ndarray:
    r"""The identity activation, for output layers of regression networks.

    .. math:: f(z) = z,\qquad f'(z) = 1

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.

    Returns
    -------
    ndarray, same shape as `z`
        A copy of `z` as a float array.

    Examples
    --------
    >>> linear([-2, 0, 3])
    array([-2.,  0.,  3.])
    """
    return as_float_array(z, "linear").copy()


@_elementwise(blocks=False)
def linear_derivative(z: ArrayLike) -> np.ndarray:
    """Derivative of :func:`linear`: ones (NaN where `z` is NaN).

    Examples
    --------
    >>> linear_derivative([-2.0, 0.0, 3.0])
    array([1., 1., 1.])
    """
    z = as_float_array(z, "linear_derivative")
    return _nan_where_nan(np.ones_like(z), z)


# --------------------------------------------------------------------------
# sigmoid and tanh
# --------------------------------------------------------------------------


@_elementwise
def sigmoid(z: ArrayLike) -> np.ndarray:
    r"""The logistic sigmoid, squashing any real number into (0, 1).

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}},\qquad
              \sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.

    Returns
    -------
    ndarray, same shape as `z`
        Values in [0, 1]; 0 and 1 are reached only where the true value
        rounds to them.

    Notes
    -----
    The textbook formula takes ``exp(-z)``, which overflows (and warns) for
    ``z < -709``. Here the numerator and denominator are both scaled so that
    only ``exp`` of a non-positive number is taken:

    .. math:: \sigma(z) = \frac{e^{\min(z, 0)}}{e^{-\max(z, 0)} + e^{\min(z, 0)}}

    One of the two exponentials is 1, the other is :math:`e^{-|z|}`, so this
    is :math:`1/(1 + e^{-z})` for :math:`z \ge 0` and :math:`e^z/(1 + e^z)`
    for :math:`z < 0`, each accurate to the last bits.

    Examples
    --------
    >>> sigmoid([-1000.0, -1.0, 0.0, 1.0, 1000.0])
    array([0.        , 0.26894142, 0.5       , 0.73105858, 1.        ])
    """
    z = as_float_array(z, "sigmoid")
    p, q = _exp_parts(z)
    p += q
    return np.divide(q, p, out=q)


@_elementwise
def sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of :func:`sigmoid`.

    .. math:: \sigma'(z) = \sigma(z)\bigl(1 - \sigma(z)\bigr)
              = \frac{e^{-|z|}}{\bigl(1 + e^{-|z|}\bigr)^2}

    The first form, from the output, is what backpropagation usually uses;
    its ``1 - sigma`` loses all digits once sigma rounds to 1 (``z > 37``).
    The second form is the same function, symmetric in ``z`` and accurate in
    both tails. The maximum, at ``z = 0``, is 1/4.

    Examples
    --------
    >>> sigmoid_derivative([-40.0, 0.0, 2.0, 40.0])
    array([4.24835426e-18, 2.50000000e-01, 1.04993585e-01, 4.24835426e-18])
    """
    z = as_float_array(z, "sigmoid_derivative")
    return _bell(_exp_neg_abs(z))


@_elementwise(blocks=False)
def tanh(z: ArrayLike) -> np.ndarray:
    r"""The hyperbolic tangent, a zero-centred squashing function onto (-1, 1).

    .. math:: \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\sigma(2z) - 1,
              \qquad \tanh'(z) = 1 - \tanh^2(z)

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.

    Returns
    -------
    ndarray, same shape as `z`
        Values in [-1, 1].

    Examples
    --------
    >>> tanh([-1000.0, -1.0, 0.0, 1.0])
    array([-1.        , -0.76159416,  0.        ,  0.76159416])
    """
    return np.tanh(as_float_array(z, "tanh"))


@_elementwise
def tanh_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of :func:`tanh`.

    .. math:: \tanh'(z) = 1 - \tanh^2(z) = \frac{4 e^{-2|z|}}{(1 + e^{-2|z|})^2}
              = 4\,\sigma'(2z)

    ``1 - tanh(z)**2`` is the form written from the output; it cancels to 0
    once ``tanh`` rounds to ±1 (``|z| > 19``), so the second form is used.
    The maximum, at ``z = 0``, is 1: four times sigmoid's.

    Examples
    --------
    >>> tanh_derivative([-20.0, 0.0, 1.0])
    array([1.69934170e-17, 1.00000000e+00, 4.19974342e-01])
    """
    z = as_float_array(z, "tanh_derivative")
    d = _bell(_exp_neg_abs(z, scale=2.0))
    d *= 4
    return d


# --------------------------------------------------------------------------
# the ReLU family
# --------------------------------------------------------------------------


@_elementwise(blocks=False)
def relu(z: ArrayLike) -> np.ndarray:
    r"""The rectified linear unit: pass positives, zero out the rest.

    .. math:: \operatorname{relu}(z) = \max(z, 0),\qquad
              \operatorname{relu}'(z) = \begin{cases} 1 & z > 0\\
              0 & z \le 0\end{cases}

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.

    Returns
    -------
    ndarray, same shape as `z`

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    return np.maximum(as_float_array(z, "relu"), 0)


@_elementwise(blocks=False)
def relu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of :func:`relu`: 1 where ``z > 0``, else 0.

    ReLU has no derivative at 0; like PyTorch we use ``relu'(0) = 0``, which
    makes the gradient exactly sparse wherever the unit is off.

    Examples
    --------
    >>> relu_derivative([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    z = as_float_array(z, "relu_derivative")
    return _nan_where_nan((z > 0).astype(z.dtype), z)


@_elementwise(blocks=False)
def leaky_relu(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    r"""Leaky ReLU: like ReLU, but negative inputs keep a small slope `alpha`.

    .. math:: f(z) = \begin{cases} z & z > 0\\ \alpha z & z \le 0\end{cases},
              \qquad f'(z) = \begin{cases} 1 & z > 0\\ \alpha & z \le 0\end{cases}

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.
    alpha : float, default 0.01
        Slope for ``z <= 0`` (PyTorch's ``negative_slope``). Any finite number;
        ``alpha = 0`` is ReLU.

    Returns
    -------
    ndarray, same shape as `z`

    Raises
    ------
    TypeError, ValueError
        If `alpha` is not a finite real number.

    Examples
    --------
    >>> leaky_relu([-100.0, 0.0, 2.0])
    array([-1.,  0.,  2.])
    >>> leaky_relu([-100.0, 2.0], alpha=0.2)
    array([-20.,   2.])
    """
    z = as_float_array(z, "leaky_relu")
    alpha = real_scalar(alpha, "alpha", "leaky_relu")
    if alpha == 0:
        return np.maximum(z, 0)
    if 0 < alpha <= 1:
        # max(z, alpha z) is z for z > 0 and alpha z for z <= 0
        out = np.multiply(z, alpha)
        return np.maximum(z, out, out=out)
    with np.errstate(over="ignore"):  # |alpha| > 1 may round a huge z to inf
        return np.where(z > 0, z, alpha * z)


@_elementwise(blocks=False)
def leaky_relu_derivative(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    """Derivative of :func:`leaky_relu`: 1 where ``z > 0``, else `alpha`.

    At 0 it is `alpha`, as in PyTorch.

    Examples
    --------
    >>> leaky_relu_derivative([-2.0, 0.0, 3.0], alpha=0.1)
    array([0.1, 0.1, 1. ])
    """
    z = as_float_array(z, "leaky_relu_derivative")
    alpha = real_scalar(alpha, "alpha", "leaky_relu_derivative")
    one, slope = np.array([1, alpha], dtype=z.dtype)
    return _nan_where_nan(np.where(z > 0, one, slope), z)


@_elementwise
def elu(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Exponential linear unit: identity for positives, a smooth saturating
    curve down to ``-alpha`` for negatives.

    .. math:: \operatorname{elu}(z) = \begin{cases} z & z > 0\\
              \alpha\,(e^{z} - 1) & z \le 0\end{cases},\qquad
              \operatorname{elu}'(z) = \begin{cases} 1 & z > 0\\
              \alpha e^{z} & z \le 0\end{cases}

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.
    alpha : float, default 1.0
        The negative saturation value is ``-alpha``.

    Returns
    -------
    ndarray, same shape as `z`

    Notes
    -----
    Computed as :math:`\max(z, 0) + \alpha\,\operatorname{expm1}(\min(z, 0))`:
    ``expm1`` keeps full accuracy near 0, where ``exp(z) - 1`` would cancel,
    and is never given a positive number.

    Examples
    --------
    >>> elu([-1000.0, -1.0, 0.0, 2.0])
    array([-1.        , -0.63212056,  0.        ,  2.        ])
    """
    z = as_float_array(z, "elu")
    alpha = real_scalar(alpha, "alpha", "elu")
    out = np.minimum(z, 0)
    np.expm1(out, out=out)
    out *= alpha
    out += np.maximum(z, 0)
    return out


@_elementwise
def elu_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    """Derivative of :func:`elu`: 1 for ``z > 0``, ``alpha * exp(z)`` otherwise.

    At 0 it is ``alpha`` (the left-hand value, as PyTorch); with the default
    ``alpha = 1`` the two sides agree and ELU is continuously differentiable.

    Examples
    --------
    >>> elu_derivative([-1.0, 0.0, 2.0])
    array([0.36787944, 1.        , 1.        ])
    """
    z = as_float_array(z, "elu_derivative")
    alpha = real_scalar(alpha, "alpha", "elu_derivative")
    d = np.minimum(z, 0)
    np.exp(d, out=d)
    d *= alpha
    return np.where(z > 0, np.ones((), dtype=z.dtype), d)


@_elementwise
def selu(z: ArrayLike) -> np.ndarray:
    r"""Scaled ELU, the self-normalising activation.

    .. math:: \operatorname{selu}(z) = \lambda\,\operatorname{elu}(z, \alpha),
              \qquad \lambda \approx 1.0507,\ \alpha \approx 1.6733

    The constants are the fixed point that keeps activations at mean 0 and
    variance 1 from layer to layer when weights have variance ``1/n_inputs``
    (LeCun initialisation).

    Examples
    --------
    >>> selu([-1000.0, 0.0, 1.0])
    array([-1.75809934,  0.        ,  1.05070099])
    """
    out = elu(as_float_array(z, "selu"), SELU_ALPHA)
    with np.errstate(over="ignore"):  # selu(1.8e308) rounds to inf: correct
        out *= SELU_SCALE
    return out


@_elementwise
def selu_derivative(z: ArrayLike) -> np.ndarray:
    """Derivative of :func:`selu`: ``scale`` for ``z > 0``, else
    ``scale * alpha * exp(z)`` (at 0, the left-hand value, as PyTorch).

    Examples
    --------
    >>> selu_derivative([-1.0, 0.0, 1.0])
    array([0.6467686 , 1.75809934, 1.05070099])
    """
    d = elu_derivative(as_float_array(z, "selu_derivative"), SELU_ALPHA)
    d *= SELU_SCALE
    return d


# --------------------------------------------------------------------------
# smooth gates: GELU, Swish/SiLU, Mish
# --------------------------------------------------------------------------


def _gated(z: np.ndarray, gate: Callable[[np.ndarray], np.ndarray], lo: float):
    """Return ``z * gate(z)`` for a gate that falls to 0 as z -> -inf.

    Below `lo` the gate is exactly 0 in floating point, so z is clipped there:
    that turns ``-inf * 0`` (NaN) into the limit 0 and changes no finite
    result.
    """
    zl = np.maximum(z, lo)
    g = gate(zl)
    return np.multiply(zl, g, out=g)


def _exp_neg_half_square(x: np.ndarray) -> np.ndarray:
    """``exp(-x**2 / 2)`` for float64 ``|x| <= 40``, to about 2 ulp.

    Rounding ``x**2`` would cost up to ``x**2 / 2`` ulp (800 at x = 40).
    Instead x is split as ``hi + lo`` with ``hi`` of 26 bits (Veltkamp), so
    ``hi**2`` is exact and ``x**2 = hi**2 + lo (2 hi + lo)``.
    """
    t = x * 134217729.0  # 2**27 + 1
    hi = t - (t - x)
    lo = x - hi
    lo *= hi + hi + lo
    lo *= -0.5
    np.exp(lo, out=lo)
    np.square(hi, out=hi)
    hi *= -0.5
    np.exp(hi, out=hi)
    hi *= lo
    return hi


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    """Phi(z), the standard normal CDF, to a few ulp for every float64 z.

    ``erfc(-z / sqrt 2) / 2`` keeps the left tail where ``1 + erf`` would
    cancel to 0, but below z = -2 rounding ``z / sqrt 2`` and erfc's own
    ``exp(-x**2)`` cost up to hundreds of ulp. There the scaled function
    ``erfcx(x) = exp(x**2) erfc(x)`` is used instead, times an exactly split
    ``exp(-z**2 / 2)``.
    """
    out = np.multiply(z, -_SQRT_HALF)
    special.erfc(out, out=out)
    out *= 0.5
    tail = z < -2.0
    if tail.any():
        x = np.minimum(-z[tail], _PHI_SATURATES)
        p = special.erfcx(x * _SQRT_HALF)
        p *= _exp_neg_half_square(x)
        p *= 0.5
        out[tail] = p
    return out


def _in_float64(func: Callable[[np.ndarray], np.ndarray], z: np.ndarray):
    """Evaluate `func` in float64 and return the result in `z`'s dtype."""
    return func(z.astype(np.float64, copy=False)).astype(z.dtype, copy=False)


def _gelu_tanh_gate(z: np.ndarray) -> np.ndarray:
    """sigmoid(2u), u = sqrt(2/pi) (z + 0.044715 z^3): 0.5 (1 + tanh u)
    written without the cancellation of 1 + tanh u for u << 0."""
    zc = np.minimum(z, _GELU_TANH_SATURATES)  # z**3 stays finite
    t = np.square(zc)
    t *= _GELU_CUBIC
    t += 1
    t *= zc
    t *= 2 * _SQRT_2_OVER_PI
    return sigmoid(t)


@_elementwise
def gelu(z: ArrayLike, approximate: bool = False) -> np.ndarray:
    r"""Gaussian error linear unit: ``z`` weighted by the probability that a
    standard normal variable is below it.

    .. math:: \operatorname{gelu}(z) = z\,\Phi(z)
              = \frac{z}{2}\Bigl(1 + \operatorname{erf}\frac{z}{\sqrt 2}\Bigr),
              \qquad \operatorname{gelu}'(z) = \Phi(z) + z\,\varphi(z)

    With ``approximate=True``, the tanh approximation of Hendrycks and Gimpel:

    .. math:: \operatorname{gelu}(z) \approx \frac{z}{2}\Bigl(1 +
              \tanh\Bigl(\sqrt{2/\pi}\,\bigl(z + 0.044715\,z^3\bigr)\Bigr)\Bigr)

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.
    approximate : bool, default False
        Use the tanh approximation (PyTorch's ``approximate='tanh'``).

    Returns
    -------
    ndarray, same shape as `z`

    Notes
    -----
    For very negative ``z`` both ``1 + erf`` and ``1 + tanh`` round to 0 and
    would lose every digit of the small negative result. So
    :math:`\tfrac12(1 + \tanh u)` is computed as :math:`\sigma(2u)`, and
    :math:`\Phi(z)` as :math:`\tfrac12\operatorname{erfc}(-z/\sqrt2)`, or, for
    :math:`z < -2`, as :math:`\tfrac12\operatorname{erfcx}(-z/\sqrt2)\,e^{-z^2/2}`
    with the exponential's argument split so that it is exact: rounding
    :math:`z/\sqrt2` or :math:`z^2` would otherwise cost up to hundreds of
    ulps in the tail. The result is within a few ulps everywhere.

    Examples
    --------
    >>> gelu([-3.0, 0.0, 1.0])
    array([-0.00404969,  0.        ,  0.84134475])
    >>> gelu([-3.0, 0.0, 1.0], approximate=True)
    array([-0.00363739,  0.        ,  0.84119199])
    """
    z = as_float_array(z, "gelu")
    if _flag(approximate, "approximate", "gelu"):
        return _gated(z, _gelu_tanh_gate, -_GELU_TANH_SATURATES)
    return _in_float64(lambda x: _gated(x, _normal_cdf, -_PHI_SATURATES), z)


@_elementwise
def gelu_derivative(z: ArrayLike, approximate: bool = False) -> np.ndarray:
    r"""Derivative of :func:`gelu`.

    .. math:: \operatorname{gelu}'(z) = \Phi(z) + z\,\varphi(z),\qquad
              \varphi(z) = \frac{e^{-z^2/2}}{\sqrt{2\pi}}

    and for the tanh approximation, with :math:`s = \sigma(2u)`,
    :math:`s + z \cdot 2 s (1 - s) \cdot u'(z)`,
    :math:`u'(z) = \sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\,z^2)`.

    Examples
    --------
    >>> gelu_derivative([-3.0, 0.0, 1.0])
    array([-0.01194565,  0.5       ,  1.08331547])
    """
    z = as_float_array(z, "gelu_derivative")
    if _flag(approximate, "approximate", "gelu_derivative"):
        zc = np.clip(z, -_GELU_TANH_SATURATES, _GELU_TANH_SATURATES)
        z2 = np.square(zc)
        t = z2 * _GELU_CUBIC
        t += 1
        t *= zc
        t *= 2 * _SQRT_2_OVER_PI  # t = 2u
        p, q = _exp_parts(t)
        s = p + q
        q /= s  # q = sigmoid(2u)
        p /= s
        p *= q  # p = sigmoid(2u) (1 - sigmoid(2u))
        z2 *= 3 * _GELU_CUBIC
        z2 += 1
        z2 *= 2 * _SQRT_2_OVER_PI  # z2 = d(2u)/dz
        p *= z2
        p *= zc
        q += p
        return q
    return _in_float64(_gelu_exact_derivative, z)


def _gelu_exact_derivative(z: np.ndarray) -> np.ndarray:
    zc = np.clip(z, -_PHI_SATURATES, _PHI_SATURATES)
    out = _exp_neg_half_square(zc)
    out *= _INV_SQRT_2PI
    out *= zc  # z phi(z)
    out += _normal_cdf(zc)
    return out


def _swish_limit(beta: float) -> float:
    """|z| beyond which sigmoid(beta z) is exactly 0 or 1."""
    return min(_EXP_SATURATES / beta, np.finfo(np.float64).max)


@_elementwise
def swish(z: ArrayLike, beta: float = 1.0) -> np.ndarray:
    r"""Swish: ``z`` gated by its own sigmoid. With ``beta = 1`` it is SiLU.

    .. math:: \operatorname{swish}(z) = z\,\sigma(\beta z),\qquad
              \operatorname{swish}'(z) = \sigma(\beta z)
              + \beta z\,\sigma(\beta z)\bigl(1 - \sigma(\beta z)\bigr)

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.
    beta : float, default 1.0
        Positive sharpness; as beta grows swish tends to ReLU, as it shrinks
        to ``z / 2``.

    Returns
    -------
    ndarray, same shape as `z`
        Unbounded above; the minimum, about -0.278 / beta, is at
        ``beta z`` about -1.278.

    Examples
    --------
    >>> swish([-1000.0, -1.0, 0.0, 2.0])
    array([-0.        , -0.26894142,  0.        ,  1.76159416])
    """
    z = as_float_array(z, "swish")
    beta = real_scalar(beta, "beta", "swish", positive=True)
    return _gated(z, lambda zl: sigmoid(zl * beta), -_swish_limit(beta))


@_elementwise
def swish_derivative(z: ArrayLike, beta: float = 1.0) -> np.ndarray:
    r"""Derivative of :func:`swish`.

    .. math:: \operatorname{swish}'(z) = \sigma(t) + t\,\sigma(t)(1 - \sigma(t)),
              \qquad t = \beta z

    Examples
    --------
    >>> swish_derivative([-1.0, 0.0, 2.0])
    array([0.07232949, 0.5       , 1.09078425])
    """
    z = as_float_array(z, "swish_derivative")
    beta = real_scalar(beta, "beta", "swish_derivative", positive=True)
    limit = _swish_limit(beta)
    t = np.clip(z, -limit, limit)
    t *= beta
    p, q = _exp_parts(t)
    s = p + q  # p + q = 1 + exp(-|t|)
    p *= q
    p /= s
    p /= s  # p = sigmoid'(t)
    p *= t
    q /= s  # q = sigmoid(t)
    q += p
    return q


@_elementwise
def silu(z: ArrayLike) -> np.ndarray:
    r"""Sigmoid linear unit, ``z * sigmoid(z)``: :func:`swish` with beta = 1.

    Examples
    --------
    >>> silu([-1.0, 0.0, 2.0])
    array([-0.26894142,  0.        ,  1.76159416])
    """
    return swish(as_float_array(z, "silu"), 1.0)


@_elementwise
def silu_derivative(z: ArrayLike) -> np.ndarray:
    """Derivative of :func:`silu`, :func:`swish_derivative` with beta = 1.

    Examples
    --------
    >>> silu_derivative([0.0])
    array([0.5])
    """
    return swish_derivative(as_float_array(z, "silu_derivative"), 1.0)


def _mish_parts(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``n, d, p`` with ``tanh(softplus(z)) = n / d``.

    With ``p = exp(-max(z, 0))`` and ``q = exp(min(z, 0))`` (both <= 1),
    ``n = q (q + 2p)`` and ``d = n + 2 p**2``: the identity
    ``tanh(log(1 + e^z)) = e^z (e^z + 2) / (e^z (e^z + 2) + 2)`` scaled so no
    exponential can overflow. Also ``1 - n / d = 2 p**2 / d`` exactly.
    """
    p, q = _exp_parts(z)
    n = np.multiply(p, 2)
    n += q
    n *= q
    d = np.square(p)
    d *= 2
    d += n
    return n, d, p


@_elementwise
def mish(z: ArrayLike) -> np.ndarray:
    r"""Mish: ``z`` gated by ``tanh(softplus(z))``.

    .. math:: \operatorname{mish}(z) = z \tanh\bigl(\operatorname{softplus}(z)\bigr),
              \qquad \operatorname{mish}'(z) = \tanh(s)
              + z\,\bigl(1 - \tanh^2(s)\bigr)\,\sigma(z),\quad s = \operatorname{softplus}(z)

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.

    Returns
    -------
    ndarray, same shape as `z`
        Unbounded above, bounded below (minimum about -0.309).

    Notes
    -----
    ``tanh(softplus(z))`` needs no ``tanh`` and no ``log``: with
    :math:`w = e^z`, :math:`\tanh(\log(1 + w)) = \frac{w(w + 2)}{w(w + 2) + 2}`,
    which is evaluated with exponentials of non-positive numbers only.

    Examples
    --------
    >>> mish([-1000.0, -1.0, 0.0, 2.0])
    array([-0.        , -0.30340147,  0.        ,  1.94395896])
    """
    z = as_float_array(z, "mish")

    def gate(zl):
        n, d, _ = _mish_parts(zl)
        return np.divide(n, d, out=n)

    return _gated(z, gate, -_EXP_SATURATES)


@_elementwise
def mish_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of :func:`mish`.

    .. math:: \operatorname{mish}'(z) = g + z\,(1 - g^2)\,\sigma(z),
              \qquad g = \tanh(\operatorname{softplus}(z))

    with :math:`1 - g^2 = (1 - g)(1 + g)` and :math:`1 - g = 2p^2/d` taken
    from the same scaled exponentials as :func:`mish`, so nothing cancels.

    Examples
    --------
    >>> mish_derivative([-1.0, 0.0, 2.0])
    array([0.05921676, 0.6       , 1.06931793])
    """
    z = as_float_array(z, "mish_derivative")
    zc = np.clip(z, -_EXP_SATURATES, _EXP_SATURATES)
    n, d, p = _mish_parts(zc)
    sig = sigmoid(zc)
    np.square(p, out=p)
    p *= 2
    p /= d  # p = 1 - g
    n /= d  # n = g
    sig *= zc
    sig *= p
    p -= 2
    p *= -1  # p = 1 + g
    sig *= p
    n += sig
    return n


# --------------------------------------------------------------------------
# softplus
# --------------------------------------------------------------------------


@_elementwise
def softplus(z: ArrayLike) -> np.ndarray:
    r"""Softplus, a smooth approximation of ReLU.

    .. math:: \operatorname{softplus}(z) = \log(1 + e^{z}),\qquad
              \operatorname{softplus}'(z) = \sigma(z)

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation values.

    Returns
    -------
    ndarray, same shape as `z`
        Always positive; computed without overflow for any finite `z`.

    Notes
    -----
    :math:`\log(1 + e^{z}) = \max(z, 0) + \log\bigl(1 + e^{-|z|}\bigr)`,
    with ``log1p`` for the last term: ``exp`` never sees a positive number,
    and for very negative ``z`` the result is :math:`\approx e^{z}`, not 0.

    Examples
    --------
    >>> softplus([-1000.0, 0.0, 1000.0])
    array([0.00000000e+00, 6.93147181e-01, 1.00000000e+03])
    """
    z = as_float_array(z, "softplus")
    out = np.log1p(_exp_neg_abs(z))
    out += np.maximum(z, 0)
    return out


@_elementwise
def softplus_derivative(z: ArrayLike) -> np.ndarray:
    """Derivative of :func:`softplus`: the sigmoid.

    Examples
    --------
    >>> softplus_derivative([0.0])
    array([0.5])
    """
    return sigmoid(as_float_array(z, "softplus_derivative"))


# --------------------------------------------------------------------------
# softmax and log-softmax
# --------------------------------------------------------------------------


def _shifted(z: np.ndarray, axis: int) -> np.ndarray:
    """Return ``z - max(z)`` along `axis`, with the limits for infinities.

    Every entry is <= 0 (or NaN), so ``exp`` of it cannot overflow. A slice
    holding +inf gets 0 at the +inf entries and -inf elsewhere (the limit);
    a slice of only -inf, where softmax is undefined, gets NaN.
    """
    m = np.max(z, axis=axis, keepdims=True)
    finite = np.isfinite(m)
    if finite.all():
        with np.errstate(over="ignore"):  # 1e308 - (-1e308) rounds to -inf: fine
            return z - m
    with np.errstate(over="ignore"):
        shifted = z - np.where(finite, m, 0)
    shifted = np.where(m == np.inf, np.where(z == np.inf, 0, -np.inf), shifted)
    return np.where(m == -np.inf, np.nan, shifted).astype(z.dtype, copy=False)


def softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Softmax: turn a vector of scores (logits) into probabilities.

    .. math:: \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}
              = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}},\quad m = \max_j z_j

    Parameters
    ----------
    z : array_like, at least 1-D
        Logits. With the default ``axis=-1`` a batch of shape
        ``(n_samples, n_classes)`` is normalised row by row.
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    ndarray, same shape as `z`
        Non-negative, summing to 1 along `axis`.

    Raises
    ------
    ValueError
        For a 0-d input or an axis out of range.

    Notes
    -----
    Subtracting the maximum changes nothing mathematically (it cancels
    between numerator and denominator) but everything numerically: every
    exponent is then <= 0, so nothing overflows, and the largest term is
    exactly 1, so the sum cannot underflow to 0. A slice containing +inf
    gives its limit (all mass on the +inf entries); a slice that is all
    -inf, or contains NaN, gives NaN.

    Its derivative is a Jacobian, :func:`softmax_derivative`; backpropagation
    uses the Jacobian-vector product :func:`softmax_backward`.

    Examples
    --------
    >>> softmax([1000.0, 0.0, -1000.0])
    array([1., 0., 0.])
    >>> softmax([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    array([[0.09003057, 0.24472847, 0.66524096],
           [0.33333333, 0.33333333, 0.33333333]])
    """
    z = as_float_array(z, "softmax")
    axis = normalised_axis(z, axis, "softmax")
    e = _shifted(z, axis)
    np.exp(e, out=e)
    e /= np.sum(e, axis=axis, keepdims=True)
    return e


def log_softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""The logarithm of :func:`softmax`, computed without ever forming it.

    .. math:: \log\operatorname{softmax}(z)_i = (z_i - m)
              - \log\sum_j e^{z_j - m},\quad m = \max_j z_j

    Parameters
    ----------
    z : array_like, at least 1-D
        Logits.
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    ndarray, same shape as `z`
        Values <= 0. Exact for extreme logits, where ``log(softmax(z))``
        would give ``log(0) = -inf``.

    Examples
    --------
    >>> log_softmax([1000.0, 0.0, -1000.0])
    array([    0., -1000., -2000.])
    """
    z = as_float_array(z, "log_softmax")
    axis = normalised_axis(z, axis, "log_softmax")
    shifted = _shifted(z, axis)
    lse = np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    shifted -= lse
    return shifted


def _jacobian_axis_last(z: ArrayLike, axis: int, func: str) -> tuple[np.ndarray, int]:
    z = as_float_array(z, func)
    axis = normalised_axis(z, axis, func)
    return np.moveaxis(z, axis, -1), axis


def softmax_derivative(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""The Jacobian of :func:`softmax`.

    .. math:: \frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j),
              \qquad J = \operatorname{diag}(s) - s s^{\top}

    Parameters
    ----------
    z : array_like, at least 1-D
        Logits.
    axis : int, default -1
        The axis holding the classes.

    Returns
    -------
    ndarray, shape ``batch + (n, n)``
        ``J[..., i, j] = d s_i / d z_j`` where ``n = z.shape[axis]`` and
        ``batch`` is the shape of `z` without `axis`.

    Examples
    --------
    >>> softmax_derivative([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    z, axis = _jacobian_axis_last(z, axis, "softmax_derivative")
    s = softmax(z, axis=-1)
    jac = -s[..., :, None] * s[..., None, :]
    diag = np.einsum("...ii->...i", jac)  # a writable view of the diagonal
    diag += s
    return jac


def log_softmax_derivative(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""The Jacobian of :func:`log_softmax`.

    .. math:: \frac{\partial \log s_i}{\partial z_j} = \delta_{ij} - s_j

    Returns
    -------
    ndarray, shape ``batch + (n, n)``
        ``J[..., i, j]``, as for :func:`softmax_derivative`.

    Examples
    --------
    >>> log_softmax_derivative([0.0, 0.0])
    array([[ 0.5, -0.5],
           [-0.5,  0.5]])
    """
    z, axis = _jacobian_axis_last(z, axis, "log_softmax_derivative")
    s = softmax(z, axis=-1)
    jac = np.broadcast_to(-s[..., None, :], s.shape + s.shape[-1:]).copy()
    diag = np.einsum("...ii->...i", jac)
    diag += 1
    return jac


def _check_upstream(z: np.ndarray, dA: ArrayLike, func: str) -> np.ndarray:
    dA = as_float_array(dA, func)
    if dA.shape != z.shape:
        raise ValueError(
            f"{func}: the upstream gradient dA must have the shape of z, "
            f"{z.shape}; got {dA.shape}"
        )
    return dA


def softmax_backward(
    z: ArrayLike, dA: ArrayLike, axis: int = -1, a: ArrayLike | None = None
) -> np.ndarray:
    r"""Backpropagate through :func:`softmax`: the product ``dA J``.

    .. math:: \frac{\partial L}{\partial z_j} = \sum_i \frac{\partial L}{\partial s_i}
              s_i(\delta_{ij} - s_j) = s_j\Bigl(\mathrm{dA}_j - \sum_i \mathrm{dA}_i s_i\Bigr)

    This costs O(n) per sample, where forming the Jacobian costs O(n²).

    Parameters
    ----------
    z : array_like
        The logits the forward pass saw.
    dA : array_like, same shape as `z`
        Gradient of the loss with respect to the softmax output.
    axis : int, default -1
        The axis holding the classes.
    a : array_like, optional
        ``softmax(z)`` if the caller kept it (saves recomputing it).

    Returns
    -------
    ndarray, same shape as `z`
        Gradient of the loss with respect to `z`.

    Examples
    --------
    >>> softmax_backward([0.0, 0.0], [1.0, 0.0])
    array([ 0.25, -0.25])
    """
    z = as_float_array(z, "softmax_backward")
    dA = _check_upstream(z, dA, "softmax_backward")
    s = softmax(z, axis) if a is None else _check_upstream(z, a, "softmax_backward")
    return s * (dA - np.sum(dA * s, axis=axis, keepdims=True))


def log_softmax_backward(
    z: ArrayLike, dA: ArrayLike, axis: int = -1, a: ArrayLike | None = None
) -> np.ndarray:
    r"""Backpropagate through :func:`log_softmax`.

    .. math:: \frac{\partial L}{\partial z_j} = \mathrm{dA}_j - s_j \sum_i \mathrm{dA}_i

    Parameters
    ----------
    z, dA, axis
        As for :func:`softmax_backward`.
    a : array_like, optional
        ``log_softmax(z)`` if the caller kept it.

    Examples
    --------
    >>> log_softmax_backward([0.0, 0.0], [1.0, 0.0])
    array([ 0.5, -0.5])
    """
    z = as_float_array(z, "log_softmax_backward")
    dA = _check_upstream(z, dA, "log_softmax_backward")
    if a is None:
        s = softmax(z, axis)
    else:
        s = np.exp(_check_upstream(z, a, "log_softmax_backward"))
    return dA - s * np.sum(dA, axis=axis, keepdims=True)


# --------------------------------------------------------------------------
# the registry
# --------------------------------------------------------------------------


def _flag(value: object, name: str, func: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{func}: {name} must be True or False, got {value!r}")
    return bool(value)


@dataclass(frozen=True)
class Activation:
    """One entry of the registry: an activation, its derivative and its facts.

    Attributes
    ----------
    name : str
        The registry key, e.g. ``"relu"``.
    function : callable
        ``function(z, **params)``, e.g. :func:`relu`.
    derivative : callable
        ``derivative(z, **params)``; for softmax and log-softmax, the Jacobian.
    output_range : str
        The set of values, in interval notation, e.g. ``"(0, 1)"``.
    zero_centred : bool
        Whether the function is odd, ``f(-z) = -f(z)``: then the outputs
        average 0 whenever the inputs are symmetric about 0. (ELU and SELU
        only bring the mean closer to 0; the table says no.)
    saturating : str
        Where the gradient vanishes for large ``|z|``: ``"both sides"``,
        ``"negative side"`` or ``"no"``.
    smooth : bool
        Whether the function is continuously differentiable everywhere.
    typical_use : str
        Where it is used in practice.
    pytorch : str
        The PyTorch equivalent.
    formula : str
        The definition in LaTeX.
    elementwise : bool
        False for softmax and log-softmax, which normalise along an axis.
    default_init : str
        The weight initialiser (in :mod:`npdl.init`) a layer with this
        activation uses unless told otherwise, chosen so that an input of
        mean square 1 gives activations of mean square 1 again: He
        (``Var(W) = 2/n_in``) for ReLU and leaky ReLU; LeCun (``1/n_in``) for
        SELU; for ELU, GELU, Swish, SiLU, Mish and softplus the computed
        scale :func:`npdl.init.mean_square_gain` (``elu_normal``,
        ``gelu_normal``, ``swish_normal``, ``mish_normal``,
        ``softplus_normal``); Glorot for linear, tanh, sigmoid, softmax and
        log-softmax (tanh is the identity near 0; the bounded sigmoid and
        softmax cannot reach mean square 1, and they sit at the output).
    params : Mapping
        The keyword parameters and their defaults, e.g. ``{"alpha": 0.01}``.
    references : tuple of str
        Keys in ``references.bib`` of the papers behind it.
    """

    name: str
    function: Callable[..., np.ndarray]
    derivative: Callable[..., np.ndarray]
    output_range: str
    zero_centred: bool
    saturating: str
    smooth: bool
    typical_use: str
    pytorch: str
    formula: str
    elementwise: bool = True
    default_init: str = "glorot_normal"
    params: Mapping[str, object] = field(default_factory=dict)
    references: tuple[str, ...] = ()
    _backward: Callable[..., np.ndarray] | None = field(default=None, repr=False)

    def __call__(self, z: ArrayLike, **params: object) -> np.ndarray:
        """Apply the activation: ``record(z)`` is ``record.function(z)``."""
        return self.function(z, **params)

    def backward(
        self,
        z: ArrayLike,
        dA: ArrayLike,
        a: ArrayLike | None = None,
        **params: object,
    ) -> np.ndarray:
        """Gradient with respect to `z`, given the gradient `dA` with respect
        to the output: ``dA * f'(z)`` for an elementwise function, the
        Jacobian-vector product for softmax and log-softmax. `a` is the forward
        output, reused where it saves work."""
        if self._backward is not None:
            return self._backward(z, dA, a=a, **params)
        z = as_float_array(z, self.name)
        return _check_upstream(z, dA, f"{self.name} backward") * self.derivative(
            z, **params
        )


# Backward passes of the two activations every training step goes through,
# without building the derivative array first: same values as
# ``dA * f'(z)`` (NaN where z is NaN), fewer passes over the data.


def _linear_backward(z: ArrayLike, dA: ArrayLike) -> np.ndarray:
    z = as_float_array(z, "linear")
    return _nan_where_nan(_check_upstream(z, dA, "linear backward") * 1, z)


def _relu_backward(z: ArrayLike, dA: ArrayLike) -> np.ndarray:
    z = as_float_array(z, "relu")
    return _nan_where_nan(_check_upstream(z, dA, "relu backward") * (z > 0), z)


def _registry(*records: Activation) -> Mapping[str, Activation]:
    return MappingProxyType({r.name: r for r in records})


#: Every activation in npdl, by name. Read-only.
ACTIVATIONS: Mapping[str, Activation] = _registry(
    Activation(
        "linear", linear, linear_derivative,
        output_range="(-inf, inf)", zero_centred=True, saturating="no",
        smooth=True, typical_use="output layer for regression",
        pytorch="nn.Identity()", formula=r"z",
        _backward=lambda z, dA, a=None: _linear_backward(z, dA),
    ),
    Activation(
        "sigmoid", sigmoid, sigmoid_derivative,
        output_range="(0, 1)", zero_centred=False, saturating="both sides",
        smooth=True,
        typical_use="output layer for binary classification; gates in LSTMs",
        pytorch="nn.Sigmoid()", formula=r"\frac{1}{1 + e^{-z}}",
    ),
    Activation(
        "tanh", tanh, tanh_derivative,
        output_range="(-1, 1)", zero_centred=True, saturating="both sides",
        smooth=True, typical_use="recurrent cells (RNN, LSTM, GRU)",
        pytorch="nn.Tanh()", formula=r"\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
    ),
    Activation(
        "relu", relu, relu_derivative,
        output_range="[0, inf)", zero_centred=False, saturating="negative side",
        smooth=False, typical_use="default for hidden layers (CNNs, MLPs)",
        pytorch="nn.ReLU()", formula=r"\max(z, 0)",
        references=("nair2010relu", "glorot2011sparse"),
        default_init="he_normal",
        _backward=lambda z, dA, a=None: _relu_backward(z, dA),
    ),
    Activation(
        "leaky_relu", leaky_relu, leaky_relu_derivative,
        output_range="(-inf, inf)", zero_centred=False, saturating="no",
        smooth=False, typical_use="hidden layers, where ReLU units die",
        pytorch="nn.LeakyReLU(negative_slope=0.01)",
        formula=r"z \text{ if } z > 0 \text{ else } \alpha z",
        params={"alpha": 0.01},
        references=("maas2013rectifier",),
        default_init="he_normal",
    ),
    Activation(
        "elu", elu, elu_derivative,
        output_range="(-alpha, inf)", zero_centred=False,
        saturating="negative side", smooth=True,
        typical_use="hidden layers; mean activations closer to 0 than ReLU",
        pytorch="nn.ELU(alpha=1.0)",
        formula=r"z \text{ if } z > 0 \text{ else } \alpha (e^{z} - 1)",
        params={"alpha": 1.0}, references=("clevert2016elu",),
        default_init="elu_normal",
    ),
    Activation(
        "selu", selu, selu_derivative,
        output_range="(-1.7581, inf)", zero_centred=False,
        saturating="negative side", smooth=False,
        typical_use="self-normalising deep MLPs with LeCun initialisation",
        pytorch="nn.SELU()", formula=r"\lambda\,\operatorname{elu}(z, \alpha)",
        references=("klambauer2017selu",),
        default_init="lecun_normal",
    ),
    Activation(
        "gelu", gelu, gelu_derivative,
        output_range="[-0.17, inf)", zero_centred=False,
        saturating="negative side", smooth=True,
        typical_use="Transformers (BERT, GPT)",
        pytorch="nn.GELU(approximate='none')", formula=r"z\,\Phi(z)",
        params={"approximate": False}, references=("hendrycks2016gelu",),
        default_init="gelu_normal",
    ),
    Activation(
        "swish", swish, swish_derivative,
        output_range="[-0.2785/beta, inf)", zero_centred=False,
        saturating="negative side", smooth=True,
        typical_use="deep CNNs (EfficientNet); MobileNetV3 uses hard-swish",
        pytorch="nn.SiLU() (beta = 1)", formula=r"z\,\sigma(\beta z)",
        params={"beta": 1.0},
        references=("ramachandran2017swish", "elfwing2018silu"),
        default_init="swish_normal",
    ),
    Activation(
        "silu", silu, silu_derivative,
        output_range="[-0.2785, inf)", zero_centred=False,
        saturating="negative side", smooth=True,
        typical_use="deep CNNs; gated MLPs in language models (SwiGLU)",
        pytorch="nn.SiLU()", formula=r"z\,\sigma(z)",
        references=("elfwing2018silu", "hendrycks2016gelu"),
        default_init="swish_normal",
    ),
    Activation(
        "mish", mish, mish_derivative,
        output_range="[-0.3088, inf)", zero_centred=False,
        saturating="negative side", smooth=True,
        typical_use="object detection (YOLOv4)", pytorch="nn.Mish()",
        formula=r"z \tanh(\log(1 + e^{z}))", references=("misra2019mish",),
        default_init="mish_normal",
    ),
    Activation(
        "softplus", softplus, softplus_derivative,
        output_range="(0, inf)", zero_centred=False, saturating="negative side",
        smooth=True,
        typical_use="positive outputs (variances, rates); smooth ReLU",
        pytorch="nn.Softplus()", formula=r"\log(1 + e^{z})",
        references=("dugas2001softplus",),
        default_init="softplus_normal",
    ),
    Activation(
        "softmax", softmax, softmax_derivative,
        output_range="(0, 1), sums to 1", zero_centred=False,
        saturating="yes (large logit gaps)", smooth=True,
        typical_use="output layer for multi-class classification; attention",
        pytorch="nn.Softmax(dim=-1)",
        formula=r"\frac{e^{z_i}}{\sum_j e^{z_j}}", elementwise=False,
        params={"axis": -1}, references=("bridle1990softmax",),
        _backward=lambda z, dA, a=None, axis=-1: softmax_backward(z, dA, axis, a),
    ),
    Activation(
        "log_softmax", log_softmax, log_softmax_derivative,
        output_range="(-inf, 0]", zero_centred=False, saturating="no",
        smooth=True,
        typical_use="output layer feeding a negative log-likelihood loss",
        pytorch="nn.LogSoftmax(dim=-1)",
        formula=r"z_i - \log\sum_j e^{z_j}", elementwise=False,
        params={"axis": -1},
        _backward=lambda z, dA, a=None, axis=-1: log_softmax_backward(
            z, dA, axis, a
        ),
    ),
)


def get_activation(name: str) -> Activation:
    """Look an activation up in the registry by name.

    Parameters
    ----------
    name : str
        A key of :data:`ACTIVATIONS`, e.g. ``"relu"``.

    Returns
    -------
    Activation

    Raises
    ------
    ValueError
        If `name` is not in the registry; the message lists the choices.
    TypeError
        If `name` is not a string.

    Examples
    --------
    >>> get_activation("tanh").output_range
    '(-1, 1)'
    >>> get_activation("rleu")
    Traceback (most recent call last):
    ...
    ValueError: unknown activation 'rleu'; choose from ['elu', 'gelu', ...]
    """
    if not isinstance(name, str):
        raise TypeError(
            f"an activation is named by a string, got {type(name).__name__} {name!r}"
        )
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose from {sorted(ACTIVATIONS)}"
        ) from None


def activation_forward(z: ArrayLike, name: str, **params: object) -> np.ndarray:
    """Apply the activation called `name` to `z` (for readers of tutorials that
    dispatch on a name).

    Examples
    --------
    >>> activation_forward([-1.0, 2.0], "relu")
    array([0., 2.])
    """
    return get_activation(name).function(z, **params)


def activation_backward(
    z: ArrayLike,
    a: ArrayLike | None,
    name: str,
    dA: ArrayLike | None = None,
    **params: object,
) -> np.ndarray:
    """The derivative of the activation called `name`, or backpropagate through it.

    Parameters
    ----------
    z : array_like
        Pre-activations the forward pass saw.
    a : array_like or None
        The forward output ``f(z)``, if kept; reused where it saves work
        (softmax), otherwise only checked for shape.
    name : str
        A registry key.
    dA : array_like, optional
        Gradient of the loss with respect to ``a``.

    Returns
    -------
    ndarray
        Without `dA`: ``f'(z)``, elementwise (for softmax/log-softmax the
        Jacobian, shape ``z.shape + (n,)``). With `dA`: the gradient of the loss
        with respect to `z`, same shape as `z`.

    Examples
    --------
    >>> activation_backward([-1.0, 2.0], None, "relu")
    array([0., 1.])
    >>> activation_backward([-1.0, 2.0], None, "relu", dA=[5.0, 5.0])
    array([0., 5.])
    """
    record = get_activation(name)
    z = as_float_array(z, f"{name} backward")
    if a is not None:
        a = _check_upstream(z, a, f"activation_backward({name!r})")
    if dA is None:
        return record.derivative(z, **params)
    return record.backward(z, dA, a=a, **params)
