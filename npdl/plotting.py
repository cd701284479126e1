"""The figures the chapters share.

A chapter never re-implements a figure another chapter already draws: it calls
a function from here. Every function draws on an ``ax`` it is given (or a new
one), labels its axes, gives the figure a title, and returns the Axes so a
chapter can add to it.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from npdl.activations import Activation, get_activation

__all__ = ["plot_activation"]


def _record(activation: str | Activation | Callable) -> Activation:
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        return get_activation(activation)
    raise TypeError(
        "plot_activation takes an activation's name (e.g. 'relu') or its registry "
        f"record (npdl.get_activation('relu')), got {type(activation).__name__}"
    )


def plot_activation(
    activation: str | Activation,
    *,
    zlim: tuple[float, float] = (-5.0, 5.0),
    num: int = 1001,
    derivative: bool = True,
    ax: Axes | None = None,
    title: str | None = None,
    **params: object,
) -> Axes:
    """Draw an activation and its derivative on one labelled figure.

    Parameters
    ----------
    activation : str or Activation
        A registry name such as ``"gelu"``, or a record from
        :func:`~npdl.activations.get_activation`. Elementwise activations only: softmax maps
        a vector to a vector and has no curve to draw.
    zlim : (float, float), default (-5, 5)
        The range of pre-activations ``z`` on the horizontal axis.
    num : int, default 1001
        Number of points, evaluated in one vectorised call.
    derivative : bool, default True
        Also draw the derivative (dashed).
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    title : str, optional
        Defaults to the activation's name with its parameters.
    **params
        Passed to the activation, e.g. ``alpha=0.1``.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        For an unknown name, a non-elementwise activation, or a bad range.
    """
    record = _record(activation)
    if not record.elementwise:
        raise ValueError(
            f"plot_activation draws elementwise functions; {record.name} normalises a "
            "whole vector, so plot its output for a vector of logits instead"
        )
    lo, hi = (float(v) for v in zlim)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"zlim must be two finite numbers, low < high; got {zlim!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    z = np.linspace(lo, hi, num)
    label = record.name + (
        "(" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")" if params else ""
    )
    ax.plot(z, record.function(z, **params), lw=2.2, label=f"{label}(z)")
    if derivative:
        ax.plot(z, record.derivative(z, **params), lw=1.8, ls="--", label=f"{label}′(z)")
    ax.axhline(0, color="0.6", lw=0.8, zorder=0)
    ax.axvline(0, color="0.6", lw=0.8, zorder=0)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("pre-activation z")
    ax.set_ylabel("value")
    ax.set_title(title if title is not None else f"{label} and its derivative")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    return ax
