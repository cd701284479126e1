"""The checkers of the chapter *Optimisers* pass right answers written in
different ways and catch the wrong answers learners really give.

The generic robustness tests (garbage in, untouched starters, np.seterr)
are in test_exercises_robust.py, which runs these checkers with
RIGHT_CALLS_OPTIMISERS below.
"""

import math

import numpy as np
import pytest

from npdl import exercises as ex
from npdl.exercises import optimisers
from npdl.optim import SGD, Adam

from .checking import assert_reported, run


def words(out: str) -> str:
    """The report with its line wrapping undone."""
    return " ".join(out.split())


# --------------------------------------------------------------------------
# one momentum step
# --------------------------------------------------------------------------


def momentum_step(w, v, grad, lr, mu):
    v_new = mu * v + grad
    return w - lr * v_new, v_new


def by_npdl(w, v, grad, lr, mu):
    # npdl's own optimiser on copies, its buffer set to v
    w = np.array(w, dtype=float)
    opt = SGD([w], lr=lr, momentum=mu)
    opt.velocity[0][...] = v
    opt.step([grad])
    return w, opt.velocity[0].copy()


def on_copies_in_place(w, v, grad, lr, mu):
    w, v = w.copy(), v.copy()
    v *= mu
    v += grad
    w -= lr * v
    return w, v


def expanded(w, v, grad, lr, mu):
    # w - lr * mu * v - lr * grad, then the velocity
    return w - lr * mu * v - lr * grad, np.add(mu * v, grad)


def through_the_other_convention(w, v, grad, lr, mu):
    # convert to u = -lr * v, take Sutskever's step, convert back
    u = mu * (-lr * v) - lr * grad
    return w + u, -u / lr


def as_lists(w, v, grad, lr, mu):
    w_new, v_new = momentum_step(w, v, grad, lr, mu)
    return [w_new.tolist(), v_new.tolist()]


@pytest.mark.parametrize(
    "fn",
    [momentum_step, by_npdl, on_copies_in_place, expanded, through_the_other_convention,
     as_lists],
    ids=["formula", "npdl SGD", "in place on copies", "expanded", "via u = -lr * v",
         "lists"],
)  # fmt: skip
def test_momentum_step_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_momentum_step, fn)
    assert result, out


def sutskever(w, v, grad, lr, mu):
    v = mu * v - lr * grad
    return w + v, v


def lr_in_velocity(w, v, grad, lr, mu):
    v = mu * v + lr * grad
    return w - v, v


def nesterov(w, v, grad, lr, mu):
    v = mu * v + grad
    return w - lr * (grad + mu * v), v


def old_velocity(w, v, grad, lr, mu):
    return w - lr * v, mu * v + grad


def dampened(w, v, grad, lr, mu):
    v = mu * v + (1 - mu) * grad
    return w - lr * v, v


def mu_on_both(w, v, grad, lr, mu):
    v = mu * (v + grad)
    return w - lr * v, v


def plain_sgd(w, v, grad, lr, mu):
    return w - lr * grad, grad


def ascent(w, v, grad, lr, mu):
    v = mu * v + grad
    return w + lr * v, v


def negative_velocity(w, v, grad, lr, mu):
    v = mu * v - grad
    return w + lr * v, v


def stale_velocity(w, v, grad, lr, mu):
    return w - lr * (mu * v + grad), v


def swapped(w, v, grad, lr, mu):
    v = mu * v + grad
    return v, w - lr * v


def in_place_w(w, v, grad, lr, mu):
    v = mu * v + grad
    w -= lr * v
    return w, v


def in_place_v(w, v, grad, lr, mu):
    v *= mu
    v += grad
    return w - lr * v, v


def only_w(w, v, grad, lr, mu):
    return momentum_step(w, v, grad, lr, mu)[0]


def three_things(w, v, grad, lr, mu):
    return (*momentum_step(w, v, grad, lr, mu), lr)


def flattened(w, v, grad, lr, mu):
    w_new, v_new = momentum_step(w, v, grad, lr, mu)
    return w_new.ravel(), v_new.ravel()


@pytest.mark.parametrize(
    ("fn", "first", "diagnosis"),
    [
        (sutskever, "the first step, from v = 0", "this is the other convention"),
        (lr_in_velocity, "the first step, from v = 0", "lr was folded into the velocity"),
        (nesterov, "the first step, from v = 0", "this is Nesterov's step"),
        (old_velocity, "the first step, from v = 0", "w was moved with the old velocity"),
        (dampened, "the first step, from v = 0", "this velocity is an average"),
        (mu_on_both, "the first step, from v = 0", "mu multiplies the old velocity only"),
        (plain_sgd, "one step from a non-zero velocity", "this is plain gradient descent"),
        (ascent, "the first step, from v = 0", "this step goes up the gradient"),
        (negative_velocity, "the first step, from v = 0", "the velocity has the wrong sign"),
        (stale_velocity, "the first step, from v = 0", "v_new is the old velocity"),
        (swapped, "the first step, from v = 0", "the pair comes back in the wrong order"),
        (in_place_w, "the first step, from v = 0", "changed the caller's w in place"),
        (in_place_v, "the first step, from v = 0", "changed the caller's v in place"),
        (only_w, "the first step, from v = 0", "return the pair (w_new, v_new)"),
        (three_things, "the first step, from v = 0", "return the pair (w_new, v_new)"),
        (flattened, "a weight matrix of shape (3, 2)", "w_new has shape (6,)"),
    ],
    ids=lambda v: getattr(v, "__name__", "")[:25],
)  # fmt: skip
def test_momentum_step_catches_wrong_answers(fn, first, diagnosis, capsys):
    result, out = run(capsys, ex.check_momentum_step, fn)
    assert not result
    text = words(out)
    assert f"First failing case: {first}" in text, text
    assert diagnosis in text, text
    assert_reported(result, out)


def test_the_schedule_case_tells_the_conventions_apart_by_w_alone():
    # Sutskever's convention gives npdl's w while lr is constant, not after it drops
    runs = dict(optimisers._momentum_runs())
    constant = runs["25 steps on a valley, each gradient taken at the new w"]
    dropped = runs["the learning rate drops tenfold after 8 steps, as a schedule would drop it"]
    for run_, same in ((constant, True), (dropped, False)):
        right = optimisers._reference_path(run_)
        other = optimisers._follow(sutskever, run_)
        assert np.allclose(other.w, right.w, rtol=1e-9, atol=1e-12) == same


def test_the_wrong_steps_all_differ_from_the_right_one():
    for _, run_ in optimisers._momentum_runs():
        right = optimisers._reference_path(run_)
        assert optimisers._follow(momentum_step, run_).first_difference(right) is None
    for step, diagnosis in optimisers._WRONG_STEPS:
        differs = [optimisers._follow(step, r).first_difference(
            optimisers._reference_path(r)) is not None
            for _, r in optimisers._momentum_runs()]  # fmt: skip
        assert any(differs), diagnosis


def test_the_first_momentum_step_is_plain_sgd_and_two_steps_move_lr_2_plus_mu():
    # worked by hand: from v = 0 with a constant gradient g, v1 = g, v2 = (1 + mu) g
    w, g, lr, mu = np.array([1.0, -1.0]), np.array([2.0, 0.5]), 0.1, 0.9
    w1, v1 = momentum_step(w, np.zeros(2), g, lr, mu)
    w2, v2 = momentum_step(w1, v1, g, lr, mu)
    np.testing.assert_allclose(w1, w - lr * g)
    np.testing.assert_allclose(w - w2, lr * (2 + mu) * g)
    assert by_npdl(w, np.zeros(2), g, lr, mu)[0] == pytest.approx(w1)


# --------------------------------------------------------------------------
# Adam without its bias correction
# --------------------------------------------------------------------------

B1, B2 = ex.ADAM_BIAS_EXERCISE["betas"]


def ratio_formula(t):
    # with a constant gradient: (1 - b1^t) / sqrt(1 - b2^t), eps neglected
    t = np.asarray(t, dtype=float)
    return (1 - B1**t) / np.sqrt(1 - B2**t)


def by_formula():
    t = np.arange(1, ex.ADAM_BIAS_EXERCISE["n_steps"] + 1)
    r = ratio_formula(t)
    return float(r[0]), float(r.max()), int(t[np.argmax(r <= 1.1)])


def by_hand_adam():
    # Adam written out with and without the correction, not npdl's
    g, lr = ex.ADAM_BIAS_EXERCISE["gradient"][1], ex.ADAM_BIAS_EXERCISE["lr"]
    m = v = 0.0
    ratios = []
    for t in range(1, ex.ADAM_BIAS_EXERCISE["n_steps"] + 1):
        m = B1 * m + (1 - B1) * g
        v = B2 * v + (1 - B2) * g * g
        plain = lr * abs(m) / (math.sqrt(v) + 1e-8)
        fixed = lr * abs(m / (1 - B1**t)) / (math.sqrt(v / (1 - B2**t)) + 1e-8)
        ratios.append(plain / fixed)
    settled = next(t for t in range(len(ratios), 0, -1) if ratios[t - 1] > 1.1) + 1
    return ratios[0], max(ratios), settled


def test_adam_bias_passes_right_answers_worked_out_differently(capsys):
    first, peak, settled = by_formula()
    assert settled == 1751 and first == pytest.approx(0.1 / math.sqrt(0.001))
    assert ex.check_adam_bias(first, peak, settled)
    assert ex.check_adam_bias(*by_hand_adam())
    assert ex.check_adam_bias(float(f"{first:.4g}"), float(f"{peak:.4g}"), float(settled))
    assert ex.check_adam_bias(np.float32(first), [peak], np.int64(settled))
    capsys.readouterr()


@pytest.mark.parametrize(
    ("answer", "first", "hint"),
    [
        (lambda f, p, n: (1 - B1, p, n), "the first uncorrected step", "if only m were biased"),
        (lambda f, p, n: (1 / math.sqrt(1 - B2), p, n), "the first uncorrected step",
         "counts only v's bias"),
        (lambda f, p, n: (1.0, p, n), "the first uncorrected step", "the corrected step is lr"),
        (lambda f, p, n: (1 / f, p, n), "the first uncorrected step", "(upside down)"),
        (lambda f, p, n: (round(f, 1), p, n), "the first uncorrected step",
         "write m_1 and v_1"),
        (lambda f, p, n: (f, f, n), "the largest ratio", "the ratio keeps growing"),
        (lambda f, p, n: (f, 1.0, n), "the largest ratio", "the corrected step is lr"),
        (lambda f, p, n: (f, 5.0, n), "the largest ratio", "rises before it falls"),
        (lambda f, p, n: (f, p, 22), "the first step from which", "thousands of steps"),
        (lambda f, p, n: (f, p, 1), "the first step from which", "thousands of steps"),
        (lambda f, p, n: (f, p, n - 1), "the first step from which", "one off"),
        (lambda f, p, n: (f, p, n + 1), "the first step from which", "one off"),
        (lambda f, p, n: (f, p, 2302), "the first step from which", "|ratio - 1| <= 0.1"),
        (lambda f, p, n: (f, p, n + 0.5), "the first step from which", "whole number"),
        (lambda f, p, n: (f, p, 1750.4), "the first step from which", "round its solution up"),
        (lambda f, p, n: (round(f, 2), p, n), "the first uncorrected step",
         "not to 4 significant digits"),
        (lambda f, p, n: (f, round(p, 1), n), "the largest ratio", "not to 4 significant"),
    ],
    ids=["m only", "v only", "no difference", "inverted", "one digit", "peak = first",
         "peak 1", "peak 5", "beta1 only", "one step", "one too few", "one too many",
         "ln(0.1)/ln(beta2)", "not whole", "equation unrounded", "3 digits",
         "peak 3 digits"],
)  # fmt: skip
def test_adam_bias_catches_wrong_answers(answer, first, hint, capsys):
    result, out = run(capsys, ex.check_adam_bias, *answer(*by_formula()))
    assert not result
    text = words(out)
    assert f"First failing case: {first}" in text, text
    assert hint in text, text
    assert_reported(result, out)


def test_the_adam_answers_come_from_npdls_state():
    # the uncorrected step from exp_avg and exp_avg_sq, the corrected one from w
    w = np.zeros(1)
    opt = Adam([w], lr=0.01)
    opt.step([np.array([3.0])])
    uncorrected = 0.01 * opt.exp_avg[0][0] / (math.sqrt(opt.exp_avg_sq[0][0]) + 1e-8)
    assert uncorrected / abs(w[0]) == pytest.approx(optimisers._adam_bias_answers()[0])
    peak_step = int(np.argmax(ratio_formula(np.arange(1, 100)))) + 1
    assert optimisers._adam_bias_answers()[2] == peak_step


# --------------------------------------------------------------------------
# the turned valley
# --------------------------------------------------------------------------

TV = ex.TURNED_VALLEY
NAMES = ["SGD", "momentum", "Nesterov", "RMSProp", "Adam"]


def count(make, A, x0, first_hit=False, summed=False):
    """Steps until within tol for good, run with an independent loop."""
    w = np.array(x0, dtype=float)
    opt = make([w])
    limit = TV["tol"] * np.linalg.norm(x0)
    inside = []
    for _ in range(TV["n_steps"]):
        opt.step([(TV["A"] * w).sum(axis=1) if summed else A @ w])
        inside.append(bool(np.linalg.norm(w) <= limit))
    if first_hit:
        return inside.index(True) + 1 if True in inside else None
    if not inside[-1]:
        return None
    k = len(inside)
    while k > 0 and inside[k - 1]:
        k -= 1
    return k + 1


def measured(A="A", x0="x0", **kwargs):
    return {n: count(TV["optimizers"][n], TV[A], TV[x0], **kwargs) for n in NAMES}


TURNED = measured()
ALIGNED = measured("A_aligned", "x0_aligned")
UNCHANGED = [n for n in NAMES if TURNED[n] == ALIGNED[n]]


def test_the_rotation_changes_exactly_the_adaptive_counts():
    assert UNCHANGED == ["SGD", "momentum", "Nesterov"]
    assert all(TURNED[n] != ALIGNED[n] for n in ("RMSProp", "Adam"))
    # an independent turn: rotate the aligned problem by hand
    c = s = math.sqrt(0.5)
    R = np.array([[c, -s], [s, c]])
    A = R @ TV["A_aligned"] @ R.T
    x0 = R @ TV["x0_aligned"]
    by_hand = {n: count(TV["optimizers"][n], A, x0) for n in NAMES}
    assert all(optimisers._near(by_hand[n], TURNED[n], n) for n in NAMES)
    assert np.array_equal(TV["A"], TV["A"].T)


def test_turned_valley_passes_right_answers_in_any_form(capsys):
    assert ex.check_turned_valley(TURNED, UNCHANGED)
    # the gradient summed by hand rounds differently: RMSProp's count moves
    by_sum = {n: count(TV["optimizers"][n], None, TV["x0"], summed=True) for n in NAMES}
    assert by_sum != TURNED and ex.check_turned_valley(by_sum, UNCHANGED)
    # RMSProp's and Adam's counts are allowed 1%: one step more passes
    slack = {n: c + 1 if n in ("RMSProp", "Adam") else c for n, c in TURNED.items()}
    assert ex.check_turned_valley(slack, UNCHANGED)
    assert ex.check_turned_valley({k.upper(): v for k, v in TURNED.items()},
                                  tuple(n.lower() for n in UNCHANGED))  # fmt: skip
    assert ex.check_turned_valley({f" {k} ": float(v) for k, v in TURNED.items()},
                                  {" SGD", "Momentum ", "NESTEROV"})  # fmt: skip
    assert ex.check_turned_valley({k: np.int64(v) for k, v in TURNED.items()}, UNCHANGED)
    capsys.readouterr()


def with_count(name, value):
    counts = dict(TURNED)
    counts[name] = value
    return counts


@pytest.mark.parametrize(
    ("counts", "unchanged", "first", "problem"),
    [
        (measured(first_hit=True), UNCHANGED, "momentum: its count",
         "first step at which it came within tol"),
        (ALIGNED, UNCHANGED, "RMSProp: its count", "its count on the original valley"),
        (measured(x0="x0_aligned"), UNCHANGED, "momentum: its count",
         "turn the start with the valley"),
        (with_count("Adam", TURNED["Adam"] + 3), UNCHANGED, "Adam: its count",
         f"you gave {TURNED['Adam'] + 3}"),
        ({n: c - 1 for n, c in TURNED.items()}, UNCHANGED, "SGD: its count",
         "one step off"),
        (with_count("Nesterov", TURNED["Nesterov"] + 1), UNCHANGED,
         "Nesterov: its count", "one step off"),
        (with_count("SGD", None), UNCHANGED, "SGD: its count", "you gave None"),
        (with_count("Adam", 7), UNCHANGED, "Adam: its count", "you gave 7"),
        (with_count("Adam", 7.5), UNCHANGED, "Adam: its count", "whole number"),
        (with_count("Adam", "146"), UNCHANGED, "Adam: its count", "text"),
        ({n: TURNED[n] for n in NAMES[:-1]}, UNCHANGED, "Adam: its count",
         "counts has no entry for 'Adam'"),
        ({**TURNED, "AdamW": 3}, UNCHANGED, "SGD: its count", "'adamw'"),
        (list(TURNED.values()), UNCHANGED, "SGD: its count", "give a dict"),
        (TURNED, NAMES, "RMSProp: listed in unchanged", "listed, but its count changes"),
        (TURNED, ["SGD", "momentum"], "Nesterov: listed in unchanged",
         "not listed, but its count does not change"),
        (TURNED, [], "SGD: listed in unchanged", "not listed"),
        (TURNED, "SGD", "SGD: listed in unchanged", "unchanged is one string"),
        (TURNED, UNCHANGED + ["heavy ball"], "SGD: listed in unchanged", "'heavy ball'"),
    ],
    ids=["first hit", "aligned valley", "unturned start", "3 steps off", "one off",
         "Nesterov one more", "None for SGD",
         "a wrong count", "not whole", "text", "missing name", "unknown name", "a list",
         "all unchanged", "Nesterov missing", "none unchanged", "a string",
         "an unknown name"],
)  # fmt: skip
def test_turned_valley_catches_wrong_answers(counts, unchanged, first, problem, capsys):
    result, out = run(capsys, ex.check_turned_valley, counts, unchanged)
    assert not result
    text = words(out)
    assert f"First failing case: {first}" in text, text
    assert problem in text, text
    assert_reported(result, out)


def test_the_slips_of_the_turned_valley_are_told_apart():
    # each diagnosis is reachable: the slips give counts other than the right one
    truth = optimisers._valley_counts()
    assert {n: c["turned"] for n, c in truth.items()} == TURNED
    assert {n: c["aligned"] for n, c in truth.items()} == ALIGNED
    for name, found in truth.items():
        for slip in ("first hit", "aligned", "unturned start"):
            if found[slip] != found["turned"]:
                assert not optimisers._near(found[slip], found["turned"], name), (name, slip)
    assert truth["momentum"]["first hit"] != TURNED["momentum"]
    assert truth["momentum"]["unturned start"] != TURNED["momentum"]


# --------------------------------------------------------------------------
# the exercise data
# --------------------------------------------------------------------------


def test_the_public_data_are_copies(capsys, monkeypatch):
    fresh = optimisers._adam_bias_data()
    for key, value in fresh.items():
        assert np.array_equal(ex.ADAM_BIAS_EXERCISE[key], value)
    monkeypatch.setitem(ex.ADAM_BIAS_EXERCISE, "betas", (0.5, 0.5))
    monkeypatch.setitem(ex.TURNED_VALLEY, "A", np.eye(2))
    monkeypatch.setitem(ex.TURNED_VALLEY["optimizers"], "SGD", Adam)
    assert ex.check_adam_bias(*by_formula())
    assert ex.check_turned_valley(TURNED, UNCHANGED)
    capsys.readouterr()


def test_seterr_raise_changes_nothing(capsys):
    before = np.seterr(all="raise")
    try:
        assert ex.check_momentum_step(momentum_step)
        assert ex.check_adam_bias(*by_formula())
        assert ex.check_turned_valley(TURNED, UNCHANGED)
    finally:
        np.seterr(**before)
    capsys.readouterr()


#: One right call per checker, for test_exercises_robust.py: ``name -> (args, kwargs)``.
RIGHT_CALLS_OPTIMISERS = {
    "check_momentum_step": ((momentum_step,), {}),
    "check_adam_bias": (by_formula(), {}),
    "check_turned_valley": ((TURNED, UNCHANGED), {}),
}


def test_every_checker_of_the_chapter_is_covered():
    names = {n for n in optimisers.__all__ if n.startswith("check_")}
    assert names == set(RIGHT_CALLS_OPTIMISERS)
