"""The checkers pass right answers and catch known-wrong ones.

Robustness (garbage in, untouched starters, np.seterr, damaged data, endless
loops) is in test_exercises_robust.py; the package layout and its API page in
test_exercises_layout.py.
"""

import numpy as np
import pytest
from scipy import special

import npdl
from npdl import exercises as ex


def naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))  # overflows for z < -709


def stable_sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def whole_matrix_softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()  # normalises the whole batch, not each row


def unshifted_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)  # exp(1000) = inf -> nan


def row_softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def column_softmax(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def relu_in_place(z):
    z[z < 0] = 0  # modifies the caller's array
    return z


def placeholder(*args):
    return None


def raises(*args):
    raise NotImplementedError("not yet")


RIGHT = [
    (ex.check_sigmoid, stable_sigmoid),
    (ex.check_sigmoid, npdl.sigmoid),
    (ex.check_relu, lambda z: np.maximum(z, 0)),
    (ex.check_softmax, row_softmax),
    (ex.check_standardize, lambda X: (X - X.mean(axis=0)) / X.std(axis=0)),
    (ex.check_affine, lambda X, W, b: X @ W + b),
    (ex.check_affine, lambda X, W, b: np.dot(X, W) + b),
    (ex.check_boundary_point, lambda w, b: -b * w / np.dot(w, w)),
    (ex.check_distance_to_boundary, lambda w, b: abs(b) / np.linalg.norm(w)),
    (ex.check_distance_to_boundary, lambda w, b: abs(b) / np.sqrt(np.sum(w**2))),
    (ex.check_threshold, lambda w, b: -b / w),
    (ex.check_fraction_saturated, lambda d, z, tol: np.mean(np.abs(d(z)) < tol)),
    (ex.check_fraction_saturated, lambda d, z, tol: np.count_nonzero(np.abs(d(z)) < tol) / z.size),
    (ex.check_leaky_relu, lambda z, alpha: np.where(z > 0, z, alpha * z)),
    (ex.check_leaky_relu, lambda z, alpha: np.maximum(z, 0) + alpha * np.minimum(z, 0)),
    (ex.check_elu, lambda z, alpha: np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))),
    (ex.check_elu, lambda z, alpha: np.maximum(z, 0) + alpha * np.expm1(np.minimum(z, 0))),
    (ex.check_gelu, lambda z: z * special.ndtr(z)),
    (ex.check_gelu, lambda z: 0.5 * z * special.erfc(-z / np.sqrt(2))),
    (ex.check_mish, lambda z: z * np.tanh(np.logaddexp(0, z))),
    (ex.check_mish, lambda z: z * np.tanh(np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))))),
    (ex.check_softplus, lambda z: np.logaddexp(0, z)),
    (ex.check_softplus, lambda z: np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))),
    (ex.check_rank_bound, min),
    (ex.check_rank_bound, lambda widths: int(np.min(widths))),
    (ex.check_layer_shapes, lambda sizes, n: [((a, b), (b,), (n, b))
                                              for a, b in zip(sizes[:-1], sizes[1:])]),
]

# (checker, wrong answer, the case that must be reported first)
WRONG = [
    (ex.check_sigmoid, naive_sigmoid, "large negative input"),
    (ex.check_sigmoid, lambda z: 1 / (1 + np.exp(z)), "ordinary inputs"),  # sign slip
    (ex.check_sigmoid, lambda z: np.exp(z) / (1 + np.exp(z)), "large positive input"),
    (ex.check_relu, relu_in_place, "ordinary inputs"),
    (ex.check_relu, lambda z: np.max([z, np.zeros_like(z)]), "ordinary inputs"),
    (ex.check_relu, lambda z: np.maximum(z, 0).ravel(), "a 2-D batch keeps its shape"),
    (ex.check_softmax, whole_matrix_softmax, "a batch: each row sums to 1"),
    (ex.check_softmax, unshifted_softmax, "large logits"),
    (ex.check_softmax, column_softmax, "a batch: each row sums to 1"),
    (ex.check_standardize, lambda X: (X - X.mean()) / X.std(), "6 samples, 3 features"),
    (ex.check_standardize,
     lambda X: (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True),
     "6 samples, 3 features"),
    (ex.check_standardize, lambda X: X - X.mean(axis=0), "6 samples, 3 features"),
    (ex.check_affine, lambda X, W, b: X @ W, "a batch of 5 samples, 3 inputs, 2 outputs"),
    (ex.check_affine, lambda X, W, b: np.einsum("...i,ij->...j", X, W) + b, None),  # right too
    (ex.check_affine, lambda X, W, b: W @ X + b, "a batch of 5 samples, 3 inputs, 2 outputs"),
    (ex.check_affine, lambda X, W, b: X @ W.T + b, "a batch of 5 samples, 3 inputs, 2 outputs"),
    (ex.check_boundary_point, lambda w, b: b * w / np.dot(w, w), "w = (2, -1), b = 0.5"),
    (ex.check_boundary_point, lambda w, b: -b * w / np.linalg.norm(w), "w = (2, -1), b = 0.5"),
    (ex.check_boundary_point, lambda w, b: -b / w, "w = (2, -1), b = 0.5"),
    (ex.check_distance_to_boundary, lambda w, b: b / np.linalg.norm(w),
     "w = (0, 3), b = -6: a horizontal line"),
    (ex.check_distance_to_boundary, lambda w, b: abs(b) / np.dot(w, w), "w = (2, -1), b = 0.5"),
    (ex.check_distance_to_boundary, lambda w, b: abs(b) / np.sum(np.abs(w)),
     "w = (2, -1), b = 0.5"),
    (ex.check_threshold, lambda w, b: b / w, "w = 2, b = 1"),
    (ex.check_threshold, lambda w, b: -w / b, "w = 2, b = 1"),
    (ex.check_threshold, lambda w, b: -b, "w = 2, b = 1"),
    (ex.check_fraction_saturated, lambda d, z, tol: np.mean(d(z) < tol),
     "gelu' is negative for some inputs"),  # forgot the absolute value
    (ex.check_fraction_saturated, lambda d, z, tol: np.sum(np.abs(d(z)) < tol),
     "sigmoid' on [-10, 10], tol = 0.01"),  # a count, not a fraction
    (ex.check_fraction_saturated, lambda d, z, tol: np.mean(np.abs(d(z)) > tol),
     "sigmoid' on [-10, 10], tol = 0.01"),  # the complement
    (ex.check_sigmoid_second_derivative,
     lambda a: npdl.sigmoid(a) * (1 - npdl.sigmoid(a)), "outputs of sigmoid at a few points"),
    (ex.check_sigmoid_second_derivative, lambda a: a * (1 + a),
     "outputs of sigmoid at a few points"),
    (ex.check_sigmoid_second_derivative, lambda a: 1 - a**2,
     "outputs of sigmoid at a few points"),  # that is tanh's rule
    (ex.check_tanh_from_sigmoid, lambda z: 2 * npdl.sigmoid(z) - 1, "a few points"),  # z not 2z
    (ex.check_tanh_from_sigmoid, lambda z: npdl.sigmoid(2 * z) - 1, "a few points"),
    (ex.check_tanh_from_sigmoid, lambda z: 2 * npdl.sigmoid(2 * z) + 1, "a few points"),
    (ex.check_leaky_relu, lambda z, alpha: np.maximum(z, alpha * z),
     "slope 1.5 (a PReLU can learn a slope above 1)"),
    (ex.check_leaky_relu, lambda z, alpha: np.where(z > 0, z, alpha), "the default slope 0.01"),
    (ex.check_leaky_relu, lambda z, alpha: alpha * z, "the default slope 0.01"),
    (ex.check_elu, lambda z, alpha: np.where(z > 0, z, alpha * (np.exp(z) - 1)),
     "inputs very close to 0"),  # cancellation, and overflow at 800
    (ex.check_elu, lambda z, alpha: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
     "alpha = 0.5"),  # forgot alpha
    (ex.check_elu, lambda z, alpha: np.where(z > 0, z, alpha * np.exp(np.minimum(z, 0))),
     "the default alpha = 1"),  # forgot the -1
    (ex.check_gelu, lambda z: 0.5 * z * (1 + special.erf(z / np.sqrt(2))),
     "the left tail: tiny negative outputs"),
    (ex.check_gelu, lambda z: npdl.gelu(z, approximate=True), "ordinary inputs"),
    (ex.check_gelu, lambda z: z * special.expit(1.702 * z), "ordinary inputs"),
    (ex.check_mish, lambda z: z * np.tanh(np.log1p(np.exp(z))), "large inputs: no overflow"),
    (ex.check_mish, lambda z: z * special.expit(z), "ordinary inputs"),  # that is swish
    (ex.check_mish, lambda z: np.tanh(np.logaddexp(0, z)), "ordinary inputs"),  # no z
    (ex.check_softplus, lambda z: np.log(1 + np.exp(z)), "large inputs: no overflow"),
    (ex.check_softplus, lambda z: np.maximum(z, 0) + np.log(1 + np.exp(-np.abs(z))),
     "very negative inputs keep their digits"),  # log instead of log1p
    (ex.check_softplus, npdl.relu, "ordinary inputs"),
    (ex.check_rank_bound, lambda widths: min(widths[1:-1]), "widths [2, 16, 16, 1]"),
    (ex.check_rank_bound, max, "widths [784, 32, 784]"),
    (ex.check_rank_bound, lambda widths: widths[-1], "widths [784, 32, 784]"),
    (ex.check_layer_shapes, lambda sizes, n: [((b, a), (b,), (n, b))
                                              for a, b in zip(sizes[:-1], sizes[1:])],
     "layer sizes [3, 4, 2], 5 samples"),  # the column convention's W
    (ex.check_layer_shapes, lambda sizes, n: [((a, b), (b,), (b, n))
                                              for a, b in zip(sizes[:-1], sizes[1:])],
     "layer sizes [3, 4, 2], 5 samples"),  # samples as columns
    (ex.check_layer_shapes, lambda sizes, n: [((a, b), (b, 1), (n, b))
                                              for a, b in zip(sizes[:-1], sizes[1:])],
     "layer sizes [3, 4, 2], 5 samples"),  # a column bias
]  # fmt: skip


@pytest.mark.parametrize(("checker", "fn"), RIGHT)
def test_right_answers_pass(checker, fn, capsys):
    result = checker(fn)
    out = capsys.readouterr().out
    assert result, out
    assert "all" in out and "pass" in out and "✗" not in out


@pytest.mark.parametrize(("checker", "fn", "first_failure"), WRONG)
def test_known_wrong_answers_are_caught(checker, fn, first_failure, capsys):
    result = checker(fn)
    out = capsys.readouterr().out
    if first_failure is None:  # listed to pin that an equivalent form passes
        assert result, out
        return
    assert not result
    assert f"First failing case: {first_failure}" in out
    assert "expected:" in out and "got:" in out and "hint:" in out
    assert f"✗ {first_failure}" in out


@pytest.mark.parametrize("checker", [c for c, _ in RIGHT])
@pytest.mark.parametrize("fn", [placeholder, raises, "not a function"])
def test_checkers_never_raise(checker, fn, capsys):
    result = checker(fn)
    out = capsys.readouterr().out
    assert not result
    assert result.n_cases >= 1
    if isinstance(fn, str):
        assert "expected a function, got str" in out
    else:  # a placeholder: None, or NotImplementedError
        assert not result.attempted
        assert "not attempted yet" in out


def test_changing_the_input_is_reported(capsys):
    ex.check_relu(relu_in_place)
    assert "changed its input array in place" in capsys.readouterr().out


def test_overflow_is_reported_even_when_the_values_are_right(capsys):
    ex.check_sigmoid(naive_sigmoid)
    out = " ".join(capsys.readouterr().out.split())  # long lines are wrapped
    assert "NumPy warned: overflow encountered in exp" in out


def test_report_lines_fit_a_notebook_cell(capsys):
    ex.check_softmax(unshifted_softmax)
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_every_checker_catches_at_least_two_wrong_answers():
    caught = {}
    for checker, _, first in WRONG:
        if first is not None:
            caught[checker] = caught.get(checker, 0) + 1
    for checker, _ in RIGHT:
        assert caught.get(checker, 0) >= 2, checker.__name__


def test_result_lists_cases_in_order(capsys):
    result = ex.check_softmax(whole_matrix_softmax)
    capsys.readouterr()
    assert result.passed == ["one vector of logits"]
    assert result.failed[0] == "a batch: each row sums to 1"
    assert result.n_cases == 6


# --------------------------------------------------------------------------
# checkers of values rather than functions
# --------------------------------------------------------------------------

EX = ex.NEURON_EXERCISE


def exact_z():
    # worked by hand: 0.4*1 + 0.3*(-2) + (-1.2)*0.5 + 0.1 = -0.7
    return -0.7


def test_neuron_by_hand_passes_the_hand_worked_answer(capsys):
    z = exact_z()
    assert ex.check_neuron_by_hand(z, 1 / (1 + np.exp(-z)))
    assert "all 2 cases pass" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("z", "a", "first_failure"),
    [
        (-0.8, 1 / (1 + np.exp(0.8)), "the pre-activation z"),  # forgot the bias
        (-0.7, -0.7, "the output a"),  # forgot the activation
        (-0.7, np.tanh(-0.7), "the output a"),  # the wrong activation
        (None, 0.3318, "the pre-activation z"),  # half done
    ],
)
def test_neuron_by_hand_catches_wrong_answers(z, a, first_failure, capsys):
    assert not ex.check_neuron_by_hand(z, a)
    assert f"First failing case: {first_failure}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("gate", "weights", "bias"),
    [("and", [1.0, 1.0], -1.5), ("or", [1.0, 1.0], -0.5), ("nand", [-1.0, -1.0], 1.5),
     ("nor", [-2.0, -2.0], 1.0), ("and", np.array([20.0, 20.0]), -30.0)],
)  # fmt: skip
def test_logic_gates_pass_right_weights(gate, weights, bias, capsys):
    assert ex.check_logic_gate(weights, bias, gate)
    assert "all 4 cases pass" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("gate", "weights", "bias", "first_failure"),
    [
        ("and", [1.0, 1.0], -0.5, "(0, 1) -> 0"),  # OR's weights for AND
        ("and", [1.0, 1.0], 0.0, "(0, 0) -> 0"),  # no bias: sigmoid(0) = 0.5 is not below 0.5
        ("and", [-1.0, -1.0], 1.5, "(0, 0) -> 0"),  # signs flipped: that is NAND
        ("or", [1.0, 1.0], -1.5, "(0, 1) -> 1"),  # AND's weights for OR
        ("or", [1.0, 1.0], 0.5, "(0, 0) -> 0"),  # bias too large
        ("and", [1.0, 1.0], None, "(0, 0) -> 0"),  # the bias forgotten
    ],
)
def test_logic_gates_catch_wrong_weights(gate, weights, bias, first_failure, capsys):
    assert not ex.check_logic_gate(weights, bias, gate)
    out = capsys.readouterr().out
    assert f"First failing case: {first_failure}" in out
    assert "hint:" in out


def test_no_weights_make_a_single_neuron_compute_xor(capsys):
    # a brute-force search over a grid of weights and biases finds none
    grid = np.linspace(-3, 3, 13)
    for w1 in grid:
        for w2 in grid:
            for b in grid:
                assert not ex.check_logic_gate([w1, w2], b, "xor")
    capsys.readouterr()


def test_unknown_gate_is_reported(capsys):
    assert not ex.check_logic_gate([1, 1], 0, "xand")
    assert "unknown gate 'xand'; choose from ['and'," in capsys.readouterr().out


NON_MONOTONIC = {"gelu", "swish", "silu", "mish"}  # each dips below 0 for negative z


def test_non_monotonic_passes_the_right_set(capsys):
    assert ex.check_non_monotonic(NON_MONOTONIC)
    assert ex.check_non_monotonic(sorted(NON_MONOTONIC))  # any collection
    capsys.readouterr()


@pytest.mark.parametrize(
    ("names", "first_failure"),
    [
        (NON_MONOTONIC - {"mish"}, "mish is not monotonic"),
        (NON_MONOTONIC | {"relu"}, "relu is monotonic"),
        (NON_MONOTONIC | {"elu"}, "elu is monotonic"),  # elu curves, but never turns back
        (set(), "gelu is not monotonic"),
        (["linear"], "linear is monotonic"),
    ],
)
def test_non_monotonic_catches_wrong_sets(names, first_failure, capsys):
    assert not ex.check_non_monotonic(names)
    assert f"First failing case: {first_failure}" in capsys.readouterr().out


def test_the_monotonicity_facts_match_the_derivatives():
    # independent of the checker's grid test: a monotonic function's
    # derivative never changes sign
    z = np.linspace(-10, 10, 4001)
    for name, record in npdl.ACTIVATIONS.items():
        if record.elementwise:
            d = record.derivative(z)
            assert (np.all(d >= 0) or np.all(d <= 0)) == (name not in NON_MONOTONIC), name


def gelu_gap_by_hand():
    # an independent search: golden-section refinement of |difference| near
    # its peak, starting from a coarse grid
    from scipy.optimize import minimize_scalar

    def neg_gap(z):
        return -abs(float(npdl.gelu(z, approximate=True) - npdl.gelu(z)))

    coarse = np.linspace(0, 10, 1001)
    start = coarse[np.argmin([neg_gap(z) for z in coarse])]
    best = minimize_scalar(neg_gap, bracket=(start - 0.02, start, start + 0.02))
    return best.x, -best.fun


def test_gelu_gap_passes_an_independent_answer_of_either_sign(capsys):
    z_star, gap = gelu_gap_by_hand()
    assert ex.check_gelu_gap(z_star, gap)
    assert ex.check_gelu_gap(-z_star, gap)
    capsys.readouterr()


@pytest.mark.parametrize(
    ("answer", "first_failure"),
    [
        ((-1.3645, 2.3367e-4), "the size of the largest difference"),  # argmin of the signed gap
        ((2.699, -4.7324e-4), "the size of the largest difference"),  # a signed gap
        ((1.3645, 4.7324e-4), "where it happens (either sign)"),
        ((2.699, None), "the size of the largest difference"),
    ],
)
def test_gelu_gap_catches_wrong_answers(answer, first_failure, capsys):
    assert not ex.check_gelu_gap(*answer)
    assert f"First failing case: {first_failure}" in capsys.readouterr().out


XOR_RELU = ([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], [1.0, -2.0], 0.0)


def test_xor_network_passes_the_classic_relu_solution_and_a_sigmoid_one(capsys):
    # one unit for "x1 on, x2 off", one for "x2 on, x1 off" (not the traced network)
    assert ex.check_xor_network([[1.0, -1.0], [-1.0, 1.0]], [0.0, 0.0], [1.0, 1.0], 0.0)
    # XOR = AND(OR, NAND) with steep sigmoids: hidden units OR and NAND (each
    # about 0 or 1), output h_or + h_nand - 1, which is 1 only when both are on
    W1 = [[20.0, -20.0], [20.0, -20.0]]
    b1 = [-10.0, 30.0]
    assert ex.check_xor_network(W1, b1, [1.0, 1.0], -1.0, activation="sigmoid")
    capsys.readouterr()


@pytest.mark.parametrize(
    ("params", "activation", "first_failure"),
    [
        (([[1, 1], [1, 1]], [0, 0], [1, -2], 0.0), "relu", "(0, 1) -> 1"),  # no bias on h2
        (XOR_RELU, "linear", "(0, 0) -> 0"),  # without the non-linearity
        (([[1, 1], [1, 1]], [0, -1], [-1, 2], 0.0), "relu", "(0, 1) -> 1"),  # signs flipped
    ],
)
def test_xor_network_catches_wrong_weights(params, activation, first_failure, capsys):
    assert not ex.check_xor_network(*params, activation=activation)
    assert f"First failing case: {first_failure}" in capsys.readouterr().out


def test_single_neuron_gates(capsys):
    assert ex.check_single_neuron_gates({"and", "or", "nand"})
    capsys.readouterr()
    for names, first in [({"and", "or", "nand", "xor"}, "xor is not computable"),
                         ({"and", "or"}, "nand is computable"),
                         ({"or", "nand"}, "and is computable")]:  # fmt: skip
        assert not ex.check_single_neuron_gates(names)
        assert f"First failing case: {first}" in capsys.readouterr().out


def test_xor_network_refuses_the_network_the_chapter_traced(capsys):
    """The exercise asks for a *different* 2-2-1 network: the traced one, or the
    same with its hidden units swapped, computes XOR but is not an answer."""
    W1, b1, w2, b2 = ex.XOR_TRACED
    assert not ex.check_xor_network(W1, b1, w2, b2)
    swapped = (np.asarray(W1)[:, ::-1], np.asarray(b1)[::-1], np.asarray(w2)[::-1, None], [b2])
    assert not ex.check_xor_network(*swapped)
    assert "network the chapter traced" in capsys.readouterr().out
    assert ex.check_xor_network([[1, -1], [-1, 1]], [0, 0], [1, 1], 0.0)  # the solution's idea
    assert ex.check_xor_network([[2, -2], [-2, 2]], [0, 0], [1, 1], 0.0)  # scaled: different
