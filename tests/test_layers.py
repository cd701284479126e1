"""npdl.layers.PReLU: forward, backward against numerical gradients, errors."""

import numpy as np
import pytest

import npdl
from npdl.gradcheck import numerical_jacobian
from npdl.layers import PReLU


def away_from_zero(rng, shape):
    z = rng.normal(size=shape)
    return np.where(np.abs(z) < 0.05, 0.5, z)  # no point at the kink


@pytest.mark.parametrize("n_units", [None, 4])
def test_forward_is_leaky_relu_with_the_slope(n_units, rng):
    layer = PReLU(n_units, alpha=0.3)
    Z = rng.normal(size=(6, 4))
    np.testing.assert_allclose(layer.forward(Z), npdl.leaky_relu(Z, alpha=0.3), rtol=1e-15)


def test_per_unit_slopes_apply_to_the_last_axis(rng):
    layer = PReLU(3)
    layer.alpha = np.array([0.0, 0.5, 2.0])
    Z = -np.ones((2, 3))
    np.testing.assert_allclose(layer.forward(Z), [[0.0, -0.5, -2.0]] * 2)


@pytest.mark.parametrize("n_units", [None, 5])
@pytest.mark.parametrize("shape", [(7, 5), (2, 3, 5)])
def test_backward_matches_numerical_gradients(n_units, shape, rng):
    layer = PReLU(n_units)
    layer.alpha = rng.uniform(0.05, 0.6, size=layer.alpha.shape)
    Z = away_from_zero(rng, shape)
    dA = rng.normal(size=shape)

    def loss_of_z(z):
        return np.sum(dA * PReLU_with(layer.alpha, n_units).forward(z))

    def loss_of_alpha(alpha):
        return np.sum(dA * PReLU_with(alpha, n_units).forward(Z))

    layer.forward(Z)
    dZ = layer.backward(dA)
    np.testing.assert_allclose(dZ, numerical_jacobian(loss_of_z, Z), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(layer.dalpha, numerical_jacobian(loss_of_alpha, layer.alpha),
                               rtol=1e-6, atol=1e-9)  # fmt: skip
    assert layer.dalpha.shape == layer.alpha.shape


def PReLU_with(alpha, n_units):
    layer = PReLU(n_units)
    layer.alpha = np.array(alpha, dtype=float)
    return layer


def test_hand_worked_gradients():
    # z = (-2, 3), alpha = 0.25, dL/dA = (1, 1):
    # dL/dz = (alpha, 1) = (0.25, 1); dL/dalpha = -2 (only the negative z counts)
    layer = PReLU()
    layer.forward([-2.0, 3.0])
    np.testing.assert_allclose(layer.backward([1.0, 1.0]), [0.25, 1.0])
    assert float(layer.dalpha) == -2.0


def test_kink_follows_pytorch():
    layer = PReLU(alpha=0.1)
    layer.forward(np.array([0.0]))
    assert layer.backward(np.array([1.0]))[0] == 0.1  # slope alpha at 0
    assert float(layer.dalpha) == 0.0  # and no gradient for alpha


def test_inputs_are_not_modified_and_the_cache_is_a_copy(rng):
    layer = PReLU(3)
    Z = rng.normal(size=(4, 3))
    dA = rng.normal(size=(4, 3))
    Z_before, dA_before = Z.copy(), dA.copy()
    layer.forward(Z)
    Z[0, 0] = 1e6  # the caller changes its array after forward
    dZ = layer.backward(dA)
    np.testing.assert_array_equal(dA, dA_before)
    expected = dA_before * np.where(Z_before <= 0, 0.25, 1.0)
    np.testing.assert_allclose(dZ, expected)


def test_errors_say_what_was_expected():
    with pytest.raises(RuntimeError, match="call forward first"):
        PReLU().backward([1.0])
    layer = PReLU(4)
    with pytest.raises(ValueError, match=r"PReLU expects 4 units on the last axis, got 3"):
        layer.forward(np.zeros((2, 3)))
    layer.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"dA must have the shape of the last input, \(2, 4\)"):
        layer.backward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="n_units must be at least 1"):
        PReLU(0)
    with pytest.raises(ValueError, match="alpha must be a finite"):
        PReLU(alpha=np.inf)


def test_repr():
    assert repr(PReLU()) == "PReLU(shared, alpha=0.25)"
    assert repr(PReLU(2, alpha=0.1)) == "PReLU(n_units=2, alpha=[0.1 0.1])"
