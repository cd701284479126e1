"""npdl.Neuron: the computation, batches, settable parameters, errors."""

import numpy as np
import pytest

import npdl

from .activation_names import ELEMENTWISE, NORMALISING


def test_hand_worked_output():
    # z = 2*1 + (-1)*3 + 0.5 = -0.5; sigmoid(-0.5) = 1 / (1 + e^0.5)
    n = npdl.Neuron(2)
    n.weights = [2.0, -1.0]
    n.bias = 0.5
    assert n.pre_activation([1.0, 3.0]) == -0.5
    assert n.forward([1.0, 3.0]) == pytest.approx(1 / (1 + np.exp(0.5)), rel=1e-15)
    assert isinstance(n.forward([1.0, 3.0]), float)


@pytest.mark.parametrize("activation", ELEMENTWISE)
def test_any_elementwise_activation_by_name(activation, rng):
    n = npdl.Neuron(3, activation=activation, rng=rng)
    X = rng.normal(size=(7, 3))
    expected = npdl.get_activation(activation).function(X @ n.weights + n.bias)
    np.testing.assert_allclose(n.forward(X), expected, rtol=1e-15)
    assert n.activation == activation


def test_batch_equals_loop_over_samples(rng):
    n = npdl.Neuron(4, activation="tanh", rng=rng)
    n.bias = -0.3
    X = rng.normal(size=(50, 4))
    batch = n.forward(X)
    assert batch.shape == (50,)
    # a matrix product may sum in another order than one dot product: allow
    # rounding-level differences
    np.testing.assert_allclose(batch, [n.forward(x) for x in X], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(n.pre_activation(X), [n.pre_activation(x) for x in X],
                               rtol=1e-12, atol=1e-15)  # fmt: skip


def test_call_is_forward(rng):
    n = npdl.Neuron(2, rng=rng)
    x = np.array([0.3, -1.2])
    assert n(x) == n.forward(x)


def test_seeded_initialisation_repeats_and_has_the_documented_scale():
    a, b = npdl.Neuron(3, rng=7), npdl.Neuron(3, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.weights, b.weights)
    assert a.bias == 0.0
    big = npdl.Neuron(10_000, rng=0)
    assert big.weights.std() == pytest.approx(1 / np.sqrt(10_000), rel=0.05)


def test_weights_and_bias_can_be_set_and_are_copied():
    n = npdl.Neuron(2)
    w = np.array([1.0, 2.0])
    n.weights = w
    w[0] = 100.0  # changing the caller's array later does not change the neuron
    np.testing.assert_array_equal(n.weights, [1.0, 2.0])
    n.weights = [3, 4]  # ints are fine
    assert n.weights.dtype == np.float64
    n.bias = np.float32(0.25)
    assert n.bias == 0.25 and isinstance(n.bias, float)


def test_activation_can_be_changed(rng):
    n = npdl.Neuron(2, rng=rng)
    n.activation = "relu"
    x = np.array([1.0, -2.0])
    assert n.forward(x) == max(n.pre_activation(x), 0.0)


def test_input_is_not_modified(rng):
    n = npdl.Neuron(3, rng=rng)
    X = rng.normal(size=(5, 3))
    before = X.copy()
    n.forward(X)
    np.testing.assert_array_equal(X, before)


def test_float32_batches_stay_float32(rng):
    n = npdl.Neuron(3, rng=rng)
    X = rng.normal(size=(4, 3)).astype(np.float32)
    assert n.forward(X).dtype == np.float32


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (np.zeros(4), r"Neuron expects 3 input features, got 4"),
        (np.zeros((5, 2)), r"Neuron expects 3 input features, got 2 \(input of shape \(5, 2\)\)"),
        (np.zeros((2, 2, 3)), r"one sample of shape \(3,\) or a batch of shape \(n_samples, 3\)"),
        (np.float64(1.0), r"got an array of shape \(\)"),
    ],
)
def test_wrong_input_width_is_a_clear_value_error(x, message, rng):
    n = npdl.Neuron(3, rng=rng)
    with pytest.raises(ValueError, match=message):
        n.forward(x)


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: npdl.Neuron(2, activation="rleu"), ValueError, "unknown activation 'rleu'"),
        (lambda: npdl.Neuron(2, activation="softmax"), ValueError, "must be elementwise"),
        (lambda: npdl.Neuron(0), ValueError, "n_inputs must be at least 1"),
        (lambda: npdl.Neuron(2.5), TypeError, "n_inputs must be an int"),
    ],
)
def test_bad_construction(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_bad_parameters(rng):
    n = npdl.Neuron(2, rng=rng)
    with pytest.raises(ValueError, match=r"weights must have shape \(2,\).*got shape \(3,\)"):
        n.weights = [1.0, 2.0, 3.0]
    with pytest.raises(TypeError, match="bias must be one real number"):
        n.bias = [0.5]
    with pytest.raises(TypeError, match="bias must be one real number"):
        n.bias = "0.5"
    with pytest.raises(ValueError, match="must be elementwise"):
        n.activation = NORMALISING[0]


def test_repr_shows_the_parameters():
    n = npdl.Neuron(2, activation="tanh")
    n.weights = [2.0, -1.0]
    n.bias = 0.5
    assert repr(n) == "Neuron(n_inputs=2, activation='tanh', weights=[ 2., -1.], bias=0.5)"
