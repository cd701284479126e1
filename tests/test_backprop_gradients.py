"""Every activation x every loss x MLP.backward: the analytic gradients of
the loss with respect to the parameters and to the input agree with central
differences to a relative error below 1e-7 (float64, norm-wise), over
networks, batches and weights drawn by Hypothesis.

Pre-activations are kept away from the kinks (ReLU, leaky ReLU, SELU at 0),
where a central difference that straddles the kink measures the average of
two slopes, not either derivative. Gradients too small for a central
difference to resolve to 1e-7 are compared absolutely (see `resolution`).
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import npdl
from npdl import losses
from npdl.gradcheck import numerical_gradient, numerical_jacobian, relative_error

ACTIVATIONS = sorted(npdl.ACTIVATIONS)
LOSSES = sorted(losses.LOSSES)
KINK_MARGIN = 1e-3  # the steps move pre-activations by about 1e-5 at most
THRESHOLD = 1e-7
#: examples per (activation, loss) pair; NPDL_GRADCHECK_EXAMPLES=300 for a long run
EXAMPLES = int(os.environ.get("NPDL_GRADCHECK_EXAMPLES", 20))
H = 1e-5  # relative step: near the optimum eps ** (1/3) for central differences


@st.composite
def problems(draw, loss):
    """A network shape, a batch, targets and a seed for the weights."""
    n_in = draw(st.integers(1, 4))
    hidden = draw(st.lists(st.integers(2, 5), min_size=1, max_size=2))
    n_out = draw(st.integers(2, 4)) if loss == "cross_entropy" else draw(st.integers(1, 3))
    n = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    data = np.random.default_rng(seed)
    X = data.normal(size=(n, n_in)) * draw(st.sampled_from([0.5, 1.0, 2.0]))
    if loss == "cross_entropy":
        y = data.integers(0, n_out, size=n)
    elif loss == "mse":
        y = data.normal(size=(n, n_out))
    else:
        y = data.uniform(size=(n, n_out))
    return [n_in, *hidden, n_out], X, y, seed


def activation_params(name):
    """Parameters the activation takes, drawn (Part II's alpha, beta,
    approximate), or none."""
    defaults = npdl.get_activation(name).params
    if "alpha" in defaults:
        return st.fixed_dictionaries({"alpha": st.floats(0.05, 2.0)})
    if "beta" in defaults:
        return st.fixed_dictionaries({"beta": st.floats(0.3, 4.0)})
    if "approximate" in defaults:
        return st.fixed_dictionaries({"approximate": st.booleans()})
    return st.just({})


def pre_activations(net, X):
    """Every layer's pre-activation for the batch X."""
    out, Zs = np.asarray(X, dtype=float), []
    for layer in net.layers:
        Zs.append(out @ layer.weights + layer.biases)
        out = layer.forward(out)
    return Zs


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_mlp_backward_matches_central_differences(activation, loss, data):
    sizes, X, y, seed = data.draw(problems(loss))
    # hidden layers use the activation; the classification losses take
    # logits (a linear output), MSE takes the activation at the output too
    output = "linear" if loss != "mse" or (activation in ("softmax", "log_softmax")
                                           and sizes[-1] == 1) else activation
    names = [activation] * (len(sizes) - 2) + [output]
    params = data.draw(activation_params(activation))
    net = npdl.MLP(sizes, names, rng=seed,
                   activation_params=[params] * (len(sizes) - 2)
                   + [params if output == activation else None])  # fmt: skip
    bias_rng = np.random.default_rng(seed + 1)
    for layer in net.layers:  # non-zero biases, so they are tested too
        layer.biases = bias_rng.normal(0, 0.5, size=layer.biases.shape)
    assume(all(np.abs(Z).min() > KINK_MARGIN for Z in pre_activations(net, X)))
    record = losses.get_loss(loss)

    out = net.forward(X)
    dX = net.backward(record.gradient(out, y))
    analytic = [g.copy() for g in net.gradients()]

    def value() -> float:
        return record.function(net.forward(X), y)

    def numeric_parameters(h):
        return flat([numerical_gradient(value, p, h=h) for p in net.parameters()])

    def numeric_input(h):
        return numerical_jacobian(lambda x: record.function(net.forward(x), y), X, h=h)

    scale = max(abs(record.function(out, y)), np.abs(out).max())
    for what, a, numeric in [("parameters", flat(analytic), numeric_parameters),
                             ("input", dX, numeric_input)]:  # fmt: skip
        floor = resolution(scale, a.size)
        error = relative_error(a, numeric(H), floor=floor, norm=True)
        if error >= THRESHOLD:
            # Truncation, not a bug? A gradient small next to the curvature
            # around it (e.g. 5e-4 where the third derivative is ~1) keeps an
            # h^2 error above 1e-7. Richardson's extrapolation of h and h/2
            # removes that term; a wrong gradient stays wrong.
            error = relative_error(a, richardson(numeric), floor=floor, norm=True)
        assert error < THRESHOLD, f"{what} of {net}: relative error {error:.2e}"


def richardson(numeric):
    """Central differences at H and H/2 combined to cancel their h^2 error."""
    return (4 * numeric(H / 2) - numeric(H)) / 3


def resolution(scale: float, size: int) -> float:
    """The smallest gradient norm a central difference can check to 1e-7.

    Each numerical derivative carries a rounding error of about
    eps * scale / h (scale: the size of the loss and of the outputs it is
    computed from). A gradient smaller than 1e7 times that (a unit deep in
    GELU's tail, a leaky ReLU's 0.01 slope three layers deep) cannot be
    resolved to 1e-7; there the comparison floors the denominator, so the
    check becomes absolute at 1e-7 of the floor, still far below any
    mistake of the size of the gradient itself.
    """
    return 1e7 * np.finfo(float).eps * scale / H * np.sqrt(size)


def flat(arrays):
    return np.concatenate([a.ravel() for a in arrays])


def test_the_check_can_fail():
    """A backward that forgets the activation's derivative is caught."""
    rng = np.random.default_rng(0)
    net = npdl.MLP([3, 4, 2], ["tanh", "linear"], rng=rng)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, size=5)
    hidden, out_layer = net.layers
    logits = net.forward(X)
    dA1 = out_layer.backward(losses.cross_entropy_gradient(logits, y))
    wrong_dW1 = hidden._X.T @ dA1  # dZ1 = dA1: the tanh' factor is missing

    def value() -> float:
        return losses.cross_entropy(net.forward(X), y)

    numeric = numerical_gradient(value, hidden.weights, h=1e-5)
    assert relative_error(wrong_dW1, numeric, norm=True) > 1e-2
