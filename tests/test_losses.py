"""npdl.losses: values against closed forms, SciPy and PyTorch (stored
results), gradients against central differences, extremes, dtypes, errors."""

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import special

from npdl import losses
from npdl.gradcheck import numerical_jacobian, relative_error

TORCH = json.loads((Path(__file__).parent / "data" / "torch_losses.json").read_text())


def naive_bce(z, y):
    """The textbook formula through the probabilities, in extended precision
    where it is accurate (moderate logits only)."""
    p = special.expit(np.asarray(z, dtype=np.longdouble))
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def one_hot(labels, C):
    return np.eye(C)[labels]


# --------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------


@pytest.mark.parametrize("case", TORCH["cases"], ids=lambda c: c["loss"])
def test_same_value_and_gradient_as_pytorch(case):
    record = losses.get_loss(case["loss"])
    a, b = (np.array(v) for v in case["inputs"])
    assert record.function(a, b) == pytest.approx(case["value"], rel=1e-13, abs=1e-300)
    np.testing.assert_allclose(record.gradient(a, b), case["gradient"], rtol=1e-12, atol=1e-300)


def test_mse_by_hand_and_as_a_mean_over_every_entry(rng):
    assert losses.mse([1.0, 2.0, 3.0], [1.0, 0.0, 5.0]) == 8 / 3
    pred, true = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    assert losses.mse(pred, true) == pytest.approx(np.square(pred - true).sum() / 18, rel=1e-14)


def test_bce_equals_the_textbook_formula_at_moderate_logits(rng):
    z = rng.normal(size=50) * 5
    y = rng.uniform(size=50)
    assert losses.binary_cross_entropy_with_logits(z, y) == pytest.approx(naive_bce(z, y),
                                                                          rel=1e-12)  # fmt: skip
    # and SciPy's log_expit: -log(sigmoid(z)) for y = 1, -log(sigmoid(-z)) for y = 0
    labels = (rng.uniform(size=50) > 0.5).astype(float)
    expected = -np.mean(np.where(labels == 1, special.log_expit(z), special.log_expit(-z)))
    assert losses.binary_cross_entropy_with_logits(z, labels) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize(("z", "y", "expected"), [
    (1000.0, 0.0, 1000.0), (-1000.0, 1.0, 1000.0), (1000.0, 1.0, 0.0), (-1000.0, 0.0, 0.0),
    (40.0, 0.0, 40.0), (-40.0, 0.0, special.expit(-40.0)),  # log(1 + e^-40) = e^-40 to 1e-17
])  # fmt: skip
def test_bce_is_exact_at_extreme_logits_without_warnings(z, y, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = losses.binary_cross_entropy_with_logits([z], [y])
        grad = losses.binary_cross_entropy_with_logits_gradient([z], [y])
    assert value == pytest.approx(expected, rel=1e-15, abs=0)
    assert grad[0] == pytest.approx(special.expit(z) - y, rel=1e-15, abs=0)


def test_cross_entropy_against_scipy_logsumexp(rng):
    logits = rng.normal(size=(8, 5)) * 3
    labels = rng.integers(0, 5, size=8)
    expected = np.mean(special.logsumexp(logits, axis=1) - logits[np.arange(8), labels])
    assert losses.cross_entropy(logits, labels) == pytest.approx(expected, rel=1e-14)
    assert losses.cross_entropy(logits, one_hot(labels, 5)) == pytest.approx(expected, rel=1e-14)


def test_cross_entropy_of_equal_logits_is_ln_c():
    for C in (2, 3, 10, 1000):
        assert losses.cross_entropy(np.zeros((4, C)), np.arange(4) % C) == pytest.approx(np.log(C))


def test_cross_entropy_with_two_classes_equals_bce_of_the_logit_gap(rng):
    logits = rng.normal(size=(10, 2)) * 4
    labels = rng.integers(0, 2, size=10)
    gap = logits[:, 1] - logits[:, 0]
    assert losses.cross_entropy(logits, labels) == pytest.approx(
        losses.binary_cross_entropy_with_logits(gap, labels.astype(float)), rel=1e-13)


def test_cross_entropy_at_extreme_logits_without_warnings():
    logits = np.array([[1000.0, -1000.0, 0.0], [0.0, 0.0, 1e300], [-1e300, 0.0, 1e300]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = losses.cross_entropy(logits, [1, 2, 2])
        grad = losses.cross_entropy_gradient(logits, [1, 2, 2])
        soft = losses.cross_entropy(logits, [[0.0, 1.0, 0.0], [0, 0, 1], [0, 0, 1]])
    assert value == pytest.approx(2000 / 3, rel=1e-15) and soft == value
    np.testing.assert_allclose(grad, [[1, -1, 0], [0, 0, 0], [0, 0, 0]] / np.float64(3),
                               atol=1e-300)  # fmt: skip


def test_a_logit_of_minus_infinity_on_a_class_with_target_0_costs_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert losses.cross_entropy(np.array([[0.0, -np.inf]]), np.array([0])) == 0.0


def test_a_single_sample_of_logits():
    assert losses.cross_entropy([0.0, 0.0, 0.0, 0.0], 3) == pytest.approx(np.log(4))
    grad = losses.cross_entropy_gradient([0.0, 0.0], 0)
    np.testing.assert_allclose(grad, [-0.5, 0.5])


# --------------------------------------------------------------------------
# gradients
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(losses.LOSSES))
@pytest.mark.parametrize("shape", [(7,), (5, 1), (4, 3)])
def test_gradients_match_central_differences(name, shape, rng):
    record = losses.get_loss(name)
    if name == "cross_entropy":
        shape = shape if len(shape) == 2 and shape[1] > 1 else (shape[0], 2)
        target = rng.integers(0, shape[1], size=shape[0])
    elif name == "mse":
        target = rng.normal(size=shape)
    else:
        target = rng.uniform(size=shape)
    x = rng.normal(size=shape) * 2
    numeric = numerical_jacobian(lambda v: record.function(v, target), x)
    analytic = record.gradient(x, target)
    assert analytic.shape == x.shape
    assert relative_error(analytic, numeric, norm=True) < 1e-8


@pytest.mark.parametrize("name", sorted(losses.LOSSES))
def test_float32_stays_float32(name, rng):
    x = rng.normal(size=(4, 3)).astype(np.float32)
    target = rng.integers(0, 3, size=4) if name == "cross_entropy" else np.zeros((4, 3))
    record = losses.get_loss(name)
    assert record.gradient(x, target).dtype == np.float32
    assert isinstance(record.function(x, target), float)
    in_float64 = record.function(x.astype(np.float64), target)
    np.testing.assert_allclose(record.function(x, target), in_float64, rtol=1e-6)


@pytest.mark.parametrize("name", sorted(losses.LOSSES))
def test_nan_in_gives_nan_out(name):
    x = np.array([[np.nan, 0.0], [0.0, 1.0]])
    target = np.array([0, 1]) if name == "cross_entropy" else np.zeros((2, 2))
    record = losses.get_loss(name)
    assert np.isnan(record.function(x, target))
    assert np.isnan(record.gradient(x, target)[0]).any()


def test_inputs_are_not_modified(rng):
    logits, labels = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    before = logits.copy(), labels.copy()
    losses.cross_entropy(logits, labels)
    losses.cross_entropy_gradient(logits, labels)
    np.testing.assert_array_equal(logits, before[0])
    np.testing.assert_array_equal(labels, before[1])


# --------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: losses.mse(np.zeros((4, 1)), np.zeros(4)), ValueError,
         r"same shape; got \(4, 1\) and \(4,\) \(one output per sample: reshape"),
        (lambda: losses.mse([], []), ValueError, "no samples"),
        (lambda: losses.binary_cross_entropy_with_logits([0.0, 1.0], [0.0, 2.0]), ValueError,
         r"targets y must lie in \[0, 1\].*got 2.0"),
        (lambda: losses.binary_cross_entropy_with_logits([0.0, 1.0], [0.0]), ValueError,
         "same shape"),
        (lambda: losses.cross_entropy(np.zeros((3, 4)), [0, 1, 4]), ValueError,
         "class labels must be 0 to 3 for 4 classes; got 4"),
        (lambda: losses.cross_entropy(np.zeros((3, 4)), [0, -1, 2]), ValueError,
         "got -1"),
        (lambda: losses.cross_entropy(np.zeros((3, 4)), np.array([0.0, 1.0, 2.0])), TypeError,
         r"must be integers 0 to 3; got dtype float64 \(convert with y.astype\(int\)\)"),
        (lambda: losses.cross_entropy(np.zeros((3, 4)), [0.5, 1, 2]), TypeError,
         "must be integers"),
        (lambda: losses.cross_entropy(np.zeros((3, 4)), [0, 1]), ValueError,
         r"labels of shape \(3,\) or one-hot targets of shape \(3, 4\); got shape \(2,\)"),
        (lambda: losses.cross_entropy(np.zeros((2, 3)), [[1, 1, 0], [0, 0, 1]]), ValueError,
         "each row summing to 1"),
        (lambda: losses.cross_entropy(np.zeros((3, 1)), [0, 0, 0]), ValueError,
         "at least 2 classes"),
        (lambda: losses.cross_entropy_gradient(np.zeros((2, 3)), ["a", "b"]), TypeError,
         "must be integers"),
        (lambda: losses.mse(["a"], ["b"]), TypeError, "real numbers"),
        (lambda: losses.get_loss("cross-entropy"), ValueError,
         r"unknown loss 'cross-entropy'; choose from \['binary_cross_entropy_with_logits'"),
    ],
)  # fmt: skip
def test_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
