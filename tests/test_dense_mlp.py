"""npdl.Dense and npdl.MLP: forward, backward against numerical gradients for
every activation, defaults, shapes, errors."""

import numpy as np
import pytest

import npdl
from npdl.gradcheck import numerical_jacobian

ALL = sorted(npdl.ACTIVATIONS)


def loss_and_grad(dA):
    """L = sum(dA * output): its gradient with respect to the output is dA."""
    return lambda out: float(np.sum(dA * out))


@pytest.mark.parametrize("name", ALL)
def test_dense_forward_is_g_of_affine(name, rng):
    layer = npdl.Dense(3, 4, activation=name, rng=rng)
    layer.biases = rng.normal(size=4)
    X = rng.normal(size=(5, 3))
    expected = npdl.get_activation(name).function(X @ layer.weights + layer.biases)
    np.testing.assert_allclose(layer.forward(X), expected, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("name", ALL)
def test_dense_backward_matches_numerical_gradients(name, rng):
    layer = npdl.Dense(3, 4, activation=name, rng=rng)
    layer.biases = rng.normal(size=4)
    X = rng.normal(size=(5, 3))
    dA = rng.normal(size=(5, 4))
    loss = loss_and_grad(dA)
    layer.forward(X)
    dX = layer.backward(dA)
    W, b = layer.weights.copy(), layer.biases.copy()

    def with_params(W_, b_, X_):
        probe = npdl.Dense(3, 4, activation=name)
        probe.weights, probe.biases = W_, b_
        return loss(probe.forward(X_))

    np.testing.assert_allclose(dX, numerical_jacobian(lambda x: with_params(W, b, x), X),
                               rtol=1e-6, atol=1e-8)  # fmt: skip
    np.testing.assert_allclose(layer.dW, numerical_jacobian(lambda w: with_params(w, b, X), W),
                               rtol=1e-6, atol=1e-8)  # fmt: skip
    np.testing.assert_allclose(layer.db, numerical_jacobian(lambda v: with_params(W, v, X), b),
                               rtol=1e-6, atol=1e-8)  # fmt: skip


def test_dense_hand_worked_gradients():
    # one sample x = (1, 2), W = [[1], [1]], b = 0, linear: z = 3;
    # with dL/dz = 2: dW = x^T * 2 = [[2], [4]], db = [2], dx = 2 * W^T = (2, 2)
    layer = npdl.Dense(2, 1)
    layer.weights = np.array([[1.0], [1.0]])
    assert layer.forward([1.0, 2.0]).tolist() == [3.0]
    np.testing.assert_array_equal(layer.backward([2.0]), [2.0, 2.0])
    np.testing.assert_array_equal(layer.dW, [[2.0], [4.0]])
    np.testing.assert_array_equal(layer.db, [2.0])


def test_dense_single_sample_equals_a_batch_of_one(rng):
    layer = npdl.Dense(3, 2, activation="tanh", rng=rng)
    x = rng.normal(size=3)
    dA = rng.normal(size=2)
    out1 = layer.forward(x)
    dx1 = layer.backward(dA)
    dW1, db1 = layer.dW.copy(), layer.db.copy()
    out2 = layer.forward(x[None, :])
    dx2 = layer.backward(dA[None, :])
    np.testing.assert_allclose(out1, out2[0])
    np.testing.assert_allclose(dx1, dx2[0])
    np.testing.assert_allclose(dW1, layer.dW)
    np.testing.assert_allclose(db1, layer.db)


def test_dense_never_modifies_its_inputs(rng):
    layer = npdl.Dense(3, 2, activation="relu", rng=rng)
    X, dA = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    X0, dA0 = X.copy(), dA.copy()
    layer.forward(X)
    layer.backward(dA)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(dA, dA0)
    np.testing.assert_allclose(layer.dW, X0.T @ (dA0 * (X0 @ layer.weights > 0)))


def test_mlp_never_modifies_its_input(rng):
    net = npdl.MLP([3, 5, 2], ["tanh", "softmax"], rng=rng)
    X = rng.normal(size=(4, 3))
    X0 = X.copy()
    net.forward(X)
    net.backward(np.ones((4, 2)))
    np.testing.assert_array_equal(X, X0)


@pytest.mark.parametrize(
    ("activation", "init", "variance"),
    [("relu", "he_normal", 2 / 400), ("gelu", "he_normal", 2 / 400),
     ("tanh", "glorot_normal", 2 / 700), ("softmax", "glorot_normal", 2 / 700),
     ("linear", "glorot_normal", 2 / 700), ("selu", "lecun_normal", 1 / 400)],
)  # fmt: skip
def test_default_initialiser_follows_the_activation(activation, init, variance):
    layer = npdl.Dense(400, 300, activation=activation, rng=0)
    assert layer.init == init and init in repr(layer)
    assert layer.weights.var() == pytest.approx(variance, rel=0.03)
    assert np.all(layer.biases == 0)


def test_initialiser_by_name_or_function():
    assert npdl.Dense(3, 2, activation="relu", init="glorot_uniform").init == "glorot_uniform"

    def ones(n_in, n_out, rng):
        return np.ones((n_in, n_out))

    layer = npdl.Dense(3, 2, init=ones)
    assert layer.init == "ones" and np.all(layer.weights == 1)
    with pytest.raises(ValueError, match="unknown initialiser 'kaiming'"):
        npdl.Dense(3, 2, init="kaiming")


def test_dense_float32(rng):
    layer = npdl.Dense(3, 2, activation="sigmoid", rng=rng, dtype=np.float32)
    out = layer.forward(rng.normal(size=(4, 3)))
    assert layer.weights.dtype == np.float32 and out.dtype == np.float32


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda d: d.forward(np.zeros(4)), ValueError, "Dense expects 3 input features, got 4"),
        (lambda d: d.forward(np.zeros((2, 2))), ValueError,
         "Dense expects 3 input features, got 2"),
        (lambda d: d.forward(np.zeros((1, 2, 3))), ValueError,
         r"got an array of shape \(1, 2, 3\)"),
        (lambda d: d.backward(np.zeros((2, 2))), RuntimeError, "forward call first"),
    ],
)  # fmt: skip
def test_dense_errors(call, error, message):
    with pytest.raises(error, match=message):
        call(npdl.Dense(3, 2))


def test_dense_constructor_errors():
    with pytest.raises(ValueError, match="n_outputs must be at least 1"):
        npdl.Dense(3, 0)
    with pytest.raises(ValueError, match="unknown activation 'rleu'"):
        npdl.Dense(3, 2, activation="rleu")
    with pytest.raises(TypeError, match="float32 or float64"):
        npdl.Dense(3, 2, dtype=np.int32)
    layer = npdl.Dense(3, 2)
    layer.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"dA must have the shape of the last output, \(4, 2\)"):
        layer.backward(np.zeros((2, 4)))


# --------------------------------------------------------------------------
# MLP
# --------------------------------------------------------------------------


def names(net):
    return [layer.activation for layer in net.layers]


def test_mlp_defaults_and_activation_lists():
    assert names(npdl.MLP([2, 8, 8, 1])) == ["relu", "relu", "linear"]
    assert names(npdl.MLP([2, 8, 3], "tanh")) == ["tanh", "linear"]
    net = npdl.MLP([2, 8, 3], ["gelu", "softmax"])
    assert names(net) == ["gelu", "softmax"]
    assert repr(net) == "MLP([2, 8, 3], activations=['gelu', 'softmax'])"


def test_mlp_count_params_by_hand():
    # 784*128 + 128 + 128*64 + 64 + 64*10 + 10 = 109,386
    net = npdl.MLP([784, 128, 64, 10])
    assert net.count_params() == 109_386
    assert net.summary().endswith("total parameters: 109,386")
    assert sum(p.size for p in net.parameters()) == 109_386


@pytest.mark.parametrize("activations", [None, ["tanh", "sigmoid"], ["elu", "softmax"]])
def test_mlp_backward_matches_numerical_gradients(activations, rng):
    sizes = [3, 5, 2] if activations else [3, 5, 4, 2]
    net = npdl.MLP(sizes, activations, rng=rng)
    for layer in net.layers:
        layer.biases = rng.normal(size=layer.biases.shape)
    X = rng.normal(size=(6, 3))
    dA = rng.normal(size=(6, 2))
    loss = loss_and_grad(dA)
    net.forward(X)
    dX = net.backward(dA)
    np.testing.assert_allclose(dX, numerical_jacobian(lambda x: loss(net.forward(x)), X),
                               rtol=1e-6, atol=1e-8)  # fmt: skip
    analytic = [g.copy() for g in net.gradients()]
    for param, grad in zip(net.parameters(), analytic, strict=True):
        original = param.copy()

        def loss_with(value, param=param):
            param[...] = value
            return loss(net.forward(X))

        numeric = numerical_jacobian(loss_with, original)
        param[...] = original
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_mlp_batch_equals_sample_by_sample(rng):
    net = npdl.MLP([4, 16, 16, 3], ["relu", "tanh", "softmax"], rng=rng)
    X = rng.normal(size=(50, 4))
    batch = net.forward(X)
    np.testing.assert_allclose(batch, np.array([net.forward(x) for x in X]),
                               rtol=1e-12, atol=1e-15)  # fmt: skip
    assert net.forward(X[0]).shape == (3,)


def test_mlp_handles_a_large_batch_in_one_call(rng):
    net = npdl.MLP([2, 64, 64, 1], rng=rng)
    out = net.forward(rng.normal(size=(100_000, 2)))
    assert out.shape == (100_000, 1) and np.all(np.isfinite(out))


def test_mlp_predict(rng):
    X = rng.normal(size=(7, 2))
    binary = npdl.MLP([2, 4, 1], ["relu", "sigmoid"], rng=rng)
    np.testing.assert_array_equal(binary.predict(X), (binary.forward(X) > 0.5).astype(int))
    multi = npdl.MLP([2, 4, 3], ["relu", "softmax"], rng=rng)
    np.testing.assert_array_equal(multi.predict(X), multi.forward(X).argmax(axis=1))
    regression = npdl.MLP([2, 4, 1], rng=rng)
    np.testing.assert_array_equal(regression.predict(X), regression.forward(X))


def test_mlp_parameters_are_the_live_arrays(rng):
    net = npdl.MLP([2, 3, 1], rng=rng)
    W1 = net.parameters()[0]
    W1 += 1.0  # an optimiser updates them in place
    np.testing.assert_array_equal(net.layers[0].weights, W1)


def test_mlp_seeded_construction_repeats():
    a, b = npdl.MLP([3, 4, 2], rng=5), npdl.MLP([3, 4, 2], rng=5)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


def test_mlp_errors():
    with pytest.raises(ValueError, match="at least an input and an output size"):
        npdl.MLP([3])
    with pytest.raises(ValueError, match=r"has 2 layers and needs 2 activations; got 3"):
        npdl.MLP([2, 4, 1], ["relu", "relu", "linear"])
    with pytest.raises(ValueError, match="Dense expects 2 input features, got 3"):
        npdl.MLP([2, 4, 1]).forward(np.zeros((5, 3)))
