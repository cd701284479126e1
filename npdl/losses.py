r"""Losses: one number that says how wrong a network's outputs are, and its
gradient with respect to those outputs (what :meth:`npdl.network.MLP.backward` takes).

Every loss is a mean (PyTorch's ``reduction="mean"``), and the two
classification losses take **logits**, the outputs of a linear last layer,
not probabilities: the sigmoid or softmax sits inside the loss, where the log
can undo its exponential exactly.

=============================================  =============================================
npdl                                           PyTorch (same value and gradient)
=============================================  =============================================
:func:`mse`                                    ``F.mse_loss(y_pred, y_true)``
:func:`binary_cross_entropy_with_logits`       ``F.binary_cross_entropy_with_logits(z, y)``
:func:`cross_entropy`                          ``F.cross_entropy(z, y)``
=============================================  =============================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from npdl._validation import as_float_array
from npdl.activations import _shifted, log_softmax, sigmoid, softmax, softplus

__all__ = [
    "LOSSES",
    "Loss",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_gradient",
    "cross_entropy",
    "cross_entropy_gradient",
    "get_loss",
    "mse",
    "mse_gradient",
]


def _same_shape(a: ArrayLike, b: ArrayLike, names: tuple[str, str], func: str):
    """Both arrays as floats in the first one's dtype, after checking their
    shapes agree exactly (no broadcasting: ``(n, 1)`` against ``(n,)``
    would silently compare every sample with every target)."""
    a = as_float_array(a, func)
    b = as_float_array(b, func)
    if a.shape != b.shape:
        hint = ""
        if a.shape[:1] == b.shape[:1] and sorted((a.ndim, b.ndim)) == [1, 2]:
            hint = (" (one output per sample: reshape with y.reshape(-1, 1) or "
                    "take out[:, 0])")  # fmt: skip
        raise ValueError(f"{func}: {names[0]} and {names[1]} must have the same shape; "
                         f"got {a.shape} and {b.shape}{hint}")  # fmt: skip
    if a.size == 0:
        raise ValueError(f"{func}: got no samples (empty arrays); a mean needs at least one")
    return a, b.astype(a.dtype, copy=False)


# --------------------------------------------------------------------------
# regression
# --------------------------------------------------------------------------


def mse(y_pred: ArrayLike, y_true: ArrayLike) -> float:
    r"""Mean squared error.

    .. math:: L = \frac{1}{N} \sum_{k} (\hat y_k - y_k)^2

    where the sum and the count :math:`N` run over every entry (samples ×
    outputs), as in PyTorch's ``F.mse_loss``. With one output per sample,
    :math:`N` is the number of samples.

    Parameters
    ----------
    y_pred : array_like
        The network's outputs, e.g. shape ``(n_samples, n_outputs)``.
    y_true : array_like, same shape as `y_pred`
        The targets.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ (no broadcasting) or the arrays are empty.

    Examples
    --------
    >>> mse([[1.0], [2.0]], [[0.0], [4.0]])   # (1 + 4) / 2
    2.5
    """
    y_pred, y_true = _same_shape(y_pred, y_true, ("y_pred", "y_true"), "mse")
    return float(np.mean(np.square(y_pred - y_true)))


def mse_gradient(y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
    r"""Gradient of :func:`mse` with respect to `y_pred`.

    .. math:: \frac{\partial L}{\partial \hat y_k} = \frac{2}{N} (\hat y_k - y_k)

    Returns
    -------
    ndarray, shape and dtype of `y_pred`

    Examples
    --------
    >>> mse_gradient([[1.0], [2.0]], [[0.0], [4.0]])
    array([[ 1.],
           [-2.]])
    """
    y_pred, y_true = _same_shape(y_pred, y_true, ("y_pred", "y_true"), "mse_gradient")
    return (y_pred - y_true) * (2 / y_pred.size)


# --------------------------------------------------------------------------
# two classes: one logit per sample
# --------------------------------------------------------------------------


def _binary_targets(logits: ArrayLike, y: ArrayLike, func: str):
    logits, y = _same_shape(logits, y, ("logits", "y"), func)
    bad = ~((y >= 0) & (y <= 1)) & ~np.isnan(y)
    if np.any(bad):
        raise ValueError(f"{func}: targets y must lie in [0, 1] (class 1's probability; "
                         f"labels 0 and 1); got {float(y[bad].flat[0])}")  # fmt: skip
    return logits, y


def binary_cross_entropy_with_logits(logits: ArrayLike, y: ArrayLike) -> float:
    r"""Binary cross-entropy of a sigmoid output, computed from its logits.

    With :math:`p = \sigma(z)` the predicted probability of class 1,

    .. math:: L = -\frac{1}{N}\sum_k \bigl[y_k \log p_k + (1 - y_k)\log(1 - p_k)\bigr]
              = \frac{1}{N}\sum_k \bigl[\operatorname{softplus}(z_k) - y_k z_k\bigr]

    because :math:`-\log\sigma(z) = \operatorname{softplus}(-z)` and
    :math:`\operatorname{softplus}(-z) = \operatorname{softplus}(z) - z`. The
    right-hand side never forms :math:`\sigma(z)`, so it is finite and exact
    for any finite logit (``log(sigmoid(-1000))`` is ``log(0) = -inf``).

    Parameters
    ----------
    logits : array_like
        Pre-sigmoid outputs, e.g. shape ``(n_samples,)`` or ``(n_samples, 1)``.
    y : array_like, same shape as `logits`
        Targets in [0, 1]: labels 0 and 1, or probabilities.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ, the arrays are empty, or a target is outside
        [0, 1].

    Examples
    --------
    >>> binary_cross_entropy_with_logits([0.0], [1.0])   # -log(1/2)
    0.6931471805599453
    >>> binary_cross_entropy_with_logits([-1000.0], [1.0])   # finite: 1000
    1000.0
    """
    logits, y = _binary_targets(logits, y, "binary_cross_entropy_with_logits")
    return float(np.mean(softplus(logits) - y * logits))


def binary_cross_entropy_with_logits_gradient(logits: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to
    the logits.

    .. math:: \frac{\partial L}{\partial z_k} = \frac{\sigma(z_k) - y_k}{N}

    Returns
    -------
    ndarray, shape and dtype of `logits`

    Examples
    --------
    >>> binary_cross_entropy_with_logits_gradient([0.0, 0.0], [1.0, 0.0])
    array([-0.25,  0.25])
    """
    logits, y = _binary_targets(logits, y, "binary_cross_entropy_with_logits_gradient")
    return (sigmoid(logits) - y) / logits.size


# --------------------------------------------------------------------------
# several classes: one logit per class
# --------------------------------------------------------------------------


def _class_targets(logits: ArrayLike, y: ArrayLike, func: str) -> tuple[np.ndarray, np.ndarray]:
    """Logits as ``(n, C)`` and the targets as probabilities ``(n, C)``."""
    logits = as_float_array(logits, func)
    if logits.ndim not in (1, 2) or logits.shape[-1] < 2:
        raise ValueError(f"{func}: logits must have shape (n_samples, n_classes) with at "
                         f"least 2 classes, or (n_classes,) for one sample; got shape "
                         f"{logits.shape}")  # fmt: skip
    single = logits.ndim == 1
    logits2 = logits[None, :] if single else logits
    n, C = logits2.shape
    if n == 0:
        raise ValueError(f"{func}: got no samples (empty arrays); a mean needs at least one")
    y_arr = np.asarray(y)
    if y_arr.shape == logits.shape and not (single and y_arr.dtype.kind in "iu"):
        # one-hot rows, or class probabilities
        probs = as_float_array(y_arr, func).astype(logits.dtype, copy=False)
        probs2 = probs[None, :] if single else probs
        bad = (probs2 < 0) | (probs2 > 1)
        if np.any(bad) or not np.allclose(probs2.sum(axis=1), 1.0, atol=1e-6):
            raise ValueError(f"{func}: targets of shape {y_arr.shape} are read as one-hot "
                             "rows (or class probabilities): entries in [0, 1], each row "
                             "summing to 1. For class labels pass an int array of shape "
                             f"({n},)")  # fmt: skip
        return logits2, probs2
    want = "()" if single else f"({n},)"
    if y_arr.shape != (() if single else (n,)):
        raise ValueError(f"{func}: for logits of shape {logits.shape}, y must be class "
                         f"labels of shape {want} or one-hot targets of shape "
                         f"{logits.shape}; got shape {y_arr.shape}")  # fmt: skip
    if y_arr.dtype.kind not in "iu":
        kind = "booleans" if y_arr.dtype.kind == "b" else f"dtype {y_arr.dtype}"
        raise TypeError(f"{func}: class labels must be integers 0 to {C - 1}; got {kind}"
                        + (" (convert with y.astype(int))" if y_arr.dtype.kind in "fb"
                           else ""))  # fmt: skip
    labels = y_arr.reshape(-1)
    out = (labels < 0) | (labels >= C)
    if np.any(out):
        raise ValueError(f"{func}: class labels must be 0 to {C - 1} for {C} classes; "
                         f"got {labels[out][0]}")  # fmt: skip
    probs2 = np.zeros_like(logits2)
    probs2[np.arange(n), labels] = 1
    return logits2, probs2


def cross_entropy(logits: ArrayLike, y: ArrayLike) -> float:
    r"""Cross-entropy of a softmax output, computed from its logits.

    .. math:: L = -\frac{1}{n}\sum_{i=1}^{n}\sum_{c} y_{ic}\,
              \log\operatorname{softmax}(z_i)_c
              = -\frac{1}{n}\sum_{i=1}^{n} \operatorname{log\_softmax}(z_i)_{y_i}

    (the second form for integer labels :math:`y_i`). Through
    :func:`~npdl.activations.log_softmax`, never ``log(softmax(z))``: finite
    and exact for any finite logits.

    Parameters
    ----------
    logits : array_like, shape (n_samples, n_classes) or (n_classes,)
    y : array_like
        Integer class labels of shape ``(n_samples,)`` (``()`` for one
        sample), or one-hot rows (or class probabilities) of the shape of
        `logits`.

    Returns
    -------
    float
        The mean over samples.

    Raises
    ------
    ValueError
        For a label outside ``0 .. n_classes - 1``, shapes that do not match,
        one-hot rows that are not probabilities, or fewer than 2 classes.
    TypeError
        For labels that are not integers (floats, booleans).

    Examples
    --------
    >>> round(cross_entropy([[0.0, 0.0, 0.0]], [2]), 6)   # ln 3
    1.098612
    >>> cross_entropy([[0.0, 1000.0]], [0])   # finite: 1000
    1000.0
    """
    logits, probs = _class_targets(logits, y, "cross_entropy")
    logp = log_softmax(logits, axis=-1)
    # where a target is 0 its term is 0, even if the log-probability is -inf
    terms = np.multiply(probs, logp, out=np.zeros_like(logp), where=probs > 0)
    return float(-np.sum(terms) / logits.shape[0])


def cross_entropy_gradient(logits: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""Gradient of :func:`cross_entropy` with respect to the logits.

    .. math:: \frac{\partial L}{\partial z_{ic}} =
              \frac{\operatorname{softmax}(z_i)_c - y_{ic}}{n}

    with :math:`y_{ic}` the one-hot targets.

    Returns
    -------
    ndarray, shape and dtype of `logits`

    Examples
    --------
    >>> cross_entropy_gradient([[0.0, 0.0], [0.0, 0.0]], [0, 1])
    array([[-0.25,  0.25],
           [ 0.25, -0.25]])
    """
    logits_in = as_float_array(logits, "cross_entropy_gradient")
    logits2, probs = _class_targets(logits_in, y, "cross_entropy_gradient")
    grad = (softmax(logits2, axis=-1) - probs) / logits2.shape[0]
    return grad.reshape(logits_in.shape)


# --------------------------------------------------------------------------
# by name
# --------------------------------------------------------------------------


def _mse_both(y_pred: ArrayLike, y_true: ArrayLike) -> tuple[float, np.ndarray]:
    y_pred, y_true = _same_shape(y_pred, y_true, ("y_pred", "y_true"), "mse")
    diff = y_pred - y_true
    return float(np.mean(np.square(diff))), diff * (2 / diff.size)


def _bce_both(logits: ArrayLike, y: ArrayLike) -> tuple[float, np.ndarray]:
    logits, y = _binary_targets(logits, y, "binary_cross_entropy_with_logits")
    value = float(np.mean(softplus(logits) - y * logits))
    return value, (sigmoid(logits) - y) / logits.size


def _cross_entropy_both(logits: ArrayLike, y: ArrayLike) -> tuple[float, np.ndarray]:
    """:func:`cross_entropy` and its gradient from one pass: the shift, the
    exponentials and their sum are computed once, in the same operations as
    :func:`~npdl.activations.log_softmax` and :func:`~npdl.activations.softmax`.
    The gradient is bit for bit :func:`cross_entropy_gradient`'s; the value
    is :func:`cross_entropy`'s up to rounding (it sums n terms, not n x C)."""
    logits_in = as_float_array(logits, "cross_entropy")
    labels = np.asarray(y)
    if (logits_in.ndim == 2 and labels.shape == logits_in.shape[:1] and labels.dtype.kind in "iu"
            and logits_in.size and logits_in.shape[1] > 1
            and labels.min() >= 0 and labels.max() < logits_in.shape[1]):  # fmt: skip
        # the common case, integer labels: no one-hot matrix is built
        n, rows = len(labels), np.arange(len(labels))
        with np.errstate(over="ignore", invalid="ignore"):  # checked below
            shifted = logits_in - logits_in.max(axis=1, keepdims=True)
            e = np.exp(shifted)
            total = e.sum(axis=1, keepdims=True)
            value = float((np.log(total[:, 0]) - shifted[rows, labels]).sum() / n)
        if np.isfinite(value):  # else inf or nan logits: the careful path below
            e /= total
            e[rows, labels] -= 1
            e /= n
            return value, e
    logits2, probs = _class_targets(logits_in, y, "cross_entropy")
    shifted = _shifted(logits2, 1)
    e = np.exp(shifted)
    total = np.sum(e, axis=1, keepdims=True)
    logp = shifted - np.log(total)
    terms = np.multiply(probs, logp, out=np.zeros_like(logp), where=probs > 0)
    n = logits2.shape[0]
    value = float(-np.sum(terms) / n)
    e /= total
    e -= probs
    e /= n
    return value, e.reshape(logits_in.shape)


class Loss(NamedTuple):
    """A loss and its gradient, as :data:`LOSSES` holds them.

    ``value_and_gradient(outputs, targets)`` returns both at once, from one
    check of the inputs and shared intermediate results (what a training
    step uses); they equal ``function`` and ``gradient``.
    """

    name: str
    function: Callable[[ArrayLike, ArrayLike], float]
    gradient: Callable[[ArrayLike, ArrayLike], np.ndarray]
    value_and_gradient: Callable[[ArrayLike, ArrayLike], tuple[float, np.ndarray]]


#: Every loss in npdl, by name. Read-only.
LOSSES: Mapping[str, Loss] = MappingProxyType({
    loss.name: loss for loss in (
        Loss("mse", mse, mse_gradient, _mse_both),
        Loss("binary_cross_entropy_with_logits", binary_cross_entropy_with_logits,
             binary_cross_entropy_with_logits_gradient, _bce_both),
        Loss("cross_entropy", cross_entropy, cross_entropy_gradient, _cross_entropy_both),
    )
})  # fmt: skip


def get_loss(name: str) -> Loss:
    """Look a loss up by name.

    Raises
    ------
    ValueError
        If `name` is not in :data:`LOSSES`; the message lists the choices.

    Examples
    --------
    >>> get_loss("mse").gradient([[1.0]], [[0.0]])
    array([[2.]])
    """
    if not isinstance(name, str) or name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose from {sorted(LOSSES)}")
    return LOSSES[name]
