"""Data sets for the chapters: small synthetic ones (XOR, spirals, moons,
circles, blobs) and one real one, handwritten digits (:func:`load_digits`).

Every generator returns ``X, y`` with ``X`` of shape ``(n_samples, 2)``
(float64, one sample per row, as everywhere in npdl) and ``y`` of shape
``(n_samples,)`` (int64 class labels ``0 .. n_classes - 1``), and takes
``rng: np.random.Generator | int | None`` so a chapter can reproduce its
figures exactly. Classes are as balanced as ``n_samples`` allows.
"""

from __future__ import annotations

import gzip
import importlib.util
import numbers
from pathlib import Path

import numpy as np

__all__ = ["load_digits", "make_blobs", "make_circles", "make_moons", "make_spirals",
           "make_xor"]

RNGLike = np.random.Generator | int | None


def _count(value: object, name: str, func: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{func}: {name} must be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{func}: {name} must be at least {minimum}, got {value}")
    return int(value)


def _scale(value: object, name: str, func: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
        raise ValueError(f"{func}: {name} must be a non-negative number, got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{func}: {name} must be finite, got {value!r}")
    return float(value)


def _labels(n_samples: int, n_classes: int) -> np.ndarray:
    """0, 0, ..., 1, 1, ...: class sizes differing by at most one."""
    edges = np.linspace(0, n_samples, n_classes + 1).astype(int)
    return np.repeat(np.arange(n_classes), np.diff(edges))


def _along_classes(y: np.ndarray, stop: float, endpoint: bool = True) -> np.ndarray:
    """For each class in `y` (sorted labels), evenly spaced values from 0 to
    `stop`: the position of each point along its class's curve."""
    sizes = np.bincount(y)
    return np.concatenate([np.linspace(0.0, stop, m, endpoint=endpoint) for m in sizes])


def _with_noise(X: np.ndarray, noise: float, rng: RNGLike) -> np.ndarray:
    """`X` plus Gaussian noise of standard deviation `noise` (none if 0)."""
    if noise == 0:
        return X
    return X + np.random.default_rng(rng).normal(0.0, noise, X.shape)


def make_xor(n_samples: int | None = None, noise: float = 0.0, rng: RNGLike = None):
    """The XOR problem: label 1 where exactly one coordinate is "on".

    Parameters
    ----------
    n_samples : int, optional
        Without it, the four corners of the unit square, in truth-table order
        (0,0), (0,1), (1,0), (1,1) with labels 0, 1, 1, 0. With it, that many
        points drawn around the corners (equal numbers per corner, as far as
        possible).
    noise : float, default 0.0
        Standard deviation of Gaussian noise added to the points.
    rng : Generator, int or None
        Source of randomness (``np.random.default_rng(rng)``).

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int, shape (n_samples,)

    Examples
    --------
    >>> X, y = make_xor()
    >>> X
    array([[0., 0.],
           [0., 1.],
           [1., 0.],
           [1., 1.]])
    >>> y
    array([0, 1, 1, 0])
    """
    noise = _scale(noise, "noise", "make_xor")
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    if n_samples is None:
        X = corners.copy()
    else:
        n_samples = _count(n_samples, "n_samples", "make_xor", minimum=4)
        X = corners[_labels(n_samples, 4)]
    y = (X[:, 0] != X[:, 1]).astype(np.int64)
    return _with_noise(X, noise, rng), y


def make_spirals(n_samples: int = 300, n_classes: int = 3, noise: float = 0.2,
                 turns: float = 2 / np.pi, rng: RNGLike = None):  # fmt: skip
    """Interleaved spiral arms, one per class (the CS231n toy problem).

    Arm ``k`` has points at radius ``r`` in [0, 1] and angle
    ``2 pi (turns r + k / n_classes)``, plus Gaussian noise of standard
    deviation `noise` on the angle. The default ``turns = 2 / pi`` winds
    each arm through 4 radians, as in CS231n's data: three arms with noise
    0.2 are then about half separable by a linear classifier.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
        Inside the unit disc (up to the noise).
    y : ndarray of int, shape (n_samples,)

    Examples
    --------
    >>> X, y = make_spirals(6, n_classes=2, rng=0)
    >>> X.shape, y.tolist()
    ((6, 2), [0, 0, 0, 1, 1, 1])
    """
    n_samples = _count(n_samples, "n_samples", "make_spirals")
    n_classes = _count(n_classes, "n_classes", "make_spirals")
    noise = _scale(noise, "noise", "make_spirals")
    turns = _scale(turns, "turns", "make_spirals")
    y = _labels(n_samples, n_classes)
    r = _along_classes(y, 1.0)
    theta = 2 * np.pi * (turns * r + y / n_classes)
    theta = theta + np.random.default_rng(rng).normal(0.0, noise, n_samples)
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return X, y


def make_moons(n_samples: int = 200, noise: float = 0.1, rng: RNGLike = None):
    """Two interleaving half circles.

    Class 0 is the upper arc of the unit circle; class 1 the lower arc,
    shifted to (1, 0.5) so that the two hook into each other.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int, shape (n_samples,)

    Examples
    --------
    >>> X, y = make_moons(4, noise=0.0)
    >>> X.round(3)
    array([[ 1. ,  0. ],
           [-1. ,  0. ],
           [ 0. ,  0.5],
           [ 2. ,  0.5]])
    """
    n_samples = _count(n_samples, "n_samples", "make_moons", minimum=2)
    noise = _scale(noise, "noise", "make_moons")
    y = _labels(n_samples, 2)
    t = _along_classes(y, np.pi)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y[:, None] == 0, upper, lower)
    return _with_noise(X, noise, rng), y


def make_circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5,
                 rng: RNGLike = None):  # fmt: skip
    """A small circle (class 1) inside a large one (class 0).

    Parameters
    ----------
    factor : float, default 0.5
        Radius of the inner circle, relative to the outer one (radius 1);
        strictly between 0 and 1.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int, shape (n_samples,)

    Examples
    --------
    >>> X, y = make_circles(8, noise=0.0)
    >>> np.hypot(X[:, 0], X[:, 1]).round(3).tolist()
    [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5]
    """
    n_samples = _count(n_samples, "n_samples", "make_circles", minimum=2)
    noise = _scale(noise, "noise", "make_circles")
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real) or not 0 < factor < 1:
        raise ValueError(f"make_circles: factor must be between 0 and 1, got {factor!r}")
    y = _labels(n_samples, 2)
    t = _along_classes(y, 2 * np.pi, endpoint=False)
    radius = np.where(y == 0, 1.0, float(factor))
    X = radius[:, None] * np.column_stack([np.cos(t), np.sin(t)])
    return _with_noise(X, noise, rng), y


def make_blobs(n_samples: int = 300, centers: int | np.ndarray = 3, cluster_std: float = 1.0,
               rng: RNGLike = None):  # fmt: skip
    """Gaussian clusters, one per class.

    Parameters
    ----------
    centers : int or array_like of shape (n_classes, 2), default 3
        Either the number of clusters, whose centres are then drawn uniformly
        from the square [-5, 5]², or the centres themselves.
    cluster_std : float, default 1.0
        Standard deviation of every cluster.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of int, shape (n_samples,)

    Examples
    --------
    >>> X, y = make_blobs(4, centers=[[0, 0], [10, 10]], cluster_std=0.0)
    >>> X
    array([[ 0.,  0.],
           [ 0.,  0.],
           [10., 10.],
           [10., 10.]])
    """
    n_samples = _count(n_samples, "n_samples", "make_blobs")
    cluster_std = _scale(cluster_std, "cluster_std", "make_blobs")
    rng = np.random.default_rng(rng)
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        n_classes = _count(centers, "centers", "make_blobs")
        centres = rng.uniform(-5.0, 5.0, (n_classes, 2))
    else:
        centres = np.asarray(centers, dtype=np.float64)
        if centres.ndim != 2 or centres.shape[1] != 2 or len(centres) == 0:
            raise ValueError(
                f"make_blobs: centers must be an int or an array of shape (n_classes, 2), "
                f"got shape {centres.shape}"
            )
    y = _labels(n_samples, len(centres))
    X = centres[y] + rng.normal(0.0, cluster_std, (n_samples, 2))
    return X, y


def load_digits():
    """The handwritten digits: 1,797 images of 8 x 8 pixels, labels 0-9.

    The UCI "Optical Recognition of Handwritten Digits" test set, as bundled
    inside scikit-learn's wheel: it is read from the installed package, never
    downloaded. Each pixel is an ink count from 0 (blank) to 16 (full).

    Returns
    -------
    X : ndarray of float64, shape (1797, 64)
        One image per row, its 8 x 8 pixels row by row
        (``X[i].reshape(8, 8)`` is the image).
    y : ndarray of int64, shape (1797,)
        The digit each image shows.

    Raises
    ------
    ImportError
        If scikit-learn is not installed (it is in ``requirements.txt``).

    Notes
    -----
    The images are read from the file ``sklearn/datasets/data/digits.csv.gz``
    that ``sklearn.datasets.load_digits`` reads, without importing
    scikit-learn itself (which would take a second or two).

    Examples
    --------
    >>> X, y = load_digits()
    >>> X.shape, y.shape, X.min(), X.max()
    ((1797, 64), (1797,), np.float64(0.0), np.float64(16.0))
    >>> np.bincount(y)
    array([178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    """
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "load_digits reads the digits bundled with scikit-learn, which is not "
            "installed; install it with: python -m pip install -r requirements.txt"
        )
    # The file scikit-learn's own load_digits reads, found without importing
    # scikit-learn (which takes a second or two): one image per row, 64 pixels
    # then the label.
    path = Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz"
    if not path.is_file():
        raise FileNotFoundError(f"load_digits: scikit-learn is installed but {path} is "
                                f"missing; reinstall scikit-learn")  # fmt: skip
    with gzip.open(path, "rt") as f:
        data = np.loadtxt(f, delimiter=",")
    return data[:, :-1].astype(np.float64), data[:, -1].astype(np.int64)
