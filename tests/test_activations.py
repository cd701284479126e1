"""Tests of npdl.activations: values, derivatives, edge cases, the registry."""

import numpy as np
import pytest
from scipy import special

import npdl
from npdl import activations as act
from npdl.gradcheck import numerical_derivative, numerical_jacobian

from .activation_names import ELEMENTWISE, NORMALISING
from .reference import reference, ulp_error

DESIGN_NAMES = {
    "linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu",
    "swish", "silu", "mish", "softplus", "softmax", "log_softmax",
}  # fmt: skip
KINKED = {"relu", "leaky_relu", "elu", "selu"}  # not differentiable at 0

F64 = np.finfo(np.float64)
F32 = np.finfo(np.float32)


def derivative_of(name):
    return getattr(act, f"{name}_derivative")


# --------------------------------------------------------------------------
# the registry and the public names
# --------------------------------------------------------------------------


def test_registry_holds_exactly_the_design_names():
    assert set(npdl.ACTIVATIONS) == DESIGN_NAMES


@pytest.mark.parametrize("name", sorted(DESIGN_NAMES - {"linear"}))
def test_public_names_are_exported_with_their_derivative(name):
    assert getattr(npdl, name) is act.ACTIVATIONS[name].function
    assert callable(derivative_of(name))
    assert act.ACTIVATIONS[name].derivative is derivative_of(name)


@pytest.mark.parametrize("name", sorted(DESIGN_NAMES))
def test_registry_records_carry_the_facts_chapters_tabulate(name):
    record = npdl.get_activation(name)
    assert record.name == name
    for text in (record.output_range, record.saturating, record.typical_use,
                 record.pytorch, record.formula):  # fmt: skip
        assert isinstance(text, str) and text.strip()
    assert record.pytorch.startswith("nn.")
    assert isinstance(record.zero_centred, bool)
    assert isinstance(record.smooth, bool)


def test_zero_centred_flags_match_the_functions():
    # zero-centred means f(-z) = -f(z) on a symmetric input, so mean 0 in,
    # mean 0 out; check the flag against the function itself
    z = np.linspace(-3, 3, 61)
    for name in ELEMENTWISE:
        f = npdl.ACTIVATIONS[name].function
        odd = np.allclose(f(-z), -f(z))
        assert npdl.ACTIVATIONS[name].zero_centred == odd, name


def _bound(text):
    """A bound of an interval in the registry: a number, inf, -alpha (ELU)
    or a number over beta (Swish), at the default alpha = beta = 1."""
    text = text.strip().removesuffix("/beta")
    return -1.0 if text == "-alpha" else float(text)  # float("inf") is inf


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_output_ranges_in_the_registry_match_the_functions(name):
    # the range is typed into the registry for the chapters' tables: check it
    # against the function on a fine grid (elu's -alpha with the default 1)
    record = npdl.ACTIVATIONS[name]
    text = record.output_range
    lo, hi = (_bound(t) for t in text[1:-1].split(","))
    z = np.linspace(-40, 40, 800_001)
    out = record.function(z)
    tol = 1e-4  # the registry gives 4 decimals
    if np.isfinite(lo):
        if text[0] == "[":  # attained minimum
            assert out.min() == pytest.approx(lo, abs=5e-3 if name == "gelu" else tol)
        else:  # approached, not attained (on this grid: within tol)
            assert out.min() >= lo - tol and out.min() <= lo + 0.05
    else:
        assert record.function(-1e6) < -1e3
    if np.isfinite(hi):
        assert out.max() <= hi and out.max() == pytest.approx(hi, abs=tol)
    else:
        assert record.function(1e6) > 1e3


def test_registry_is_read_only():
    with pytest.raises(TypeError):
        npdl.ACTIVATIONS["mine"] = npdl.ACTIVATIONS["relu"]


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError, match=r"unknown activation 'rleu'; choose from \["):
        npdl.get_activation("rleu")
    with pytest.raises(ValueError, match="'relu'"):
        npdl.activation_forward([1.0], "rleu")


def test_name_must_be_a_string():
    with pytest.raises(TypeError, match="string"):
        npdl.get_activation(npdl.relu)


def test_version_is_a_string():
    assert isinstance(npdl.__version__, str) and npdl.__version__.count(".") == 2


# --------------------------------------------------------------------------
# values against SciPy and mpmath
# --------------------------------------------------------------------------

MAGNITUDES = [5e-324, 1e-300, 1e-20, 1e-8, 1e-3, 0.1, 0.5, 1, 1.5, 2, 3, 5, 8,
              12, 20, 30, 36, 38, 39, 45, 100, 700, 740, 750, 1e4, 1e100, 1e308]  # fmt: skip


@pytest.fixture(scope="module")
def wide_range():
    """Points spanning the whole float64 range, both signs, plus random ones."""
    rng = np.random.default_rng(2024)
    mags = np.array(MAGNITUDES)
    return np.concatenate([mags, -mags, rng.normal(0, 3, 200), rng.normal(0, 30, 60)])


# Largest error allowed, in ulps. GELU's Phi comes from SciPy's erfc/erfcx,
# which are themselves accurate to about 3-5 ulp; the others use NumPy's exp,
# expm1, log1p and tanh (about 1 ulp each).
MAX_ULP = {name: 4.0 for name in ELEMENTWISE} | {"gelu": 6.0}


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_values_are_accurate_to_a_few_ulp_over_the_whole_range(name, wide_range):
    err = ulp_error(npdl.ACTIVATIONS[name](wide_range), reference(name, wide_range))
    worst = wide_range[err.argmax()]
    assert err.max() <= MAX_ULP[name], f"{name}: {err.max():.1f} ulp at z={worst}"


@pytest.mark.parametrize("name", ["gelu", "sigmoid", "softplus", "swish", "mish"])
def test_values_are_accurate_where_the_formulas_change(name):
    # dense points across the left side, where the erfc/erfcx switch (gelu,
    # z = -2) and the exp(-|z|) tails live
    z = np.random.default_rng(5).uniform(-40, 2, 1500)
    err = ulp_error(npdl.ACTIVATIONS[name](z), reference(name, z))
    assert err.max() <= MAX_ULP[name], f"{name}: {err.max():.1f} ulp at z={z[err.argmax()]}"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivatives_are_accurate_over_the_whole_range(name, wide_range):
    z = wide_range[wide_range != 0]  # the kinks' value at 0 is a convention
    exact = reference(name, z, derivative=True)
    computed = derivative_of(name)(z)
    # a derivative that crosses zero (gelu', swish', mish' have a minimum of
    # their function) loses relative accuracy near the root by cancellation,
    # so allow an absolute error of a few eps there
    np.testing.assert_allclose(computed, exact, rtol=8 * F64.eps, atol=4 * F64.eps)


def test_sigmoid_matches_scipy_expit(wide_range):
    np.testing.assert_allclose(npdl.sigmoid(wide_range), special.expit(wide_range),
                               rtol=4 * F64.eps, atol=1e-300)  # fmt: skip


def test_softplus_matches_numpy_logaddexp(wide_range):
    np.testing.assert_allclose(npdl.softplus(wide_range), np.logaddexp(0, wide_range),
                               rtol=4 * F64.eps, atol=1e-300)  # fmt: skip


def test_log_sigmoid_identity_matches_scipy_log_expit():
    # log sigmoid(z) = -softplus(-z)
    z = np.linspace(-700, 700, 1401)
    np.testing.assert_allclose(-npdl.softplus(-z), special.log_expit(z),
                               rtol=4 * F64.eps)  # fmt: skip


def test_gelu_matches_scipy_erf_and_erfc():
    z = np.linspace(-6, 6, 241)
    via_erf = 0.5 * z * (1 + special.erf(z / np.sqrt(2)))  # fine away from the tail
    via_erfc = 0.5 * z * special.erfc(-z / np.sqrt(2))
    np.testing.assert_allclose(npdl.gelu(z), via_erfc, rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(npdl.gelu(z), via_erf, rtol=1e-9, atol=1e-15)


def test_gelu_tanh_approximation_matches_its_formula():
    z = np.linspace(-5, 5, 201)
    formula = 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))
    np.testing.assert_allclose(npdl.gelu(z, approximate=True), formula,
                               rtol=1e-12, atol=1e-15)  # fmt: skip
    # and stays close to the exact GELU, but is not the same function
    diff = np.abs(npdl.gelu(z, approximate=True) - npdl.gelu(z))
    assert 1e-5 < diff.max() < 1e-3


def test_gelu_tanh_approximation_keeps_its_left_tail():
    # 1 + tanh(u) rounds to 0 long before the true value underflows
    z = np.array([-8.0, -12.0])
    u = np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)
    exact = z * special.expit(2 * u)
    assert np.all(exact < 0)
    np.testing.assert_allclose(npdl.gelu(z, approximate=True), exact, rtol=1e-13)


def test_elu_and_selu_match_their_definition():
    z = np.linspace(-10, 10, 201)
    np.testing.assert_allclose(npdl.elu(z, alpha=0.5), np.where(z > 0, z, 0.5 * np.expm1(z)))
    np.testing.assert_allclose(
        npdl.selu(z), 1.0507009873554805 * np.where(z > 0, z, 1.6732632423543772 * np.expm1(z))
    )


@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.3, 1.0, 1.5, -0.2])
def test_leaky_relu_for_any_slope(alpha):
    z = np.linspace(-5, 5, 101)
    np.testing.assert_array_equal(npdl.leaky_relu(z, alpha), np.where(z > 0, z, alpha * z))
    np.testing.assert_array_equal(act.leaky_relu_derivative(z, alpha), np.where(z > 0, 1.0, alpha))


@pytest.mark.parametrize("beta", [0.1, 1.0, 1.7, 10.0])
def test_swish_with_beta(beta):
    z = np.linspace(-20, 20, 401)
    np.testing.assert_allclose(npdl.swish(z, beta), z * special.expit(beta * z),
                               rtol=4 * F64.eps, atol=1e-300)  # fmt: skip
    numeric = numerical_derivative(lambda x: npdl.swish(x, beta), z[z != 0])
    np.testing.assert_allclose(act.swish_derivative(z[z != 0], beta), numeric,
                               rtol=1e-6, atol=1e-9)  # fmt: skip


def test_silu_is_swish_with_beta_one(wide_range):
    np.testing.assert_array_equal(npdl.silu(wide_range), npdl.swish(wide_range, 1.0))


def test_hand_worked_values():
    # exact values worked out on paper:
    # sigmoid(ln 3) = 1 / (1 + 1/3) = 3/4
    assert npdl.sigmoid(np.log(3.0)) == pytest.approx(0.75, rel=1e-15)
    # tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5
    assert npdl.tanh(np.log(2.0)) == pytest.approx(0.6, rel=1e-15)
    # softplus(ln 3) = ln(1 + 3) = ln 4
    assert npdl.softplus(np.log(3.0)) == pytest.approx(np.log(4.0), rel=1e-15)
    # mish'(0) = tanh(softplus(0)) + 0 = tanh(ln 2) = 3/5
    assert act.mish_derivative(0.0) == pytest.approx(0.6, rel=1e-15)
    # swish'(0) = sigmoid(0) = 1/2, gelu'(0) = Phi(0) = 1/2
    assert act.swish_derivative(0.0) == 0.5
    assert act.gelu_derivative(0.0) == 0.5
    # the maximum slopes: sigmoid'(0) = 1/4, tanh'(0) = 1
    assert act.sigmoid_derivative(0.0) == 0.25
    assert act.tanh_derivative(0.0) == 1.0
    # softmax of logits ln 1, ln 2, ln 3 is (1, 2, 3) / 6
    np.testing.assert_allclose(npdl.softmax(np.log([1.0, 2.0, 3.0])), [1 / 6, 2 / 6, 3 / 6],
                               rtol=1e-15)  # fmt: skip
    # selu(1) = scale, selu(-inf) = -scale * alpha
    assert npdl.selu(1.0) == act.SELU_SCALE
    assert npdl.selu(-np.inf) == pytest.approx(-act.SELU_SCALE * act.SELU_ALPHA, rel=1e-15)


# --------------------------------------------------------------------------
# derivatives against central differences
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_differences(name, rng):
    z = np.concatenate([rng.normal(0, 2, 200), np.linspace(-8, 8, 81)])
    z = z[np.abs(z) > 1e-3]  # away from the kinks at 0
    f = npdl.ACTIVATIONS[name].function
    np.testing.assert_allclose(derivative_of(name)(z), numerical_derivative(f, z),
                               rtol=1e-6, atol=1e-9)  # fmt: skip


def test_gelu_tanh_derivative_matches_central_differences(rng):
    z = rng.normal(0, 3, 300)
    numeric = numerical_derivative(lambda x: npdl.gelu(x, approximate=True), z)
    np.testing.assert_allclose(act.gelu_derivative(z, approximate=True), numeric,
                               rtol=1e-6, atol=1e-9)  # fmt: skip


@pytest.mark.parametrize("name", ["leaky_relu", "elu"])
@pytest.mark.parametrize("alpha", [0.2, 2.0])
def test_derivatives_with_alpha_match_central_differences(name, alpha, rng):
    z = rng.normal(0, 2, 200)
    f = npdl.ACTIVATIONS[name].function
    numeric = numerical_derivative(lambda x: f(x, alpha=alpha), z)
    np.testing.assert_allclose(derivative_of(name)(z, alpha=alpha), numeric, rtol=1e-6)


# --------------------------------------------------------------------------
# conventions at the kinks (PyTorch's)
# --------------------------------------------------------------------------


def test_kink_conventions_follow_pytorch():
    assert act.relu_derivative(0.0) == 0.0
    assert act.relu_derivative(-0.0) == 0.0
    assert act.leaky_relu_derivative(0.0) == 0.01
    assert act.leaky_relu_derivative(0.0, alpha=0.2) == 0.2
    assert act.elu_derivative(0.0, alpha=0.5) == 0.5
    assert act.selu_derivative(0.0) == pytest.approx(act.SELU_SCALE * act.SELU_ALPHA)
    # and just either side of 0 the one-sided values
    tiny = F64.smallest_subnormal
    assert act.relu_derivative(tiny) == 1.0
    assert act.leaky_relu_derivative(-tiny) == 0.01


# --------------------------------------------------------------------------
# shapes, dtypes, inputs left alone
# --------------------------------------------------------------------------

SHAPES = [(), (7,), (3, 4), (2, 3, 2)]


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("shape", SHAPES)
def test_shape_is_preserved_for_function_and_derivative(name, shape, rng):
    z = rng.normal(0, 2, shape)
    for f in (npdl.ACTIVATIONS[name].function, derivative_of(name)):
        out = f(z)
        assert isinstance(out, np.ndarray) and out.shape == shape and out.dtype == np.float64


@pytest.mark.parametrize("name", ELEMENTWISE + NORMALISING)
def test_float32_stays_float32_and_agrees_with_float64(name, rng):
    z64 = rng.normal(0, 3, (4, 5))
    z32 = z64.astype(np.float32)
    for f in (npdl.ACTIVATIONS[name].function, derivative_of(name)):
        out32 = f(z32)
        assert out32.dtype == np.float32
        np.testing.assert_allclose(out32, f(z32.astype(np.float64)), rtol=2e-6, atol=2e-7)


@pytest.mark.parametrize("name", ELEMENTWISE + NORMALISING)
def test_ints_and_lists_become_float64(name):
    f = npdl.ACTIVATIONS[name].function
    from_list = f([[-2, 0, 3]])
    assert from_list.dtype == np.float64
    np.testing.assert_array_equal(from_list, f(np.array([[-2.0, 0.0, 3.0]])))
    assert f(np.array([[1, 2]], dtype=np.int32)).dtype == np.float64


@pytest.mark.parametrize("name", ELEMENTWISE + NORMALISING)
def test_input_is_never_modified(name, rng):
    z = rng.normal(0, 3, (5, 4))
    z[0, 0] = np.inf
    z[1, 1] = -np.inf
    before = z.copy()
    record = npdl.ACTIVATIONS[name]
    record.function(z)
    record.derivative(z)
    record.backward(z, np.ones_like(z))
    np.testing.assert_array_equal(z, before)


# --------------------------------------------------------------------------
# extremes: no warnings, the right limits, NaN propagates
# --------------------------------------------------------------------------

# RuntimeWarnings are errors in this test suite (pyproject.toml), so merely
# evaluating at these points checks "no overflow/invalid/divide warning".
EXTREMES = {
    np.float64: [F64.max, -F64.max, 1e308, -1e308, 1e300, -1e300, 710.0, -710.0,
                 745.0, -745.0, 1e-320, -1e-320, F64.tiny, 0.0, -0.0],
    np.float32: [F32.max, -F32.max, 3e38, -3e38, 1e30, -1e30, 89.0, -89.0, 104.0,
                 -104.0, 1e-44, -1e-44, F32.tiny, 0.0, -0.0],
}  # fmt: skip


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", ELEMENTWISE + NORMALISING)
def test_no_warning_and_finite_for_any_finite_input(name, dtype):
    z = np.array(EXTREMES[dtype], dtype=dtype)
    record = npdl.ACTIVATIONS[name]
    if record.elementwise:
        out, d = record.function(z), record.derivative(z)
        assert np.all(np.isfinite(d)), name
        if name not in {"linear", "relu", "leaky_relu", "elu", "selu", "gelu",
                        "swish", "silu", "mish", "softplus"}:  # fmt: skip
            assert np.all(np.isfinite(out))
        assert not np.any(np.isnan(out))
    else:
        pairs = z.reshape(-1, 3)  # rows of 3 logits with huge gaps
        out = record.function(pairs)
        assert not np.any(np.isnan(out))
        record.derivative(pairs)
        record.backward(pairs, np.ones_like(pairs))


# f(-inf), f(+inf), f'(-inf), f'(+inf): the mathematical limits
LIMITS = {
    "linear": (-np.inf, np.inf, 1, 1),
    "sigmoid": (0, 1, 0, 0),
    "tanh": (-1, 1, 0, 0),
    "relu": (0, np.inf, 0, 1),
    "leaky_relu": (-np.inf, np.inf, 0.01, 1),
    "elu": (-1, np.inf, 0, 1),
    "selu": (-act.SELU_SCALE * act.SELU_ALPHA, np.inf, 0, act.SELU_SCALE),
    "gelu": (0, np.inf, 0, 1),
    "swish": (0, np.inf, 0, 1),
    "silu": (0, np.inf, 0, 1),
    "mish": (0, np.inf, 0, 1),
    "softplus": (0, np.inf, 0, 1),
}


def test_limits_cover_every_elementwise_activation():
    assert set(LIMITS) == set(ELEMENTWISE)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_infinities_give_the_mathematical_limits(name, dtype):
    z = np.array([-np.inf, np.inf], dtype=dtype)
    lo, hi, dlo, dhi = LIMITS[name]
    np.testing.assert_allclose(npdl.ACTIVATIONS[name](z), [lo, hi], rtol=1e-7)
    np.testing.assert_allclose(derivative_of(name)(z), [dlo, dhi], rtol=1e-7)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_nan_propagates(name):
    z = np.array([-1.0, np.nan, 2.0])
    for f in (npdl.ACTIVATIONS[name].function, derivative_of(name)):
        out = f(z)
        np.testing.assert_array_equal(np.isnan(out), [False, True, False])


def test_gelu_approximate_handles_the_extremes():
    z = np.array([-np.inf, -1e308, -60.0, np.nan, 60.0, 1e308, np.inf])
    out = npdl.gelu(z, approximate=True)
    np.testing.assert_array_equal(out, [0, 0, 0, np.nan, 60.0, 1e308, np.inf])
    d = act.gelu_derivative(z, approximate=True)
    np.testing.assert_array_equal(d, [0, 0, 0, np.nan, 1, 1, 1])


# --------------------------------------------------------------------------
# softmax and log-softmax
# --------------------------------------------------------------------------


def test_softmax_matches_scipy_along_rows_and_columns(rng):
    z = rng.normal(0, 5, (6, 4))
    np.testing.assert_allclose(npdl.softmax(z), special.softmax(z, axis=-1), rtol=1e-14)
    np.testing.assert_allclose(npdl.softmax(z, axis=0), special.softmax(z, axis=0), rtol=1e-14)
    np.testing.assert_allclose(npdl.log_softmax(z), special.log_softmax(z, axis=-1),
                               rtol=1e-14)  # fmt: skip
    np.testing.assert_allclose(npdl.log_softmax(z, axis=0), special.log_softmax(z, axis=0),
                               rtol=1e-14)  # fmt: skip


def test_softmax_normalises_each_row_not_the_whole_batch():
    z = np.array([[1.0, 2.0, 3.0], [10.0, 10.0, 10.0]])
    out = npdl.softmax(z)
    np.testing.assert_allclose(out.sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(out[1], [1 / 3, 1 / 3, 1 / 3])


def test_softmax_one_dimensional_and_three_dimensional(rng):
    v = rng.normal(size=5)
    np.testing.assert_allclose(npdl.softmax(v), special.softmax(v))
    t = rng.normal(size=(2, 3, 4))
    np.testing.assert_allclose(npdl.softmax(t, axis=1), special.softmax(t, axis=1))


def test_softmax_is_exact_for_extreme_logits():
    np.testing.assert_array_equal(npdl.softmax([1000.0, 0.0, -1000.0]), [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(npdl.log_softmax([1000.0, 0.0, -1000.0]), [0.0, -1000.0, -2000.0])
    np.testing.assert_array_equal(npdl.softmax([1e308, -1e308]), [1.0, 0.0])
    np.testing.assert_array_equal(npdl.log_softmax([1e308, -1e308]), [0.0, -np.inf])
    # equal huge logits share the mass
    np.testing.assert_array_equal(npdl.softmax([1e308, 1e308]), [0.5, 0.5])


def test_softmax_limits_with_infinities():
    z = np.array([
        [np.inf, 0.0, -np.inf],      # all mass on +inf
        [np.inf, np.inf, 1.0],       # shared between the +infs
        [0.0, -np.inf, 0.0],         # -inf is a mask: probability 0
        [-np.inf, -np.inf, -np.inf], # undefined: 0/0
        [1.0, np.nan, 2.0],          # NaN spoils its row only
    ])  # fmt: skip
    out = npdl.softmax(z)
    np.testing.assert_array_equal(out[:3], [[1, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5]])
    assert np.all(np.isnan(out[3])) and np.all(np.isnan(out[4]))
    log_out = npdl.log_softmax(z)
    np.testing.assert_array_equal(log_out[0], [0, -np.inf, -np.inf])
    np.testing.assert_allclose(log_out[2], [np.log(0.5), -np.inf, np.log(0.5)])
    assert np.all(np.isnan(log_out[3])) and np.all(np.isnan(log_out[4]))


def test_softmax_rejects_scalars_and_bad_axes():
    with pytest.raises(ValueError, match="at least\none dimension|at least one dimension"):
        npdl.softmax(3.0)
    with pytest.raises(ValueError, match="axis 2 is out of range for an array of shape"):
        npdl.softmax(np.ones((2, 3)), axis=2)
    with pytest.raises(TypeError, match="axis must be an int"):
        npdl.log_softmax(np.ones(3), axis=0.5)


@pytest.mark.parametrize("name", NORMALISING)
@pytest.mark.parametrize("axis", [-1, 0])
def test_jacobian_matches_central_differences(name, axis, rng):
    z = rng.normal(0, 2, (3, 4))
    f = npdl.ACTIVATIONS[name].function
    jac = derivative_of(name)(z, axis=axis)
    # numeric: d out[p, q] / d z[r, s]; pick the blocks inside one slice
    numeric = numerical_jacobian(lambda x: f(x, axis=axis), z)
    zm = np.moveaxis(z, axis, -1)
    # compare slice by slice: J[b] (n x n) against the numeric sub-Jacobian
    for b in range(zm.shape[0]):
        num = np.empty((zm.shape[-1], zm.shape[-1]))
        for i in range(zm.shape[-1]):
            for j in range(zm.shape[-1]):
                out_index = (b, i) if axis == -1 else (i, b)
                in_index = (b, j) if axis == -1 else (j, b)
                num[i, j] = numeric[out_index + in_index]
        np.testing.assert_allclose(jac[b], num, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", NORMALISING)
@pytest.mark.parametrize("axis", [-1, 0])
def test_backward_is_the_jacobian_vector_product(name, axis, rng):
    z = rng.normal(0, 2, (5, 3))
    dA = rng.normal(size=z.shape)
    record = npdl.ACTIVATIONS[name]
    dZ = record.backward(z, dA, axis=axis)
    # the gradient of L = sum(dA * f(z)) with respect to z
    numeric = numerical_jacobian(lambda x: np.sum(dA * record.function(x, axis=axis)), z)
    np.testing.assert_allclose(dZ, numeric, rtol=1e-6, atol=1e-9)
    # and the same as multiplying by the explicit Jacobian
    jac = record.derivative(z, axis=axis)
    dAm = np.moveaxis(dA, axis, -1)
    via_jac = np.moveaxis(np.einsum("...i,...ij->...j", dAm, jac), -1, axis)
    np.testing.assert_allclose(dZ, via_jac, rtol=1e-12, atol=1e-14)
    # passing the forward output gives the same answer
    np.testing.assert_allclose(record.backward(z, dA, a=record.function(z, axis=axis),
                                               axis=axis), dZ, rtol=1e-12, atol=1e-14)  # fmt: skip


def test_softmax_backward_checks_the_upstream_shape():
    with pytest.raises(ValueError, match=r"dA must have the shape of z, \(2, 3\); got \(3,\)"):
        act.softmax_backward(np.zeros((2, 3)), np.zeros(3))


# --------------------------------------------------------------------------
# activation_forward / activation_backward and Activation.backward
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_forward_and_backward_dispatch(name, rng):
    z = rng.normal(0, 2, (4, 3))
    dA = rng.normal(size=z.shape)
    record = npdl.get_activation(name)
    a = npdl.activation_forward(z, name)
    np.testing.assert_array_equal(a, record.function(z))
    np.testing.assert_array_equal(npdl.activation_backward(z, a, name), record.derivative(z))
    np.testing.assert_allclose(npdl.activation_backward(z, a, name, dA=dA),
                               dA * record.derivative(z))  # fmt: skip
    np.testing.assert_allclose(record.backward(z, dA), dA * record.derivative(z))


def test_backward_passes_parameters_through():
    z = np.array([-2.0, 3.0])
    np.testing.assert_allclose(npdl.activation_backward(z, None, "leaky_relu", dA=[1.0, 1.0],
                                                        alpha=0.3), [0.3, 1.0])  # fmt: skip
    np.testing.assert_allclose(npdl.activation_forward(z, "elu", alpha=2.0),
                               npdl.elu(z, alpha=2.0))  # fmt: skip


def test_activation_backward_checks_shapes():
    with pytest.raises(ValueError, match="shape"):
        npdl.activation_backward(np.zeros(3), np.zeros(4), "relu")
    with pytest.raises(ValueError, match="shape"):
        npdl.activation_backward(np.zeros(3), None, "sigmoid", dA=np.zeros((3, 1)))


def test_softmax_derivative_through_activation_backward_is_the_jacobian():
    z = np.array([[0.0, 1.0, 2.0]])
    jac = npdl.activation_backward(z, None, "softmax")
    assert jac.shape == (1, 3, 3)
    s = npdl.softmax(z)[0]
    np.testing.assert_allclose(jac[0], np.diag(s) - np.outer(s, s))


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ELEMENTWISE + NORMALISING)
def test_non_numeric_input_is_a_type_error(name):
    f = npdl.ACTIVATIONS[name].function
    with pytest.raises(TypeError, match=f"{name} expects real numbers.*dtype <U"):
        f(["a", "b"])
    with pytest.raises(TypeError, match="complex128"):
        f(np.array([1 + 2j, 0j]))


def test_ragged_input_is_a_value_error():
    with pytest.raises(ValueError, match="rectangular"):
        npdl.relu([[1.0, 2.0], [3.0]])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: npdl.leaky_relu([1.0], alpha="0.1"), TypeError, "alpha must be a real number"),
        (lambda: npdl.leaky_relu([1.0], alpha=np.nan), ValueError, "alpha must be a finite"),
        (lambda: npdl.elu([1.0], alpha=[1, 2]), TypeError, "alpha must be a real number"),
        (lambda: npdl.swish([1.0], beta=0.0), ValueError, "beta must be a positive"),
        (lambda: npdl.swish([1.0], beta=-1.0), ValueError, "beta must be a positive"),
        (lambda: npdl.gelu([1.0], approximate="tanh"), TypeError, "approximate must be True"),
    ],
)
def test_bad_parameters_say_what_was_expected(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("name", sorted(DESIGN_NAMES))
def test_default_initialiser_is_an_npdl_init_function(name):
    from npdl import init

    record = npdl.get_activation(name)
    assert record.default_init in init.__all__
    matched = {"elu": "elu_normal", "gelu": "gelu_normal", "swish": "swish_normal",
               "silu": "swish_normal", "mish": "mish_normal", "softplus": "softplus_normal",
               "relu": "he_normal", "leaky_relu": "he_normal", "selu": "lecun_normal"}
    expected = matched.get(name, "glorot_normal")
    assert record.default_init == expected
