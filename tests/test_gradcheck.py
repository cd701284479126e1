"""npdl.gradcheck: numerical gradients of a scalar function of an array that
is perturbed in place, the network-level check, and the relative error."""

import numpy as np
import pytest

import npdl
from npdl.gradcheck import gradient_check, numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic_form(rng):
    A = rng.normal(size=(4, 4))
    A = A + A.T
    x = rng.normal(size=4)
    grad = numerical_gradient(lambda: 0.5 * x @ A @ x, x)
    np.testing.assert_allclose(grad, A @ x, rtol=1e-8, atol=1e-9)


def test_numerical_gradient_of_a_float32_array_divides_by_the_step_taken():
    # x + step is rounded to float32: dividing by the float64 step would add an
    # error of about 1e-2 even for a function computed exactly
    W = np.array([0.3, -0.7, 1.3, 0.55], dtype=np.float32)
    grad = numerical_gradient(lambda: float(np.sum(W.astype(np.float64) ** 2)), W)
    assert relative_error(grad, 2 * W.astype(np.float64)) < 1e-12
    assert W.dtype == np.float32


def test_a_step_below_the_resolution_moves_by_one_unit_in_the_last_place():
    W = np.array([1.0, -3.0], dtype=np.float32)
    grad = numerical_gradient(lambda: float(np.sum(W.astype(np.float64) * 3)), W, h=1e-12)
    np.testing.assert_allclose(grad, [3.0, 3.0], rtol=1e-6)


def test_numerical_gradient_restores_the_array_even_when_f_raises(rng):
    W = rng.normal(size=(3, 2))
    before = W.copy()
    numerical_gradient(lambda: float(np.sum(np.sin(W))), W)
    np.testing.assert_array_equal(W, before)  # bit for bit

    calls = []

    def fails_on_second_call():
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return 0.0

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(fails_on_second_call, W)
    np.testing.assert_array_equal(W, before)


def test_numerical_gradient_needs_a_float_array():
    with pytest.raises(TypeError, match="float ndarray; got list"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="float ndarray"):
        numerical_gradient(lambda: 0.0, np.arange(3))
    with pytest.raises(ValueError, match="contiguous"):
        numerical_gradient(lambda: 0.0, np.zeros((4, 3)).T)


@pytest.mark.parametrize("loss", ["mse", "cross_entropy", "binary_cross_entropy_with_logits"])
def test_gradient_check_of_a_correct_network_is_tiny(loss, rng):
    n_out = 1 if loss == "binary_cross_entropy_with_logits" else 3
    net = npdl.MLP([2, 5, n_out], ["tanh", "linear"], rng=rng)
    X = rng.normal(size=(6, 2))
    y = {"mse": rng.normal(size=(6, n_out)), "cross_entropy": rng.integers(0, 3, size=6),
         "binary_cross_entropy_with_logits": rng.uniform(size=(6, 1))}[loss]
    before = [p.copy() for p in net.parameters()]
    errors = gradient_check(net, X, y, loss=loss)
    assert len(errors) == 4 and max(errors) < 1e-8
    for p, q in zip(net.parameters(), before, strict=True):
        np.testing.assert_array_equal(p, q)


def test_gradient_check_finds_a_wrong_backward(rng, monkeypatch):
    net = npdl.MLP([2, 4, 1], ["sigmoid", "linear"], rng=rng)
    X, y = rng.normal(size=(5, 2)), rng.normal(size=(5, 1))
    hidden = net.layers[0]
    right = type(hidden).backward

    def forgets_half(self, dA):  # every gradient of this layer halved
        dX = right(self, dA)
        self.dW[...] /= 2
        return dX

    monkeypatch.setattr(hidden, "backward", forgets_half.__get__(hidden))
    errors = gradient_check(net, X, y)
    assert errors[0] > 0.3 and errors[2] < 1e-8  # W1 wrong, W2 right


def test_relative_error_entrywise_and_norm():
    a, b = np.array([1.0, 1e-6]), np.array([1.0, 1.1e-6])
    assert relative_error(a, b) == pytest.approx(0.1e-6 / 2.1e-6)
    assert relative_error(a, b, norm=True) == pytest.approx(0.1e-6 / (1 + 1 + 1e-13), rel=1e-6)
    assert relative_error([0.0], [0.0]) == 0.0 == relative_error([0.0], [0.0], norm=True)
    assert relative_error([1e-20], [0.0], floor=1e-10, norm=True) == pytest.approx(1e-10)
