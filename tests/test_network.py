"""npdl.network.collapse_affine: the linear-collapse theorem, by example and
as a Hypothesis property over random shapes and depths."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import npdl
from npdl.network import collapse_affine


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
