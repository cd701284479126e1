"""Hypothesis properties: identities the activations must satisfy exactly
(up to rounding) for any input, not only the ones a person thought of."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import npdl
from npdl import activations as act

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, width=64)
moderate = st.floats(-30, 30, allow_nan=False, width=64)
batches = arrays(np.float64, array_shapes(min_dims=2, max_dims=2, max_side=6), elements=finite)
vectors = arrays(np.float64, array_shapes(min_dims=1, max_dims=3, max_side=5), elements=finite)

settings.register_profile("npdl", max_examples=200, deadline=None)
settings.load_profile("npdl")


@given(batches)
def test_softmax_rows_are_probabilities(z):
    s = npdl.softmax(z)
    assert np.all(s >= 0) and np.all(s <= 1)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-12)


@given(batches, st.floats(-1e6, 1e6, allow_nan=False))
def test_softmax_is_shift_invariant(z, c):
    # adding the same number to every logit of a row changes nothing
    np.testing.assert_allclose(npdl.softmax(z + c), npdl.softmax(z), atol=1e-9)
    np.testing.assert_allclose(npdl.log_softmax(z + c) - npdl.log_softmax(z), 0,
                               atol=1e-9 * max(1.0, abs(c)) + 1e-9 * np.abs(z).max())  # fmt: skip


@given(vectors, st.integers(0, 2))
def test_log_softmax_is_log_of_softmax_along_any_axis(z, axis):
    axis = axis % z.ndim
    s = npdl.softmax(z, axis=axis)
    ls = npdl.log_softmax(z, axis=axis)
    visible = s > 1e-300  # where softmax has not underflowed to 0
    np.testing.assert_allclose(ls[visible], np.log(s[visible]), rtol=1e-12, atol=1e-12)


@given(arrays(np.float64, 5, elements=moderate))
def test_tanh_is_a_rescaled_sigmoid(z):
    # tanh(z) = 2 sigmoid(2z) - 1
    np.testing.assert_allclose(npdl.tanh(z), 2 * npdl.sigmoid(2 * z) - 1, atol=1e-15)


@given(arrays(np.float64, 5, elements=finite))
def test_softplus_derivative_is_the_sigmoid(z):
    np.testing.assert_array_equal(act.softplus_derivative(z), npdl.sigmoid(z))
    # and the derivative is what finite differences of softplus say
    zs = z[np.abs(z) < 50]
    h = 1e-6
    numeric = (npdl.softplus(zs + h) - npdl.softplus(zs - h)) / (2 * h)
    np.testing.assert_allclose(npdl.sigmoid(zs), numeric, rtol=1e-6, atol=1e-9)


@given(arrays(np.float64, 5, elements=finite), st.floats(0.05, 20))
def test_swish_is_z_times_sigmoid_of_beta_z(z, beta):
    np.testing.assert_allclose(npdl.swish(z, beta), z * npdl.sigmoid(beta * z),
                               rtol=1e-14, atol=1e-300)  # fmt: skip


@given(arrays(np.float64, 5, elements=finite))
def test_sigmoid_is_symmetric(z):
    # sigmoid(-z) = 1 - sigmoid(z), and sigmoid' is even
    np.testing.assert_allclose(npdl.sigmoid(-z), 1 - npdl.sigmoid(z), atol=1e-15)
    np.testing.assert_array_equal(act.sigmoid_derivative(-z), act.sigmoid_derivative(z))


@given(arrays(np.float64, 5, elements=finite))
def test_relu_family_agrees_on_positive_inputs(z):
    pos = np.abs(z)
    for f in (npdl.relu, npdl.leaky_relu, npdl.elu):
        np.testing.assert_array_equal(f(pos), pos)
    np.testing.assert_array_equal(npdl.leaky_relu(z, alpha=0.0), npdl.relu(z))
