"""npdl.network.collapse_affine: the linear-collapse theorem, by example and
as a Hypothesis property over random shapes and depths."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import npdl
from npdl.network import collapse_affine, kinks_along


def stack_forward(X, weights, biases, activation=npdl.linear):
    A = X
    for W, b in zip(weights, biases, strict=True):
        A = activation(A @ W + b)
    return A


@st.composite
def affine_stacks(draw):
    depth = draw(st.integers(1, 6))
    widths = draw(st.lists(st.integers(1, 7), min_size=depth + 1, max_size=depth + 1))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(a, b)) for a, b in zip(widths[:-1], widths[1:], strict=True)]
    biases = [rng.normal(size=b) for b in widths[1:]]
    X = rng.normal(size=(draw(st.integers(1, 5)), widths[0]))
    return X, weights, biases, widths


@settings(max_examples=200, deadline=None)
@given(affine_stacks())
def test_a_linear_stack_equals_its_collapsed_map(stack):
    X, weights, biases, widths = stack
    W, b = collapse_affine(weights, biases)
    assert W.shape == (widths[0], widths[-1]) and b.shape == (widths[-1],)
    np.testing.assert_allclose(stack_forward(X, weights, biases), X @ W + b,
                               rtol=1e-9, atol=1e-9)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(affine_stacks())
def test_the_collapsed_rank_is_at_most_the_narrowest_width(stack):
    _, weights, biases, widths = stack
    W, _ = collapse_affine(weights, biases)
    assert np.linalg.matrix_rank(W) <= min(widths)


def test_hand_worked_two_layers():
    # (x W1 + b1) W2 + b2 with W1 = [[1, 2]], b1 = [0, 1], W2 = [[1], [1]], b2 = [3]:
    # W = W1 W2 = [[3]], b = b1 W2 + b2 = [1] + [3] = [4]
    W, b = collapse_affine([[[1.0, 2.0]], [[1.0], [1.0]]], [[0.0, 1.0], [3.0]])
    np.testing.assert_array_equal(W, [[3.0]])
    np.testing.assert_array_equal(b, [4.0])


def test_relu_between_layers_breaks_the_collapse():
    rng = np.random.default_rng(1)
    weights = [rng.normal(size=(2, 8)), rng.normal(size=(8, 1))]
    biases = [rng.normal(size=8), rng.normal(size=1)]
    X = rng.normal(size=(200, 2))
    W, b = collapse_affine(weights, biases)
    gap = np.abs(stack_forward(X, weights, biases, npdl.relu) - (X @ W + b)).max()
    assert gap > 0.1


def test_inputs_are_not_modified():
    weights = [np.ones((2, 2)), np.ones((2, 1))]
    biases = [np.zeros(2), np.zeros(1)]
    collapse_affine(weights, biases)
    np.testing.assert_array_equal(weights[0], np.ones((2, 2)))


@pytest.mark.parametrize(
    ("weights", "biases", "message"),
    [
        ([], [], "at least one layer"),
        ([np.ones((2, 3))], [], "one bias per weight matrix"),
        ([np.ones((2, 3))], [np.ones(2)], r"layer 1: expected .* got shapes \(2, 3\) and \(2,\)"),
        ([np.ones((2, 3)), np.ones((4, 1))], [np.ones(3), np.ones(1)],
         "layer 2 expects 4 inputs, but layer 1 has 3 outputs"),
    ],
)  # fmt: skip
def test_shape_errors(weights, biases, message):
    with pytest.raises(ValueError, match=message):
        collapse_affine(weights, biases)


# --------------------------------------------------------------------------
# kinks_along: exact breakpoints of a piecewise linear network on a segment
# --------------------------------------------------------------------------


def with_random_biases(sizes, seed, activations=None):
    net = npdl.MLP(sizes, activations, rng=seed)
    rng = np.random.default_rng(100 + seed)
    for layer in net.layers:
        layer.biases = rng.normal(0.0, 0.5, size=layer.biases.shape)
    return net


def tent_net():
    net = npdl.MLP([1, 2, 1])
    net.layers[0].weights[:] = [[1.0, 1.0]]
    net.layers[0].biases[:] = [0.0, -0.5]
    net.layers[1].weights[:] = [[2.0], [-4.0]]
    net.layers[1].biases[:] = [0.0]
    return net


def sawtooth(n_layers):
    net = npdl.MLP([1] + [2] * n_layers + [1])
    net.layers[0].weights[:] = [[1.0, 1.0]]
    for layer in net.layers[1:-1]:
        layer.weights[:] = [[2.0, 2.0], [-4.0, -4.0]]
    for layer in net.layers:
        layer.biases[:] = [0.0, -0.5][: layer.n_outputs]
    net.layers[-1].weights[:] = [[2.0], [-4.0]]
    return net


START, END = np.array([-3.0, -2.0]), np.array([3.0, 2.5])
NETWORKS = [
    ([2, 8, 1], None),
    ([2, 200, 1], None),
    ([2, 28, 28, 1], None),
    ([2, 12, 12, 12, 12, 12, 12, 1], None),
    ([2, 10, 10, 2], ["leaky_relu", "relu", "linear"]),
]


@pytest.mark.parametrize(("sizes", "activations"), NETWORKS)
@pytest.mark.parametrize("seed", [0, 1])
def test_kinks_match_a_very_fine_grid(sizes, activations, seed):
    net = with_random_biases(sizes, seed, activations)
    found = kinks_along(net, START, END)
    t = np.linspace(0.0, 1.0, 200_001)
    y = net.forward(START + t[:, None] * (END - START))
    # 1. the output is linear between consecutive kinks: no kink is missing
    knots = np.concatenate([[0.0], found[0], [1.0]])
    y_knots = net.forward(START + knots[:, None] * (END - START))
    for out in range(y.shape[1]):
        between = np.interp(t, knots, y_knots[:, out])
        assert np.abs(between - y[:, out]).max() < 1e-9 * (1 + np.abs(y).max())
    # 2. the slope changes at every kink: no kink is extra
    h = 1e-7
    left = net.forward(START + (found[0] - h)[:, None] * (END - START))
    right = net.forward(START + (found[0] + h)[:, None] * (END - START))
    at = net.forward(START + found[0][:, None] * (END - START))
    bend = np.abs((right - at) - (at - left)).max(axis=1) / h
    assert np.all(bend > 1e-6)
    # 3. where kinks are at least 3 grid steps apart, the grid's second
    #    difference is non-zero exactly once or twice next to each kink
    step = t[1]
    if found[0].size < 2 or np.diff(found[0]).min() > 3 * step:
        second = np.abs(np.diff(y, 2, axis=0)).max(axis=1)
        bent = np.flatnonzero(second > 1e-11 * (1 + np.abs(y).max()))
        groups = 0 if bent.size == 0 else 1 + np.count_nonzero(np.diff(bent) > 1)
        assert groups == found[0].size
    # every kink is a switch; the switches are the changes of the pattern
    assert set(found[0]) <= set(found[1])


def test_a_coarse_grid_merges_close_kinks_the_exact_count_does_not():
    net = with_random_biases([2, 200, 1], 0)
    found = kinks_along(net, START, END)
    assert np.diff(found[0]).min() < 1 / 20_000  # closer than a 20,001-point grid


@pytest.mark.parametrize("n_layers", [1, 2, 3, 5, 8])
def test_the_sawtooth_has_two_to_the_depth_pieces(n_layers):
    found = kinks_along(sawtooth(n_layers), [0.0], [1.0])
    expected = np.arange(1, 2**n_layers) / 2**n_layers
    np.testing.assert_array_equal(found[0], expected)
    # composing tent networks gives the same function
    np.testing.assert_array_equal(kinks_along([tent_net()] * n_layers, [0.0], [1.0])[0],
                                  expected)


def test_switches_that_do_not_bend_the_output():
    net = tent_net()
    net.layers[1].weights[:] = [[2.0], [0.0]]  # the second unit's weight is 0
    found = kinks_along(net, [0.0], [1.0])
    assert isinstance(found, tuple) and len(found) == 2
    assert found[0].size == 0
    np.testing.assert_array_equal(found[1], [0.5])
    # two identical units with opposite outgoing weights cancel at one switch
    twin = npdl.MLP([1, 2, 1])
    twin.layers[0].weights[:] = [[1.0, 1.0]]
    twin.layers[0].biases[:] = [-0.3, -0.3]
    twin.layers[1].weights[:] = [[1.0], [-1.0]]
    found = kinks_along(twin, [0.0], [1.0])
    assert found[0].size == 0
    np.testing.assert_allclose(found[1], [0.3])
    # a first-layer unit that only feeds a unit that is off there
    masked = npdl.MLP([1, 2, 1, 1])
    masked.layers[0].weights[:] = [[1.0, 1.0]]
    masked.layers[0].biases[:] = [-0.3, -0.7]
    masked.layers[1].weights[:] = [[1.0], [1.0]]
    masked.layers[1].biases[:] = [-0.5]  # off until 2x - 1.5 > 0, x > 0.75
    masked.layers[2].weights[:] = [[1.0]]
    found = kinks_along(masked, [0.0], [1.0])
    np.testing.assert_allclose(found[1], [0.3, 0.7, 0.75])
    np.testing.assert_allclose(found[0], [0.75])


def test_two_switches_at_one_place_are_one_breakpoint():
    net = npdl.MLP([1, 3, 1])
    net.layers[0].weights[:] = [[1.0, 2.0, 3.0]]
    net.layers[0].biases[:] = [-0.1, -0.2, -0.3]  # all three switch at 0.1
    net.layers[1].weights[:] = [[1.0], [1.0], [1.0]]
    found = kinks_along(net, [0.0], [1.0])
    assert found[0].size == found[1].size == 1


def test_a_linear_network_has_no_kinks():
    net = npdl.MLP([2, 3, 1], ["linear", "linear"], rng=0)
    found = kinks_along(net, START, END)
    assert found[0].size == found[1].size == 0


def exact_kinks(net, p, q):
    """kinks_along in rational arithmetic: the same walk, no rounding."""
    from fractions import Fraction as Q

    def act(layer, z):
        alpha = Q(layer.activation_params.get("alpha", 0.01))
        if layer.activation == "relu":
            return max(z, Q(0))
        return z if layer.activation == "linear" or z > 0 else alpha * z

    def forward(x):
        on = []
        for layer in net.layers:
            W, b = layer.weights, layer.biases
            z = [sum(x[k] * Q(W[k, j]) for k in range(len(x))) + Q(b[j])
                 for j in range(W.shape[1])]
            on += [v > 0 for v in z] if layer.activation != "linear" else []
            x = [act(layer, v) for v in z]
        return x, on

    def point(t):
        return [Q(a) + t * (Q(b) - Q(a)) for a, b in zip(p, q, strict=True)]

    T, A = [Q(0), Q(1)], [point(Q(0)), point(Q(1))]
    for layer in net.layers:
        Z = [[sum(a[k] * Q(layer.weights[k, j]) for k in range(len(a)))
              + Q(layer.biases[j]) for j in range(layer.n_outputs)] for a in A]
        new = set(T)
        for i in range(len(T) - 1):
            for z0, z1 in zip(Z[i], Z[i + 1], strict=True):
                if z0 * z1 < 0 and layer.activation != "linear":
                    new.add(T[i] + (T[i + 1] - T[i]) * z0 / (z0 - z1))
        T = sorted(new)
        A = [point(t) for t in T]
        for earlier in net.layers[: net.layers.index(layer) + 1]:
            A = [[act(earlier, v) for v in (
                [sum(a[k] * Q(earlier.weights[k, j]) for k in range(len(a)))
                 + Q(earlier.biases[j]) for j in range(earlier.n_outputs)])]
                 for a in A]
    ends = [forward(point(t))[0] for t in T]
    slopes = [[(y1 - y0) / (T[i + 1] - T[i]) for y0, y1 in zip(ends[i], ends[i + 1], strict=True)]
              for i in range(len(T) - 1)]
    on = [forward(point((T[i] + T[i + 1]) / 2))[1] for i in range(len(T) - 1)]
    kinks = [T[i + 1] for i in range(len(T) - 2) if slopes[i] != slopes[i + 1]]
    switches = [T[i + 1] for i in range(len(T) - 2)
                if slopes[i] != slopes[i + 1] or on[i] != on[i + 1]]
    return kinks, switches


@pytest.mark.parametrize("seed", range(60))
def test_kinks_agree_with_rational_arithmetic_on_degenerate_networks(seed):
    # small integer weights: zero weights, dead units, switches that
    # coincide, kinks at the segment's ends, leaky ReLU, linear hidden layers
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 3)), *rng.integers(2, 6, size=rng.integers(1, 5)), 1]
    hidden = rng.choice(["relu", "relu", "leaky_relu", "linear"], size=len(sizes) - 2)
    net = npdl.MLP(sizes, [*hidden, "linear"],
                   activation_params=[{"alpha": float(rng.choice([0.2, 1.0, 3.0]))}
                                      if a == "leaky_relu" else None for a in hidden] + [None])
    for layer in net.layers:
        layer.weights = rng.integers(-2, 3, size=layer.weights.shape).astype(float)
        layer.biases = rng.integers(-3, 4, size=layer.biases.shape) / 2
    p, q = rng.integers(-2, 3, size=(2, sizes[0])).astype(float)
    q[0] += p[0] == q[0]
    kinks, switches = exact_kinks(net, p, q)
    found = kinks_along(net, p, q)
    np.testing.assert_allclose(found[0], np.array(kinks, dtype=float), rtol=1e-12)
    np.testing.assert_allclose(found[1], np.array(switches, dtype=float), rtol=1e-12)


def test_an_output_flat_by_cancellation_has_no_kinks():
    # its slope is a sum of terms that cancel exactly; rounding leaves 1e-16
    weights = [[[2, -1, 2], [-1, 1, 2]], [[2, 0], [-2, -1], [2, 2]],
               [[2, 1, -1], [1, 0, -2]],
               [[0, -1, 0, -1, 1], [0, -1, -1, 1, 2], [-2, -1, 0, -2, 0]],
               [[-1, -1], [0, -1], [-1, -2], [0, 1], [-1, 0]],
               [[1, 2, -1, 0, -1], [-2, -1, 0, -1, 2]], [[-2], [1], [1], [1], [-1]]]
    biases = [[0, 0, 0], [0, -1.5], [-1, 1.5, 1.5], [1.5, -1.5, 0.5, 1.5, -1],
              [1.5, -0.5], [-0.5, -1, 1.5, -1, 1.5], [1.5]]
    net = npdl.MLP([2, 3, 2, 3, 5, 2, 5, 1],
                   ["relu", "leaky_relu", "relu", "relu", "relu", "linear", "linear"],
                   activation_params=[None, {"alpha": 0.2}] + [None] * 5)
    for layer, W, b in zip(net.layers, weights, biases, strict=True):
        layer.weights, layer.biases = np.array(W, float), np.array(b, float)
    p, q = np.array([-2.0, 2.0]), np.array([2.0, -1.0])
    t = np.linspace(0.0, 1.0, 101)
    np.testing.assert_allclose(net.forward(p + t[:, None] * (q - p)), 0.5, atol=1e-12)
    found = kinks_along(net, p, q)
    assert found[0].size == 0 and found[1].size == 14


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: kinks_along(npdl.MLP([2, 3, 1], "tanh", rng=0), START, END), ValueError,
         "layer 1 uses 'tanh'"),
        (lambda: kinks_along(npdl.MLP([2, 3, 1], rng=0), [0.0], [1.0]), ValueError,
         "must have shape (2,)"),
        (lambda: kinks_along([npdl.MLP([1, 2, 2]), npdl.MLP([1, 1])], [0.0], [1.0]),
         ValueError, "layer 2 has 2 outputs, but layer 3 expects 1 inputs"),
        (lambda: kinks_along("net", [0.0], [1.0]), TypeError, "an MLP or a list of MLPs"),
    ],
)
def test_kinks_along_refuses_what_it_cannot_count(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()
