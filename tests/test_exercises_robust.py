"""Checkers never raise, never pass a wrong answer for the wrong reason, and
cannot be damaged.

Every test that loops over checkers takes them from ``npdl.exercises.__all__``,
so a new checker is covered as soon as it is exported (and
``test_every_checker_has_a_right_answer`` then asks for its right answer).
"""

import inspect
import math
import signal
import threading
import time
import warnings

import numpy as np
import pytest
from scipy import special

import npdl
from npdl import exercises as ex
from npdl.exercises import _engine
from npdl.exercises.activations import _gelu_gap
from npdl.exercises.networks import _count_regions

from .checking import (
    BAD_FUNCTIONS,
    GARBAGE,
    NOT_FUNCTIONS,
    assert_reported,
    ident,
    run,
)
from .test_exercises import RIGHT
from .test_exercises_act_a import RIGHT_CALLS_ACT_A
from .test_exercises_act_b import RIGHT_CALLS_ACTB
from .test_exercises_act_c import RIGHT_CALLS_ACT_C
from .test_exercises_backprop import RIGHT_CALLS_BACKPROP
from .test_exercises_descent import RIGHT_CALLS_DESCENT
from .test_exercises_generalisation import RIGHT_CALLS_GENERALISATION
from .test_exercises_layers import RIGHT_CALLS_LAYERS
from .test_exercises_losses import RIGHT_CALLS_LOSSES
from .test_exercises_mlp import RIGHT_CALLS_MLP
from .test_exercises_neuron import RIGHT_CALLS_NEURON
from .test_exercises_nonlin import RIGHT_CALLS_NONLIN
from .test_exercises_optimisers import RIGHT_CALLS_OPTIMISERS
from .test_exercises_training import RIGHT_CALLS_TRAINING

CHECKERS = {name: getattr(ex, name) for name in ex.__all__ if name.startswith("check_")}


def takes_function(checker) -> bool:
    """Function checkers take the learner's function as `fn`; the others take values."""
    return next(iter(inspect.signature(checker).parameters)) == "fn"


FUNCTION_CHECKERS = sorted(n for n, c in CHECKERS.items() if takes_function(c))
VALUE_CHECKERS = sorted(n for n, c in CHECKERS.items() if not takes_function(c))


def _right_calls():
    calls = {}
    for checker, fn in RIGHT:  # the first right answer of each function checker
        calls.setdefault(checker.__name__, ((fn,), {}))
    # answers worked out independently of the checkers (see test_exercises.py)
    z = 0.4 * 1.0 + 0.3 * (-2.0) + (-1.2) * 0.5 + 0.1
    calls.update({
        "check_neuron_by_hand": ((z, 1 / (1 + math.exp(-z))), {}),
        "check_logic_gate": (([1.0, 1.0], -1.5), {"gate": "and"}),
        "check_non_monotonic": ((["gelu", "swish", "silu", "mish"],), {}),
        "check_gelu_gap": ((2.699, 4.7324e-4), {}),
        "check_xor_network": (([[1.0, -1.0], [-1.0, 1.0]], [0.0, 0.0], [1.0, 1.0], 0.0), {}),
        "check_single_neuron_gates": ((["and", "or", "nand"],), {}),
    })  # fmt: skip
    return calls


RIGHT_CALLS = _right_calls()
# Part V: each chapter's test module gives its own
RIGHT_CALLS.update(RIGHT_CALLS_BACKPROP)
RIGHT_CALLS.update(RIGHT_CALLS_DESCENT)
RIGHT_CALLS.update(RIGHT_CALLS_LOSSES)
RIGHT_CALLS.update(RIGHT_CALLS_MLP)
RIGHT_CALLS.update(RIGHT_CALLS_NEURON)
RIGHT_CALLS.update(RIGHT_CALLS_NONLIN)
RIGHT_CALLS.update(RIGHT_CALLS_GENERALISATION)
RIGHT_CALLS.update(RIGHT_CALLS_OPTIMISERS)
RIGHT_CALLS.update(RIGHT_CALLS_TRAINING)
RIGHT_CALLS.update(RIGHT_CALLS_ACT_A)
RIGHT_CALLS.update(RIGHT_CALLS_ACTB)
RIGHT_CALLS.update(RIGHT_CALLS_ACT_C)
RIGHT_CALLS.update(RIGHT_CALLS_LAYERS)


def test_every_checker_has_a_right_answer():
    assert set(CHECKERS) == set(RIGHT_CALLS)


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_right_answers_pass(name, capsys):
    args, kwargs = RIGHT_CALLS[name]
    result, out = run(capsys, CHECKERS[name], *args, **kwargs)
    assert result, out
    assert_reported(result, out)


# --------------------------------------------------------------------------
# never raise
# --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", sorted(BAD_FUNCTIONS))
@pytest.mark.parametrize("name", FUNCTION_CHECKERS)
def test_function_checkers_report_any_function(name, bad, capsys):
    result, out = run(capsys, CHECKERS[name], BAD_FUNCTIONS[bad])
    assert_reported(result, out)
    if bad != "the first argument back":  # for check_relu that is right on some cases
        assert not result


@pytest.mark.parametrize("value", NOT_FUNCTIONS, ids=ident)
@pytest.mark.parametrize("name", FUNCTION_CHECKERS)
def test_function_checkers_report_a_non_function(name, value, capsys):
    result, out = run(capsys, CHECKERS[name], value)
    assert not result
    assert_reported(result, out)
    assert "expected a function" in out


@pytest.mark.parametrize("value", GARBAGE, ids=ident)
@pytest.mark.parametrize("name", VALUE_CHECKERS)
def test_value_checkers_report_any_value(name, value, capsys):
    checker = CHECKERS[name]
    args, kwargs = RIGHT_CALLS[name]
    # every value replaced by the garbage, then each one alone
    attempts = [tuple(value for _ in args)]
    attempts += [args[:i] + (value,) + args[i + 1:] for i in range(len(args))]
    for attempt in attempts:
        result, out = run(capsys, checker, *attempt, **kwargs)
        assert_reported(result, out)
        assert not result, out


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: ex.check_logic_gate("abc", None), "weights is text, 'abc'"),
        (lambda: ex.check_logic_gate([1, 1], -1.5, gate="xyzzy"), "unknown gate 'xyzzy'"),
        (lambda: ex.check_logic_gate([1, 1], -1.5, gate=None), "unknown gate None"),
        (lambda: ex.check_logic_gate([1, 1, 1], -1.5), "weights has shape (3,); it must be (2,)"),
        (lambda: ex.check_xor_network([[1, 1], [1]], [0, -1], [1, -2], 0),
         "W1 is a list that is not a rectangular array of numbers (its rows have"),
        (lambda: ex.check_xor_network(*XOR_RIGHT, activation="rleu"), "unknown activation 'rleu'"),
        (lambda: ex.check_deepest_architecture("abc"),
         "layer_sizes is 'abc' (str); give a list of ints"),
        (lambda: ex.check_deepest_architecture([2, 16.0, 1]),
         "layer_sizes holds 16.0, which is not an int"),
        (lambda: ex.check_neuron_by_hand("a", [1]), "you gave text, 'a', not a number"),
        (lambda: ex.check_single_neuron_gates(42), "you gave int 42; give a list of names"),
        (lambda: ex.check_single_neuron_gates("and"), "you gave one string, 'and'; give a list"),
        (lambda: ex.check_non_monotonic(["gelu", 3]), "every name must be a string; 3 is a int"),
        (lambda: ex.check_gelu_gap("abc", 4.7324e-4), "z_star is text, 'abc'"),
        (lambda: ex.check_relu(), "called with the wrong arguments (missing a required"),
        (lambda: ex.check_relu(npdl.relu, 2), "called with the wrong arguments (too many"),
        (lambda: ex.check_xor_network(None, None), "Call it as check_xor_network(W1, b1, W2,"),
    ],
)  # fmt: skip
def test_bad_arguments_get_a_message_that_says_what_is_wrong(call, expected, capsys):
    result = call()
    out = capsys.readouterr().out
    assert not result
    assert_reported(result, out)
    assert expected in " ".join(out.split()), out


def test_the_last_resort_guard_reports_a_broken_checker(capsys):
    @_engine.checker
    def check_broken(fn):
        raise RuntimeError("boom")

    result, out = run(capsys, check_broken, npdl.relu)
    assert not result
    assert out.startswith("check_broken: the checker itself could not run (RuntimeError: boom)")
    assert "Traceback" not in out


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_learner_seterr_raise_changes_nothing_and_is_restored(name, capsys):
    args, kwargs = RIGHT_CALLS[name]
    before = np.seterr(all="raise")
    try:
        result, out = run(capsys, CHECKERS[name], *args, **kwargs)
        assert np.geterr() == {"divide": "raise", "over": "raise", "under": "raise",
                               "invalid": "raise"}  # fmt: skip
    finally:
        np.seterr(**before)
    assert result, out


def test_learner_seterr_does_not_hide_an_overflow(capsys):
    before = np.seterr(all="ignore")
    try:
        result, out = run(capsys, ex.check_sigmoid, lambda z: 1 / (1 + np.exp(-z)))
    finally:
        np.seterr(**before)
    assert not result
    assert "NumPy warned: overflow encountered in exp" in " ".join(out.split())


def test_learner_warnings_as_errors_change_nothing(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        right, out_right = run(capsys, ex.check_sigmoid, npdl.sigmoid)
        wrong, out_wrong = run(capsys, ex.check_sigmoid, lambda z: 1 / (1 + np.exp(-z)))
    assert right, out_right
    assert not wrong and "NumPy warned" in out_wrong


# --------------------------------------------------------------------------
# an untouched starter gives nothing away
# --------------------------------------------------------------------------


def starter(*args):
    # your code here
    return None


def not_yet(*args):
    raise NotImplementedError


@pytest.mark.parametrize("placeholder", [starter, not_yet, lambda *a: ..., None])
@pytest.mark.parametrize("name", FUNCTION_CHECKERS)
def test_an_untouched_function_starter_is_not_attempted(name, placeholder, capsys):
    result, out = run(capsys, CHECKERS[name], placeholder)
    assert not result and not result.attempted
    assert out.startswith(f"{name}: not attempted yet")
    assert "Replace the placeholder with your" in out
    for secret in ("expected", "hint", "got:", "First failing case"):
        assert secret not in out
    assert_reported(result, out)


@pytest.mark.parametrize("name", VALUE_CHECKERS)
def test_untouched_value_starters_are_not_attempted(name, capsys):
    args, kwargs = RIGHT_CALLS[name]
    result, out = run(capsys, CHECKERS[name], *(None for _ in args), **kwargs)
    assert not result and not result.attempted
    assert out.startswith(f"{name}") and "not attempted yet" in out
    for secret in ("expected", "hint", "got:", "First failing case"):
        assert secret not in out
    assert_reported(result, out)


def test_the_not_attempted_report_shows_no_answer(capsys):
    # the numbers the rendered book used to print under untouched starters
    _, out = run(capsys, ex.check_neuron_by_hand, None, None)
    assert "-0.7" not in out and "0.33" not in out
    _, out = run(capsys, ex.check_gelu_gap, None, None)
    assert "0.000473" not in out and "4.73" not in out
    _, out = run(capsys, ex.check_non_monotonic, None)  # its case labels are the answer
    assert "gelu" not in out and "monotonic is" not in out


def test_a_partial_attempt_gets_the_full_report(capsys):
    def half_done(z):
        z = np.asarray(z, dtype=float)
        return None if z.ndim == 2 else np.maximum(z, 0)

    result, out = run(capsys, ex.check_relu, half_done)
    assert result.attempted and not result
    assert "First failing case: a 2-D batch keeps its shape" in out
    assert "expected:" in out and "hint:" in out and "returned None" in out
    result, out = run(capsys, ex.check_neuron_by_hand, -0.7, None)
    assert result.attempted and "expected:" in out


# --------------------------------------------------------------------------
# wrong answers that look right, right answers that look different
# --------------------------------------------------------------------------


def silenced_textbook_sigmoid(z):
    with np.errstate(all="ignore"):
        return 1 / (1 + np.exp(-z))


def silenced_textbook_mish(z):
    with np.errstate(all="ignore"):
        return z * np.tanh(np.log(1 + np.exp(z)))


def global_max_softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=-1, keepdims=True)


def from_tanh_module_alias(z):
    from numpy import tanh as hyperbolic

    return hyperbolic(z)


def through_a_helper(z):
    return _helper_that_uses_tanh(z)


def _helper_that_uses_tanh(z):
    return np.tanh(z)


def registry_tanh(z):
    return npdl.get_activation("tanh").function(z)


def tanh(z):  # a learner may call their own function tanh: it is not np.tanh
    t = np.abs(z)
    return np.sign(z) * npdl.sigmoid(2 * t) * -np.expm1(-2 * t)


XOR_RIGHT = ([[1.0, -1.0], [-1.0, 1.0]], [0.0, 0.0], [1.0, 1.0], 0.0)

# (checker, wrong answer, the case reported first, words of the problem)
LOOKS_RIGHT = [
    (ex.check_softmax, global_max_softmax, "rows far apart: each row has its own maximum", "nan"),
    (ex.check_sigmoid, silenced_textbook_sigmoid, "the deep negative tail: tiny, but not 0",
     "silences NumPy's warnings"),
    (ex.check_mish, silenced_textbook_mish, "the far negative tail keeps its digits",
     "different values"),
    (ex.check_sigmoid, lambda z: 0.5 * (1 + np.tanh(z / 2)), "large negative input",
     "different values"),
    (ex.check_sigmoid, lambda z: (1 / (1 + np.exp(-z.astype(complex)))), "ordinary inputs",
     "complex"),
    (ex.check_sigmoid, lambda z: 1 / (1 + np.exp(-np.clip(z, -500, 500))),
     "large negative input", "different values"),  # 7e-218 is not 0
    (ex.check_rank_bound, lambda widths: min(widths[1:]),
     "widths [3, 10, 10, 10]: the input is the narrowest", "different values"),
    (ex.check_rank_bound, lambda widths: min(widths[:-1]), "widths [2, 16, 16, 1]",
     "different values"),
    (ex.check_threshold, lambda w, b: str(-b / w), "w = 2, b = 1", "text, '-0.5'"),
    (ex.check_threshold, lambda w, b: f"{-b / w:.4f}", "w = 2, b = 1", "not a number"),
    (ex.check_threshold, lambda w, b: np.array([str(-b / w)]), "w = 2, b = 1", "text"),
    (ex.check_tanh_from_sigmoid, np.tanh, "built from the sigmoid, without tanh",
     "uses tanh itself"),
    (ex.check_tanh_from_sigmoid, lambda z: np.tanh(z), "built from the sigmoid, without tanh",
     "uses tanh itself"),
    (ex.check_tanh_from_sigmoid, npdl.tanh, "built from the sigmoid, without tanh",
     "uses tanh itself"),
    (ex.check_tanh_from_sigmoid, math.tanh, "a few points", "raised TypeError"),
    (ex.check_tanh_from_sigmoid, from_tanh_module_alias, "built from the sigmoid, without tanh",
     "uses tanh itself"),
    (ex.check_tanh_from_sigmoid, through_a_helper, "built from the sigmoid, without tanh",
     "uses tanh itself"),
    (ex.check_tanh_from_sigmoid, registry_tanh, "built from the sigmoid, without tanh",
     "uses tanh itself"),
    (ex.check_tanh_from_sigmoid, npdl.get_activation("tanh"),
     "built from the sigmoid, without tanh", "uses tanh itself"),
    (ex.check_standardize, lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=2),
     "6 samples, 3 features", "standard deviations are"),  # only ddof 0 and 1 pass
]  # fmt: skip


@pytest.mark.parametrize(("checker", "fn", "first", "problem"), LOOKS_RIGHT)
def test_answers_that_look_right_fail(checker, fn, first, problem, capsys):
    result, out = run(capsys, checker, fn)
    assert not result, out
    assert f"First failing case: {first}" in " ".join(out.split())
    assert problem in " ".join(out.split())
    assert_reported(result, out)


def test_a_231_network_fails_the_221_xor_exercise(capsys):
    # a 2-3-1 network that does compute XOR
    W1, b1 = [[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0]], [0.0, 0.0, -1.0]
    result, out = run(capsys, ex.check_xor_network, W1, b1, [1.0, 1.0, 0.0], 0.0)
    assert not result
    assert "W1 has shape (2, 3); it must be (2, 2)" in " ".join(out.split())
    for W2, b2 in [([1.0, 1.0], 0.0), ([[1.0], [1.0]], [0.0])]:  # both shapes allowed
        assert ex.check_xor_network(XOR_RIGHT[0], XOR_RIGHT[1], W2, b2)
    capsys.readouterr()


def float32_of(fn):
    """`fn`, computing in float32 (as a learner who writes dtype=np.float32 does)."""
    return lambda z, *rest: fn(np.asarray(z, dtype=np.float32), *rest)


def sigmoid_by_cases(z):
    with np.errstate(all="ignore"):  # np.where computes both branches
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def mish_log1p_silenced(z):
    with np.errstate(over="ignore"):  # exp(1000) = inf, but log1p(inf) = inf is right
        return z * np.tanh(np.log1p(np.exp(z)))


# right answers written differently
DIFFERENT_BUT_RIGHT = [
    (ex.check_sigmoid, lambda z: np.exp(-np.logaddexp(0, -z))),
    (ex.check_sigmoid, special.expit),
    (ex.check_sigmoid, sigmoid_by_cases),
    (ex.check_sigmoid, float32_of(npdl.sigmoid)),
    (ex.check_sigmoid, float32_of(special.expit)),
    (ex.check_mish, lambda z: z * np.tanh(np.logaddexp(0, z))),
    (ex.check_mish, mish_log1p_silenced),
    (ex.check_mish, float32_of(npdl.mish)),
    (ex.check_softmax, float32_of(npdl.softmax)),
    (ex.check_softmax, lambda z: special.softmax(z, axis=-1)),
    (ex.check_log_sigmoid, float32_of(lambda z: -npdl.softplus(-z))),
    (ex.check_softplus, float32_of(npdl.softplus)),
    (ex.check_elu, float32_of(npdl.elu)),
    (ex.check_gelu, float32_of(npdl.gelu)),
    (ex.check_leaky_relu, float32_of(npdl.leaky_relu)),
    (ex.check_tanh_from_sigmoid, tanh),
    (ex.check_tanh_from_sigmoid, float32_of(tanh)),
    (ex.check_standardize, lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)),
    (ex.check_standardize, lambda X: ((X - X.mean(axis=0)) / X.std(axis=0)).astype(np.float32)),
    (ex.check_threshold, lambda w, b: np.float64(-b / w)),
    (ex.check_threshold, lambda w, b: np.array(-b / w)),
    (ex.check_threshold, lambda w, b: np.float32(-b / w)),
    (ex.check_threshold, lambda w, b: [-b / w][0]),
    (ex.check_rank_bound, lambda widths: np.min(np.array(widths))),
    (ex.check_rank_bound, lambda widths: float(min(widths))),
    (ex.check_layer_shapes, lambda sizes, n: [((np.int64(a), np.int64(b)), (np.int64(b),),
                                               (n, b)) for a, b in zip(sizes[:-1], sizes[1:])]),
    (ex.check_layer_shapes, lambda sizes, n: [[[a, b], [b], [n, b]]
                                              for a, b in zip(sizes[:-1], sizes[1:])]),
    (ex.check_layer_shapes, lambda sizes, n: (((a, b), (b,), (n, b))
                                              for a, b in zip(sizes[:-1], sizes[1:]))),
    (ex.check_fraction_saturated, lambda d, z, tol: float(np.mean(np.abs(d(z)) < tol))),
    (ex.check_regions_and_pieces, lambda net, s, e: tuple(np.int64(_count_regions(net, s, e)))),
]  # fmt: skip


@pytest.mark.parametrize(("checker", "fn"), DIFFERENT_BUT_RIGHT)
def test_right_answers_written_differently_pass(checker, fn, capsys):
    result, out = run(capsys, checker, fn)
    assert result, out


def test_float32_is_compared_with_float32_tolerances(capsys):
    # float32 arithmetic is off by ~1e-7 relative: more than the float64
    # tolerance, less than the float32 one; a real error is still caught
    result, out = run(capsys, ex.check_relu, float32_of(lambda z: np.maximum(z, 0) * 1.0000001))
    assert "large values pass through" in out  # float32 cannot hold 1e300: NumPy warns
    assert result.passed[:2] == ["ordinary inputs", "a 2-D batch keeps its shape"]
    result, out = run(capsys, ex.check_softmax, float32_of(lambda z: npdl.softmax(z) * 1.001))
    assert not result and "First failing case: one vector of logits" in out


@pytest.mark.parametrize(
    ("z", "a", "passes"),
    [
        (-0.7, 0.3318, True),  # printed to 4 decimals
        ("-0.7", 0.3318, False),
        (-0.7, 0.332, False),  # 3 digits: 6e-4 relative, outside the tolerance
        (-0.7, np.float64(0.3318), True),
        (np.array(-0.7), np.array([0.3318]), True),  # a 0-d and a size-1 array
        (-0.7, [0.3318, 0.3318], False),
        (-0.70001, 0.33181, True),
    ],
)
def test_neuron_by_hand_accepts_four_significant_digits(z, a, passes, capsys):
    result, out = run(capsys, ex.check_neuron_by_hand, z, a)
    assert bool(result) == passes, out
    assert "4 significant digits" in " ".join(out.split()) or passes


def test_by_hand_values_to_four_digits_pass(capsys):
    where, size = _gelu_gap()
    assert ex.check_gelu_gap(round(where, 3), float(f"{size:.3e}"))
    assert ex.check_gelu_gap(-round(where, 3), np.float32(size))
    capsys.readouterr()


def test_names_are_read_without_case_and_typos_are_reported(capsys):
    assert ex.check_non_monotonic(("GELU", " swish", "SiLU", "mish"))
    assert ex.check_single_neuron_gates(np.array(["AND", "Or", "nand"]))
    assert ex.check_single_neuron_gates(["and", "or", "nand", "nor"])  # nor is true, not asked
    capsys.readouterr()
    result, out = run(capsys, ex.check_non_monotonic, ["gleu", "swish", "silu", "mish"])
    assert not result
    assert "First failing case: every name you listed is one of the choices" in out
    assert "not a name here: 'gleu' (a typo?)" in out


def test_standardize_names_the_cases_of_both_conventions():
    # ddof=1 is accepted; the docstring says why
    assert "ddof=1" in ex.check_standardize.__doc__


# --------------------------------------------------------------------------
# the exercise data cannot be damaged
# --------------------------------------------------------------------------


def test_changed_public_data_changes_no_verdict(capsys, monkeypatch):
    monkeypatch.setitem(ex.NEURON_EXERCISE, "b", 100.0)
    monkeypatch.setitem(ex.GATES, "and", [1, 1, 1, 1])
    for name, (args, kwargs) in RIGHT_CALLS.items():
        result, out = run(capsys, CHECKERS[name], *args, **kwargs)
        assert result, out
    assert not ex.check_logic_gate([1.0, 1.0], 5.0, "and")  # always on is not AND
    capsys.readouterr()


def test_each_call_gets_fresh_arguments(capsys):
    seen = []

    def remembers(z):
        seen.append(z)
        return np.maximum(z, 0)

    assert ex.check_relu(remembers)
    capsys.readouterr()
    ids = {id(z) for z in seen}
    assert len(ids) == len(seen)  # never the same array twice


# --------------------------------------------------------------------------
# an endless answer is stopped
# --------------------------------------------------------------------------

posix_main = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs setitimer")


def endless(*args):
    while True:
        pass


def endless_and_stubborn(*args):
    while True:
        try:
            time.sleep(0.01)
        except Exception:  # a learner's catch-all must not swallow the time-out
            pass


@posix_main
@pytest.mark.parametrize("fn", [endless, endless_and_stubborn])
def test_an_endless_loop_is_stopped(fn, capsys, monkeypatch):
    monkeypatch.setattr(_engine, "TIME_LIMIT", 0.2)
    handler = signal.getsignal(signal.SIGALRM)
    start = time.monotonic()
    result, out = run(capsys, ex.check_relu, fn)
    assert time.monotonic() - start < 2.0  # one case stopped, the others skipped
    assert not result
    assert result.failed == ["ordinary inputs", "a 2-D batch keeps its shape",
                             "large values pass through", "the input array is left alone"]
    text = " ".join(out.split())
    assert "did not finish within 0.2 seconds" in text
    assert "- large values pass through (not run)" in text
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@posix_main
def test_a_running_timer_and_its_handler_are_restored(capsys, monkeypatch):
    monkeypatch.setattr(_engine, "TIME_LIMIT", 0.2)
    fired = []

    def outer(signum, frame):
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, outer)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        run(capsys, ex.check_relu, endless)
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25.0 < left < 30.0
        assert signal.getsignal(signal.SIGALRM) is outer
        assert not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_off_the_main_thread_there_is_no_limit_and_no_error(capsys):
    results = []
    thread = threading.Thread(target=lambda: results.append(ex.check_relu(npdl.relu)))
    thread.start()
    thread.join(timeout=30)
    capsys.readouterr()
    assert results and results[0]


def test_a_slow_but_finite_answer_passes(capsys, monkeypatch):
    monkeypatch.setattr(_engine, "TIME_LIMIT", 5.0)

    def slow_relu(z):
        time.sleep(0.05)
        return np.maximum(z, 0)

    assert ex.check_relu(slow_relu)
    capsys.readouterr()


def test_an_answer_that_fails_while_it_is_read_is_reported(capsys):
    def lazy_and_wrong(sizes, n):
        return (((a, b), (b,), (n, b)) for a, b in zip(sizes, sizes[1:], strict=True))

    result, out = run(capsys, ex.check_layer_shapes, lazy_and_wrong)
    assert not result
    assert "raised ValueError when its answer was read" in " ".join(out.split())
    assert_reported(result, out)
