"""The checkers of the chapter *Training a network*: right answers written
in several ways pass, the mistakes learners make fail on the case that names
them, and the checkers survive any answer.

``RIGHT_CALLS_TRAINING`` gives one right call per checker, in the form of
``RIGHT_CALLS`` in test_exercises_robust.py, for the robustness tests there.
"""

import copy

import numpy as np
import pytest

import npdl
from npdl import exercises as ex
from npdl.exercises import training
from npdl.losses import get_loss
from npdl.optim import SGD, Adam
from npdl.train import batches, train_step

# --------------------------------------------------------------------------
# one epoch of mini-batch training
# --------------------------------------------------------------------------


def train_epoch(model, X, y, loss, optimizer, batch_size, rng):
    loss = get_loss(loss)
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    losses = []
    for start in range(0, len(X), batch_size):
        X_batch, y_batch = X[start:start + batch_size], y[start:start + batch_size]
        out = model.forward(X_batch)
        losses.append(loss.function(out, y_batch))
        model.backward(loss.gradient(out, y_batch))
        optimizer.step(model.gradients())
    return losses


def epoch_with_indices(model, X, y, loss, optimizer, batch_size, rng):
    # index arrays per batch, value_and_gradient, model(...) and an array back
    both = get_loss(loss).value_and_gradient
    order = rng.permutation(len(X))
    values = []
    n_batches = -(-len(X) // batch_size)
    for k in range(n_batches):
        rows = order[k * batch_size:(k + 1) * batch_size]
        value, gradient = both(model(X[rows]), y[rows])
        model.backward(gradient, input_gradient=False)
        optimizer.step(model.gradients())
        values.append(value)
    return np.array(values)


def epoch_with_shuffled_indices(model, X, y, loss, optimizer, batch_size, rng):
    # rng.shuffle of an index array draws the same order as rng.permutation
    index = np.arange(len(X))
    rng.shuffle(index)
    function = getattr(npdl.losses, loss)
    gradient = getattr(npdl.losses, f"{loss}_gradient")
    for start in range(0, len(X), batch_size):
        rows = index[start:start + batch_size]
        out = model.forward(X[rows])
        yield_value = float(function(out, y[rows]))
        model.backward(gradient(out, y[rows]))
        optimizer.step(model.gradients())
        yield yield_value


def epoch_as_generator_list(*args):
    return list(epoch_with_shuffled_indices(*args))


def _wrong_epoch(change):
    """train_epoch with one mistake learners make."""

    def fn(model, X, y, loss, optimizer, batch_size, rng):
        loss = get_loss(loss)
        n = len(X)
        if change == "no shuffle":
            Xs, ys = X, y
        elif change == "y apart":
            Xs, ys = X[rng.permutation(n)], y[rng.permutation(n)]
        elif change == "global rng":
            order = np.random.default_rng(0).permutation(n)
            Xs, ys = X[order], y[order]
        elif change == "in place":
            state = copy.deepcopy(rng.bit_generator.state)
            rng.shuffle(X)
            rng.bit_generator.state = state
            rng.shuffle(y)  # the same order for both, but the caller's arrays
            Xs, ys = X, y
        else:
            order = rng.permutation(n)
            Xs, ys = X[order], y[order]
        size = n if change == "full batch" else batch_size
        losses = []
        for start in range(0, n, size):
            Xb, yb = Xs[start:start + size], ys[start:start + size]
            out = model.forward(Xb)
            value, grad = loss.function(out, yb), loss.gradient(out, yb)
            if change == "summed":
                grad = grad * len(Xb)
            if change == "step first":
                optimizer.step(model.gradients())
                model.backward(grad)
            elif change == "copy":
                model.backward(grad)
                for p, g in zip(model.parameters(), model.gradients()):
                    p = p - optimizer.lr * g  # the learner's bug: rebinds p
            elif change == "own sgd":
                model.backward(grad)
                for p, g in zip(model.parameters(), model.gradients()):
                    p -= optimizer.lr * g
            else:
                model.backward(grad)
                optimizer.step(model.gradients())
            if change == "loss after":
                value = loss.function(model.forward(Xb), yb)
            losses.append(value)
        if change == "mean loss":
            return float(np.mean(losses))
        if change == "no return":
            return None
        return losses

    return fn


def stale_forward(model, X, y, loss, optimizer, batch_size, rng):
    # the forward pass of the whole set, then backward with a batch's gradient
    loss = get_loss(loss)
    order = rng.permutation(len(X))
    Xs, ys = X[order], y[order]
    out_all = model.forward(Xs)
    losses = []
    for start in range(0, len(X), batch_size):
        out = out_all[start:start + batch_size]
        losses.append(loss.function(out, ys[start:start + batch_size]))
        model.backward(loss.gradient(out, ys[start:start + batch_size]))
        optimizer.step(model.gradients())
    return losses


def epoch_with_a_while_loop(model, X, y, loss, optimizer, batch_size, rng):
    # a while loop, two forward passes per batch (loss, then gradient), a tuple back
    loss = get_loss(loss)
    order = rng.permutation(X.shape[0])
    values, start = [], 0
    while start < len(order):
        rows = order[start:start + batch_size]
        start += batch_size
        values.append(loss.function(model.forward(X[rows]), y[rows]))
        model.backward(loss.gradient(model.forward(X[rows]), y[rows]))
        optimizer.step(model.gradients())
    return tuple(values)


def _sloppy_epoch(change):
    """More mistakes: batches cut with np.array_split, a permutation per batch,
    the parameters passed to step, summed losses, the last batch dropped."""

    def fn(model, X, y, loss, optimizer, batch_size, rng):
        loss = get_loss(loss)
        n = len(X)
        order = rng.permutation(n)
        if change == "array_split":
            parts = np.array_split(order, -(-n // batch_size))
        elif change == "drop last":
            parts = [order[k:k + batch_size] for k in range(0, n - batch_size + 1, batch_size)]
        else:
            parts = [order[k:k + batch_size] for k in range(0, n, batch_size)]
        values = []
        for k, rows in enumerate(parts):
            if change == "perm per batch" and k > 0:
                rows = rng.permutation(n)[k * batch_size:(k + 1) * batch_size]
            out = model.forward(X[rows])
            value = loss.function(out, y[rows])
            model.backward(loss.gradient(out, y[rows]))
            optimizer.step(model.parameters() if change == "step params"
                           else model.gradients())  # fmt: skip
            values.append(value * len(rows) if change == "sum" else value)
        return values

    return fn


def with_train_step(model, X, y, loss, optimizer, batch_size, rng):
    return [train_step(model, Xb, yb, loss, optimizer)
            for Xb, yb in batches(X, y, batch_size, rng)]  # fmt: skip


FIRST = "3 classes, 30 samples in batches of 8 (the last has 6), SGD with momentum"
ADAM = "one logit, 25 samples in batches of 10 (the last has 5), Adam"
OWN = "written with the model, the loss and the optimiser (not npdl.train's loop)"

EPOCH_RIGHT = [train_epoch, epoch_with_indices, epoch_as_generator_list,
               epoch_with_shuffled_indices, epoch_with_a_while_loop]  # fmt: skip

# (wrong answer, the case reported first, words of the problem)
EPOCH_WRONG = [
    (_wrong_epoch("no shuffle"), FIRST, "the data's own order"),
    (_wrong_epoch("y apart"), FIRST, "two different permutations"),
    (_wrong_epoch("global rng"), FIRST, "other samples than order = rng.permutation"),
    (_wrong_epoch("in place"), FIRST, "changed the caller's X in place"),
    (_wrong_epoch("full batch"), FIRST, "the first batch held 30 samples"),
    (_wrong_epoch("step first"), FIRST, "stepped before the backward pass"),
    (_wrong_epoch("summed"), FIRST, "multiplied by the batch size"),
    (_wrong_epoch("loss after"), FIRST, "measured after each update"),
    (_wrong_epoch("copy"), FIRST, "parameters did not change"),
    (_wrong_epoch("own sgd"), FIRST, "instead of by the optimiser you were given"),
    (_sloppy_epoch("array_split"), FIRST, "held [8, 8, 7, 7] samples"),
    (_sloppy_epoch("perm per batch"), FIRST, "a new permutation was drawn for every batch"),
    (_sloppy_epoch("step params"), FIRST, "given the parameters instead of the gradients"),
    (_sloppy_epoch("sum"), FIRST, "sums over each batch"),
    (_sloppy_epoch("drop last"), FIRST, "the last, shorter batch"),
    (_wrong_epoch("mean loss"), FIRST, "returned one number"),
    (_wrong_epoch("no return"), FIRST, "returned None, but the model was trained"),
    (stale_forward, FIRST, "dA must have the shape of the last output"),
    (with_train_step, OWN, "calls npdl's ready-made loop"),
]  # fmt: skip


@pytest.mark.parametrize("fn", EPOCH_RIGHT, ids=lambda f: f.__name__)
def test_train_epoch_passes_right_answers(fn, capsys):
    result = ex.check_train_epoch(fn)
    out = capsys.readouterr().out
    assert result, out
    assert result.n_cases == 4


@pytest.mark.parametrize(("fn", "first", "problem"), EPOCH_WRONG)
def test_train_epoch_catches_wrong_answers(fn, first, problem, capsys):
    result = ex.check_train_epoch(fn)
    out = " ".join(capsys.readouterr().out.split())
    assert not result
    assert f"First failing case: {first}" in out, out
    assert problem in out, out
    assert "hint:" in out


def test_npdls_loop_fails_only_the_own_code_case(capsys):
    result = ex.check_train_epoch(with_train_step)
    capsys.readouterr()
    assert result.failed == [OWN]


def test_the_simulated_epoch_without_a_mistake_is_npdls_loop():
    for _, setup in training._epoch_setups():
        reference = training._reference(setup)
        assert training._same(training._simulate(setup, None), reference)
        plain_sgd = isinstance(setup[4], SGD) and setup[4].momentum == 0
        for mistake, _ in training._EPOCH_MISTAKES:  # every mistake changes the run
            if mistake == "own sgd" and plain_sgd:
                continue  # p -= lr * g is what plain SGD does
            assert not training._same(training._simulate(setup, mistake), reference)


def test_the_reference_is_fit():
    # fit, with the same generator, makes the same steps
    for _, setup in training._epoch_setups():
        reference = training._reference(setup)
        model, X, y, loss, optimizer, batch_size, seed = copy.deepcopy(setup)
        npdl.train.fit(model, X, y, loss, optimizer, epochs=training._EPOCHS,
                       batch_size=batch_size, rng=seed)  # fmt: skip
        for p, q in zip(model.parameters(), reference.params[-1]):
            np.testing.assert_array_equal(p, q)


def test_the_exercise_data_are_not_damaged(capsys):
    # the learner's epoch gets copies: shuffling them in place damages nothing
    assert not ex.check_train_epoch(_wrong_epoch("in place"))
    assert ex.check_train_epoch(train_epoch)
    capsys.readouterr()


# --------------------------------------------------------------------------
# update-to-weight ratios
# --------------------------------------------------------------------------


def update_ratios(model, X, y, loss, optimizer):
    before = [W.copy() for W in model.parameters()[::2]]
    train_step(model, X, y, loss, optimizer)
    return [np.linalg.norm(W - W0) / np.linalg.norm(W0)
            for W, W0 in zip(model.parameters()[::2], before)]  # fmt: skip


def ratios_by_hand(model, X, y, loss, optimizer):
    # the four lines of the step, the layers' own weights, an array back
    before = [layer.weights.copy() for layer in model.layers]
    loss = get_loss(loss)
    out = model.forward(X)
    model.backward(loss.gradient(out, y))
    optimizer.step(model.gradients())
    return np.array([np.sqrt(np.sum((layer.weights - W0) ** 2) / np.sum(W0**2))
                     for layer, W0 in zip(model.layers, before)])  # fmt: skip


def ratios_in_float32(model, X, y, loss, optimizer):
    return np.float32(update_ratios(model, X, y, loss, optimizer))


def _wrong_ratios(change):
    def fn(model, X, y, loss, optimizer):
        params = model.parameters()
        before = params if change == "alias" else [p.copy() for p in params]
        train_step(model, X, y, loss, optimizer)
        after, grads = model.parameters(), model.gradients()
        norm = np.linalg.norm
        out = []
        for k in range(0, len(params), 2):
            W0, W1, dW = before[k], after[k], grads[k]
            if change == "lr * grad":
                out.append(optimizer.lr * norm(dW) / norm(W0))
            elif change == "grad":
                out.append(norm(dW) / norm(W0))
            elif change == "after":
                out.append(norm(W1 - W0) / norm(W1))
            elif change == "squared":
                out.append(norm(W1 - W0) ** 2 / norm(W0) ** 2)
            elif change == "with biases":
                b0, b1 = before[k + 1], after[k + 1]
                out.append(norm(np.concatenate([(W1 - W0).ravel(), b1 - b0]))
                           / norm(np.concatenate([W0.ravel(), b0])))  # fmt: skip
            elif change == "every array":
                out.append(norm(W1 - W0) / norm(W0))
                b0, b1 = before[k + 1], after[k + 1]
                out.append(norm(b1 - b0) / max(norm(b0), 1e-12))
            elif change == "entrywise":
                out.append(np.mean(np.abs(W1 - W0) / np.abs(W0)))
            else:
                out.append(norm(W1 - W0) / norm(W0))
        if change == "two steps":
            train_step(model, X, y, loss, optimizer)
        return out

    return fn


def ratios_as_a_generator(model, X, y, loss, optimizer):
    # a deep copy of the model as "before", and a generator back
    old = copy.deepcopy(model)
    train_step(model, X, y, loss, optimizer)
    return (np.linalg.norm(new.weights - was.weights) / np.linalg.norm(was.weights)
            for new, was in zip(model.layers, old.layers))  # fmt: skip


def _more_wrong_ratios(change):
    def fn(model, X, y, loss, optimizer):
        before = [W.copy() for W in model.parameters()[::2]]
        train_step(model, X, y, loss, optimizer)
        norm = np.linalg.norm
        pairs = list(zip(model.parameters()[::2], before))
        if change == "upside down":
            return [norm(W0) / norm(W - W0) for W, W0 in pairs]
        if change == "change of the norm":
            return [abs(norm(W) - norm(W0)) / norm(W0) for W, W0 in pairs]
        if change == "spectral":
            return [norm(W - W0, 2) / norm(W0, 2) for W, W0 in pairs]
        # one number for the whole network
        return norm(np.concatenate([(W - W0).ravel() for W, W0 in pairs])) / norm(
            np.concatenate([W0.ravel() for _, W0 in pairs]))

    return fn


def ratios_without_step(model, X, y, loss, optimizer):
    # the gradient's size, without taking the step
    out = model.forward(X)
    model.backward(get_loss(loss).gradient(out, y))
    return [optimizer.lr * np.linalg.norm(g) / np.linalg.norm(W)
            for W, g in zip(model.parameters()[::2], model.gradients()[::2])]  # fmt: skip


PLAIN = "plain SGD, 2 -> 8 -> 3 (ReLU)"
MOMENTUM = "SGD with momentum 0.9, after 5 steps"

RATIOS_WRONG = [
    (_more_wrong_ratios("upside down"), PLAIN, "upside down"),
    (_more_wrong_ratios("change of the norm"), PLAIN, "the change of the norm"),
    (_more_wrong_ratios("spectral"), PLAIN, "spectral norm"),
    (_more_wrong_ratios("whole network"), PLAIN, "one number for the whole network"),
    (_wrong_ratios("alias"), PLAIN, "all ratios are 0"),
    (_wrong_ratios("lr * grad"), MOMENTUM, "that is lr * ||dW|| / ||W||"),
    (_wrong_ratios("grad"), PLAIN, "that is ||dW|| / ||W||"),
    (_wrong_ratios("after"), PLAIN, "norm of the weights after the step"),
    (_wrong_ratios("squared"), PLAIN, "squares of the ratios"),
    (_wrong_ratios("with biases"), PLAIN, "the biases were counted in"),
    (_wrong_ratios("every array"), PLAIN, "one ratio per layer"),
    (_wrong_ratios("entrywise"), PLAIN, "mean of the entrywise ratios"),
    (_wrong_ratios("two steps"), PLAIN, "not as one training step"),
    (ratios_without_step, PLAIN, "did not take the training step"),
]  # fmt: skip


@pytest.mark.parametrize("fn", [update_ratios, ratios_by_hand, ratios_in_float32,
                                ratios_as_a_generator],
                         ids=lambda f: f.__name__)  # fmt: skip
def test_update_ratios_passes_right_answers(fn, capsys):
    result = ex.check_update_ratios(fn)
    out = capsys.readouterr().out
    assert result, out
    assert result.n_cases == 4


@pytest.mark.parametrize(("fn", "first", "problem"), RATIOS_WRONG)
def test_update_ratios_catches_wrong_answers(fn, first, problem, capsys):
    result = ex.check_update_ratios(fn)
    out = " ".join(capsys.readouterr().out.split())
    assert not result
    assert f"First failing case: {first}" in out, out
    assert problem in out, out


def test_lr_times_the_gradient_is_right_only_for_plain_sgd(capsys):
    result = ex.check_update_ratios(_wrong_ratios("lr * grad"))
    capsys.readouterr()
    assert result.passed == [PLAIN]


def test_the_ratios_of_the_cases_are_of_the_usual_size():
    # the setups are ordinary training steps, not degenerate ones
    for _, setup in training._ratio_setups():
        ratios = training._ratios(training._reference_step(setup))
        assert np.all((ratios > 1e-5) & (ratios < 1e-1)), ratios


# --------------------------------------------------------------------------
# XOR with ReLU hidden units
# --------------------------------------------------------------------------


def _measured():
    """The two fractions, measured here with npdl's fit-free loop."""
    X, y = npdl.datasets.make_xor()
    Y = y.reshape(-1, 1).astype(float)
    successes, dead = [], []
    for seed in range(50):
        net = npdl.MLP([2, 4, 1], ["relu", "linear"], rng=seed)
        W1 = net.layers[0].weights
        dead.extend((W1[0] <= 0) & (W1[1] <= 0))  # Z <= 0 on all four corners
        opt = SGD(net.parameters(), lr=1.0)
        losses = [train_step(net, X, Y, "binary_cross_entropy_with_logits", opt)
                  for _ in range(400)]  # fmt: skip
        successes.append(min(losses) < 0.1)
    return float(np.mean(successes)), float(np.mean(dead))


def test_relu_xor_facts_agree_with_an_independent_measurement():
    success, dead = _measured()
    facts = training._relu_xor_facts()
    assert facts["success"] == success
    assert facts["dead"] == dead
    assert 0.5 < success < 0.95 and 0.1 < dead < 0.4  # ReLU fails where tanh does not
    assert training._relu_xor_facts("tanh")["success"] == 1.0


def test_relu_xor_accepts_the_fractions_in_any_form(capsys):
    facts = training._relu_xor_facts()
    s, d = facts["success"], facts["dead"]
    assert ex.check_relu_xor(s, d)
    assert ex.check_relu_xor(np.float64(s), np.array(d))
    assert ex.check_relu_xor(round(s, 2), round(d, 2))
    assert ex.check_relu_xor(int(50 * s) / 50, int(200 * d) / 200)
    capsys.readouterr()


SUCCESS = "the fraction of the 50 ReLU networks that succeed"
DEAD = "the fraction of their 200 hidden units dead at the start"


@pytest.mark.parametrize(
    ("answer", "first", "problem"),
    [
        (lambda f: (1.0, f["dead"]), SUCCESS,
         "is what the tanh network gives"),
        (lambda f: (50 * f["success"], f["dead"]), SUCCESS,
         "not a count or a percentage"),
        (lambda f: (f["success"], 0.0), DEAD, "count Z <= 0, not Z < 0"),
        (lambda f: (f["success"], f["dead after"]), DEAD, "before any step"),
        (lambda f: (f["success"], f["nets with a dead unit"]), DEAD,
         "at least one dead unit"),
        (lambda f: (f["success"], f["pairs"]), DEAD, "(unit, point) pairs"),
        (lambda f: (f["success"], 0.25), DEAD, "the chance that one unit starts dead"),
        (lambda f: (f["success"], f["dead"] + 0.05), DEAD, "a different fraction"),
        (lambda f: (f["success"] - 0.02, f["dead"]), SUCCESS,
         "a different fraction"),
    ],
)  # fmt: skip
def test_relu_xor_catches_wrong_answers(answer, first, problem, capsys):
    result = ex.check_relu_xor(*answer(training._relu_xor_facts()))
    out = " ".join(capsys.readouterr().out.split())
    assert not result
    assert f"First failing case: {first}" in out, out
    assert problem in out, out


# --------------------------------------------------------------------------
# robustness: test_exercises_robust.py runs every checker with these
# --------------------------------------------------------------------------


def _right_relu_xor():
    facts = training._relu_xor_facts()
    return (facts["success"], facts["dead"])


#: One right call per checker: ``name -> (args, kwargs)``.
RIGHT_CALLS_TRAINING = {
    "check_train_epoch": ((train_epoch,), {}),
    "check_update_ratios": ((update_ratios,), {}),
    "check_relu_xor": (_right_relu_xor(), {}),
}


def test_every_checker_of_the_chapter_is_covered():
    assert set(training.__all__) == set(RIGHT_CALLS_TRAINING)


def test_an_adam_optimiser_is_among_the_cases():
    # the cases where lr * gradient is wrong include Adam's scaled update
    kinds = {type(setup[4]) for _, setup in training._ratio_setups()}
    assert Adam in kinds and SGD in kinds
