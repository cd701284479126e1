"""npdl.train: mini-batches, splitting, scaling (against scikit-learn), the
training step against the loop written by hand, fit's history, determinism,
early stopping, progress lines; npdl.datasets.load_digits; the fused
value-and-gradient of every loss."""

import re
import socket

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix as sk_confusion_matrix
from sklearn.preprocessing import StandardScaler

import npdl
from npdl import losses, optim, train
from npdl.datasets import load_digits, make_blobs, make_xor


@pytest.fixture
def blobs():
    return make_blobs(90, centers=3, rng=0)


# --------------------------------------------------------------------------
# batches
# --------------------------------------------------------------------------


def test_batches_cover_every_sample_once_with_rows_paired(blobs):
    X, y = blobs
    tagged = np.column_stack([X, np.arange(len(X))])
    parts = list(train.batches(tagged, np.arange(len(X)), 32, rng=0))
    assert [len(yb) for _, yb in parts] == [32, 32, 26]
    seen = np.concatenate([yb for _, yb in parts])
    assert sorted(seen) == list(range(90)) and not np.array_equal(seen, np.arange(90))
    for Xb, yb in parts:
        np.testing.assert_array_equal(Xb[:, -1], yb)  # X rows travel with their y


def test_one_generator_gives_a_new_order_each_epoch_and_a_seed_repeats_them(blobs):
    X, y = blobs
    rng = np.random.default_rng(5)
    epoch1 = np.concatenate([yb for _, yb in train.batches(X, np.arange(90), 10, rng)])
    epoch2 = np.concatenate([yb for _, yb in train.batches(X, np.arange(90), 10, rng)])
    assert not np.array_equal(epoch1, epoch2)
    again = np.random.default_rng(5)
    np.testing.assert_array_equal(
        epoch1, np.concatenate([yb for _, yb in train.batches(X, np.arange(90), 10, again)]))


def test_full_batch_and_no_shuffle_keep_the_order(blobs):
    X, y = blobs
    ((Xb, yb),) = list(train.batches(X, y, None, rng=0))
    assert Xb is X or np.array_equal(Xb, X)
    ordered = np.concatenate([yb for _, yb in train.batches(X, np.arange(90), 7, shuffle=False)])
    np.testing.assert_array_equal(ordered, np.arange(90))


@pytest.mark.parametrize(("args", "error", "message"), [
    ((np.zeros((4, 2)), np.zeros(3), 2), ValueError, "X has 4 samples but y has 3"),
    ((np.zeros(4), np.zeros(4), 2), ValueError, r"shape \(n_samples, n_features\)"),
    ((np.zeros((4, 2)), np.zeros(4), 0), ValueError, "batch_size must be at least 1"),
    ((np.zeros((4, 2)), np.zeros(4), 2.0), TypeError, "batch_size must be an int"),
    ((np.zeros((0, 2)), np.zeros(0), 2), ValueError, "got no samples"),
])  # fmt: skip
def test_batches_refuse_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        list(train.batches(*args))


# --------------------------------------------------------------------------
# train_test_split, standardize
# --------------------------------------------------------------------------


def test_stratified_split_keeps_class_shares_and_loses_nothing():
    y = np.repeat([0, 1, 2], [100, 40, 12])
    X = np.arange(len(y) * 2, dtype=float).reshape(-1, 2)
    X_tr, X_te, y_tr, y_te = train.train_test_split(X, y, 0.25, rng=3)
    np.testing.assert_array_equal(np.bincount(y_te), [25, 10, 3])
    np.testing.assert_array_equal(np.bincount(y_tr), [75, 30, 9])
    rows = np.concatenate([X_tr[:, 0], X_te[:, 0]])
    assert sorted(rows) == sorted(X[:, 0])  # disjoint, complete
    np.testing.assert_array_equal(y[(X_te[:, 0] / 2).astype(int)], y_te)  # pairs kept
    again = train.train_test_split(X, y, 0.25, rng=3)
    np.testing.assert_array_equal(again[1], X_te)


def test_unstratified_split_draws_from_everything():
    X, y = np.zeros((40, 1)), np.r_[np.zeros(36, int), np.ones(4, int)]
    counts = {np.bincount(train.train_test_split(X, y, 0.5, rng=s, stratify=False)[3],
                          minlength=2)[1] for s in range(20)}  # fmt: skip
    assert len(counts) > 1  # the minority's share in the test set varies
    assert train.train_test_split(X, y, 0.5, rng=0, stratify=False)[1].shape == (20, 1)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"test_fraction": 0.0}, "test_fraction must be between 0 and 1"),
    ({"test_fraction": 1.0}, "test_fraction must be between 0 and 1"),
    ({"test_fraction": 0.01}, "leaves one of the two sets empty"),
])  # fmt: skip
def test_split_refuses_bad_fractions(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train.train_test_split(np.zeros((10, 1)), np.arange(10) % 2, rng=0, **kwargs)


def test_stratify_needs_integer_labels():
    with pytest.raises(ValueError, match="stratify=True needs integer class labels"):
        train.train_test_split(np.zeros((10, 1)), np.linspace(0, 1, 10), rng=0)


def test_standardize_matches_scikit_learn_fitted_on_train_only():
    rng = np.random.default_rng(0)
    X_tr = rng.normal(3.0, [1.0, 5.0, 0.0], size=(50, 3))  # a constant column
    X_te = rng.normal(0.0, 2.0, size=(20, 3))
    scaler = StandardScaler().fit(X_tr)
    ours_tr, ours_te = train.standardize(X_tr, X_te)
    np.testing.assert_allclose(ours_tr, scaler.transform(X_tr), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours_te, scaler.transform(X_te), rtol=1e-12, atol=1e-12)
    assert not np.allclose(ours_te.mean(axis=0), 0)  # the test set's own stats are not used
    assert isinstance(train.standardize(X_tr), tuple) and len(train.standardize(X_tr)) == 1


def test_standardize_refuses_mismatched_sets():
    with pytest.raises(ValueError, match=r"set 1 has shape \(4, 2\); expected \(n, 3\)"):
        train.standardize(np.ones((5, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError, match="at least one sample"):
        train.standardize(np.ones(3))


# --------------------------------------------------------------------------
# accuracy, confusion matrix, labels, evaluate
# --------------------------------------------------------------------------


def test_accuracy_and_its_shape_hint():
    assert train.accuracy(np.array([1, 2, 3, 3]), np.array([1, 2, 0, 3])) == 0.75
    with pytest.raises(ValueError, match="look.* like network outputs"):
        train.accuracy(np.zeros(4), np.zeros((4, 3)))


def test_confusion_matrix_matches_scikit_learn():
    rng = np.random.default_rng(1)
    t, p = rng.integers(0, 5, 200), rng.integers(0, 5, 200)
    np.testing.assert_array_equal(train.confusion_matrix(t, p), sk_confusion_matrix(t, p))
    wide = train.confusion_matrix(t, p, n_classes=7)
    assert wide.shape == (7, 7) and wide.sum() == 200 and wide[5:].sum() == 0
    with pytest.raises(ValueError, match="n_classes is 3 but label 4 occurs"):
        train.confusion_matrix(t, p, n_classes=3)
    with pytest.raises(ValueError, match="must hold class labels"):
        train.confusion_matrix(np.array([0.5, 1.0]), np.array([0, 1]))


def test_predict_labels_follow_the_loss():
    out = np.array([[2.0, -1.0, 0.5], [-3.0, 0.0, 1.0]])
    np.testing.assert_array_equal(train.predict_labels(out, "cross_entropy"), [0, 2])
    np.testing.assert_array_equal(
        train.predict_labels(out[:, :1], "binary_cross_entropy_with_logits"), [[1], [0]])
    assert train.predict_labels(out, "mse") is None


def test_evaluate_reads_binary_labels_of_shape_n():
    X, y = make_xor()
    net = npdl.MLP([2, 2, 1], ["relu", "linear"], rng=0)
    net.layers[0].weights, net.layers[0].biases = [[1, 1], [1, 1]], [0, -1]
    net.layers[1].weights, net.layers[1].biases = [[10], [-20]], [-5]
    value, acc = train.evaluate(net, X, y, "binary_cross_entropy_with_logits")
    assert acc == 1.0
    logits = net.forward(X)
    assert value == losses.binary_cross_entropy_with_logits(logits, y.reshape(-1, 1).astype(float))


# --------------------------------------------------------------------------
# the fused loss, train_step, fit
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "out", "target"), [
    ("mse", np.array([[0.5, 2.0], [-1.0, 3.0]]), np.array([[0.0, 2.5], [1.0, 3.0]])),
    ("binary_cross_entropy_with_logits", np.array([[-800.0], [0.3], [40.0]]),
     np.array([[1.0], [0.0], [0.2]])),
    ("cross_entropy", np.array([[1.0, 2.0, -1.0], [1000.0, -1000.0, 0.0]]), np.array([2, 1])),
    ("cross_entropy", np.array([[1.0, 2.0, -1.0], [1000.0, -1000.0, 0.0]]),
     np.array([[0.2, 0.8, 0.0], [0.0, 0.0, 1.0]])),
    ("cross_entropy", np.array([[np.inf, 0.0, 0.0], [-np.inf, 1.0, 2.0]]), np.array([0, 2])),
    ("cross_entropy", np.array([[1.0, 2.0], [3.0, -4.0]], dtype=np.float32), np.array([1, 0])),
    ("cross_entropy", np.array([0.5, 2.0, -3.0]), np.array(2)),
])  # fmt: skip
def test_value_and_gradient_equal_the_two_functions(name, out, target):
    loss = losses.get_loss(name)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        value, grad = loss.value_and_gradient(out, target)
    assert value == pytest.approx(loss.function(out, target), rel=1e-15, abs=0)
    np.testing.assert_array_equal(grad, loss.gradient(out, target))
    assert grad.dtype == out.dtype and grad.shape == out.shape


def test_value_and_gradient_give_the_same_errors():
    loss = losses.get_loss("cross_entropy")
    with pytest.raises(ValueError, match="class labels must be 0 to 2"):
        loss.value_and_gradient(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(TypeError, match=r"y.astype\(int\)"):
        loss.value_and_gradient(np.zeros((2, 3)), np.array([0.0, 1.0]))


def test_train_step_is_the_loop_written_out(blobs):
    X, y = blobs
    a, b = npdl.MLP([2, 6, 3], rng=1), npdl.MLP([2, 6, 3], rng=1)
    opt_a = optim.SGD(a.parameters(), lr=0.3, momentum=0.9)
    opt_b = optim.SGD(b.parameters(), lr=0.3, momentum=0.9)
    for _ in range(5):
        value = train.train_step(a, X, y, "cross_entropy", opt_a)
        out = b.forward(X)
        assert value == pytest.approx(losses.cross_entropy(out, y), rel=1e-15)
        b.backward(losses.cross_entropy_gradient(out, y))
        opt_b.step(b.gradients())
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


def test_train_step_takes_binary_labels_of_shape_n():
    X, y = make_xor()
    a, b = (npdl.MLP([2, 3, 1], ["tanh", "linear"], rng=0) for _ in range(2))
    loss = "binary_cross_entropy_with_logits"
    value = train.train_step(a, X, y, loss, optim.SGD(a.parameters(), lr=0.5))
    assert value == train.train_step(b, X, y.reshape(-1, 1).astype(float), loss,
                                     optim.SGD(b.parameters(), lr=0.5))  # fmt: skip
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


def test_train_step_stops_before_a_diverged_update():
    net = npdl.MLP([1, 1], ["linear"], rng=0)
    opt = optim.SGD(net.parameters(), lr=0.1)
    before = [p.copy() for p in net.parameters()]
    with pytest.raises(ValueError, match="training has diverged"):
        train.train_step(net, np.array([[np.inf]]), np.array([[1.0]]), "mse", opt)
    for p, q in zip(before, net.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


def fit_blobs(seed, **kwargs):
    X, y = make_blobs(120, centers=3, rng=0)
    net = npdl.MLP([2, 8, 3], rng=seed)
    opt = optim.Adam(net.parameters(), lr=0.02)
    history = train.fit(net, X[:90], y[:90], "cross_entropy", opt, epochs=kwargs.pop("epochs", 8),
                        batch_size=16, rng=seed, validation=(X[90:], y[90:]), **kwargs)  # fmt: skip
    return net, history


def test_fit_is_deterministic_and_equals_the_loop_it_describes():
    net1, h1 = fit_blobs(4)
    net2, h2 = fit_blobs(4)
    assert h1 == h2
    for p, q in zip(net1.parameters(), net2.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
    _, other = fit_blobs(5)
    assert other.loss != h1.loss
    # by hand: the same batches, train_step, evaluation
    X, y = make_blobs(120, centers=3, rng=0)
    net = npdl.MLP([2, 8, 3], rng=4)
    opt = optim.Adam(net.parameters(), lr=0.02)
    rng = np.random.default_rng(4)
    losses_by_hand = []
    for _ in range(8):
        for Xb, yb in train.batches(X[:90], y[:90], 16, rng):
            train.train_step(net, Xb, yb, "cross_entropy", opt)
        losses_by_hand.append(losses.cross_entropy(net.forward(X[:90]), y[:90]))
    assert losses_by_hand == h1.loss


def test_history_has_one_entry_per_epoch_and_reads_well():
    _, history = fit_blobs(0)
    assert history.epochs == 8
    assert [len(v) for v in (history.loss, history.accuracy, history.val_loss,
                             history.val_accuracy, history.lr)] == [8] * 5  # fmt: skip
    assert history.loss[-1] < history.loss[0]
    assert all(0 <= a <= 1 for a in history.accuracy + history.val_accuracy)
    assert repr(history).startswith("History(epochs=8, loss=")


def test_fit_learns_xor_from_labels_of_shape_n():
    X, y = make_xor()
    net = npdl.MLP([2, 8, 1], ["tanh", "linear"], rng=0)
    history = train.fit(net, X, y, "binary_cross_entropy_with_logits",
                        optim.Adam(net.parameters(), lr=0.05), epochs=300)  # fmt: skip
    assert history.accuracy[-1] == 1.0 and history.loss[-1] < 0.01


def test_fit_with_mse_records_no_accuracy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    Y = X @ np.array([[1.0], [-2.0]]) + 0.5
    net = npdl.MLP([2, 1], ["linear"], rng=0)
    history = train.fit(net, X, Y, "mse", optim.SGD(net.parameters(), lr=0.1), epochs=100)
    assert history.accuracy == [] and history.loss[-1] < 1e-5


def test_early_stopping_restores_the_best_epoch():
    snapshots = {}

    def keep(epoch, history):
        snapshots[epoch] = [p.copy() for p in net_params]

    X, y = make_blobs(60, centers=2, cluster_std=3.0, rng=0)
    net = npdl.MLP([2, 64, 2], rng=0)
    net_params = net.parameters()
    history = train.fit(net, X[:20], y[:20], "cross_entropy", optim.Adam(net_params, lr=0.05),
                        epochs=300, validation=(X[20:], y[20:]), patience=5,
                        callback=keep)  # fmt: skip
    best = history.best_epoch
    assert history.epochs < 300 and history.epochs == best + 5
    assert history.val_loss[best - 1] == min(history.val_loss)
    for p, q in zip(net.parameters(), snapshots[best], strict=True):
        np.testing.assert_array_equal(p, q)


def test_progress_lines_have_no_timings(capsys):
    fit_blobs(0, epochs=10, progress=5)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("epoch  5/10  loss ")
    # every field is a number of the run, none a time
    assert re.fullmatch(r"epoch 10/10  loss \d\.\d{4}  accuracy \d\.\d{3}  "
                        r"val_loss \d\.\d{4}  val_accuracy \d\.\d{3}", lines[1]), lines[1]


def test_fit_reports_divergence_in_words():
    X, y = make_blobs(40, centers=2, rng=0)
    net = npdl.MLP([2, 16, 2], rng=0)
    with pytest.raises(ValueError, match="smaller learning rate"), \
            np.errstate(over="ignore", invalid="ignore"):  # fmt: skip
        train.fit(net, X * 1e3, y, "cross_entropy", optim.SGD(net.parameters(), lr=1e3),
                  epochs=50)  # fmt: skip


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"epochs": 0}, ValueError, "epochs must be at least 1"),
    ({"patience": 3}, ValueError, "early stopping .* needs a validation set"),
    ({"validation": np.zeros(3)}, TypeError, r"validation must be a pair"),
    ({"optimizer": "adam"}, TypeError, "expects an npdl optimiser"),
    ({"optimizer": optim.SGD([np.zeros(2)], lr=0.1)}, ValueError, "does not hold this model"),
    ({"loss": "crossentropy"}, ValueError, "unknown loss 'crossentropy'"),
])  # fmt: skip
def test_fit_refuses_bad_settings(kwargs, error, message):
    X, y = make_blobs(20, centers=2, rng=0)
    net = npdl.MLP([2, 3, 2], rng=0)
    args = {"loss": "cross_entropy", "optimizer": optim.SGD(net.parameters(), lr=0.1),
            "epochs": 2} | kwargs  # fmt: skip
    with pytest.raises(error, match=message):
        train.fit(net, X, y, **args)


# --------------------------------------------------------------------------
# the digits
# --------------------------------------------------------------------------


def test_load_digits_reads_the_bundled_images_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("load_digits tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0 and X.max() == 16 and np.array_equal(X, np.round(X))
    assert set(np.unique(y)) == set(range(10)) and np.bincount(y).min() > 170
    assert not np.shares_memory(X, load_digits()[0])  # a fresh copy each time


def test_load_digits_gives_scikit_learns_digits():
    from sklearn.datasets import load_digits as sklearn_load_digits

    X, y = load_digits()
    theirs = sklearn_load_digits()
    np.testing.assert_array_equal(X, theirs.data)
    np.testing.assert_array_equal(y, theirs.target)
