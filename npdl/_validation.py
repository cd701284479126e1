"""Input checks shared by npdl's modules.

Every public function turns what it was given into a float array here, so
that bad input fails early with a message that says what was expected and
what came.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike


def as_float_array(z: ArrayLike, func: str) -> np.ndarray:
    """Return `z` as a floating-point ndarray, without copying floats.

    Floating arrays keep their dtype (float32 stays float32); integers,
    booleans and nested lists of them become float64. Anything else raises
    ``TypeError``; ragged nested lists raise ``ValueError``.
    """
    try:
        arr = np.asarray(z)
    except ValueError as exc:  # ragged nested sequences
        raise ValueError(
            f"{func} expects a rectangular array of numbers; could not make an "
            f"array of {z!r} ({exc})"
        ) from None
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "biu":
        return arr.astype(np.float64)
    raise TypeError(
        f"{func} expects real numbers (an array_like of ints or floats), "
        f"got {type(z).__name__} with dtype {arr.dtype}"
    )


def positive_int(value: object, name: str, func: str) -> int:
    """Check that a count such as ``n_inputs`` or ``epochs`` is an int >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{func}: {name} must be an int, got {value!r}")
    if value < 1:
        raise ValueError(f"{func}: {name} must be at least 1, got {value}")
    return int(value)


def real_scalar(
    value: object, name: str, func: str, *, positive: bool = False
) -> float:
    """Check that a parameter such as ``alpha`` is one finite real number."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{func}: {name} must be a real number, got {type(value).__name__} "
            f"{value!r}"
        )
    value = float(value)
    if not np.isfinite(value) or (positive and value <= 0):
        kind = "a positive finite number" if positive else "a finite number"
        raise ValueError(f"{func}: {name} must be {kind}, got {value!r}")
    return value


def normalised_axis(arr: np.ndarray, axis: object, func: str) -> int:
    """Check `axis` against `arr` and return it as a non-negative int."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{func}: axis must be an int, got {axis!r}")
    if arr.ndim == 0:
        raise ValueError(
            f"{func} normalises along an axis, so it needs an array with at least "
            f"one dimension; got a 0-d array (a single number). Wrap it in a "
            f"list: {func}([z])"
        )
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(
            f"{func}: axis {axis} is out of range for an array of shape "
            f"{arr.shape} (valid: {-arr.ndim} to {arr.ndim - 1})"
        )
    return int(axis) % arr.ndim
