"""Checkers for Part V, *Learning*: the chapter *Training a network*.

The expected values come from npdl itself, never from numbers typed in: an
epoch of mini-batch training from npdl's own loop (:func:`npdl.train.batches`
and :func:`npdl.train.train_step`), the update-to-weight ratios from one
``train_step`` with the optimisers of :mod:`npdl.optim`, and the XOR success
fraction of ReLU networks from training them. Where a wrong answer is one
that learners often give (batches in the data's order, inputs and labels
shuffled apart, an update before the backward pass, a summed gradient, the
"before" parameters kept without a copy), the report names that mistake.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from npdl.datasets import make_moons, make_spirals, make_xor
from npdl.exercises._engine import (
    AnswerError,
    Case,
    CheckResult,
    Expect,
    Text,
    _check,
    _numbers,
    _short,
    calls_one_of,
    checker,
    code_facts,
    exercise_rng,
    number_array,
    real_number,
)
from npdl.losses import get_loss
from npdl.network import MLP
from npdl.optim import SGD, Adam
from npdl.train import batches, fit, train_step

__all__ = [
    "check_relu_xor",
    "check_train_epoch",
    "check_update_ratios",
]


# --------------------------------------------------------------------------
# one epoch of mini-batch training
# --------------------------------------------------------------------------

#: Epochs the checker runs with the learner's ``train_epoch`` (one generator
#: for all of them, as :func:`npdl.train.fit` does).
_EPOCHS = 3


class _Recorder(MLP):
    """An MLP that remembers the batches its forward pass was given, so that
    a report can say in which order the learner's epoch took the samples."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.seen: list[np.ndarray] = []

    def forward(self, X):
        self.seen.append(np.array(X, dtype=float, copy=True))
        return super().forward(X)

    __call__ = forward


@dataclass
class _Run:
    """What a few epochs of training did: the batch losses of each epoch, the
    parameters after it, the first batch the forward pass saw in it, and the
    sizes of the batches the forward pass saw."""

    losses: list[np.ndarray] = field(default_factory=list)
    params: list[list[np.ndarray]] = field(default_factory=list)
    first: list[np.ndarray | None] = field(default_factory=list)
    sizes: list[list[int]] = field(default_factory=list)

    def __repr__(self) -> str:
        if not self.losses:
            return "(no epoch)"
        text = f"batch losses of epoch 1: {np.round(self.losses[0], 4).tolist()}"
        if len(self.losses) > 1:
            text += f", then {len(self.losses) - 1} more epochs"
        return text


def _same(a: _Run, b: _Run, epochs: int | None = None) -> bool:
    """Do two runs agree (up to rounding) over their first `epochs` epochs?"""
    n = len(b.losses) if epochs is None else epochs
    if len(a.losses) < n:
        return False
    for e in range(n):
        la, lb = a.losses[e], b.losses[e]
        if la.shape != lb.shape or not np.allclose(la, lb, rtol=1e-7, atol=1e-12):
            return False
        if not all(np.allclose(p, q, rtol=1e-7, atol=1e-12)
                   for p, q in zip(a.params[e], b.params[e], strict=True)):  # fmt: skip
            return False
    return True


def _epoch_setups() -> list[tuple[str, tuple]]:
    """The cases: ``(label, (model, X, y, loss, optimizer, batch_size, seed))``.

    Each has a last batch smaller than the others, and an optimiser with a
    state (momentum, Adam), so that an update made before the backward pass
    differs from the right one at the very first step.
    """
    rng = exercise_rng()
    X1, y1 = make_spirals(30, 3, noise=0.2, rng=rng)
    net1 = _Recorder([2, 8, 3], "relu", rng=rng)
    X2, y2 = make_moons(25, noise=0.2, rng=rng)
    net2 = _Recorder([2, 5, 1], "tanh", rng=rng)
    X3 = rng.normal(size=(14, 3))
    Y3 = np.column_stack([np.sin(X3[:, 0]) + X3[:, 1], X3[:, 2] * X3[:, 0]])
    net3 = _Recorder([3, 4, 2], "tanh", rng=rng)
    return [
        ("3 classes, 30 samples in batches of 8 (the last has 6), SGD with momentum",
         (net1, X1, y1, "cross_entropy", SGD(net1.parameters(), lr=0.5, momentum=0.9), 8,
          11)),
        ("one logit, 25 samples in batches of 10 (the last has 5), Adam",
         (net2, X2, y2.reshape(-1, 1).astype(float), "binary_cross_entropy_with_logits",
          Adam(net2.parameters(), lr=0.05), 10, 12)),
        ("regression, 14 samples in batches of 4 (the last has 2), plain SGD",
         (net3, X3, Y3, "mse", SGD(net3.parameters(), lr=0.1), 4, 13)),
    ]  # fmt: skip


def _reference(setup: tuple) -> _Run:
    """npdl's own loop, as :func:`npdl.train.fit` runs it, on a fresh copy."""
    model, X, y, loss, optimizer, batch_size, seed = copy.deepcopy(setup)
    rng = np.random.default_rng(seed)
    run = _Run()
    for _ in range(_EPOCHS):
        model.seen.clear()
        losses = [train_step(model, Xb, yb, loss, optimizer)
                  for Xb, yb in batches(X, y, batch_size, rng)]  # fmt: skip
        run.losses.append(np.array(losses))
        run.params.append([p.copy() for p in model.parameters()])
        run.first.append(model.seen[0] if model.seen else None)
        run.sizes.append([len(b) for b in model.seen])
    return run


def _simulate(setup: tuple, mistake: str | None) -> _Run:
    """An epoch written out, with one of the mistakes learners make."""
    model, X, y, name, optimizer, batch_size, seed = copy.deepcopy(setup)
    loss = get_loss(name)
    rng = np.random.default_rng(seed)
    n = len(X)
    run = _Run()
    for _ in range(_EPOCHS):
        if mistake == "no shuffle":
            order_X = order_y = np.arange(n)
        elif mistake == "perm per batch":
            order_X = order_y = None  # drawn for every batch below
        elif mistake == "y apart":
            order_X, order_y = rng.permutation(n), rng.permutation(n)
        else:
            order_X = order_y = rng.permutation(n)
        if order_X is not None:
            X_s, y_s = X[order_X], y[order_y]
        losses = []
        for start in range(0, n, batch_size):
            if mistake == "perm per batch":
                order = rng.permutation(n)
                X_s, y_s = X[order], y[order]
            Xb, yb = X_s[start:start + batch_size], y_s[start:start + batch_size]
            out = model.forward(Xb)
            value, gradient = loss.function(out, yb), loss.gradient(out, yb)
            if mistake == "summed":
                gradient = gradient * len(Xb)
            elif mistake == "divided again":
                gradient = gradient / len(Xb)
            if mistake == "step first":
                optimizer.step(model.gradients())
                model.backward(gradient)
            elif mistake == "own sgd":
                model.backward(gradient)
                for p, g in zip(model.parameters(), model.gradients(), strict=True):
                    p -= optimizer.lr * g
            elif mistake == "step params":
                model.backward(gradient)
                optimizer.step(model.parameters())
            else:
                model.backward(gradient)
                optimizer.step(model.gradients())
            if mistake == "loss after":
                value = loss.function(model.forward(Xb), yb)
            elif mistake == "loss summed":
                value = value * len(Xb)
            losses.append(value)
        run.losses.append(np.array(losses))
        run.params.append([p.copy() for p in model.parameters()])
    return run


_EPOCH_MISTAKES = [
    ("no shuffle", "the batches are taken in the data's own order, the same in every "
                   "epoch: shuffle first, order = rng.permutation(len(X)), then take "
                   "consecutive batches of X[order] and y[order]"),
    ("perm per batch", "a new permutation was drawn for every batch, so an epoch may "
                       "use some samples twice and others not at all: draw order = "
                       "rng.permutation(len(X)) once per epoch, before the loop over "
                       "the batches"),
    ("y apart", "X and y were shuffled with two different permutations, so the labels no "
                "longer belong to their inputs: draw one order = rng.permutation(len(X)) "
                "and index both X and y with it"),
    ("step first", "the optimiser stepped before the backward pass, so each step used the "
                   "gradients of the previous batch (zeros at the very first step): "
                   "forward, loss, backward, and only then optimizer.step(...)"),
    ("own sgd", "the parameters were updated by p -= lr * g, the rule of plain SGD, "
                "instead of by the optimiser you were given (with momentum or Adam, "
                "that is a different step): call optimizer.step(model.gradients())"),
    ("step params", "optimizer.step was given the parameters instead of the "
                    "gradients, so each step moved them by their own size: call "
                    "optimizer.step(model.gradients())"),
    ("summed", "the gradient was multiplied by the batch size (the gradient of a summed "
               "loss): npdl's losses are means over the batch, and so are their "
               "gradients; pass loss.gradient(outputs, y_batch) to backward as it is"),
    ("divided again", "the gradient was divided by the batch size once more: "
                      "loss.gradient already holds the mean's 1/n"),
    ("loss after", "the losses returned were measured after each update: return the loss "
                   "computed from the same forward pass as the gradient, before the step "
                   "(as train_step does)"),
    ("loss summed", "the training is right, but the losses returned are sums over each "
                    "batch: npdl's losses are means, return loss.function(out, y_batch) "
                    "as it is"),
]  # fmt: skip


def _loss_list(raw: object, n_batches: int, short_last: bool = False) -> np.ndarray:
    """The learner's returned batch losses as an array of `n_batches` floats
    (`short_last`: the last batch is smaller than the others)."""
    if isinstance(raw, np.ndarray) and raw.ndim == 0 or isinstance(raw, int | float):
        raise AnswerError(f"returned one number, {_short(raw, 40)}; return a list with the "
                          f"loss of every batch ({n_batches} batches here)")  # fmt: skip
    arr, problem = _numbers(raw)
    if arr is None:
        raise AnswerError(f"returned {problem}; return a list of the batch losses")
    if arr.ndim != 1 or len(arr) != n_batches:
        last = (" (the last, shorter batch of the remaining rows is a batch too)"
                if short_last and arr.ndim == 1 and len(arr) == n_batches - 1 else "")
        raise AnswerError(f"returned {arr.size} number(s) in shape {arr.shape}; return "
                          f"a list with one loss per batch: {n_batches} batches "
                          f"here{last}")  # fmt: skip
    return arr.astype(np.float64)


def _run_epochs(fn: Callable, model, X, y, loss, optimizer, batch_size, seed) -> object:
    """Call the learner's ``train_epoch`` for :data:`_EPOCHS` epochs with one
    generator, as :func:`npdl.train.fit` does, and record what happened."""
    rng = np.random.default_rng(seed)
    X_given, y_given = X.copy(), y.copy()
    n_batches = math.ceil(len(X) / batch_size)
    run = _Run()
    for _ in range(_EPOCHS):
        model.seen.clear()
        before = [p.copy() for p in model.parameters()]
        raw = fn(model, X, y, loss, optimizer, batch_size, rng)
        placeholder = raw is None or raw is Ellipsis
        if not placeholder and not isinstance(raw, np.ndarray | list | tuple | str | bytes):
            try:
                raw = list(raw)  # a generator trains as it is read
            except TypeError:
                pass
        for name, now, given in (("X", X, X_given), ("y", y, y_given)):
            if not (isinstance(now, np.ndarray) and now.shape == given.shape
                    and np.array_equal(now, given)):  # fmt: skip
                raise AnswerError(
                    f"changed the caller's {name} in place (rng.shuffle({name}) does): the "
                    f"caller's data must stay as they are; make shuffled copies instead, "
                    f"X[order] and y[order] with order = rng.permutation(len(X))")
        trained = not all(np.array_equal(p, q) for p, q in zip(before, model.parameters(),
                                                               strict=True))  # fmt: skip
        first = model.seen[0] if model.seen else None
        if first is not None and first.shape[:1] != (min(batch_size, len(X)),):
            raise AnswerError(
                f"the first batch held {first.shape[0] if first.ndim else 1} samples; "
                f"batch_size is {batch_size}: take X[order][start:start + batch_size] for "
                f"start = 0, batch_size, 2 * batch_size, ...")
        if placeholder:
            if trained:
                raise AnswerError(f"returned {raw!r}, but the model was trained: return the "
                                  f"list of the batch losses")  # fmt: skip
            return raw
        losses = _loss_list(raw, n_batches, short_last=len(X) % batch_size != 0)
        run.losses.append(losses)
        run.params.append([p.copy() for p in model.parameters()])
        run.first.append(first)
        run.sizes.append([len(b) for b in model.seen])
        if not trained:
            raise AnswerError(
                "the model's parameters did not change: call optimizer.step(model."
                "gradients()), which updates them in place (p = p - lr * g only makes a "
                "new array and rebinds the name p; the model keeps its old one)")
    return run


def _diagnose_epochs(setup: tuple, reference: _Run) -> Callable[[object], object]:
    """A `convert` that names the mistake of a run that differs from the
    reference, or says where it first differs."""
    X, batch_size, seed = setup[1], setup[5], setup[6]
    expected_first = X[np.random.default_rng(seed).permutation(len(X))[:batch_size]]

    def runs_of(sizes: list[int]) -> list[int]:
        # the batch sizes with repeats merged: a forward pass made twice per
        # batch (to compute the loss and the gradient separately) is no error
        return [k for j, k in enumerate(sizes) if j == 0 or sizes[j - 1] != k]

    def convert(run: object) -> object:
        if not isinstance(run, _Run) or _same(run, reference):
            return run
        first = run.first[0]
        if first is not None:
            if not np.array_equal(first, expected_first):
                if np.array_equal(first, X[:batch_size]):
                    raise AnswerError(_EPOCH_MISTAKES[0][1])
                raise AnswerError(
                    "the first batch holds other samples than order = rng.permutation("
                    "len(X)) puts first: shuffle with the generator rng you are given, "
                    "once per epoch, and with permutation (not np.random, not a new "
                    "default_rng, not rng.choice)")
        sizes = run.sizes[0] if run.sizes else []
        if sizes and runs_of(sizes) != runs_of(reference.sizes[0]):
            raise AnswerError(
                f"the batches of epoch 1 held {sizes} samples; take batch_size = "
                f"{batch_size} consecutive rows at a time, and only the last batch "
                f"smaller, as in npdl's loop: {reference.sizes[0]} (np.array_split "
                f"evens the sizes out instead)")
        for mistake, diagnosis in _EPOCH_MISTAKES:
            if _same(run, _simulate(setup, mistake)):
                raise AnswerError(diagnosis)
        for e in range(_EPOCHS):
            got, want = run.losses[e], reference.losses[e]
            if not np.allclose(got, want, rtol=1e-7, atol=1e-12):
                b = int(np.argmax(~np.isclose(got, want, rtol=1e-7, atol=1e-12)))
                raise AnswerError(f"in epoch {e + 1}, the loss of batch {b + 1} is "
                                  f"{got[b]:.6g}; npdl's loop gives {want[b]:.6g}")  # fmt: skip
            raise AnswerError(f"the batch losses of epoch {e + 1} are right, but the "
                              f"parameters after it differ from npdl's loop: check the "
                              f"update")  # fmt: skip
        return run  # not reached: the runs differ somewhere

    return convert


def _uses_ready_loop(fn: object) -> Text:
    """How `fn` uses npdl's ready-made loop (``train_step``, ``batches`` or
    ``fit``), or "" if its code does not, as far as can be seen."""
    targets = (train_step, batches, fit)
    if any(fn is t for t in targets):
        return Text("it is npdl's own function")
    found, _, objects = code_facts(fn)
    for obj in objects:
        for target in targets:
            if obj is target:
                return Text(f"its code calls npdl.train.{target.__name__}")
    return calls_one_of(fn, found, ("train_step", "batches", "fit"))


@checker
def check_train_epoch(fn: Callable) -> CheckResult:
    """Check ``train_epoch(model, X, y, loss, optimizer, batch_size, rng)``:
    one epoch of mini-batch training, returning the list of the batch losses.

    The epoch shuffles the samples once, with ``order =
    rng.permutation(len(X))``, then, for each run of `batch_size` consecutive
    rows of ``X[order]`` and ``y[order]`` (the last run may be shorter), makes
    one training step: forward pass, loss and its gradient (``loss`` is a
    name in :data:`npdl.losses.LOSSES`), backward pass, and
    ``optimizer.step(model.gradients())``. It returns the loss of every
    batch, computed before that batch's update, and leaves `X` and `y` as
    they were. The checker calls it for 3 epochs with one generator, on three
    networks and optimisers (SGD with momentum, Adam, plain SGD; three
    losses), and compares the batch losses and the parameters after every
    epoch with npdl's own loop, :func:`npdl.train.batches` and
    :func:`npdl.train.train_step`, which the answer may not call.

    Parameters
    ----------
    fn : callable
        Your ``train_epoch(model, X, y, loss, optimizer, batch_size, rng)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> from npdl.losses import get_loss
    >>> def train_epoch(model, X, y, loss, optimizer, batch_size, rng):
    ...     loss, order, losses = get_loss(loss), rng.permutation(len(X)), []
    ...     for start in range(0, len(X), batch_size):
    ...         rows = order[start:start + batch_size]
    ...         out = model.forward(X[rows])
    ...         losses.append(loss.function(out, y[rows]))
    ...         model.backward(loss.gradient(out, y[rows]))
    ...         optimizer.step(model.gradients())
    ...     return losses
    >>> ok = check_train_epoch(train_epoch)
    check_train_epoch: all 4 cases pass. Well done!
    ...
    """
    cases = []
    for label, setup in _epoch_setups():
        reference = _reference(setup)
        _, X, _, loss, optimizer, batch_size, _ = setup
        cases.append(Case(
            label, setup,
            Expect(f"npdl's loop: {reference!r}", lambda got, ref=reference: _same(got, ref),
                   failure="the batch losses or the parameters differ from npdl's loop",
                   shape=None),
            "shuffle once per epoch with order = rng.permutation(len(X)); for each batch "
            "of consecutive rows of X[order], y[order]: out = model.forward(X_batch), "
            "the loss and its gradient from out, model.backward(gradient), "
            "optimizer.step(model.gradients()); return the batch losses",
            show=(f"{_EPOCHS} epochs, one rng for all; X {X.shape}, loss {loss!r}, "
                  f"{type(optimizer).__name__}, batch_size = {batch_size}"),
            call=_run_epochs, convert=_diagnose_epochs(setup, reference),
        ))  # fmt: skip
    cases.append(Case(
        "written with the model, the loss and the optimiser (not npdl.train's loop)", (),
        Expect("a function that does not call train_step, batches or fit",
               lambda got: got == "", shape=None,
               failure="the exercise is to write the epoch yourself, and this function "
                       "calls npdl's ready-made loop"),
        "write the steps out: model.forward, the loss's gradient, model.backward, "
        "optimizer.step", show="the function's code",
        call=_uses_ready_loop, needs_answer=False,
    ))  # fmt: skip
    return _check("check_train_epoch", fn, cases,
                  ("model", "X", "y", "loss", "optimizer", "batch_size", "rng"))  # fmt: skip


# --------------------------------------------------------------------------
# update-to-weight ratios
# --------------------------------------------------------------------------


def _ratio_setups() -> list[tuple[str, tuple]]:
    """``(label, (model, X, y, loss, optimizer))``, each optimiser already a
    few steps into training, so that its state (momentum, Adam's averages)
    makes its update differ from ``lr`` times the gradient."""
    rng = exercise_rng()
    X1, y1 = make_spirals(40, 3, noise=0.2, rng=rng)
    X2, y2 = make_moons(30, noise=0.2, rng=rng)
    y2 = y2.reshape(-1, 1).astype(float)
    setups = []
    for label, X, y, loss, sizes, activations, make, warm in [
        ("plain SGD, 2 -> 8 -> 3 (ReLU)", X1, y1, "cross_entropy", [2, 8, 3], "relu",
         lambda p: SGD(p, lr=0.1), 0),
        ("SGD with momentum 0.9, after 5 steps", X1, y1, "cross_entropy", [2, 8, 3], "relu",
         lambda p: SGD(p, lr=0.1, momentum=0.9), 5),
        ("Adam, after 5 steps, 2 -> 6 -> 6 -> 1 (tanh)", X2, y2,
         "binary_cross_entropy_with_logits", [2, 6, 6, 1], "tanh",
         lambda p: Adam(p, lr=0.01), 5),
        ("SGD with weight decay 0.1", X2, y2, "binary_cross_entropy_with_logits",
         [2, 6, 1], "tanh", lambda p: SGD(p, lr=0.2, weight_decay=0.1), 0),
    ]:  # fmt: skip
        model = MLP(sizes, activations, rng=rng)
        optimizer = make(model.parameters())
        for _ in range(warm):
            train_step(model, X, y, loss, optimizer)
        setups.append((label, (model, X, y, loss, optimizer)))
    return setups


@dataclass
class _Step:
    """One reference step: the parameters before and after it, and the
    gradients it used."""

    before: list[np.ndarray]
    after: list[np.ndarray]
    grads: list[np.ndarray]
    lr: float


def _reference_step(setup: tuple) -> _Step:
    model, X, y, loss, optimizer = copy.deepcopy(setup)
    before = [p.copy() for p in model.parameters()]
    train_step(model, X, y, loss, optimizer)
    return _Step(before, [p.copy() for p in model.parameters()],
                 [g.copy() for g in model.gradients()], optimizer.lr)  # fmt: skip


def _ratios(step: _Step) -> np.ndarray:
    """||W after - W before|| / ||W before|| for each layer's weights."""
    return np.array([np.linalg.norm(a - b) / np.linalg.norm(b)
                     for a, b in zip(step.after[::2], step.before[::2], strict=True)])  # fmt: skip


def _ratio_mistakes(step: _Step) -> list[tuple[np.ndarray, str]]:
    """What the usual slips return for this step, with their diagnosis."""
    W0, W1, dW = step.before[::2], step.after[::2], step.grads[::2]
    norm = np.linalg.norm
    pairs = list(zip(W0, W1, dW, step.before[1::2], step.after[1::2], strict=True))
    return [
        (np.zeros(len(W0)), "all ratios are 0: what you kept as the weights before the step "
                            "are the very arrays the optimiser updated in place "
                            "(model.parameters() returns the live arrays); keep copies, "
                            "[p.copy() for p in model.parameters()]"),
        (np.array([step.lr * norm(g) / norm(w) for w, _, g, _, _ in pairs]),
         "that is lr * ||dW|| / ||W||, the step of plain SGD; this optimiser's update is "
         "not lr times the gradient (momentum, Adam's scaling, weight decay): measure the "
         "change the step actually made, W after minus W before"),
        (np.array([norm(g) / norm(w) for w, _, g, _, _ in pairs]),
         "that is ||dW|| / ||W||, the gradient's size: the update is what the step changes "
         "in W, W after minus W before"),
        (np.array([norm(a - w) / norm(a) for w, a, _, _, _ in pairs]),
         "the denominator is the norm of the weights after the step; divide by the norm "
         "of the weights before it"),
        (np.array([np.sqrt((norm(a - w) ** 2 + norm(c - b) ** 2) / (norm(w) ** 2
                                                                    + norm(b) ** 2))
                   for w, a, _, b, c in pairs]),
         "the biases were counted in: give the ratio of each layer's weights W only"),
        (np.array([(norm(a - w) / norm(w)) ** 2 for w, a, _, _, _ in pairs]),
         "these are the squares of the ratios: use the norms themselves, "
         "np.linalg.norm(W_after - W_before) / np.linalg.norm(W_before)"),
        (np.array([norm(w) / norm(a - w) for w, a, _, _, _ in pairs]),
         "the ratio is upside down: the size of the change over the size of the "
         "weights, ||W_after - W_before|| / ||W_before||"),
        (np.array([abs(norm(a) - norm(w)) / norm(w) for w, a, _, _, _ in pairs]),
         "that is the change of the norm, | ||W_after|| - ||W_before|| |, which is "
         "small whenever a step turns W more than it stretches it: take the norm of "
         "the change, np.linalg.norm(W_after - W_before)"),
        (np.array([norm(a - w, 2) / norm(w, 2) for w, a, _, _, _ in pairs]),
         "np.linalg.norm(M, 2) of a matrix is its spectral norm (its largest singular "
         "value), not the square root of the sum of the squares: call "
         "np.linalg.norm(M) without the 2 (the Frobenius norm)"),
        (np.array([np.mean(np.abs(a - w) / np.abs(w)) for w, a, _, _, _ in pairs]),
         "that is the mean of the entrywise ratios |dW_ij| / |W_ij|; the rule of thumb is "
         "about the norms of the whole matrices, ||W_after - W_before|| / ||W_before||"),
    ]  # fmt: skip


def _ratio_call(step: _Step) -> Callable:
    """Call the learner's ``update_ratios`` and check that it took exactly
    the one training step it was asked to measure."""

    def call(fn: Callable, model, X, y, loss, optimizer) -> object:
        before = [p.copy() for p in model.parameters()]
        raw = fn(model, X, y, loss, optimizer)
        if (raw is not None and raw is not Ellipsis and hasattr(raw, "__next__")
                and not isinstance(raw, np.ndarray | str | bytes)):  # fmt: skip
            raw = list(raw)  # a generator: read it, it may take the step as it goes
        now = model.parameters()
        moved = not all(np.array_equal(p, q) for p, q in zip(before, now, strict=True))
        placeholder = raw is None or raw is Ellipsis
        if placeholder and not moved:
            return raw
        if not moved:
            raise AnswerError("did not take the training step: the function must make one "
                              "step (forward, loss, backward, optimizer.step) and measure "
                              "what it changed")  # fmt: skip
        if not all(np.allclose(p, q, rtol=1e-9, atol=1e-14)
                   for p, q in zip(now, step.after, strict=True)):  # fmt: skip
            raise AnswerError("changed the parameters, but not as one training step on "
                              "(X, y) does: take exactly one step, train_step(model, X, y, "
                              "loss, optimizer) or the four lines it runs")  # fmt: skip
        if placeholder:
            raise AnswerError(f"returned {raw!r} after the step: return the ratios, one per "
                              f"layer")  # fmt: skip
        arr, _ = _numbers(raw)
        return raw if arr is None else arr  # an array: the report shows plain numbers

    return call


def _ratio_convert(step: _Step) -> Callable[[object], object]:
    expected = _ratios(step)
    n_layers = len(expected)

    def convert(raw: object) -> object:
        arr, problem = _numbers(raw)
        if arr is None:
            raise AnswerError(f"returned {problem}")
        if arr.size == 2 * n_layers and arr.ndim == 1:
            raise AnswerError(f"returned {arr.size} numbers; give one ratio per layer "
                              f"({n_layers} here), for its weights W only")  # fmt: skip
        if arr.size == 1 and n_layers > 1:
            raise AnswerError(f"returned one number for the whole network; give one ratio "
                              f"per layer ({n_layers} here), each for that layer's W")  # fmt: skip
        got = number_array(arr, "the ratios", ((n_layers,),))
        if np.all(np.isfinite(got)) and not np.allclose(got, expected, rtol=1e-7, atol=0):
            for value, diagnosis in _ratio_mistakes(step):
                if np.allclose(got, value, rtol=1e-6, atol=1e-15):
                    raise AnswerError(f"returned different values: {diagnosis}")
        return got

    return convert


@checker
def check_update_ratios(fn: Callable) -> CheckResult:
    """Check ``update_ratios(model, X, y, loss, optimizer)``: take one
    training step on ``(X, y)`` and return, for each layer, the size of the
    change of its weights relative to their size before the step,
    ``||W_after - W_before|| / ||W_before||`` (Frobenius norms; weights only,
    not biases).

    The expected ratios come from a copy of the same model and optimiser
    after one :func:`npdl.train.train_step`. The optimisers are plain SGD,
    SGD with momentum, Adam and SGD with weight decay, the last three already
    some steps into training, so that only the first case's update is ``lr``
    times the gradient. The checker also makes sure that the function took
    exactly that one step.

    Parameters
    ----------
    fn : callable
        Your ``update_ratios(model, X, y, loss, optimizer)``, returning one
        number per layer.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> from npdl.train import train_step
    >>> def update_ratios(model, X, y, loss, optimizer):
    ...     before = [W.copy() for W in model.parameters()[::2]]
    ...     train_step(model, X, y, loss, optimizer)
    ...     after = model.parameters()[::2]
    ...     return [np.linalg.norm(a - b) / np.linalg.norm(b)
    ...             for a, b in zip(after, before)]
    >>> ok = check_update_ratios(update_ratios)
    check_update_ratios: all 4 cases pass. Well done!
    ...
    """
    cases = []
    for label, setup in _ratio_setups():
        step = _reference_step(setup)
        model, X, _, loss, optimizer = setup
        cases.append(Case(
            label, setup, _ratios(step),
            "keep each layer's W as it was before the step, take one step, then "
            "np.linalg.norm(W_after - W_before) / np.linalg.norm(W_before) for each "
            "layer's W",
            show=(f"{model!r}, {type(optimizer).__name__} (lr = {optimizer.lr:g}), X "
                  f"{X.shape}, loss {loss!r}"),
            call=_ratio_call(step), convert=_ratio_convert(step),
        ))  # fmt: skip
    return _check("check_update_ratios", fn, cases, ("model", "X", "y", "loss", "optimizer"))


# --------------------------------------------------------------------------
# XOR with ReLU hidden units
# --------------------------------------------------------------------------

# How the chapter trains XOR networks from many random starts: full-batch
# SGD on the four corners of make_xor, binary cross-entropy of one logit; a
# run succeeds when its loss falls below "goal" within "steps" steps; seeds
# 0, ..., seeds - 1.
_XOR = {"seeds": 50, "steps": 400, "lr": 1.0, "goal": 0.1}


def _xor_trial(sizes: list[int], activations: list[str], seed: int) -> tuple[bool, MLP, MLP]:
    """One XOR run as the chapter makes it: (succeeded, the network at the
    start, the network at the end)."""
    X, y = make_xor()
    Y = y.reshape(-1, 1).astype(float)
    net = MLP(sizes, activations, rng=seed)
    start = copy.deepcopy(net)
    optimizer = SGD(net.parameters(), lr=_XOR["lr"])
    for _ in range(_XOR["steps"]):
        if train_step(net, X, Y, "binary_cross_entropy_with_logits", optimizer) < _XOR["goal"]:
            return True, start, net
    return False, start, net


def _dead(net: MLP) -> np.ndarray:
    """For each hidden unit: is its pre-activation <= 0 on all four corners?"""
    X, _ = make_xor()
    hidden = net.layers[0]
    return np.all(X @ hidden.weights + hidden.biases <= 0, axis=0)


@functools.lru_cache(maxsize=2)
def _relu_xor_facts(activation: str = "relu") -> dict[str, float]:
    """The measured fractions, and what the usual slips give instead."""
    runs = [_xor_trial([2, 4, 1], [activation, "linear"], seed)
            for seed in range(_XOR["seeds"])]  # fmt: skip
    X, _ = make_xor()
    Z0 = [X @ start.layers[0].weights + start.layers[0].biases for _, start, _ in runs]
    return {
        "success": float(np.mean([ok for ok, _, _ in runs])),
        "dead": float(np.mean([_dead(start) for _, start, _ in runs])),
        "dead strict": float(np.mean([np.all(Z < 0, axis=0) for Z in Z0])),
        "dead after": float(np.mean([_dead(end) for _, _, end in runs])),
        "nets with a dead unit": float(np.mean([_dead(start).any() for _, start, _ in runs])),
        "pairs": float(np.mean([Z <= 0 for Z in Z0])),
    }


def _fraction(value: object, what: str) -> float:
    number = real_number(value, what)
    if not math.isfinite(number):
        raise AnswerError(f"{what} is {number}; give a fraction between 0 and 1")
    if number > 1:
        raise AnswerError(f"{what} is {number:g}, more than 1: give a fraction between 0 "
                          f"and 1 (a count divided by the total), not a count or a "
                          f"percentage")  # fmt: skip
    if number < 0:
        raise AnswerError(f"{what} is {number:g}; a fraction lies between 0 and 1")
    return number


@checker
def check_relu_xor(success_fraction: float, dead_fraction: float) -> CheckResult:
    """Check two measurements on 2-4-1 networks with ReLU hidden units
    (``MLP([2, 4, 1], ["relu", "linear"], rng=seed)``) trained on XOR as the
    chapter trains them (seeds 0 to 49, full-batch SGD with lr 1 on the four
    corners, success when the loss falls below 0.1 within 400 steps):

    * `success_fraction`: the fraction of the 50 runs that succeed;
    * `dead_fraction`: the fraction of their 200 hidden units that are dead
      **at the start**, i.e. whose pre-activation is at most 0 on all four
      points (a ReLU unit at exactly 0 passes no gradient either).

    Both are computed by training the networks with npdl. A fraction is
    accepted within 0.005 (a value rounded to two decimals passes).

    Parameters
    ----------
    success_fraction : float
    dead_fraction : float

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> facts = _relu_xor_facts()
    >>> ok = check_relu_xor(facts["success"], facts["dead"])
    check_relu_xor: all 2 cases pass. Well done!
    ...
    """
    placeholder = all(v is None or v is Ellipsis for v in (success_fraction, dead_fraction))
    # an untouched starter is told so without training the 50 networks
    facts = (dict.fromkeys(("success", "dead"), math.nan) if placeholder
             else _relu_xor_facts())  # fmt: skip
    tol = 0.005 + 1e-12

    def near(a: float, b: float) -> bool:
        return abs(a - b) <= tol

    def answer(part: str) -> object:
        if part == "success":
            got = _fraction(success_fraction, "success_fraction")
            if not near(got, facts["success"]) and near(
                    got, _relu_xor_facts("tanh")["success"]):  # fmt: skip
                raise AnswerError(f"success_fraction = {got:g} is what the tanh network "
                                  f"gives: build the hidden layer with 'relu'")  # fmt: skip
            return got
        got = _fraction(dead_fraction, "dead_fraction")
        if not near(got, facts["dead"]) and near(got, 0.25):
            raise AnswerError(
                f"dead_fraction = {got:g} is the chance that one unit starts dead (both of "
                f"its weights <= 0, each with probability 1/2); measure the fraction among "
                f"these 200 units, at the start, before any step")
        if not near(got, facts["dead"]):
            for key, diagnosis in [
                ("dead strict", "a unit whose pre-activation is exactly 0 is dead too: ReLU "
                                "outputs 0 there and relu'(0) = 0, and at the point (0, 0) "
                                "every pre-activation is its bias, 0 at the start: count "
                                "Z <= 0, not Z < 0"),
                ("dead after", "that is the fraction after training; the question is about "
                               "the start, before any step (units do die during training)"),
                ("nets with a dead unit", "that is the fraction of networks with at least "
                                          "one dead unit; count units: 200 of them"),
                ("pairs", "that counts (unit, point) pairs with Z <= 0; a unit is dead when "
                          "its Z is <= 0 on all four points at once"),
            ]:  # fmt: skip
                if near(got, facts[key]) and not near(facts[key], facts["dead"]):
                    raise AnswerError(f"dead_fraction = {got:g}: {diagnosis}")
        return got

    def matches(key: str) -> Callable[[object], bool]:
        return lambda got: near(got, facts[key])

    cases = [
        Case("the fraction of the 50 ReLU networks that succeed", ("success",),
             Expect(f"{facts['success']:.3f}", matches("success"), shape=None,
                    failure="a different fraction"),
             "train MLP([2, 4, 1], ['relu', 'linear'], rng=seed) for seed in range(50) "
             "exactly as the chapter's XOR runs (SGD, lr 1, at most 400 steps, success "
             "when the loss falls below 0.1) and divide the successes by 50",
             show=f"you gave success_fraction = {_short(success_fraction, 40)}"),
        Case("the fraction of their 200 hidden units dead at the start", ("dead",),
             Expect(f"{facts['dead']:.3f}", matches("dead"), shape=None,
                    failure="a different fraction"),
             "before training, compute Z = X @ W1 + b1 on the four points for each "
             "network, and count the columns (units) that are <= 0 in all four rows",
             show=f"you gave dead_fraction = {_short(dead_fraction, 40)}"),
    ]  # fmt: skip
    return _check("check_relu_xor", answer, cases, ("part",), function=False,
                  attempted=not placeholder)  # fmt: skip
