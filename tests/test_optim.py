"""npdl.optim: every update rule against PyTorch's trajectories (stored in
tests/data/torch_optim.json by make_torch_optim.py) and against steps worked
out by hand; in-place updates, dtypes, schedules and bad input."""

import json
from pathlib import Path

import numpy as np
import pytest

import npdl
from npdl import optim

TORCH = json.loads((Path(__file__).parent / "data" / "torch_optim.json").read_text())
NAMES = {"SGD": optim.SGD, "RMSprop": optim.RMSProp, "Adam": optim.Adam}


def case_id(case):
    return case["optimizer"] + "-" + "-".join(f"{k}={v}" for k, v in case["hyper"].items())


@pytest.mark.parametrize("case", TORCH["cases"], ids=case_id)
def test_trajectories_are_pytorchs(case):
    params = [np.array(p) for p in TORCH["start"]]
    opt = NAMES[case["optimizer"]](params, **case["hyper"])
    for grads, expected in zip(TORCH["grads"], case["trajectory"], strict=True):
        opt.step([np.array(g) for g in grads])
        for p, e in zip(params, expected, strict=True):
            np.testing.assert_allclose(p, e, rtol=1e-12, atol=1e-15)


# --------------------------------------------------------------------------
# steps by hand
# --------------------------------------------------------------------------


def test_sgd_steps_by_hand():
    w = np.array([2.0, -1.0])
    optim.SGD([w], lr=0.5).step([np.array([1.0, -4.0])])
    np.testing.assert_array_equal(w, [1.5, 1.0])


def test_momentum_and_nesterov_by_hand():
    g1, g2 = np.array([1.0]), np.array([3.0])
    w = np.array([0.0])
    opt = optim.SGD([w], lr=0.1, momentum=0.5)
    opt.step([g1])  # v = 1, w = -0.1
    opt.step([g2])  # v = 0.5 + 3 = 3.5, w = -0.1 - 0.35
    np.testing.assert_allclose(w, [-0.45], rtol=1e-15)
    np.testing.assert_allclose(opt.velocity[0], [3.5])
    w = np.array([0.0])
    opt = optim.SGD([w], lr=0.1, momentum=0.5, nesterov=True)
    opt.step([g1])  # v = 1, d = 1 + 0.5 = 1.5, w = -0.15
    opt.step([g2])  # v = 3.5, d = 3 + 1.75 = 4.75, w = -0.15 - 0.475
    np.testing.assert_allclose(w, [-0.625], rtol=1e-15)


def test_weight_decay_is_added_to_the_gradient():
    w = np.array([4.0])
    optim.SGD([w], lr=0.1, weight_decay=0.5).step([np.array([0.0])])
    np.testing.assert_allclose(w, [4.0 - 0.1 * 0.5 * 4.0])  # decays with no gradient


def test_rmsprop_first_steps_by_hand():
    w = np.array([1.0, 1.0])
    g = np.array([2.0, -0.5])
    opt = optim.RMSProp([w], lr=0.01, alpha=0.9, eps=0.0)
    opt.step([g])  # s = 0.1 g^2, step = lr g / (sqrt(0.1) |g|) = lr sign(g) / sqrt(0.1)
    np.testing.assert_allclose(w, 1 - 0.01 * np.sign(g) / np.sqrt(0.1), rtol=1e-14)
    opt.step([g])  # s = 0.9 * 0.1 g^2 + 0.1 g^2 = 0.19 g^2
    np.testing.assert_allclose(w, 1 - 0.01 * np.sign(g) * (1 / np.sqrt(0.1) + 1 / np.sqrt(0.19)),
                               rtol=1e-14)  # fmt: skip


def test_adam_first_step_is_lr_in_every_coordinate():
    w = np.zeros(4)
    g = np.array([1e-4, -3.0, 250.0, 0.0])
    optim.Adam([w], lr=0.01, eps=0.0 + 1e-12).step([g])
    np.testing.assert_allclose(w, -0.01 * np.sign(g), rtol=1e-7)


def test_adam_with_a_constant_gradient_moves_lr_every_step():
    # bias correction makes m_hat = g and v_hat = g^2 exactly (up to rounding)
    w = np.array([0.0, 0.0])
    g = np.array([0.3, -7.0])
    opt = optim.Adam([w], lr=0.02, eps=1e-8)
    for _ in range(50):
        opt.step([g])
    np.testing.assert_allclose(w, -50 * 0.02 * g / (np.abs(g) + 1e-8), rtol=1e-10)
    assert opt.t == 50


# --------------------------------------------------------------------------
# in place, dtypes, with a network
# --------------------------------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda p: optim.SGD(p, lr=0.1, momentum=0.9),
    lambda p: optim.RMSProp(p),
    lambda p: optim.Adam(p, weight_decay=0.1),
])  # fmt: skip
def test_updates_in_place_and_keeps_float32(make):
    net = npdl.MLP([3, 4, 2], rng=0, dtype=np.float32)
    params = net.parameters()
    ids = [id(p) for p in params]
    before = [p.copy() for p in params]
    opt = make(params)
    X = np.random.default_rng(1).normal(size=(8, 3))
    net.backward(net.forward(X) - 1.0)
    opt.step(net.gradients())
    assert [id(p) for p in net.parameters()] == ids
    assert all(p.dtype == np.float32 for p in net.parameters())
    assert all(not np.array_equal(a, b) for a, b in zip(before, params, strict=True))
    for state in vars(opt).values():
        if isinstance(state, list) and state and isinstance(state[0], np.ndarray):
            assert all(s.dtype == np.float32 for s in state)


@pytest.mark.parametrize("make", [
    lambda p: optim.SGD(p, lr=0.2),
    lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    lambda p: optim.RMSProp(p, lr=0.01),
    lambda p: optim.Adam(p, lr=0.02),
])  # fmt: skip
def test_every_optimiser_lowers_a_networks_loss(make):
    X, y = npdl.datasets.make_blobs(60, centers=3, rng=0)
    net = npdl.MLP([2, 8, 3], rng=0)
    loss = npdl.losses.get_loss("cross_entropy")
    opt = make(net.parameters())
    first = loss.function(net.forward(X), y)
    for _ in range(50):
        npdl.train.train_step(net, X, y, loss, opt)
    assert loss.function(net.forward(X), y) < 0.5 * first


def test_lr_can_be_changed_between_steps():
    w = np.array([1.0])
    opt = optim.SGD([w], lr=0.1)
    opt.lr = 0.5
    opt.step([np.array([1.0])])
    np.testing.assert_allclose(w, [0.5])
    with pytest.raises(ValueError, match="lr must be in"):
        opt.lr = -1


def test_repr_names_the_hyperparameters():
    p = [np.zeros(2)]
    assert repr(optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)) == (
        "SGD(lr=0.1, momentum=0.9, nesterov=True)")
    assert repr(optim.Adam(p)) == "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08)"


# --------------------------------------------------------------------------
# schedules
# --------------------------------------------------------------------------


def test_step_and_exponential_schedules_set_lr_each_epoch():
    opt = optim.SGD([np.zeros(1)], lr=1.0)
    schedule = optim.StepLR(opt, step_size=3, gamma=0.1)
    seen = []
    for _ in range(7):
        seen.append(opt.lr)
        schedule.step()
    np.testing.assert_allclose(seen, [1, 1, 1, 0.1, 0.1, 0.1, 0.01])
    opt = optim.Adam([np.zeros(1)], lr=0.1)
    schedule = optim.ExponentialLR(opt, gamma=0.5)
    for _ in range(3):
        schedule.step()
    assert opt.lr == pytest.approx(0.0125)


def test_fit_steps_the_schedule_once_per_epoch():
    X, y = npdl.datasets.make_xor()
    net = npdl.MLP([2, 3, 1], ["tanh", "linear"], rng=0)
    opt = optim.SGD(net.parameters(), lr=0.4)
    history = npdl.train.fit(net, X, y, "binary_cross_entropy_with_logits", opt, epochs=5,
                             scheduler=optim.StepLR(opt, step_size=2, gamma=0.5))  # fmt: skip
    np.testing.assert_allclose(history.lr, [0.4, 0.4, 0.2, 0.2, 0.1])


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda p: optim.SGD(p, lr=0), ValueError, r"lr must be in \(0, inf\)"),
    (lambda p: optim.SGD(p, lr=float("nan")), ValueError, "lr must be a finite"),
    (lambda p: optim.SGD(p, lr="0.1"), TypeError, "lr must be a real number"),
    (lambda p: optim.SGD(p, lr=0.1, momentum=1.0), ValueError, r"momentum must be in \[0, 1\)"),
    (lambda p: optim.SGD(p, lr=0.1, nesterov=True), ValueError, "Nesterov momentum needs"),
    (lambda p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov="yes"), TypeError, "nesterov must"),
    (lambda p: optim.SGD(p, lr=0.1, weight_decay=-1), ValueError, "weight_decay must be in"),
    (lambda p: optim.RMSProp(p, alpha=1.5), ValueError, "alpha must be in"),
    (lambda p: optim.RMSProp(p, eps=-1e-8), ValueError, "eps must be in"),
    (lambda p: optim.Adam(p, betas=0.9), TypeError, "betas must be a pair"),
    (lambda p: optim.Adam(p, betas=(0.9, 1.0)), ValueError, r"betas\[1\] must be in"),
    (lambda p: optim.SGD(np.zeros(3), lr=0.1), TypeError, "expects a list of parameter arrays"),
    (lambda p: optim.SGD([], lr=0.1), ValueError, "empty parameter list"),
    (lambda p: optim.SGD([[1.0, 2.0]], lr=0.1), TypeError, "parameter 0 must be a float ndarray"),
    (lambda p: optim.SGD([np.arange(3)], lr=0.1), TypeError, "parameter 0 must be a float"),
    (lambda p: optim.SGD(p + p, lr=0.1), ValueError, "the same array appears twice"),
    (lambda p: optim.StepLR(object(), 2), TypeError, "expects an npdl optimiser"),
    (lambda p: optim.StepLR(optim.SGD(p, lr=1), 0), ValueError, "step_size must be a positive"),
    (lambda p: optim.ExponentialLR(optim.SGD(p, lr=1), 0.0), ValueError, "gamma must be in"),
])  # fmt: skip
def test_bad_settings_are_refused_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call([np.zeros(2), np.zeros((2, 2))])


def test_step_checks_the_gradients_and_changes_nothing_on_error():
    params = [np.ones(2), np.ones((2, 3))]
    opt = optim.Adam(params)
    with pytest.raises(ValueError, match="got 1 gradients for 2 parameters"):
        opt.step([np.ones(2)])
    with pytest.raises(ValueError, match=r"gradient 1 has shape \(3, 2\); its parameter has "
                                         r"shape \(2, 3\)"):  # fmt: skip
        opt.step([np.ones(2), np.ones((3, 2))])
    with pytest.raises(TypeError, match="expects a list of gradient arrays"):
        opt.step(np.ones(2))
    with pytest.raises(TypeError, match="gradient 0 must hold numbers"):
        opt.step([np.array(["a", "b"]), np.ones((2, 3))])
    assert opt.t == 0 and all((p == 1).all() for p in params)
    assert all((m == 0).all() for m in opt.exp_avg)
