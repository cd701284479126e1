r"""Numerical derivatives by central differences, to check analytic ones.

.. math:: f'(z) \approx \frac{f(z + h) - f(z - h)}{2h}

The error is :math:`O(h^2)` from truncation plus about
:math:`\varepsilon |f| / h` from rounding, so in float64 a step near
:math:`10^{-5}`–:math:`10^{-6}` (scaled by :math:`|z|`) gives 9–10 correct digits.
Rule of thumb (CS231n): a relative error below 1e-7 means the analytic
gradient is right; above 1e-2 it is wrong. Keep away from kinks (ReLU at 0).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from npdl._validation import as_float_array
from npdl.losses import get_loss

__all__ = [
    "gradient_check",
    "numerical_derivative",
    "numerical_gradient",
    "numerical_jacobian",
    "relative_error",
]


def _step(x: np.ndarray, h: float) -> np.ndarray:
    """A step proportional to |x| (at least `h`), exactly representable."""
    step = h * np.maximum(np.abs(x), 1.0)
    return (x + step) - x  # the step that was actually taken


def numerical_derivative(
    f: Callable[[np.ndarray], np.ndarray], z: ArrayLike, h: float = 1e-6
) -> np.ndarray:
    """Central-difference derivative of an elementwise function, at every entry
    of `z` at once.

    Parameters
    ----------
    f : callable
        An elementwise function: ``f(z)[i]`` depends on ``z[i]`` only.
    z : array_like, any shape
        Points, converted to float64.
    h : float, default 1e-6
        Relative step.

    Returns
    -------
    ndarray, same shape as `z`

    Examples
    --------
    >>> float(numerical_derivative(np.sin, 0.0))  # cos(0) = 1
    1.0
    """
    z = as_float_array(z, "numerical_derivative").astype(np.float64)
    step = _step(z, h)
    return (f(z + step) - f(z - step)) / (2 * step)


def numerical_jacobian(
    f: Callable[[np.ndarray], np.ndarray], x: ArrayLike, h: float = 1e-6
) -> np.ndarray:
    """Central-difference Jacobian ``J[i, j] = d f_i / d x_j`` of a vector function.

    One pair of evaluations per input coordinate (a loop over the inputs, not
    over samples: this is a testing tool, meant for small `x`).

    Parameters
    ----------
    f : callable
        Maps an array shaped like `x` to an array of any shape.
    x : array_like
        The point, converted to float64.
    h : float, default 1e-6
        Relative step.

    Returns
    -------
    ndarray, shape ``f(x).shape + x.shape``

    Examples
    --------
    >>> numerical_jacobian(lambda v: 3 * v, [1.0, 2.0]).round(6)
    array([[3., 0.],
           [0., 3.]])
    """
    x = as_float_array(x, "numerical_jacobian").astype(np.float64)
    out_shape = np.shape(f(x))
    jac = np.empty((int(np.prod(out_shape)), x.size))
    flat = x.reshape(-1)
    for j in range(x.size):
        step = _step(flat[j], h)
        plus, minus = flat.copy(), flat.copy()
        plus[j] += step
        minus[j] -= step
        diff = np.asarray(f(plus.reshape(x.shape))) - np.asarray(
            f(minus.reshape(x.shape))
        )
        jac[:, j] = diff.reshape(-1) / (2 * step)
    return jac.reshape(out_shape + x.shape)


def numerical_gradient(
    f: Callable[[], float], x: np.ndarray, h: float = 1e-6
) -> np.ndarray:
    """Central-difference gradient of a scalar ``f()`` with respect to an array
    `x` that `f` reads, such as a network's weight matrix.

    Each entry of `x` is nudged in place by ``+step`` and ``-step``, `f` is
    called at both, and the entry is put back exactly; `x` holds its original
    values when this returns, even if `f` raises.

    Parameters
    ----------
    f : callable
        Takes no arguments and returns a number (e.g. the loss of a network on
        a fixed batch).
    x : ndarray of floats
        The array to differentiate with respect to, changed in place during
        the call. Must be float64 for 9-10 correct digits.
    h : float, default 1e-6
        Relative step. The difference is divided by the step actually
        stored in `x`'s dtype, which is at least one unit in the last place
        (in float32 a step of 1e-12 is rounded away).

    Returns
    -------
    ndarray, shape of `x`, float64

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> numerical_gradient(lambda: float(np.sum(w ** 2)), w).round(6)   # 2w
    array([ 2., -4.])
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(f"numerical_gradient perturbs x in place, so x must be a float "
                        f"ndarray; got {type(x).__name__}")  # fmt: skip
    grad = np.empty(x.shape)
    flat = x.reshape(-1)  # a view: writing to it writes to x
    if not np.shares_memory(flat, x):
        raise ValueError("numerical_gradient needs a contiguous array x to perturb in place")
    kind = x.dtype.type
    for j in range(flat.size):
        original = flat[j]
        step = _step(np.float64(original), h)
        # the points actually stored (in float32, x +- step is rounded), at
        # least one representable number away from x
        plus = max(kind(original + step), np.nextafter(original, kind(np.inf)))
        minus = min(kind(original - step), np.nextafter(original, kind(-np.inf)))
        try:
            flat[j] = plus
            up = float(f())
            flat[j] = minus
            down = float(f())
        finally:
            flat[j] = original
        grad.reshape(-1)[j] = (up - down) / (float(plus) - float(minus))
    return grad


def gradient_check(
    model, X: ArrayLike, y: ArrayLike, loss: str = "mse", h: float = 1e-6
) -> list[float]:
    """Compare a network's analytic gradients with numerical ones.

    Runs ``model.forward(X)``, the loss, and ``model.backward`` once, then
    nudges every parameter in turn (:func:`numerical_gradient`).

    Parameters
    ----------
    model : npdl.MLP (or anything with forward, backward, parameters, gradients)
    X : array_like
        A small batch of inputs.
    y : array_like
        The targets the loss compares with.
    loss : str, default "mse"
        A name in :data:`npdl.losses.LOSSES`.
    h : float
        Relative step.

    Returns
    -------
    list of float
        The relative error of each parameter array's gradient,
        ``relative_error(analytic, numeric, norm=True)``, in the order of
        ``model.parameters()``: below about 1e-7 in float64 the analytic
        gradient is right.

    Examples
    --------
    >>> import npdl
    >>> net = npdl.MLP([2, 3, 1], "tanh", rng=0)
    >>> errors = gradient_check(net, [[0.5, -1.0], [2.0, 0.1]], [[1.0], [0.0]])
    >>> len(errors), max(errors) < 1e-7
    (4, True)
    """
    record = get_loss(loss)
    out = model.forward(X)
    model.backward(record.gradient(out, y))
    analytic = [g.copy() for g in model.gradients()]

    def value() -> float:
        return record.function(model.forward(X), y)

    return [relative_error(g, numerical_gradient(value, p, h), norm=True)
            for p, g in zip(model.parameters(), analytic, strict=True)]  # fmt: skip


def relative_error(
    a: ArrayLike, b: ArrayLike, floor: float = 1e-12, *, norm: bool = False
) -> float:
    """How far apart two arrays are, relative to their size.

    Entrywise (the default): the largest ``|a - b| / max(|a| + |b|, floor)``
    over all entries, for derivatives of elementwise functions, where every
    entry should be accurate on its own.

    With ``norm=True``: ``||a - b|| / max(||a|| + ||b||, floor)`` (Euclidean
    norms), one number for a whole gradient. This is the measure for a
    gradient check of a parameter array: an entry a thousand times smaller
    than the others carries the same absolute rounding error of the central
    difference, which entrywise would inflate a thousandfold.

    Examples
    --------
    >>> print(f"{relative_error([1.0, 2.0], [1.0, 2.000002]):.1e}")
    5.0e-07
    >>> print(f"{relative_error([1.0, 1e-6], [1.0, 1.1e-6]):.1e}")   # entrywise
    4.8e-02
    >>> print(f"{relative_error([1.0, 1e-6], [1.0, 1.1e-6], norm=True):.1e}")
    5.0e-08
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if norm:
        size = np.linalg.norm(a) + np.linalg.norm(b)
        return float(np.linalg.norm(a - b) / max(size, floor))
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))
