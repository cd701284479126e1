"""The checkers of the chapter *The multi-layer perceptron*: right answers
written in several ways pass, the mistakes learners make fail on the case that
names them, and the checkers survive any answer.

``RIGHT_CALLS_MLP`` gives one right call per checker, in the form of
``RIGHT_CALLS`` in test_exercises_robust.py, for the robustness tests there.
"""

import numpy as np
import pytest

import npdl
from npdl import exercises as ex
from npdl.exercises.networks import _count_regions, _sawtooth_net
from npdl.network import kinks_along

from .checking import assert_reported, run

# --------------------------------------------------------------------------
# count_regions: exact regions and pieces of a one-hidden-layer network
# --------------------------------------------------------------------------


def _switches(net, start, end):
    W, b = net.layers[0].weights, net.layers[0].biases
    z0, z1 = start @ W + b, end @ W + b
    crossing = np.sign(z0) != np.sign(z1)
    crossing &= (z0 != 0) & (z1 != 0)
    return z0, z1, crossing


def regions_by_slopes(net, start, end):
    """Right, differently: sort the switches, evaluate the network at them
    and compare the slopes of neighbouring pieces."""
    z0, z1, crossing = _switches(net, start, end)
    t = np.unique(-z0[crossing] / (z1[crossing] - z0[crossing]))
    knots = np.concatenate([[0.0], t, [1.0]])
    y = net.forward(start + knots[:, None] * (end - start))[:, 0]
    slopes = np.diff(y) / np.diff(knots)
    bends = np.abs(np.diff(slopes)) > 1e-6 * np.abs(slopes).max()
    return [len(t) + 1, int(bends.sum()) + 1]


def regions_with_a_loop(net, start, end):
    """Right, differently: plain Python, one unit at a time, slope changes
    added up per position (as numpy ints in an array)."""
    z0, z1, crossing = _switches(net, start, end)
    w = net.layers[1].weights[:, 0]
    change = {}
    for j in range(len(z0)):
        if crossing[j]:
            t = z0[j] / (z0[j] - z1[j])
            change[t] = change.get(t, 0.0) + w[j] * abs(z1[j] - z0[j])
    kinks = sum(1 for c in change.values() if abs(c) > 1e-9)
    return np.array([len(change) + 1, kinks + 1], dtype=np.int64)


def sampled(net, start, end, n_points=20_001):
    """Wrong: counted on a grid, the on/off patterns for the regions and the
    second differences of the output for the pieces (the chapter's old way)."""
    t = np.linspace(0.0, 1.0, n_points)[:, None]
    X = (1 - t) * start + t * end
    on = net.layers[0].forward(X) > 0
    regions = int(np.count_nonzero(np.any(on[1:] != on[:-1], axis=1)) + 1)
    y = net.forward(X)[:, 0]
    bent = np.flatnonzero(np.abs(np.diff(y, 2)) > 1e-9 * (1 + np.abs(y).max()))
    kinks = 0 if bent.size == 0 else 1 + np.count_nonzero(np.diff(bent) > 1)
    return regions, kinks + 1


def every_unit(net, start, end):
    """Wrong: every hidden unit counted, wherever it switches."""
    n = net.layers[0].n_outputs
    return n + 1, n + 1


def pieces_equal_regions(net, start, end):
    regions, _ = _count_regions(net, start, end)
    return regions, regions


def not_merged(net, start, end):
    """Wrong: one switch per unit, even where two switch at the same t."""
    z0, z1, crossing = _switches(net, start, end)
    w = net.layers[1].weights[:, 0]
    return int(crossing.sum()) + 1, int((crossing & (w != 0)).sum()) + 1


def ignores_cancelling(net, start, end):
    """Wrong: the pieces from the units with a non-zero outgoing weight."""
    z0, z1, crossing = _switches(net, start, end)
    w = net.layers[1].weights[:, 0]
    t = z0 / (z0 - z1)
    kinking = crossing & (w != 0)
    return len(np.unique(t[crossing])) + 1, len(np.unique(t[kinking])) + 1


def changes_not_pieces(net, start, end):
    regions, pieces = _count_regions(net, start, end)
    return regions - 1, pieces - 1


def swapped(net, start, end):
    regions, pieces = _count_regions(net, start, end)
    return pieces, regions


def with_kinks_along(net, start, end):
    kinks, switches = kinks_along(net, start, end)
    return len(switches) + 1, len(kinks) + 1


@pytest.mark.parametrize("fn", [_count_regions, regions_by_slopes, regions_with_a_loop])
def test_count_regions_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_regions_and_pieces, fn)
    assert result, out


@pytest.mark.parametrize(
    ("fn", "first_failure"),
    [
        (sampled, "two units that switch 1e-7 apart"),
        (lambda n, s, e: sampled(n, s, e, 1_000_001), "two units that switch 1e-7 apart"),
        (every_unit, "a 2-8-1 network; two units change sign off"),
        (pieces_equal_regions, "a unit whose outgoing weight is 0"),
        (not_merged, "two units that switch at the same place"),
        (ignores_cancelling, "two units whose effects cancel"),
        (changes_not_pieces, "a 2-8-1 network; two units change sign off"),
        (swapped, "a unit whose outgoing weight is 0"),
        (with_kinks_along, "counted by your own code, without kinks_along"),
        (lambda n, s, e: _count_regions(n, s, e)[1], "a 2-8-1 network; two units change sign off"),
    ],
)
def test_count_regions_catches_the_usual_mistakes(fn, first_failure, capsys):
    result, out = run(capsys, ex.check_regions_and_pieces, fn)
    assert not result
    assert_reported(result, out)
    assert f"First failing case: {first_failure}" in out, out


def test_count_regions_cases_are_what_their_labels_say(capsys):
    """The expected counts come from kinks_along; check that the cases
    really contain the trap each one names."""
    result, out = run(capsys, ex.check_regions_and_pieces, _count_regions)
    assert result
    assert "returned one number" not in out
    # the one-number answer gets a message that says what to return
    result, out = run(capsys, ex.check_regions_and_pieces, lambda n, s, e: 7)
    assert "return two: (regions, pieces)" in out


def test_count_regions_untouched_starter_is_not_attempted(capsys):
    result, out = run(capsys, ex.check_regions_and_pieces, lambda net, start, end: None)
    assert not result.attempted and "not attempted yet" in out


# --------------------------------------------------------------------------
# the sawtooth: 2 ReLU units per layer, 2^L pieces
# --------------------------------------------------------------------------


def sawtooth_other_units(n_layers):
    """Right, differently: the tent as 2 relu(h) - 2 relu(2h - 1), weights
    set in place."""
    net = npdl.MLP([1] + [2] * n_layers + [1], rng=0)
    net.layers[0].weights[:] = [[1.0, 2.0]]
    net.layers[0].biases[:] = [0.0, -1.0]
    for layer in net.layers[1:-1]:
        layer.weights[:] = [[2.0, 4.0], [-2.0, -4.0]]
        layer.biases[:] = [0.0, -1.0]
    net.layers[-1].weights[:] = [[2.0], [-2.0]]
    net.layers[-1].biases[:] = [0.0]
    return net


def sawtooth_upside_down(n_layers):
    """Right, differently: 1 - sawtooth, with a ReLU output (it stays >= 0)."""
    net = _sawtooth_net(n_layers)
    out = npdl.MLP([2, 1], ["relu"])
    out.layers[0].weights = -net.layers[-1].weights
    out.layers[0].biases = np.array([1.0])
    net.layers[-1] = out.layers[0]
    return net


def _variant(n_layers, *, first=(1.0, 1.0), fold=((2.0, 2.0), (-4.0, -4.0)),
             biases=(0.0, -0.5), deep_biases=None, out=(2.0, -4.0)):
    net = npdl.MLP([1] + [2] * n_layers + [1])
    net.layers[0].weights = np.array([first])
    for layer in net.layers[1:-1]:
        layer.weights = np.array(fold)
        layer.biases = np.array(deep_biases if deep_biases is not None else biases)
    net.layers[0].biases = np.array(biases)
    net.layers[-1].weights = np.array(out)[:, None]
    net.layers[-1].biases = np.zeros(1)
    return net


@pytest.mark.parametrize("fn", [_sawtooth_net, sawtooth_other_units, sawtooth_upside_down])
def test_sawtooth_passes_right_answers(fn, capsys):
    result, out = run(capsys, ex.check_sawtooth, fn)
    assert result, out


@pytest.mark.parametrize(
    ("fn", "first_failure", "problem"),
    [
        # the bias -1/2 only in the first layer: later layers cannot fold
        (lambda n: _variant(n, deep_biases=(0.0, 0.0)), "2 hidden layers",
         "the pieces stop doubling at hidden layer 2"),
        # the tent's weights not folded into the next layer
        (lambda n: _variant(n, fold=((1.0, 1.0), (1.0, 1.0))), "2 hidden layers",
         "the pieces stop doubling at hidden layer 2"),
        # the fold transposed
        (lambda n: _variant(n, fold=((2.0, -4.0), (2.0, -4.0))), "2 hidden layers",
         "the pieces stop doubling at hidden layer 2"),
        # a tent of height 1/2 never reaches the next unit's switch at 1/2
        (lambda n: _variant(n, fold=((1.0, 1.0), (-2.0, -2.0)), out=(1.0, -2.0)),
         "2 hidden layers", "the pieces stop doubling at hidden layer 2"),
        # the first layer's units both switch at 0
        (lambda n: _variant(n, biases=(0.0, 0.0), deep_biases=(0.0, -0.5)),
         "1 hidden layer", "hidden layer 1 should already cut [0, 1] in two"),
        # the output adds the units instead of making the tent
        (lambda n: _variant(n, out=(1.0, 0.0)), "1 hidden layer", "the output layer loses"),
        # wide instead of deep, or one layer too many
        (lambda n: npdl.MLP([1, 2 * n, 1], rng=0), "1 hidden layer",
         "hidden layer 1 should already cut [0, 1] in two"),
        (lambda n: _sawtooth_net(n + 1), "1 hidden layer", "layer sizes [1, 2, 2, 1]"),
        (lambda n: npdl.MLP([1] + [2] * n + [1], ["tanh"] * n + ["linear"]),
         "1 hidden layer", "make them all 'relu'"),
        (lambda n: npdl.MLP([1] + [2] * n + [1], ["relu"] * n + ["sigmoid"]),
         "1 hidden layer", "make it 'linear'"),
        (lambda n: [np.array([[1.0, 1.0]]), np.array([0.0, -0.5])], "1 hidden layer",
         "return an npdl.MLP"),
    ],
)
def test_sawtooth_catches_the_usual_mistakes(fn, first_failure, problem, capsys):
    result, out = run(capsys, ex.check_sawtooth, fn)
    assert not result
    assert_reported(result, out)
    assert f"First failing case: {first_failure}" in out, out
    assert problem in " ".join(out.split()), out


def test_sawtooth_reports_weights_of_the_wrong_shape(capsys):
    def wrong_shape(n):
        net = _sawtooth_net(n)
        net.layers[-1].weights = np.array([[2.0, -4.0]])
        return net

    result, out = run(capsys, ex.check_sawtooth, wrong_shape)
    assert not result
    assert "raised ValueError: Dense.weights must have shape (2, 1)" in out, out


def test_sawtooth_counts_one_piece_in_the_singular(capsys):
    # a network left with its zero biases and equal weights: one piece
    result, out = run(capsys, ex.check_sawtooth,
                      lambda n: _variant(n, biases=(0.0, 0.0), out=(1.0, 1.0)))
    assert not result
    assert "the network has 1 linear piece on [0, 1], not 2" in " ".join(out.split()), out


def test_sawtooth_untouched_starter_is_not_attempted(capsys):
    result, out = run(capsys, ex.check_sawtooth, lambda n_layers: None)
    assert not result.attempted and "not attempted yet" in out


def test_the_model_sawtooth_has_exactly_two_to_the_depth_pieces():
    for n in range(1, 9):
        kinks, switches = kinks_along(_sawtooth_net(n), [0.0], [1.0])
        assert kinks.size + 1 == 2**n


# --------------------------------------------------------------------------
# the deepest network on a budget
# --------------------------------------------------------------------------


def test_architecture_passes_the_deepest_designs(capsys):
    deepest = [2] + [8] * 14 + [1]
    assert npdl.MLP(deepest).count_params() <= 1000
    assert npdl.MLP([2] + [8] * 15 + [1]).count_params() > 1000
    for sizes in (deepest, tuple(deepest), np.array(deepest),
                  [2, 8, 8, 9] + [8] * 11 + [1]):  # fmt: skip
        result, out = run(capsys, ex.check_deepest_architecture, sizes)
        assert result, out


@pytest.mark.parametrize(
    ("sizes", "first_failure"),
    [
        ([2, 16, 16, 16, 1], "as many hidden layers as the budget allows"),  # the old answer
        ([2, 12, 12, 12, 12, 12, 12, 1], "as many hidden layers"),  # the page's network
        ([2] + [8] * 13 + [1], "as many hidden layers"),  # one short
        ([2] + [8] * 16 + [1], "at most 1,000 parameters"),  # biases forgotten
        ([2] + [4] * 30 + [1], "every hidden layer at least 8 units wide"),
        ([2] + [8] * 14, "1 output"),
        ([1] + [8] * 14 + [1], "2 inputs"),
        ("abc", "2 inputs"),
    ],
)
def test_architecture_catches_wrong_designs(sizes, first_failure, capsys):
    result, out = run(capsys, ex.check_deepest_architecture, sizes)
    assert not result
    assert f"First failing case: {first_failure}" in out, out


RIGHT_CALLS_MLP = {
    "check_deepest_architecture": (([2] + [8] * 14 + [1],), {}),
    "check_regions_and_pieces": ((regions_with_a_loop,), {}),
    "check_sawtooth": ((sawtooth_other_units,), {}),
}
