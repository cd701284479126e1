r"""Training: mini-batches, splitting and scaling data, accuracy, and
:func:`fit`, the loop that puts a network, a loss and an optimiser together.

:func:`fit` is the loop the chapter *Training a network* writes out by hand,
with bookkeeping around it::

    for epoch in range(epochs):
        for X_batch, y_batch in batches(X, y, batch_size, rng):
            train_step(model, X_batch, y_batch, loss, optimizer)
        history: loss and accuracy on the whole training set (and validation)

and :func:`train_step` is forward, loss, backward, update::

    out = model.forward(X_batch)
    value, gradient = loss.value_and_gradient(out, y_batch)
    model.backward(gradient)
    optimizer.step(model.gradients())

Everything random (the order of the samples in each epoch, the split) comes
from an ``rng`` argument, so a run is reproduced exactly by its seeds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from npdl._validation import as_float_array, positive_int, real_scalar
from npdl.losses import Loss, get_loss

__all__ = [
    "History",
    "accuracy",
    "batches",
    "confusion_matrix",
    "evaluate",
    "fit",
    "predict_labels",
    "standardize",
    "train_step",
    "train_test_split",
]

RNGLike = np.random.Generator | int | None


# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------


def _samples(X: ArrayLike, y: ArrayLike, func: str) -> tuple[np.ndarray, np.ndarray]:
    """`X` as a 2-D float array and `y` as an array with one entry (or row)
    per sample, or a clear error."""
    X = as_float_array(X, func)
    if X.ndim != 2:
        raise ValueError(f"{func} expects X of shape (n_samples, n_features), one sample "
                         f"per row; got shape {X.shape}")  # fmt: skip
    y = np.asarray(y)
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(f"{func}: X has {len(X)} samples but y has "
                         f"{'no' if y.ndim == 0 else len(y)} entries (shape {y.shape}); "
                         f"y needs one label or target per row of X")  # fmt: skip
    if len(X) == 0:
        raise ValueError(f"{func}: got no samples (X has 0 rows)")
    return X, y


def batches(
    X: ArrayLike, y: ArrayLike, batch_size: int | None, rng: RNGLike = None, shuffle: bool = True
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Split one epoch of data into mini-batches, in a fresh random order.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,) or (n_samples, k)
    batch_size : int or None
        Samples per batch; the last batch holds what is left (it may be
        smaller). None: one batch of everything (full-batch training).
    rng : Generator, int or None
        Source of the order. Pass the same ``Generator`` every epoch to get a
        new order each epoch that a seed reproduces.
    shuffle : bool, default True
        False keeps the samples in their order.

    Yields
    ------
    X_batch, y_batch : ndarray
        Consecutive rows of ``X`` and ``y`` after one shuffle, so every
        sample appears exactly once per epoch.

    Examples
    --------
    >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    >>> [len(yb) for _, yb in batches(X, y, batch_size=2, rng=0)]
    [2, 2, 1]
    >>> sorted(np.concatenate([yb for _, yb in batches(X, y, 2, rng=0)]))
    [np.int64(0), np.int64(1), np.int64(2), np.int64(3), np.int64(4)]
    """
    X, y = _samples(X, y, "batches")
    n = len(X)
    size = n if batch_size is None else positive_int(batch_size, "batch_size", "batches")
    if shuffle and size < n:
        order = np.random.default_rng(rng).permutation(n)
        X, y = X[order], y[order]  # one gather per epoch; batches are views of it
    for start in range(0, n, size):
        yield X[start:start + size], y[start:start + size]


def train_test_split(X: ArrayLike, y: ArrayLike, test_fraction: float = 0.25,
                     rng: RNGLike = None, stratify: bool = True):  # fmt: skip
    """Split samples into a training set and a test set, at random.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like of int, shape (n_samples,)
    test_fraction : float, default 0.25
        Share of the samples held out for testing, in (0, 1).
    rng : Generator, int or None
    stratify : bool, default True
        Hold out the same share of every class (rounded per class), so the
        test set has the class proportions of the whole set. False: draw the
        test set from all samples at once.

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        In scikit-learn's order; both sets in random order.

    Raises
    ------
    ValueError
        If `test_fraction` is not in (0, 1), or either set would be empty.

    Examples
    --------
    >>> X, y = np.zeros((100, 2)), np.repeat([0, 1], [80, 20])
    >>> X_tr, X_te, y_tr, y_te = train_test_split(X, y, 0.25, rng=0)
    >>> X_tr.shape, X_te.shape, np.bincount(y_te)
    ((75, 2), (25, 2), array([20,  5]))
    """
    X, y = _samples(X, y, "train_test_split")
    fraction = real_scalar(test_fraction, "test_fraction", "train_test_split")
    if not 0 < fraction < 1:
        raise ValueError(f"train_test_split: test_fraction must be between 0 and 1 "
                         f"(the share held out), got {fraction!r}")  # fmt: skip
    rng = np.random.default_rng(rng)
    if stratify:
        if y.ndim != 1 or y.dtype.kind not in "iub":
            raise ValueError(
                f"train_test_split: stratify=True needs integer class labels of shape "
                f"(n_samples,); got dtype {y.dtype}, shape {y.shape} (pass stratify=False "
                f"for other targets)"
            )
        test = []
        for label in np.unique(y):
            members = rng.permutation(np.flatnonzero(y == label))
            test.append(members[: round(fraction * len(members))])
        test = np.concatenate(test)
    else:
        test = rng.permutation(len(X))[: round(fraction * len(X))]
    is_test = np.zeros(len(X), dtype=bool)
    is_test[test] = True
    if is_test.all() or not is_test.any():
        raise ValueError(f"train_test_split: a test_fraction of {fraction} of {len(X)} "
                         f"samples leaves one of the two sets empty")  # fmt: skip
    train_idx = rng.permutation(np.flatnonzero(~is_test))
    test_idx = rng.permutation(np.flatnonzero(is_test))
    return X[train_idx], X[test_idx], y[train_idx], y[test_idx]


def standardize(X_train: ArrayLike, *X_other: ArrayLike) -> tuple[np.ndarray, ...]:
    r"""Scale every feature to mean 0 and standard deviation 1, **using the
    training set's statistics for every set**.

    The test set is scaled with the training set's mean and standard
    deviation, never its own: anything computed from test data before the
    test would leak it into training.

    Parameters
    ----------
    X_train : array_like, shape (n_samples, n_features)
        The data the mean and standard deviation are computed from.
    *X_other : array_like, shape (m, n_features)
        More sets (validation, test) scaled with the same numbers.

    Returns
    -------
    tuple of ndarray
        ``(X_train_scaled, *X_other_scaled)``: always a tuple, even for one
        set.

    Notes
    -----
    :math:`x' = (x - \mu) / \sigma` per feature. A feature that is constant
    in the training set (:math:`\sigma = 0`, e.g. a pixel that is always
    blank) is only centred (:math:`\sigma` taken as 1), as in
    scikit-learn's ``StandardScaler``.

    Examples
    --------
    >>> train, test = standardize([[0.0, 5.0], [2.0, 5.0]], [[4.0, 6.0]])
    >>> train
    array([[-1.,  0.],
           [ 1.,  0.]])
    >>> test
    array([[3., 1.]])
    """
    X_train = as_float_array(X_train, "standardize")
    if X_train.ndim != 2 or len(X_train) == 0:
        raise ValueError(f"standardize expects X_train of shape (n_samples, n_features) "
                         f"with at least one sample; got shape {X_train.shape}")  # fmt: skip
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[std == 0] = 1.0
    out = []
    for i, X in enumerate((X_train, *X_other)):
        X = as_float_array(X, "standardize")
        if X.ndim != 2 or X.shape[1] != X_train.shape[1]:
            raise ValueError(f"standardize: set {i} has shape {X.shape}; expected "
                             f"(n, {X_train.shape[1]}) like X_train")  # fmt: skip
        out.append((X - mean) / std)
    return tuple(out)


# --------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Fraction of predictions equal to their labels.

    Parameters
    ----------
    y_true, y_pred : array_like, the same shape
        Labels, e.g. ``(n_samples,)`` class indices. To score a network's
        outputs, turn them into labels first (:func:`predict_labels`).

    Examples
    --------
    >>> accuracy([0, 1, 2, 2], [0, 2, 2, 2])
    0.75
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        hint = ""
        if y_pred.ndim == 2 and y_pred.shape[:1] == y_true.shape:
            hint = (" -- y_pred looks like network outputs: take labels first, e.g. "
                    "predict_labels(outputs, 'cross_entropy')")  # fmt: skip
        raise ValueError(f"accuracy: y_true and y_pred must have the same shape; got "
                         f"{y_true.shape} and {y_pred.shape}{hint}")  # fmt: skip
    if y_true.size == 0:
        raise ValueError("accuracy: got no samples")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(
    y_true: ArrayLike, y_pred: ArrayLike, n_classes: int | None = None
) -> np.ndarray:
    """Count, for every true class, how often each class was predicted.

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (n_samples,)
    n_classes : int, optional
        Default: one more than the largest label seen.

    Returns
    -------
    ndarray of int64, shape (n_classes, n_classes)
        Entry ``[i, j]`` counts samples of class ``i`` predicted as ``j``:
        the diagonal holds the correct predictions, each row sums to the
        number of samples of its class.

    Examples
    --------
    >>> confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0])
    array([[1, 1, 0],
           [0, 1, 0],
           [1, 0, 1]])
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"confusion_matrix expects two label arrays of the same shape "
                         f"(n_samples,); got {y_true.shape} and {y_pred.shape}")  # fmt: skip
    for name, arr in (("y_true", y_true), ("y_pred", y_pred)):
        if arr.dtype.kind not in "iu" or (arr.size and arr.min() < 0):
            raise ValueError(f"confusion_matrix: {name} must hold class labels 0, 1, ...; "
                             f"got dtype {arr.dtype}"
                             + (f", minimum {arr.min()}" if arr.size else ""))  # fmt: skip
    seen = int(max(y_true.max(initial=-1), y_pred.max(initial=-1))) + 1
    if n_classes is None:
        n_classes = seen
    elif positive_int(n_classes, "n_classes", "confusion_matrix") < seen:
        raise ValueError(f"confusion_matrix: n_classes is {n_classes} but label "
                         f"{seen - 1} occurs")  # fmt: skip
    counts = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).astype(np.int64)


def _loss(loss: str | Loss) -> Loss:
    if isinstance(loss, Loss):
        return loss
    return get_loss(loss)


def predict_labels(outputs: ArrayLike, loss: str | Loss) -> np.ndarray | None:
    """Class labels from a network's outputs (logits), as the loss reads them.

    ``cross_entropy``: the index of the largest logit in each row. ``binary_
    cross_entropy_with_logits``: 1 where a logit is positive (probability
    above 1/2), else 0, with the outputs' shape. ``mse``: None (a regression
    has no labels).

    Examples
    --------
    >>> predict_labels([[2.0, -1.0], [0.0, 3.0]], "cross_entropy")
    array([0, 1])
    >>> predict_labels([[0.3], [-2.0]], "binary_cross_entropy_with_logits")
    array([[1],
           [0]])
    """
    name = _loss(loss).name
    outputs = np.asarray(outputs)
    if name == "cross_entropy":
        return outputs.argmax(axis=-1)
    if name == "binary_cross_entropy_with_logits":
        return (outputs > 0).astype(np.int64)
    return None


def _targets(y: np.ndarray, out_shape: tuple[int, ...], loss: Loss) -> np.ndarray:
    """`y` in the form `loss` takes for outputs of shape `out_shape`: for
    binary cross-entropy and one output, labels of shape (n,) become (n, 1).
    (mse keeps its strict shapes: its error message names the reshape.)"""
    if (loss.name == "binary_cross_entropy_with_logits" and y.ndim == 1
            and out_shape[1:] == (1,)):  # fmt: skip
        return y.reshape(-1, 1)
    return y


def _true_labels(y: np.ndarray, loss: Loss) -> np.ndarray:
    """Labels to compare predictions with: one-hot rows become indices."""
    if loss.name == "cross_entropy" and y.ndim == 2:
        return y.argmax(axis=-1)
    return y


def evaluate(model, X: ArrayLike, y: ArrayLike, loss: str | Loss) -> tuple[float, float | None]:
    """The mean loss and the accuracy of `model` on ``(X, y)``.

    Accuracy is None for ``mse`` (see :func:`predict_labels`). With a
    one-output network and binary cross-entropy, `y` may have shape
    ``(n_samples,)``.

    Examples
    --------
    >>> from npdl.network import MLP
    >>> net = MLP([2, 3], ["linear"], rng=0)
    >>> loss, acc = evaluate(net, np.zeros((4, 2)), [0, 1, 2, 0], "cross_entropy")
    >>> round(loss, 4), acc       # equal logits: ln 3, and every row says 0
    (1.0986, 0.5)
    """
    loss = _loss(loss)
    X, y = _samples(X, y, "evaluate")
    out = model.forward(X)
    y = _targets(y, out.shape, loss)
    value = float(loss.function(out, y))
    labels = predict_labels(out, loss)
    if labels is None:
        return value, None
    return value, accuracy(_true_labels(y, loss), labels)


# --------------------------------------------------------------------------
# the loop
# --------------------------------------------------------------------------


@dataclass
class History:
    """What :func:`fit` measured after every epoch.

    Attributes
    ----------
    loss, accuracy : list of float
        On the whole training set, with the parameters at the end of each
        epoch (accuracy stays empty for ``mse``).
    val_loss, val_accuracy : list of float
        The same on the validation set (empty without one).
    lr : list of float
        The learning rate used in each epoch.
    best_epoch : int or None
        With early stopping: the epoch (counted from 1) whose parameters the
        model was given back.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    best_epoch: int | None = None

    @property
    def epochs(self) -> int:
        """Number of epochs trained."""
        return len(self.loss)

    def __repr__(self) -> str:
        if not self.loss:
            return "History(no epochs)"
        parts = [f"epochs={self.epochs}", f"loss={self.loss[-1]:.4g}"]
        if self.accuracy:
            parts.append(f"accuracy={self.accuracy[-1]:.4g}")
        if self.val_loss:
            parts.append(f"val_loss={self.val_loss[-1]:.4g}")
        if self.val_accuracy:
            parts.append(f"val_accuracy={self.val_accuracy[-1]:.4g}")
        if self.best_epoch is not None:
            parts.append(f"best_epoch={self.best_epoch}")
        return f"History({', '.join(parts)})"


def _progress_line(epoch: int, epochs: int, history: History) -> str:
    width = len(str(epochs))
    text = f"epoch {epoch:>{width}}/{epochs}  loss {history.loss[-1]:.4f}"
    if history.accuracy:
        text += f"  accuracy {history.accuracy[-1]:.3f}"
    if history.val_loss:
        text += f"  val_loss {history.val_loss[-1]:.4f}"
    if history.val_accuracy:
        text += f"  val_accuracy {history.val_accuracy[-1]:.3f}"
    return text


def train_step(model, X: ArrayLike, y: ArrayLike, loss: str | Loss, optimizer) -> float:
    """One step of training on one batch: forward, loss, backward, update.

    Parameters
    ----------
    model : MLP
    X : array_like, shape (batch_size, n_features)
    y : array_like
        Targets in the form `loss` takes (see :func:`fit`); for a
        one-output network and binary cross-entropy, shape ``(n,)`` too.
    loss : str or Loss
    optimizer : Optimizer
        Built on ``model.parameters()``.

    Returns
    -------
    float
        The loss on this batch *before* the update.

    Examples
    --------
    >>> from npdl.network import MLP
    >>> from npdl.optim import SGD
    >>> net = MLP([2, 3], ["linear"], rng=0)
    >>> opt = SGD(net.parameters(), lr=0.5)
    >>> X, y = np.eye(2), np.array([0, 1])
    >>> losses = [train_step(net, X, y, "cross_entropy", opt) for _ in range(3)]
    >>> losses[0] > losses[1] > losses[2]
    True
    """
    loss = _loss(loss)
    out = model.forward(X)
    value, gradient = loss.value_and_gradient(out, _targets(np.asarray(y), out.shape, loss))
    if not math.isfinite(value):
        raise ValueError(f"train_step: the loss is {value}: training has diverged (or the "
                         f"data hold nan/inf); try a smaller learning rate. The parameters "
                         f"were not updated.")  # fmt: skip
    model.backward(gradient, input_gradient=False)
    optimizer.step(model.gradients())
    return value


def fit(model, X: ArrayLike, y: ArrayLike, loss: str | Loss, optimizer, epochs: int,
        batch_size: int | None = None, rng: RNGLike = None,
        validation: tuple[ArrayLike, ArrayLike] | None = None, *, scheduler=None,
        patience: int | None = None, progress: int = 0,
        callback: Callable[[int, History], None] | None = None) -> History:  # fmt: skip
    """Train `model` on ``(X, y)``: forward, loss gradient, backward and an
    optimiser step for every mini-batch, for `epochs` epochs.

    Parameters
    ----------
    model : MLP
        Anything with ``forward``, ``backward`` and ``gradients`` (the
        optimiser holds its ``parameters()``). Its last layer should be
        linear: the losses take logits.
    X : array_like, shape (n_samples, n_features)
    y : array_like
        What `loss` takes: integer labels ``(n,)`` (or one-hot rows) for
        ``cross_entropy``; 0/1 targets for ``binary_cross_entropy_with_logits``
        (shape ``(n,)`` is accepted for a one-output network); targets of the
        output's shape for ``mse``.
    loss : str or Loss
        A name in :data:`npdl.losses.LOSSES`.
    optimizer : Optimizer
        Built on ``model.parameters()``, e.g. ``Adam(model.parameters())``.
    epochs : int
        Passes over the training data.
    batch_size : int or None, default None
        Samples per step; None trains on the whole set at every step.
    rng : Generator, int or None
        Source of the order of the samples in every epoch.
    validation : (X_val, y_val), optional
        Measured after every epoch, never trained on.
    scheduler : StepLR or ExponentialLR, optional
        Its ``step()`` is called at the end of every epoch.
    patience : int, optional
        Early stopping (needs `validation`): stop when the validation loss has
        not improved for `patience` epochs, and give the model back the
        parameters of its best epoch (``history.best_epoch``).
    progress : int, default 0
        Print a line every `progress` epochs (and after the last): epoch,
        losses and accuracies only, no timings, so a notebook's stored output
        is the same on every run. 0 prints nothing.
    callback : callable, optional
        ``callback(epoch, history)`` after every epoch (e.g. to draw the
        decision regions as training goes).

    Returns
    -------
    History
        Loss and accuracy after every epoch, for training and validation.

    Raises
    ------
    ValueError
        For inconsistent data or settings, and when the training loss stops
        being finite (diverged: the message suggests a smaller learning rate).

    Examples
    --------
    >>> from npdl.network import MLP
    >>> from npdl.optim import Adam
    >>> from npdl.datasets import make_xor
    >>> X, y = make_xor()
    >>> net = MLP([2, 8, 1], ["tanh", "linear"], rng=0)
    >>> history = fit(net, X, y, "binary_cross_entropy_with_logits",
    ...               Adam(net.parameters(), lr=0.05), epochs=300)
    >>> history.accuracy[-1], history.loss[-1] < 0.01
    (1.0, True)
    """
    loss = _loss(loss)
    X, y = _samples(X, y, "fit")
    epochs = positive_int(epochs, "epochs", "fit")
    if batch_size is not None:
        batch_size = positive_int(batch_size, "batch_size", "fit")
    if not hasattr(optimizer, "step") or not hasattr(optimizer, "params"):
        raise TypeError(f"fit expects an npdl optimiser (e.g. Adam(model.parameters())); "
                        f"got {type(optimizer).__name__}")  # fmt: skip
    params = model.parameters()
    if [id(p) for p in optimizer.params] != [id(p) for p in params]:
        raise ValueError("fit: the optimiser does not hold this model's parameters; build "
                         "it as Optimizer(model.parameters(), ...)")  # fmt: skip
    if validation is not None:
        if not isinstance(validation, tuple | list) or len(validation) != 2:
            raise TypeError("fit: validation must be a pair (X_val, y_val)")
        X_val, y_val = _samples(*validation, "fit (validation)")
    elif patience is not None:
        raise ValueError("fit: early stopping (patience) needs a validation set to watch")
    if patience is not None:
        patience = positive_int(patience, "patience", "fit")
    progress = 0 if progress is None else int(progress)
    rng = np.random.default_rng(rng)

    out = model.forward(X[:1])
    y_fit = _targets(y, (len(y), *out.shape[1:]), loss)
    history = History()
    best, best_params, waited = math.inf, None, 0
    for epoch in range(1, epochs + 1):
        history.lr.append(optimizer.lr)
        for X_batch, y_batch in batches(X, y_fit, batch_size, rng):
            train_step(model, X_batch, y_batch, loss, optimizer)
        train_loss, train_acc = evaluate(model, X, y_fit, loss)
        if not math.isfinite(train_loss):
            raise ValueError(f"fit: the training loss is {train_loss} after epoch {epoch}: "
                             f"training diverged; try a smaller learning rate")  # fmt: skip
        history.loss.append(train_loss)
        if train_acc is not None:
            history.accuracy.append(train_acc)
        if validation is not None:
            val_loss, val_acc = evaluate(model, X_val, y_val, loss)
            history.val_loss.append(val_loss)
            if val_acc is not None:
                history.val_accuracy.append(val_acc)
        if scheduler is not None:
            scheduler.step()
        if progress and (epoch % progress == 0 or epoch == epochs):
            print(_progress_line(epoch, epochs, history))
        if callback is not None:
            callback(epoch, history)
        if patience is not None:
            if val_loss < best:
                best, waited, history.best_epoch = val_loss, 0, epoch
                best_params = [p.copy() for p in params]
            else:
                waited += 1
                if waited >= patience:
                    if progress:
                        print(f"stopped early after epoch {epoch}: the validation loss "
                              f"was lowest at epoch {history.best_epoch}")  # fmt: skip
                    break
    if best_params is not None:
        for p, saved in zip(params, best_params, strict=True):
            p[...] = saved
    return history
