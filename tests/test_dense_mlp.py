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
    [("relu", "he_normal", 2 / 400), ("gelu", "gelu_normal", 2.155 / 400),
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
    # npdl.init's helper that computes a scale is not an initialiser
    with pytest.raises(ValueError, match="unknown initialiser 'mean_square_gain'"):
        npdl.Dense(3, 2, init="mean_square_gain")
    for name in ("swish_normal", "he_uniform", "lecun_normal"):
        assert npdl.Dense(3, 2, init=name).init == name


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


def test_mlp_predict_gives_one_entry_per_sample(rng):
    X = rng.normal(size=(7, 2))
    binary = npdl.MLP([2, 4, 1], ["relu", "sigmoid"], rng=rng)
    labels = binary.predict(X)
    assert labels.shape == (7,) and labels.dtype.kind == "i"
    np.testing.assert_array_equal(labels, (binary.forward(X)[:, 0] > 0.5).astype(int))
    multi = npdl.MLP([2, 4, 3], ["relu", "softmax"], rng=rng)
    np.testing.assert_array_equal(multi.predict(X), multi.forward(X).argmax(axis=1))
    regression = npdl.MLP([2, 4, 1], rng=rng)
    np.testing.assert_array_equal(regression.predict(X), regression.forward(X)[:, 0])
    wide = npdl.MLP([2, 4, 3], rng=rng)  # several outputs: the output itself
    np.testing.assert_array_equal(wide.predict(X), wide.forward(X))
    assert binary.predict(X[0]).shape == ()


def test_mlp_predict_accuracy_compares_sample_by_sample():
    # XOR with a hand-set 2-2-1 network: the accuracy is a mean over 4 samples,
    # not over a 4 x 4 broadcast (which gives 0.5 whatever the network does)
    X, y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 1, 1, 0])
    net = npdl.MLP([2, 2, 1], ["relu", "sigmoid"])
    net.layers[0].weights, net.layers[0].biases = [[1, 1], [1, 1]], [0, -1]
    net.layers[1].weights, net.layers[1].biases = [[10], [-20]], [-5]
    assert (net.predict(X) == y).mean() == 1.0
    net.layers[1].biases = [5.0]  # now every sample is called 1
    assert (net.predict(X) == y).mean() == 0.5 and net.predict(X).sum() == 4


def test_mlp_parameters_are_the_live_arrays(rng):
    net = npdl.MLP([2, 3, 1], rng=rng)
    W1 = net.parameters()[0]
    W1 += 1.0  # an optimiser updates them in place
    np.testing.assert_array_equal(net.layers[0].weights, W1)


def test_gradients_stay_paired_with_parameters_through_a_training_loop(rng):
    net = npdl.MLP([2, 5, 3], ["tanh", "linear"], rng=rng)
    params, grads = net.parameters(), net.gradients()  # taken once, before the loop
    X, y = rng.normal(size=(20, 2)), rng.integers(0, 3, size=20)
    losses = []
    for _ in range(30):
        logits = net.forward(X)
        losses.append(npdl.losses.cross_entropy(logits, y))
        net.backward(npdl.losses.cross_entropy_gradient(logits, y))
        for layer in net.layers:  # the lists hold the layers' own arrays
            assert any(g is layer.dW for g in grads) and any(g is layer.db for g in grads)
        for p, g in zip(params, grads, strict=True):
            p -= 0.5 * g
    assert net.parameters()[0] is params[0] and net.gradients()[0] is grads[0]
    assert losses[-1] < 0.9 * losses[0]


def test_assigning_parameters_keeps_the_arrays(rng):
    layer = npdl.Dense(3, 2, rng=rng)
    W, b = layer.weights, layer.biases
    layer.weights = np.arange(6).reshape(3, 2)  # ints: converted to the layer's dtype
    layer.biases = [1, 2]
    assert layer.weights is W and layer.biases is b
    assert W.dtype == b.dtype == np.float64
    np.testing.assert_array_equal(W, [[0, 1], [2, 3], [4, 5]])
    b -= 0.5  # an in-place update of an int-given bias works
    np.testing.assert_array_equal(layer.biases, [0.5, 1.5])
    net = npdl.MLP([3, 2], rng=rng)
    net.layers[0].weights = [[1, 2], [3, 4], [5, 6]]  # a list
    assert net.count_params() == 8


@pytest.mark.parametrize(
    ("attr", "value", "error", "message"),
    [
        ("biases", [1.0, 2.0, 3.0], ValueError,
         r"Dense.biases must have shape \(2,\) \(one bias per output\); got shape \(3,\)"),
        ("biases", 0.0, ValueError, r"shape \(2,\).*got shape \(\)"),
        ("weights", np.ones((2, 3)), ValueError, r"Dense.weights must have shape \(3, 2\)"),
        ("weights", [["a", "b"]] * 3, TypeError, "real numbers"),
        ("biases", [1.0, np.nan], ValueError, "must be finite"),
    ],
)  # fmt: skip
def test_assigning_parameters_checks_them(attr, value, error, message, rng):
    layer = npdl.Dense(3, 2, rng=rng)
    before = getattr(layer, attr).copy()
    with pytest.raises(error, match=message):
        setattr(layer, attr, value)
    np.testing.assert_array_equal(getattr(layer, attr), before)  # unchanged
    with pytest.raises(AttributeError):
        layer.dW = np.zeros((3, 2))  # gradients are written by backward only


@pytest.mark.parametrize("single", [False, True])
def test_float32_layers_keep_float32_gradients(single, rng):
    net = npdl.MLP([3, 4, 2], ["gelu", "linear"], rng=rng, dtype=np.float32)
    X = rng.normal(size=3 if single else (5, 3))  # float64 input and dA
    out = net.forward(X)
    dX = net.backward(np.ones(out.shape))
    assert out.dtype == dX.dtype == np.float32
    assert all(g.dtype == np.float32 for g in net.gradients())


@pytest.mark.parametrize(
    ("name", "params"),
    [("leaky_relu", {"alpha": 0.2}), ("elu", {"alpha": 0.5}), ("swish", {"beta": 3.0}),
     ("gelu", {"approximate": True})],
)  # fmt: skip
def test_activation_parameters_reach_the_layer(name, params, rng):
    X = rng.normal(size=(6, 3))
    layer = npdl.Dense(3, 4, activation=name, activation_params=params, rng=rng)
    Z = X @ layer.weights + layer.biases
    record = npdl.get_activation(name)
    np.testing.assert_allclose(layer.forward(X), record.function(Z, **params), rtol=1e-15)
    assert not np.allclose(record.function(Z, **params), record.function(Z))
    dA = rng.normal(size=(6, 4))
    layer.backward(dA)
    np.testing.assert_allclose(layer.db, (dA * record.derivative(Z, **params)).sum(0),
                               rtol=1e-12)  # fmt: skip
    assert f"{next(iter(params))}=" in repr(layer)


def test_mlp_activation_parameters_for_hidden_layers_or_per_layer():
    net = npdl.MLP([2, 4, 4, 1], ["leaky_relu", "elu", "sigmoid"],
                   activation_params={"alpha": 0.3})  # fmt: skip
    assert [layer.activation_params for layer in net.layers] == [
        {"alpha": 0.3}, {"alpha": 0.3}, {}]
    net = npdl.MLP([2, 4, 1], ["swish", "sigmoid"], activation_params=[{"beta": 2.0}, None])
    assert net.layers[0].activation_params == {"beta": 2.0}
    with pytest.raises(ValueError, match="one dict \\(or None\\) per layer, got 1"):
        npdl.MLP([2, 4, 1], ["swish", "sigmoid"], activation_params=[{"beta": 2.0}])
    with pytest.raises(ValueError, match="'relu' takes no parameters; got alpha"):
        npdl.MLP([2, 4, 1], "relu", activation_params={"alpha": 0.3})
    with pytest.raises(ValueError, match="'swish' takes beta; got alpha"):
        npdl.Dense(2, 4, "swish", activation_params={"alpha": 0.3})
    with pytest.raises(ValueError, match="alpha must be a finite number"):
        npdl.Dense(2, 4, "elu", activation_params={"alpha": np.inf})
    with pytest.raises(ValueError, match="axis cannot be changed"):
        npdl.Dense(2, 4, "softmax", activation_params={"axis": 0})


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_a_normalising_output_over_one_unit_is_refused(name):
    with pytest.raises(ValueError, match=f"{name} over a single unit.*sigmoid"):
        npdl.MLP([2, 4, 1], ["relu", name])
    npdl.MLP([2, 4, 2], ["relu", name])  # two units are fine


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


def test_backward_without_the_input_gradient_writes_the_same_gradients(rng):
    net = npdl.MLP([3, 5, 4, 2], rng=rng)
    X, dA = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    net.forward(X)
    dX = net.backward(dA)
    full = [g.copy() for g in net.gradients()]
    assert dX.shape == (6, 3)
    assert net.backward(dA, input_gradient=False) is None
    for g, h in zip(full, net.gradients(), strict=True):
        np.testing.assert_array_equal(g, h)


@pytest.mark.parametrize("name", ["relu", "linear"])
def test_fast_backward_of_relu_and_identity_keeps_nan_and_dtype(name):
    record = npdl.get_activation(name)
    z = np.array([-1.0, 0.0, 2.0, np.nan, np.inf, -np.inf])
    dA = np.array([3.0, 3.0, 3.0, 3.0, 3.0, 3.0])
    np.testing.assert_array_equal(record.backward(z, dA), dA * record.derivative(z))
    out = record.backward(z.astype(np.float32), dA.astype(np.float32))
    assert out.dtype == np.float32
    with pytest.raises(ValueError, match="upstream gradient dA must have the shape"):
        record.backward(z, dA[:2])
