"""The new checkers of Part III, *Why non-linearity matters*: a linear
network whose collapse is a constant, and one non-monotone neuron that
computes XOR. Right answers written in several ways pass, the mistakes
learners make fail on the case that names them with the hint for it, and the
chapters' claims the exercises rest on hold.

``RIGHT_CALLS_NONLIN`` gives one right call per new checker, in the form of
``RIGHT_CALLS`` in test_exercises_robust.py, for the robustness tests there.
"""

from pathlib import Path

import numpy as np
import pytest

import npdl
from npdl import exercises as ex
from npdl.network import collapse_affine

from .checking import assert_reported, run

# --------------------------------------------------------------------------
# a network whose collapse is a constant
# --------------------------------------------------------------------------

# rows of W1 are multiples of (1, 2), columns of W2 multiples of (2, -1)
CONSTANT_W = [[[1.0, 2.0], [-3.0, -6.0], [0.5, 1.0]],
              [[2.0, -4.0, 6.0], [-1.0, 2.0, -3.0]]]  # fmt: skip
CONSTANT_B = [[1.0, -1.0], [0.5, 0.0, 2.0]]


def test_the_solution_network_is_constant():
    # independently of the checker: five inputs, one output
    X = np.random.default_rng(0).normal(size=(5, 3))
    out = (X @ np.array(CONSTANT_W[0]) + CONSTANT_B[0]) @ np.array(CONSTANT_W[1]) + CONSTANT_B[1]
    np.testing.assert_allclose(out, np.tile([3.5, -6.0, 11.0], (5, 1)))


@pytest.mark.parametrize(
    ("weights", "biases"),
    [
        (CONSTANT_W, CONSTANT_B),
        ([np.array(W) for W in CONSTANT_W], [np.array(b) for b in CONSTANT_B]),
        (tuple(np.array(W, dtype=np.float32) for W in CONSTANT_W), tuple(CONSTANT_B)),
        ([[[1, 2], [2, 4]], [[2, 2], [-1, -1]]], [[0, 0], [1, 1]]),  # ints
        ([[[1, 2], [2, 4]], [[2, 2], [-1, -1]]], [[[0, 0]], [[1, 1]]]),  # row biases
        # three layers whose first two already cancel
        ([[[1.0, 1.0]], [[1.0, -1.0], [-1.0, 1.0]], [[3.0], [-2.0]]], [[0, 0], [0, 0], [5.0]]),
        # three layers, no two of them cancel: W1 @ W2 != 0, W2 @ W3 != 0
        ([[[1.0, 1.0, 1.0]], [[1.0, 2.0], [1.0, -2.0], [-1.0, 1.0]], [[1.0], [-1.0]]],
         [[1, 2, 3], [4, 5], [6]]),
        # weights of 1/3 and 3: the product is 0 only up to round-off
        ([[[1 / 3, 2 / 3], [1.0, 2.0]], [[2.0, 6.0], [-1.0, -3.0]]], [[0.1, 0.2], [0.3, 0.4]]),
    ],
)  # fmt: skip
def test_constant_collapse_passes_right_networks(weights, biases, capsys):
    result, out = run(capsys, ex.check_constant_collapse, weights, biases)
    assert result, out
    assert_reported(result, out)


@pytest.mark.parametrize(
    ("weights", "biases", "first", "hint"),
    [
        # a zero matrix: trivially constant
        ([np.zeros((2, 2)), np.ones((2, 2))], [[0, 0], [1, 1]], "no weight is zero",
         "let the product W1 @ W2 cancel"),
        # one layer
        ([np.ones((2, 2))], [[0, 0]], "a stack of two or more layers",
         "a stack of layers"),
        # a hidden layer of width 1: an outer product, never 0
        ([[[1.0], [2.0]], [[2.0, -2.0]]], [[0.0], [1.0, 1.0]],
         "the collapsed matrix W1 @ ... @ WL is 0", "hidden layer of width 1"),
        # "opposite layers cancel": W @ (-W) = -(W @ W)
        ([[[1.0, 2.0], [3.0, 4.0]], [[-1.0, -2.0], [-3.0, -4.0]]], [[0, 0], [0, 0]],
         "the collapsed matrix W1 @ ... @ WL is 0", "opposites do not cancel"),
        # the column convention: W2 @ W1 = 0 but W1 @ W2 != 0
        ([[[1.0, 1.0], [-1.0, -1.0]], [[1.0, 1.0], [1.0, 1.0]]], [[0, 0], [0, 0]],
         "the collapsed matrix W1 @ ... @ WL is 0", "column convention's order"),
        # shapes that do not chain
        ([np.ones((2, 3)), np.ones((2, 3))], [np.ones(3), np.ones(3)],
         "a stack of two or more layers", "the shapes must chain"),
        # a bias per layer missing
        ([np.ones((2, 2)), np.ones((2, 2))], [np.ones(2)],
         "a stack of two or more layers", "one bias vector per weight matrix"),
    ],
)  # fmt: skip
def test_constant_collapse_catches_the_usual_mistakes(weights, biases, first, hint, capsys):
    result, out = run(capsys, ex.check_constant_collapse, weights, biases)
    assert not result, out
    assert_reported(result, out)
    flat = " ".join(out.split())
    assert f"First failing case: {first}" in flat
    assert hint in flat, out


@pytest.mark.parametrize(
    ("weights", "biases", "shown"),
    [
        # a bias of the wrong length
        ([[[1.0, 2.0], [2.0, 4.0]], [[2.0, 2.0], [-1.0, -1.0]]], [np.zeros(3), np.zeros(2)],
         "weights of shapes (2, 2) -> (2, 2)"),
        # one matrix instead of a list: not shown as the shapes of its rows
        (np.ones((2, 2)), np.ones(2), "weights = array("),
    ],
)  # fmt: skip
def test_constant_collapse_shape_mistakes_get_a_hint_about_shapes(weights, biases, shown,
                                                                  capsys):  # fmt: skip
    result, out = run(capsys, ex.check_constant_collapse, weights, biases)
    assert not result and result.attempted, out
    flat = " ".join(out.split())
    assert "First failing case: a stack of two or more layers" in flat
    assert "fix the network's shapes first" in flat and shown in flat, out
    assert "constant only when W1 = 0" not in flat, out


def test_constant_collapse_untouched_starter_is_not_attempted(capsys):
    result, out = run(capsys, ex.check_constant_collapse, None, None)
    assert not result and not result.attempted
    assert "not attempted yet" in out
    assert "W1 @" not in out  # the cases' labels would give the answer away


def test_a_random_network_reaches_the_rank_bound_but_a_constant_one_has_rank_0():
    # the corollary's bound is reached generically, not always
    rng = np.random.default_rng(1)
    ws = [rng.normal(size=(3, 2)), rng.normal(size=(2, 3))]
    W, _ = collapse_affine(ws, [np.zeros(2), np.zeros(3)])
    assert np.linalg.matrix_rank(W) == 2
    W, _ = collapse_affine([np.array(w) for w in CONSTANT_W], [np.array(b) for b in CONSTANT_B])
    assert np.linalg.matrix_rank(W) == 0


def test_an_affine_activation_keeps_the_collapse():
    # g(z) = 2z + 1 between layers: the layers (2 W_l, 2 b_l + 1)
    rng = np.random.default_rng(2)
    ws = [rng.normal(size=(3, 4)), rng.normal(size=(4, 2))]
    bs = [rng.normal(size=4), rng.normal(size=2)]
    X = rng.normal(size=(10, 3))
    A = X
    for W_l, b_l in zip(ws, bs, strict=True):
        A = 2 * (A @ W_l + b_l) + 1
    W, b = collapse_affine([2 * W for W in ws], [2 * b + 1 for b in bs])
    np.testing.assert_allclose(A, X @ W + b, rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------------
# one neuron that computes XOR
# --------------------------------------------------------------------------

SWISH_XOR = ([1.0, 1.0], -2.28, -0.25)


def test_the_chapters_gelu_neuron_computes_xor_and_is_refused(capsys):
    w, b, t = ex.XOR_GELU_NEURON
    X, y = npdl.datasets.make_xor()
    a = npdl.gelu(X @ np.array(w) + b)
    np.testing.assert_array_equal((a < t).astype(int), y)  # the chapter's claim
    result, out = run(capsys, ex.check_single_neuron_xor, w, b, t, activation="gelu")
    assert not result
    assert "First failing case: a neuron of your own" in " ".join(out.split())
    # a GELU neuron of one's own is accepted
    assert ex.check_single_neuron_xor([-1.0, -1.0], 0.25, -0.1, activation="gelu")
    capsys.readouterr()


def test_the_chapter_shows_the_neuron_the_checker_refuses():
    import nbformat

    path = Path(__file__).resolve().parents[1] / "chapters" / "xor.ipynb"
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    (w1, w2), b, t = ex.XOR_GELU_NEURON
    assert f"w_gelu, b_gelu, t_gelu = np.array([{w1}, {w2}]), {b}, {t}" in source


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (SWISH_XOR, {}),
        (SWISH_XOR, {"activation": "silu"}),
        (SWISH_XOR, {"activation": npdl.swish}),
        (SWISH_XOR, {"activation": " Swish"}),
        ((np.array([1.0, 1.0]), np.float32(-2.28), np.array(-0.25)), {}),
        (([-1, -1], -0.28, -0.25), {}),  # mirrored: the dip reached from the right
        (([1.0, 1.2], -2.38, -0.25), {}),  # unequal weights
        (([3.0, 3.0], -4.28, -0.25), {}),  # the ends far from the dip
        (([1.0, 1.0], -2.19, -0.28), {"activation": "mish"}),
    ],
)  # fmt: skip
def test_single_neuron_xor_passes_right_neurons(args, kwargs, capsys):
    result, out = run(capsys, ex.check_single_neuron_xor, *args, **kwargs)
    assert result, out
    assert_reported(result, out)


@pytest.mark.parametrize(
    ("args", "kwargs", "first", "hint"),
    [
        # the chapter's GELU neuron with Swish in its place: no threshold works
        (ex.XOR_GELU_NEURON, {}, "(0, 0) -> 0", "no threshold can work"),
        # the right neuron, the threshold outside the gap
        (([1.0, 1.0], -2.28, -0.2), {}, "(0, 0) -> 0", "any threshold strictly between"),
        # "class 1 above the threshold"
        (([1.0, 1.0], -2.28, -0.29), {}, "(0, 1) -> 1", "class 1 is where the output is below"),
        # all pre-activations on the rising side of the dip
        (([1.0, 1.0], 0.0, 0.5), {}, "(0, 0) -> 0", "where is swish's minimum?"),
        # a monotone activation
        (([1.0, 1.0], -1.5, 0.5), {"activation": "sigmoid"}, "sigmoid is not monotone",
         "Use an activation that dips"),
        (([1.0, 1.0], -1.5, 0.0), {"activation": "relu"}, "relu is not monotone",
         "Use an activation that dips"),
        # the dip under (0, 0) and (1, 1): XOR with class 1 above the threshold
        (([1.0, -1.0], -1.28, -0.25), {}, "(0, 0) -> 0", "class 1 *above* a threshold"),
        # the threshold equal to the class-1 output
        (([1.0, 1.0], -2.28, float(npdl.swish(-1.28))), {}, "(0, 1) -> 1",
         "strictly between"),
    ],
)  # fmt: skip
def test_single_neuron_xor_catches_the_usual_mistakes(args, kwargs, first, hint, capsys):
    result, out = run(capsys, ex.check_single_neuron_xor, *args, **kwargs)
    assert not result, out
    assert_reported(result, out)
    flat = " ".join(out.split())
    assert f"First failing case: {first}" in flat
    assert hint in flat, out


def test_single_neuron_xor_refuses_an_unknown_or_vector_activation(capsys):
    for activation in ("swsh", "softmax", 42):
        result, out = run(capsys, ex.check_single_neuron_xor, *SWISH_XOR, activation=activation)
        assert not result
        assert "not elementwise activation" in out


def test_no_monotone_activation_computes_xor():
    # the corollary, searched: equal or unequal weights, any bias, any threshold
    X, y = npdl.datasets.make_xor()
    grid = np.linspace(-3, 3, 13)
    w1, w2, b = (g.ravel() for g in np.meshgrid(grid, grid, grid, indexing="ij"))
    Z = np.column_stack([w1, w2]) @ X.T + b[:, None]  # (n, 4)
    for name in ("sigmoid", "tanh", "relu", "elu", "softplus"):
        A = npdl.get_activation(name).function(Z)
        low, high = np.maximum(A[:, 1], A[:, 2]), np.minimum(A[:, 0], A[:, 3])
        assert not np.any(low < high), name  # no threshold below works
        low, high = np.maximum(A[:, 0], A[:, 3]), np.minimum(A[:, 1], A[:, 2])
        assert not np.any(low < high), name  # nor one above


RIGHT_CALLS_NONLIN = {
    "check_constant_collapse": ((CONSTANT_W, CONSTANT_B), {}),
    "check_single_neuron_xor": (SWISH_XOR, {}),
}


def test_the_new_checkers_have_right_calls():
    from npdl.exercises import nonlinearity

    new = {"check_constant_collapse", "check_single_neuron_xor"}
    assert new <= set(nonlinearity.__all__) and set(RIGHT_CALLS_NONLIN) == new
