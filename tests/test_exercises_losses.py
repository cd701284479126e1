"""The checkers of the chapter on losses pass right answers written in many
ways and catch the wrong answers learners really write, naming the mistake.

``RIGHT_CALLS_LOSSES`` has one right call per checker, for
``tests/test_exercises_robust.py`` (``name -> (args, kwargs)``).
"""

from collections import Counter

import numpy as np
import pytest
from scipy import special

import npdl
from npdl import exercises as ex
from npdl.exercises import _engine


def run(capsys, checker, *args):
    result = checker(*args)
    out = capsys.readouterr().out
    return result, out, " ".join(out.split())


# --------------------------------------------------------------------------
# binary cross-entropy from logits
# --------------------------------------------------------------------------


def own_softplus(z):
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def bce_stable(z, y):
    return np.mean(own_softplus(z) - y * z)


def bce_textbook(z, y):
    p = npdl.sigmoid(z)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_textbook_scipy(z, y):
    p = special.expit(z)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_clipped(z, y):
    p = np.clip(npdl.sigmoid(z), 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_clipped_float_eps(z, y):
    eps = np.finfo(float).eps
    p = np.clip(npdl.sigmoid(z), eps, 1 - eps)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_eps_in_log(z, y):
    p = npdl.sigmoid(z)
    return -np.mean(y * np.log(p + 1e-8) + (1 - y) * np.log(1 - p + 1e-8))


def bce_textbook_silenced(z, y):
    with np.errstate(all="ignore"):
        return np.nan_to_num(bce_textbook(z, y))


def bce_by_cases(z, y):
    # np.where computes both branches: the textbook branch warns
    with np.errstate(all="ignore"):
        pos = np.log1p(np.exp(-z)) + (1 - y) * z
    neg = np.log1p(np.exp(z)) - y * z
    return np.mean(np.where(z >= 0, pos, neg))


def minus_log_sigmoid(z):
    # -log sigma(z), from exp of non-positive numbers only
    return np.where(z >= 0, 0.0, -z) + np.log1p(np.exp(-np.abs(z)))


BCE_RIGHT = [
    bce_stable,
    lambda z, y: np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))),
    lambda z, y: np.mean(np.maximum(z, 0) - y * z + np.log(1 + np.exp(-np.abs(z)))),
    lambda z, y: np.mean(y * minus_log_sigmoid(z) + (1 - y) * minus_log_sigmoid(-z)),
    lambda z, y: np.mean(y * own_softplus(-z) + (1 - y) * own_softplus(z)),
    lambda z, y: float(np.mean(own_softplus(z) - y * z)),
    lambda z, y: np.float32(np.mean(own_softplus(z) - y * z)),
    lambda z, y: np.sum(own_softplus(z) - y * z) / z.size,
    lambda z, y: [np.mean(own_softplus(z) - y * z)],  # a list of one number: not a number
]

READY = "your own softplus: not npdl.softplus, np.logaddexp or SciPy"
FORTY = "logits of +40 and -40: sigma(40) rounds to exactly 1"

BCE_WRONG = [
    (bce_textbook, FORTY, "nan"),
    (bce_textbook_scipy, FORTY, "nan"),
    (bce_clipped, FORTY, "clipping p to [eps, 1 - eps] (eps = 1e-07)"),
    (bce_clipped_float_eps, FORTY, "clipping p to [eps, 1 - eps] (eps = 2.22e-16)"),
    (bce_eps_in_log, FORTY, "eps = 1e-08"),  # same values as clipping here
    (bce_textbook_silenced, FORTY, "different values"),
    (lambda z, y: np.sum(own_softplus(z) - y * z), "ordinary logits, labels 0 and 1",
     "the sum over the samples"),
    (lambda z, y: -np.mean(own_softplus(z) - y * z), "ordinary logits, labels 0 and 1",
     "the sign is wrong"),
    (lambda z, y: np.mean(own_softplus(z) - (1 - y) * z), "ordinary logits, labels 0 and 1",
     "the opposite labels"),
    (lambda z, y: np.mean(own_softplus(z) - y * z) / np.log(2),
     "ordinary logits, labels 0 and 1", "log base 2"),
    (lambda z, y: own_softplus(z) - y * z, "ordinary logits, labels 0 and 1",
     "expected shape ()"),  # no mean
    (lambda z, y: np.mean(np.log(1 + np.exp(z)) - y * z),
     "confident and right: logits of +-1000 give a loss of 0",
     "overflow encountered in exp) hint: np.exp(1000) overflows to inf"),
    (lambda z, y: np.mean(np.log1p(np.exp(z)) - y * z),
     "confident and right: logits of +-1000 give a loss of 0", "np.exp(1000) overflows"),
    (lambda z, y: np.mean(np.where(y == 1, own_softplus(-z), own_softplus(z))),
     "soft targets: y is a probability, not only 0 or 1", "different values"),
    (lambda z, y: np.mean(np.sum(own_softplus(z) - y * z, axis=-1) if z.ndim == 2
                          else own_softplus(z) - y * z),
     "several outputs per sample, shape (3, 4): the mean of every entry",
     "summed over the outputs"),
    (bce_by_cases, "confident and right: logits of +-1000 give a loss of 0",
     "the values are right, but NumPy warned: overflow"),
    (lambda z, y: npdl.losses.binary_cross_entropy_with_logits(z, y),
     "written by you, not a call of the ready-made loss", "calls binary_cross_entropy"),
    (npdl.losses.binary_cross_entropy_with_logits,
     "written by you, not a call of the ready-made loss", "npdl's own function"),
    (lambda z, y: npdl.losses.get_loss("binary_cross_entropy_with_logits").function(z, y),
     "written by you, not a call of the ready-made loss", "looks the loss up by name"),
    # the stable part done by a library: right values, not the exercise
    (lambda z, y: np.mean(np.logaddexp(0, z) - y * z), READY, "its code calls logaddexp"),
    (lambda z, y: np.mean(npdl.softplus(z) - y * z), READY, "its code calls softplus"),
    (lambda z, y: np.mean(npdl.ACTIVATIONS["softplus"].function(z) - y * z), READY,
     "softplus"),
    (lambda z, y: -np.mean(y * special.log_expit(z) + (1 - y) * special.log_expit(-z)),
     READY, "log_expit"),
    (lambda z, y: np.mean(SOFTPLUS_ALIAS(z) - y * z), READY, "softplus (under another name)"),
    (lambda z, y: np.mean(LOG_EXPIT_ALIAS(-z) * -1 - y * z), READY,
     "log_expit (under another name)"),
    (lambda z, y: np.mean(ADDEXP_ALIAS(0, z) - y * z), READY,
     "logaddexp (under another name)"),
]  # fmt: skip

SOFTPLUS_ALIAS = npdl.softplus
LOG_EXPIT_ALIAS = special.log_expit
ADDEXP_ALIAS = np.logaddexp


@pytest.mark.parametrize("fn", BCE_RIGHT[:-1])
def test_bce_right_answers_pass(fn, capsys):
    result, out, _ = run(capsys, ex.check_bce_with_logits, fn)
    assert result, out


def test_bce_a_list_of_one_number_is_not_a_number(capsys):
    result, out, _ = run(capsys, ex.check_bce_with_logits, BCE_RIGHT[-1])
    assert not result and "shape (1,)" in out


def test_bce_by_cases_is_right_without_its_warning(capsys):
    def quiet(z, y):
        with np.errstate(all="ignore"):
            return bce_by_cases(z, y)

    result, out, _ = run(capsys, ex.check_bce_with_logits, quiet)
    assert result, out  # silencing a warning of an unused branch is fine


@pytest.mark.parametrize(("fn", "first", "problem"), BCE_WRONG)
def test_bce_wrong_answers_are_caught(fn, first, problem, capsys):
    result, out, text = run(capsys, ex.check_bce_with_logits, fn)
    assert not result
    assert f"First failing case: {first}" in text
    assert problem in text, out


def test_bce_a_learners_own_helpers_named_like_the_library_are_fine(capsys):
    namespace = {"np": np}
    exec(  # a notebook's own functions, defined in the learner's module
        "def softplus(z):\n"
        "    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))\n"
        "def binary_cross_entropy_with_logits(z, y):\n"
        "    return np.mean(softplus(z) - y * z)\n"
        "def mine(z, y):\n"
        "    return binary_cross_entropy_with_logits(z, y)\n",
        namespace,
    )
    result, out, _ = run(capsys, ex.check_bce_with_logits, namespace["mine"])
    assert result, out


def test_bce_a_learners_own_softplus_that_calls_a_library_is_caught(capsys):
    namespace = {"np": np}
    exec(
        "def softplus(z):\n"
        "    return np.logaddexp(0, z)\n"
        "def mine(z, y):\n"
        "    return np.mean(softplus(z) - y * z)\n",
        namespace,
    )
    result, out, text = run(capsys, ex.check_bce_with_logits, namespace["mine"])
    assert not result and f"First failing case: {READY}" in text
    assert "logaddexp" in text, out


# --------------------------------------------------------------------------
# the gradient of cross-entropy
# --------------------------------------------------------------------------


def ce_gradient(logits, y):
    n, C = logits.shape
    return (npdl.softmax(logits) - np.eye(C)[y]) / n


def ce_gradient_in_place(logits, y):
    p = special.softmax(logits, axis=1)
    p[np.arange(len(y)), y] -= 1
    return p / len(y)


def ce_gradient_by_comparison(logits, y):
    onehot = (y[:, None] == np.arange(logits.shape[1])).astype(float)
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return (e / e.sum(axis=1, keepdims=True) - onehot) / logits.shape[0]


def onehot_wrong_axis(logits, y):
    n, C = logits.shape
    onehot = np.zeros_like(logits)
    onehot[y, np.arange(n)] = 1
    return (npdl.softmax(logits) - onehot) / n


def global_max_softmax(logits, y):
    e = np.exp(logits - logits.max())
    n, C = logits.shape
    return (e / e.sum(axis=1, keepdims=True) - np.eye(C)[y]) / n


def unshifted_softmax(logits, y):
    e = np.exp(logits)
    n, C = logits.shape
    return (e / e.sum(axis=1, keepdims=True) - np.eye(C)[y]) / n


CE_RIGHT = [
    ce_gradient,
    ce_gradient_in_place,
    ce_gradient_by_comparison,
    lambda logits, y: (np.exp(npdl.log_softmax(logits)) - np.eye(logits.shape[1])[y])
    / len(logits),
    lambda logits, y: ce_gradient(logits, y).astype(np.float32),
    lambda logits, y: ce_gradient(logits, y).tolist(),
]

CE_WRONG = [
    (lambda logits, y: ce_gradient(logits, y) * len(y), "3 samples, 4 classes",
     "n times too large"),
    (lambda logits, y: npdl.softmax(logits) / len(y), "3 samples, 4 classes",
     "softmax alone (divided by n)"),
    (lambda logits, y: npdl.softmax(logits), "3 samples, 4 classes", "softmax alone"),
    (lambda logits, y: (logits - np.eye(logits.shape[1])[y]) / len(y), "3 samples, 4 classes",
     "subtracted from the logits"),
    (lambda logits, y: -ce_gradient(logits, y), "3 samples, 4 classes", "the sign is wrong"),
    (lambda logits, y: ce_gradient(logits, y) * len(y) / logits.shape[1],
     "3 samples, 4 classes", "number of classes"),
    (onehot_wrong_axis, "3 samples, 4 classes", "IndexError"),
    (lambda logits, y: (npdl.softmax(logits) - y) / len(y), "3 samples, 4 classes",
     "could not be broadcast"),  # labels as if one-hot
    (lambda logits, y: (npdl.softmax(logits) - y[:, None]) / len(y), "3 samples, 4 classes",
     "different values"),
    (lambda logits, y: (npdl.softmax(logits) - np.eye(logits.shape[1])[y].mean(axis=0))
     / len(y), "3 samples, 4 classes", "not averaged over the batch"),
    (global_max_softmax, "rows far apart: each row has its own maximum", "nan"),
    (unshifted_softmax, "extreme logits of +-1000", "nan"),
    (lambda logits, y: npdl.losses.cross_entropy_gradient(logits, y),
     "written by you, not a call of the ready-made gradient", "cross_entropy_gradient"),
    (lambda logits, y: npdl.losses.get_loss("cross_entropy").gradient(logits, y),
     "written by you, not a call of the ready-made gradient", "by name"),
]  # fmt: skip


@pytest.mark.parametrize("fn", CE_RIGHT)
def test_ce_gradient_right_answers_pass(fn, capsys):
    result, out, _ = run(capsys, ex.check_ce_gradient, fn)
    assert result, out


@pytest.mark.parametrize(("fn", "first", "problem"), CE_WRONG)
def test_ce_gradient_wrong_answers_are_caught(fn, first, problem, capsys):
    result, out, text = run(capsys, ex.check_ce_gradient, fn)
    assert not result
    assert f"First failing case: {first}" in text
    assert problem in text, out


def test_a_transposed_one_hot_that_does_not_raise_is_named(capsys):
    def transposed_when_square(logits, y):
        n, C = logits.shape
        onehot = np.eye(C)[y]
        if n == C:
            onehot = onehot.T
        return (npdl.softmax(logits) - onehot) / n

    result, out, text = run(capsys, ex.check_ce_gradient, transposed_when_square)
    assert not result
    assert "First failing case: a square batch" in text
    assert "one-hot matrix is transposed" in text


# --------------------------------------------------------------------------
# the best constant logits
# --------------------------------------------------------------------------


def log_frequencies(y, n_classes):
    counts = np.bincount(y, minlength=n_classes)
    return np.log(counts / counts.sum())


CONSTANT_RIGHT = [
    log_frequencies,
    lambda y, C: np.log(np.bincount(y, minlength=C)),  # log counts: shifted by log n
    lambda y, C: log_frequencies(y, C) + 5.0,
    lambda y, C: np.log([np.mean(y == c) for c in range(C)]),
    lambda y, C: np.log(np.unique(y, return_counts=True)[1]),
    lambda y, C: log_frequencies(y, C)[None, :],  # shape (1, C)
    lambda y, C: list(log_frequencies(y, C)),
]

CONSTANT_WRONG = [
    (lambda y, C: np.bincount(y, minlength=C) / len(y), "3 classes",
     "class frequencies themselves"),
    (lambda y, C: np.bincount(y, minlength=C), "3 classes", "class frequencies themselves"),
    (lambda y, C: np.zeros(C), "3 classes", "as an untrained network does"),
    (lambda y, C: -log_frequencies(y, C), "3 classes", "the sign is wrong"),
    (lambda y, C: np.log(np.array(list(Counter(y.tolist()).values()), dtype=float)),
     "5 classes of different sizes", "given to the wrong classes"),
    (lambda y, C: 3.0 * np.eye(C)[np.bincount(y).argmax()], "4 balanced classes",
     "the best constant logits give"),
    (lambda y, C: float(npdl.losses.cross_entropy(np.tile(log_frequencies(y, C), (len(y), 1)),
                                                  y)),
     "4 balanced classes", "one number (a loss?)"),
    (lambda y, C: np.full(C, np.inf), "4 balanced classes", "not all finite"),
    (lambda y, C: 2 * log_frequencies(y, C), "3 classes", "the best constant logits give"),
    (lambda y, C: y, "4 balanced classes", "shape (20,)"),
]  # fmt: skip


@pytest.mark.parametrize("fn", CONSTANT_RIGHT)
def test_constant_logits_right_answers_pass(fn, capsys):
    result, out, _ = run(capsys, ex.check_constant_logits, fn)
    assert result, out


@pytest.mark.parametrize(("fn", "first", "problem"), CONSTANT_WRONG)
def test_constant_logits_wrong_answers_are_caught(fn, first, problem, capsys):
    result, out, text = run(capsys, ex.check_constant_logits, fn)
    assert not result
    assert f"First failing case: {first}" in text
    assert problem in text, out


def test_the_constant_cases_are_what_their_labels_say():
    # every class occurs, n > C (so "the first argument back" cannot pass),
    # and the last case starts with class 3 (so appearance order != class order)
    from npdl.exercises.losses import _constant_cases

    for label, y, C in _constant_cases():
        counts = np.bincount(y, minlength=C)
        assert len(counts) == C and counts.min() >= 1 and len(y) > C, label
    *_, (label, y, C) = _constant_cases()
    assert y[0] == 3 and "class 3" in label


# --------------------------------------------------------------------------
# robustness: test_exercises_robust.py runs every checker with every bad
# answer, using RIGHT_CALLS_LOSSES below
# --------------------------------------------------------------------------

#: One right call per checker, for test_exercises_robust.py: ``name -> (args, kwargs)``.
RIGHT_CALLS_LOSSES = {
    "check_bce_with_logits": ((bce_stable,), {}),
    "check_ce_gradient": ((ce_gradient,), {}),
    "check_constant_logits": ((log_frequencies,), {}),
}

def test_every_checker_of_the_chapter_is_here():
    from npdl.exercises import losses

    assert set(losses.__all__) == set(RIGHT_CALLS_LOSSES)


def test_expected_values_come_from_npdl(monkeypatch, capsys):
    # a wrong npdl loss would change what the checker expects
    from npdl.exercises import losses as module

    monkeypatch.setattr(module, "binary_cross_entropy_with_logits",
                        lambda z, y: 2 * npdl.losses.binary_cross_entropy_with_logits(z, y))
    result, out, _ = run(capsys, ex.check_bce_with_logits, bce_stable)
    assert not result


def test_the_time_limit_applies(monkeypatch, capsys):
    monkeypatch.setattr(_engine, "TIME_LIMIT", 0.2)

    def endless(*args):
        while True:
            pass

    result, out, text = run(capsys, ex.check_ce_gradient, endless)
    assert not result and "did not finish within 0.2 seconds" in text
