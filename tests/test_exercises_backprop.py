"""The checkers of the chapter *Backpropagation and gradient checking*:
right answers written in several ways pass, the mistakes learners make fail
on the case that names them, and the checkers survive any answer.

``RIGHT_CALLS_BACKPROP`` gives one right call per checker, in the form of
``RIGHT_CALLS`` in test_exercises_robust.py, for the robustness tests there.
"""

import numpy as np
import pytest

import npdl
from npdl import exercises as ex
from npdl.exercises import backprop
from npdl.losses import cross_entropy_gradient, mse_gradient

# --------------------------------------------------------------------------
# the backward pass of one dense layer
# --------------------------------------------------------------------------


def derivative(activation):
    return npdl.get_activation(activation).derivative


def dense_backward(X, W, Z, dA, activation):
    dZ = dA * derivative(activation)(Z)
    if X.ndim == 1:
        return dZ @ W.T, np.outer(X, dZ), dZ
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def dense_backward_2d(X, W, Z, dA, activation):
    # one sample as a batch of one, then back to 1-D
    single = np.ndim(X) == 1
    X2, dA2, Z2 = np.atleast_2d(X), np.atleast_2d(dA), np.atleast_2d(Z)
    dZ = npdl.get_activation(activation).backward(Z2, dA2)
    dX, dW, db = dZ @ W.T, X2.T @ dZ, np.sum(dZ, axis=0)
    return [dX[0] if single else dX, dW, db]


def dense_backward_einsum(X, W, Z, dA, activation):
    dZ = dA * getattr(npdl.activations, f"{activation}_derivative")(Z)
    if X.ndim == 1:
        return np.einsum("j,kj->k", dZ, W), np.einsum("k,j->kj", X, dZ), dZ.copy()
    return (np.einsum("ij,kj->ik", dZ, W), np.einsum("ik,ij->kj", X, dZ),
            np.einsum("ij->j", dZ))  # fmt: skip


def dense_backward_loops(X, W, Z, dA, activation):
    X2, dZ = np.atleast_2d(X), np.atleast_2d(dA * derivative(activation)(Z))
    n, d = X2.shape
    m = W.shape[1]
    dX, dW, db = np.zeros((n, d)), np.zeros((d, m)), np.zeros(m)
    for i in range(n):
        for j in range(m):
            db[j] += dZ[i, j]
            for k in range(d):
                dW[k, j] += X2[i, k] * dZ[i, j]
                dX[i, k] += dZ[i, j] * W[k, j]
    return (dX[0] if np.ndim(X) == 1 else dX), dW, db


def dense_backward_with_npdl(X, W, Z, dA, activation):
    # letting npdl do it: the bias is what Z adds to X @ W
    layer = npdl.Dense(*W.shape, activation=activation)
    layer.weights = W
    layer.biases = np.atleast_2d(Z)[0] - np.atleast_2d(X)[0] @ W
    layer.forward(X)
    dX = layer.backward(dA)
    return dX, layer.dW, layer.db


def _wrong_dense(dZ_of=None, dX_of=None, dW_of=None, db_of=None):
    """dense_backward with one line replaced."""

    def fn(X, W, Z, dA, activation):
        dZ = dZ_of(Z, dA, activation) if dZ_of else dA * derivative(activation)(Z)
        X2 = np.atleast_2d(X)
        dZ2 = np.atleast_2d(dZ)
        dX = dX_of(dZ, W) if dX_of else dZ @ W.T
        dW = dW_of(X2, dZ2) if dW_of else X2.T @ dZ2
        db = db_of(dZ2) if db_of else dZ2.sum(axis=0)
        return dX, dW, db

    return fn


def g_of_output(Z, dA, activation):
    record = npdl.get_activation(activation)
    return dA * record.derivative(record.function(Z))  # g'(A), not g'(Z)


def in_place_dA(X, W, Z, dA, activation):
    dA *= derivative(activation)(Z)  # damages the caller's dA
    return dense_backward(X, W, Z, dA, activation)


TANH = "tanh, 5 samples, 3 -> 4"
SQUARE = "sigmoid, everything square: 3 samples, 3 -> 3"
ONE_D = "softplus, one 1-D sample of shape (3,), 3 -> 2"

DENSE_RIGHT = [dense_backward, dense_backward_2d, dense_backward_einsum, dense_backward_loops,
               dense_backward_with_npdl]  # fmt: skip

# (wrong answer, the case reported first, a case that must fail too)
DENSE_WRONG = [
    (_wrong_dense(dZ_of=lambda Z, dA, a: dA), f"{TANH}: dX", f"{SQUARE}: dW"),  # no g'
    (_wrong_dense(dZ_of=g_of_output), f"{TANH}: dX", f"{SQUARE}: dW"),
    (_wrong_dense(db_of=lambda dZ: dZ), f"{TANH}: db", f"{SQUARE}: db"),  # not summed
    (_wrong_dense(db_of=lambda dZ: dZ.mean(axis=0)), f"{TANH}: db", f"{SQUARE}: db"),
    (_wrong_dense(dW_of=lambda X, dZ: dZ.T @ X), f"{TANH}: dW", f"{SQUARE}: dW"),
    (_wrong_dense(dW_of=lambda X, dZ: X.T @ dZ / len(X)), f"{TANH}: dW", f"{SQUARE}: dW"),
    (_wrong_dense(dX_of=lambda dZ, W: dZ @ W), f"{TANH}: dX", f"{SQUARE}: dX"),
    (lambda X, W, Z, dA, a: dense_backward(np.atleast_2d(X), W, Z, dA, a),
     f"{ONE_D}: dX", f"{ONE_D}: db"),  # X.T @ dZ on one 1-D sample raises
    (lambda *args: dense_backward(*args)[:2], f"{TANH}: dX", f"{ONE_D}: db"),
    (in_place_dA, f"{TANH}: dX", f"{SQUARE}: dX"),
]  # fmt: skip


@pytest.mark.parametrize("fn", DENSE_RIGHT, ids=lambda f: f.__name__)
def test_dense_backward_passes_right_answers(fn, capsys):
    result = ex.check_dense_backward(fn)
    out = capsys.readouterr().out
    assert result, out
    assert result.n_cases == 15


@pytest.mark.parametrize(("fn", "first", "also"), DENSE_WRONG)
def test_dense_backward_catches_wrong_answers(fn, first, also, capsys):
    result = ex.check_dense_backward(fn)
    out = capsys.readouterr().out
    assert not result
    assert f"First failing case: {first}" in " ".join(out.split()), out
    assert also in result.failed
    assert "hint:" in out


def test_an_in_place_change_of_dA_is_named(capsys):
    ex.check_dense_backward(in_place_dA)
    assert "changed its input array in place (dA)" in capsys.readouterr().out


# --------------------------------------------------------------------------
# the bug hunt
# --------------------------------------------------------------------------


def buggy_gradients(params, X, y):
    """The chapter's buggy backward: Z reused, so tanh' sees the logits."""
    W1, b1, W2, b2 = params
    Z = X @ W1 + b1
    A1 = np.tanh(Z)
    Z = A1 @ W2 + b2
    dZ2 = cross_entropy_gradient(Z, y)
    dW2, db2 = A1.T @ dZ2, dZ2.sum(axis=0)
    dZ1 = (dZ2 @ W2.T) * (1 - np.tanh(Z) ** 2)
    return [X.T @ dZ1, dZ1.sum(axis=0), dW2, db2]


def fixed_gradients(params, X, y):
    W1, b1, W2, b2 = params
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2 + b2
    dZ2 = cross_entropy_gradient(Z2, y)
    dZ1 = (dZ2 @ W2.T) * (1 - np.tanh(Z1) ** 2)
    return [X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)]


def gradients_with_mlp(params, X, y):
    net = npdl.MLP([params[0].shape[0], *params[2].shape], "tanh")
    for p, value in zip(net.parameters(), params, strict=True):
        p[...] = value
    net.backward(cross_entropy_gradient(net.forward(X), y))
    return tuple(net.gradients())


def gradients_with_einsum(params, X, y):
    W1, b1, W2, b2 = params
    A1 = np.tanh(np.einsum("ik,kj->ij", X, W1) + b1)
    logits = A1 @ W2 + b2
    p = npdl.softmax(logits)
    p[np.arange(len(y)), y] -= 1
    dZ2 = p / len(y)
    dZ1 = np.einsum("ic,jc->ij", dZ2, W2) * (1 - A1 * A1)
    return [np.einsum("ik,ij->kj", X, dZ1), dZ1.sum(0), np.einsum("ij,ic->jc", A1, dZ2),
            dZ2.sum(0)]  # fmt: skip


def _wrong_two_layer(change):
    def fn(params, X, y):
        W1, b1, W2, b2 = params
        Z1 = X @ W1 + b1
        A1 = np.tanh(Z1)
        Z2 = A1 @ W2 + b2
        dZ2 = cross_entropy_gradient(Z2, y)
        dA1 = dZ2 @ (W2 if change == "no transpose" else W2.T)
        dZ1 = dA1 * (1 - (np.tanh(A1) if change == "g'(A)" else A1) ** 2)
        grads = [X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)]
        if change == "averaged again":
            grads = [g / len(X) for g in grads]
        if change == "mse":
            grads[2] = A1.T @ mse_gradient(Z2, np.eye(W2.shape[1])[y])
        return grads

    return fn


FIRST_NET = "2 -> 3 -> 3, 6 samples (as wide as the output)"
SECOND_NET = "4 -> 5 -> 3, 7 samples"

TWO_LAYER_WRONG = [
    (buggy_gradients, f"{FIRST_NET}: dW1", f"{SECOND_NET}: dW1"),
    (_wrong_two_layer("no transpose"), f"{FIRST_NET}: dW1", f"{SECOND_NET}: db1"),
    (_wrong_two_layer("g'(A)"), f"{FIRST_NET}: dW1", f"{SECOND_NET}: db1"),
    (_wrong_two_layer("averaged again"), f"{FIRST_NET}: dW2", f"{SECOND_NET}: db2"),
    (_wrong_two_layer("mse"), f"{FIRST_NET}: dW2", f"{SECOND_NET}: dW2"),
    (lambda params, X, y: fixed_gradients(params, X, y)[2:], f"{FIRST_NET}: dW2",
     f"{SECOND_NET}: db2"),
]  # fmt: skip


@pytest.mark.parametrize("fn", [fixed_gradients, gradients_with_mlp, gradients_with_einsum],
                         ids=lambda f: f.__name__)  # fmt: skip
def test_fixed_gradients_passes_right_answers(fn, capsys):
    result = ex.check_fixed_gradients(fn)
    out = capsys.readouterr().out
    assert result, out
    assert result.n_cases == 8


@pytest.mark.parametrize(("fn", "first", "also"), TWO_LAYER_WRONG)
def test_fixed_gradients_catches_wrong_answers(fn, first, also, capsys):
    result = ex.check_fixed_gradients(fn)
    out = capsys.readouterr().out
    assert not result
    assert f"First failing case: {first}" in " ".join(out.split()), out
    assert also in result.failed


def test_dividing_by_n_twice_is_reported_at_the_output_layer_with_its_hint(capsys):
    result = ex.check_fixed_gradients(_wrong_two_layer("averaged again"))
    out = " ".join(capsys.readouterr().out.split())
    assert not result
    assert f"First failing case: {FIRST_NET}: dW2" in out
    assert "1/n: divide once" in out


def test_the_buggy_backward_runs_on_the_first_network_and_only_its_top_layer_passes(capsys):
    result = ex.check_fixed_gradients(buggy_gradients)
    capsys.readouterr()
    assert result.passed == [f"{FIRST_NET}: dW2", f"{FIRST_NET}: db2"]


def test_the_expected_values_are_a_gradient_check_of_the_analytic_gradients():
    rng = np.random.default_rng(3)
    params = [rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(4, 2)),
              rng.normal(size=2)]  # fmt: skip
    X, y = rng.normal(size=(5, 3)), np.array([0, 1, 1, 0, 1])
    numeric = backprop._numerical_gradients(params, X, y)
    for a, n in zip(fixed_gradients(params, X, y), numeric, strict=True):
        assert npdl.gradcheck.relative_error(a, n, norm=True) < 1e-8
        np.testing.assert_allclose(a, n, rtol=1e-5, atol=1e-8)


# --------------------------------------------------------------------------
# symmetry
# --------------------------------------------------------------------------

BROKEN = ["zero in, random out", "random in, zero out", "zero weights, random b1",
          "same in, random biases", "same in, random out", "units 1 and 2 share in and bias"]


def _copies_at_start(name):
    """Do two hidden units start as exact copies (in, bias and out)?"""
    net = backprop._symmetry_net(name)
    return backprop._unit_gap(net) == 0.0


def test_symmetry_truth_follows_the_rule():
    gaps = backprop._symmetry_gaps()
    assert set(gaps) == set(ex.SYMMETRY_INITS)
    for name, gap in gaps.items():
        # units that start as copies stay copies; all others part clearly
        if _copies_at_start(name):
            assert gap < 1e-12, name
        else:
            assert gap > 1e-2, name
    assert sorted(n for n, g in gaps.items() if g > 1e-6) == sorted(BROKEN)


def test_symmetry_inits_are_what_they_say():
    constant = backprop._symmetry_net("all weights 0.3, biases 0.1")
    W1, b1, W2, b2 = constant.parameters()
    assert np.all(W1 == 0.3) and np.all(W2 == 0.3) and np.all(b1 == 0.1) and b2 == 0.1
    W1, b1, W2, b2 = backprop._symmetry_net("zero in, equal out").parameters()
    assert not W1.any() and not b1.any() and np.all(W2 == 0.5) and not b2.any()
    W1, b1, W2, b2 = backprop._symmetry_net("zero weights, random b1").parameters()
    assert not W1.any() and not W2.any() and len(set(b1)) == 4
    W1, b1, W2, _ = backprop._symmetry_net("same in, random out").parameters()
    assert np.all(W1 == W1[:, :1]) and not b1.any() and len(set(W2[:, 0])) == 4
    W1, b1, W2, _ = backprop._symmetry_net("units 1 and 2 copied").parameters()
    assert np.array_equal(W1[:, 0], W1[:, 1]) and b1[0] == b1[1] and W2[0] == W2[1]
    assert not np.array_equal(W1[:, 0], W1[:, 2])
    W1, b1, W2, _ = backprop._symmetry_net("units 1 and 2 share in and bias").parameters()
    assert np.array_equal(W1[:, 0], W1[:, 1]) and b1[0] == b1[1] and W2[0] != W2[1]


def test_symmetry_breaking_passes_the_right_set_in_any_form(capsys):
    assert ex.check_symmetry_breaking(BROKEN)
    assert ex.check_symmetry_breaking(tuple(n.upper() for n in BROKEN))
    assert ex.check_symmetry_breaking({f" {n} " for n in BROKEN})
    capsys.readouterr()


@pytest.mark.parametrize(
    ("names", "first"),
    [
        (BROKEN[1:], "zero in, random out is symmetry-breaking"),
        (BROKEN + ["units 1 and 2 copied"], "units 1 and 2 copied is not symmetry-breaking"),
        (BROKEN + ["zero in, equal out"], "zero in, equal out is not symmetry-breaking"),
        (BROKEN[:2] + BROKEN[3:], "zero weights, random b1 is symmetry-breaking"),
        (BROKEN[:-1], "units 1 and 2 share in and bias is symmetry-breaking"),
        ([], "zero in, random out is symmetry-breaking"),
        (["random in; zero out"], "every name you listed is one of the choices"),
    ],
)  # fmt: skip
def test_symmetry_breaking_catches_wrong_sets(names, first, capsys):
    result = ex.check_symmetry_breaking(names)
    out = capsys.readouterr().out
    assert not result
    assert f"First failing case: {first}" in " ".join(out.split()), out


# --------------------------------------------------------------------------
# robustness: test_exercises_robust.py runs every checker with these
# --------------------------------------------------------------------------

#: One right call per checker: ``name -> (args, kwargs)``.
RIGHT_CALLS_BACKPROP = {
    "check_dense_backward": ((dense_backward,), {}),
    "check_fixed_gradients": ((fixed_gradients,), {}),
    "check_symmetry_breaking": ((BROKEN,), {}),
}
FUNCTION_CHECKERS = ["check_dense_backward", "check_fixed_gradients"]


def test_every_checker_of_the_chapter_is_covered():
    assert set(backprop.__all__) - {"SYMMETRY_INITS"} == set(RIGHT_CALLS_BACKPROP)
