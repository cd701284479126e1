"""npdl.datasets: shapes, labels, reproducibility, geometry, bad input."""

import numpy as np
import pytest

from npdl import datasets as ds

GENERATORS = {
    "make_xor": lambda **kw: ds.make_xor(40, noise=0.1, **kw),
    "make_spirals": lambda **kw: ds.make_spirals(90, n_classes=3, **kw),
    "make_moons": lambda **kw: ds.make_moons(50, **kw),
    "make_circles": lambda **kw: ds.make_circles(50, **kw),
    "make_blobs": lambda **kw: ds.make_blobs(60, centers=3, **kw),
}
N = {"make_xor": 40, "make_spirals": 90, "make_moons": 50, "make_circles": 50, "make_blobs": 60}
CLASSES = {"make_xor": 2, "make_spirals": 3, "make_moons": 2, "make_circles": 2, "make_blobs": 3}


@pytest.mark.parametrize("name", GENERATORS)
def test_shapes_dtypes_and_balanced_labels(name):
    X, y = GENERATORS[name](rng=0)
    assert X.shape == (N[name], 2) and X.dtype == np.float64
    assert y.shape == (N[name],) and y.dtype == np.int64
    counts = np.bincount(y)
    assert len(counts) == CLASSES[name]
    assert counts.max() - counts.min() <= 1
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", GENERATORS)
def test_seeded_runs_repeat_and_seeds_differ(name):
    X1, y1 = GENERATORS[name](rng=7)
    X2, y2 = GENERATORS[name](rng=np.random.default_rng(7))
    X3, _ = GENERATORS[name](rng=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_xor_truth_table():
    X, y = ds.make_xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    # the noisy version keeps each point's label from its corner
    Xn, yn = ds.make_xor(400, noise=0.05, rng=1)
    corner = np.round(Xn).clip(0, 1)
    np.testing.assert_array_equal(yn, (corner[:, 0] != corner[:, 1]).astype(int))


def test_circles_radii_and_moons_arcs():
    X, y = ds.make_circles(100, noise=0.0, factor=0.3)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)
    M, label = ds.make_moons(100, noise=0.0)
    np.testing.assert_allclose(np.hypot(M[label == 0, 0], M[label == 0, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(M[label == 1, 0] - 1, M[label == 1, 1] - 0.5), 1.0)


def test_spirals_stay_near_the_unit_disc_and_arms_are_rotated():
    X, y = ds.make_spirals(300, n_classes=3, noise=0.0)
    assert np.hypot(X[:, 0], X[:, 1]).max() <= 1 + 1e-12
    # the default winds each arm through 4 radians (CS231n's spirals)
    angle = np.unwrap(np.arctan2(X[y == 0, 1], X[y == 0, 0])[1:])
    np.testing.assert_allclose(angle[-1] - angle[0], 4 * 98 / 99, rtol=1e-12)
    # without noise, arm k is arm 0 rotated by 2 pi k / 3
    a0, a1 = X[y == 0], X[y == 1]
    rot = np.array([[np.cos(2 * np.pi / 3), -np.sin(2 * np.pi / 3)],
                    [np.sin(2 * np.pi / 3), np.cos(2 * np.pi / 3)]])  # fmt: skip
    np.testing.assert_allclose(a0 @ rot.T, a1, atol=1e-12)


def test_blobs_gather_around_given_centres():
    centres = np.array([[0.0, 0.0], [10.0, -10.0]])
    X, y = ds.make_blobs(2000, centers=centres, cluster_std=0.5, rng=3)
    for k, c in enumerate(centres):
        np.testing.assert_allclose(X[y == k].mean(axis=0), c, atol=0.1)
        np.testing.assert_allclose(X[y == k].std(axis=0), 0.5, atol=0.05)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: ds.make_xor(3), ValueError, "n_samples must be at least 4"),
        (lambda: ds.make_moons(10.5), TypeError, "n_samples must be an int"),
        (lambda: ds.make_spirals(noise=-1), ValueError, "noise must be a non-negative"),
        (lambda: ds.make_circles(factor=1.5), ValueError, "factor must be between 0 and 1"),
        (lambda: ds.make_blobs(centers=[[1, 2, 3]]), ValueError, r"shape \(n_classes, 2\)"),
        (lambda: ds.make_blobs(centers=0), ValueError, "centers must be at least 1"),
    ],
)
def test_bad_arguments_say_what_was_expected(call, error, message):
    with pytest.raises(error, match=message):
        call()
