"""The figures the chapters share.

A chapter never re-implements a figure another chapter already draws: it calls
a function from here. Every function draws on an ``ax`` it is given (or a new
one), labels its axes, gives the figure a title, and returns the Axes so a
chapter can add to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from npdl.activations import Activation, get_activation

__all__ = [
    "plot_activation",
    "plot_curves",
    "plot_decision_line",
    "plot_network",
    "plot_neuron",
    "plot_points",
    "plot_response_surface",
    "plot_sweep",
]

#: Markers and colours for class labels 0, 1, 2, ... in scatter plots.
_CLASS_STYLE = [("o", "tab:blue"), ("s", "tab:orange"), ("^", "tab:green"), ("D", "tab:red")]


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
    lo, hi = _interval(zlim, "zlim")
    ax = _new_axes(ax, figsize=(6, 4))
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


def _new_axes(ax: Axes | None, figsize: tuple[float, float] = (5.5, 4.5)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _interval(value: tuple[float, float], name: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be two numbers (low, high); got {value!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be two finite numbers, low < high; got {value!r}")
    return lo, hi


def plot_points(X: np.ndarray, y: np.ndarray | None = None, *, ax: Axes | None = None,
                size: float = 40) -> Axes:  # fmt: skip
    """Scatter 2-D samples (rows of `X`), one marker and colour per class in `y`.

    Returns
    -------
    matplotlib Axes
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"points must have shape (n_samples, 2); got {X.shape}")
    ax = _new_axes(ax)
    labels = np.zeros(len(X), dtype=int) if y is None else np.asarray(y)
    if labels.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},), one label per point; got {labels.shape}")
    for k, label in enumerate(np.unique(labels)):
        marker, colour = _CLASS_STYLE[k % len(_CLASS_STYLE)]
        rows = X[labels == label]
        ax.scatter(rows[:, 0], rows[:, 1], s=size, marker=marker, color=colour,
                   edgecolor="black", linewidth=0.8, zorder=3,
                   label=None if y is None else f"class {label}")  # fmt: skip
    return ax


def plot_response_surface(
    f: Callable[[np.ndarray], np.ndarray],
    xlim: tuple[float, float] = (-3.0, 3.0),
    ylim: tuple[float, float] = (-3.0, 3.0),
    *,
    resolution: int = 201,
    threshold: float | None = 0.5,
    X: np.ndarray | None = None,
    y: np.ndarray | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    cmap: str = "viridis",
    colorbar_label: str = "output",
    levels: int | Sequence[float] = 21,
) -> Axes:
    """Draw a function of two inputs over a rectangle: filled contours, a colour
    bar, the line where the output crosses `threshold`, and optional data.

    Parameters
    ----------
    f : callable
        Takes a batch of shape ``(n_points, 2)``, one point per row, and returns
        ``n_points`` outputs (shape ``(n_points,)`` or ``(n_points, 1)``). It is
        called **once**, on the whole grid, e.g. ``neuron.forward``.
    xlim, ylim : (float, float)
        The rectangle, for the first and second input.
    resolution : int, default 201
        Grid points per axis (``resolution ** 2`` evaluations in one call).
    threshold : float or None, default 0.5
        Draw the contour where the output equals this value (the decision
        boundary of a classifier), if the output crosses it. None: no line.
    X, y : array_like, optional
        Data points of shape ``(n_samples, 2)`` to draw on top, with class
        labels ``y`` (one marker per class).
    ax : matplotlib Axes, optional
    title, cmap, colorbar_label
        Presentation.
    levels : int or sequence of float, default 21
        The number of contour levels, or the levels themselves (e.g.
        ``np.linspace(0, 1, 21)`` to give several panels one colour scale).

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        For a bad rectangle, or if `f` does not return one value per point.
    """
    xlo, xhi = _interval(xlim, "xlim")
    ylo, yhi = _interval(ylim, "ylim")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be an int >= 2, got {resolution!r}")
    xs = np.linspace(xlo, xhi, resolution)
    ys = np.linspace(ylo, yhi, resolution)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    out = np.asarray(f(grid), dtype=float)
    if out.size != len(grid) or out.ndim > 2:
        raise ValueError(
            f"f must return one output per point: called with shape {grid.shape}, it "
            f"returned shape {out.shape}; expected ({len(grid)},) or ({len(grid)}, 1)"
        )
    gz = out.reshape(gx.shape)
    ax = _new_axes(ax)
    filled = ax.contourf(gx, gy, gz, levels=levels, cmap=cmap)
    ax.figure.colorbar(filled, ax=ax, label=colorbar_label)
    finite = gz[np.isfinite(gz)]
    if threshold is not None and finite.size and finite.min() < threshold < finite.max():
        ax.contour(gx, gy, gz, levels=[threshold], colors="white", linewidths=2.5)
        ax.contour(gx, gy, gz, levels=[threshold], colors="black", linewidths=1.2,
                   linestyles="--")  # fmt: skip
    if X is not None:
        plot_points(X, y, ax=ax)
        if y is not None:
            ax.legend(loc="upper right", framealpha=0.9)
    ax.set_xlim(xlo, xhi)
    ax.set_ylim(ylo, yhi)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title if title is not None else "response surface")
    return ax


def plot_sweep(
    f: Callable[[np.ndarray, float], np.ndarray],
    values: list[float],
    *,
    param: str = "w",
    xlim: tuple[float, float] = (-5.0, 5.0),
    num: int = 401,
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str = "x",
    ylabel: str = "output",
) -> Axes:
    """Draw one curve ``f(x, value)`` for each value of a parameter.

    For example, how a weight changes the sigmoid:
    ``plot_sweep(lambda x, w: npdl.sigmoid(w * x), [0.5, 1, 2, 5], param="w")``.
    Each curve is one vectorised call over all ``num`` points of ``x``.

    Returns
    -------
    matplotlib Axes
    """
    lo, hi = _interval(xlim, "xlim")
    values = list(values)
    if not values:
        raise ValueError("plot_sweep needs at least one parameter value")
    ax = _new_axes(ax, figsize=(6, 4))
    x = np.linspace(lo, hi, num)
    colours = plt.cm.viridis(np.linspace(0.0, 0.9, len(values)))
    for value, colour in zip(values, colours, strict=True):
        ax.plot(x, f(x, value), color=colour, lw=2, label=f"{param} = {value:g}")
    ax.axhline(0, color="0.6", lw=0.8, zorder=0)
    ax.axvline(0, color="0.6", lw=0.8, zorder=0)
    ax.set_xlim(lo, hi)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title if title is not None else f"varying {param}")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    return ax


def plot_decision_line(
    w: np.ndarray,
    b: float,
    *,
    ax: Axes | None = None,
    xlim: tuple[float, float] = (-3.0, 3.0),
    ylim: tuple[float, float] = (-3.0, 3.0),
    normal: bool = True,
    color: str | None = None,
    label: str | None = None,
) -> Axes:
    r"""Draw the line ``w[0] x1 + w[1] x2 + b = 0`` and, optionally, the weight
    vector as an arrow starting on the line.

    The arrow starts at the point of the line nearest the centre of the plot
    (for a plot centred on the origin, :math:`-b\,\mathbf{w}/\lVert\mathbf{w}\rVert^2`,
    the point nearest the origin) and points to the side where ``w . x + b > 0``.

    Raises
    ------
    ValueError
        If `w` is not two numbers, or is zero (then ``w . x + b`` does not
        depend on ``x`` and there is no line).

    Returns
    -------
    matplotlib Axes
    """
    w = np.asarray(w, dtype=float)
    if w.shape != (2,):
        raise ValueError(f"w must be 2 numbers for a line in the plane; got shape {w.shape}")
    norm2 = float(w @ w)
    if norm2 == 0.0:
        raise ValueError("w = (0, 0): the weighted sum ignores x, so there is no boundary line")
    xlo, xhi = _interval(xlim, "xlim")
    ylo, yhi = _interval(ylim, "ylim")
    ax = _new_axes(ax)
    closest = -float(b) * w / norm2
    along = np.array([-w[1], w[0]]) / np.sqrt(norm2)
    reach = np.hypot(xhi - xlo, yhi - ylo) + np.linalg.norm(closest)
    ends = closest + np.outer([-reach, reach], along)
    (line,) = ax.plot(ends[:, 0], ends[:, 1], lw=2, color=color, label=label, zorder=4)
    if normal:
        centre = np.array([(xlo + xhi) / 2, (ylo + yhi) / 2])
        start = centre - (w @ centre + float(b)) * w / norm2
        tip = w / np.sqrt(norm2) * 0.25 * min(xhi - xlo, yhi - ylo)
        ax.annotate("", xy=start + tip, xytext=start, zorder=4, annotation_clip=False,
                    arrowprops=dict(arrowstyle="-|>", color=line.get_color(), lw=1.8))  # fmt: skip
    ax.set_xlim(xlo, xhi)
    ax.set_ylim(ylo, yhi)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_neuron(
    neuron: object | None = None,
    *,
    n_inputs: int = 3,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw a neuron: inputs, weighted edges, the sum with the bias, the
    activation and the output.

    Parameters
    ----------
    neuron : npdl.Neuron, optional
        Label the edges with its weights, bias and activation. Without it the
        diagram is symbolic (``w_1 ... w_n``, ``b``, ``g``) with `n_inputs` inputs.
    n_inputs : int, default 3
        Inputs of the symbolic diagram.

    Returns
    -------
    matplotlib Axes
    """
    if neuron is not None:
        weights = [f"{w:g}" for w in neuron.weights]
        bias = f"b = {neuron.bias:g}"
        act = neuron.activation
    else:
        if isinstance(n_inputs, bool) or not isinstance(n_inputs, int) or n_inputs < 1:
            raise ValueError(f"n_inputs must be a positive int, got {n_inputs!r}")
        weights = [f"$w_{{{i + 1}}}$" for i in range(n_inputs)]
        bias, act = "$b$", "$g$"
    n = len(weights)
    ax = _new_axes(ax, figsize=(7, max(2.8, 1.0 + 0.8 * n)))
    ys = np.linspace(0.85, 0.15, n) if n > 1 else np.array([0.5])
    circle = dict(boxstyle="circle,pad=0.35", fc="white", ec="black", lw=1.5)
    box = dict(boxstyle="round,pad=0.5", fc="#fff3d6", ec="black", lw=1.5)
    arrow = dict(arrowstyle="-|>", color="0.25", lw=1.4, shrinkA=2, shrinkB=2)

    def connect(start, end, start_at=(1.0, 0.5), end_at=(0.0, 0.5)):
        # arrows attach to the boxes drawn around the texts, whatever their size
        ax.annotate("", xy=end_at, xycoords=end, xytext=start_at, textcoords=start,
                    arrowprops=arrow)  # fmt: skip

    total = ax.text(0.45, 0.5, "$\\Sigma$", ha="center", va="center", fontsize=16, bbox=circle)
    for i, (yi, wi) in enumerate(zip(ys, weights, strict=True)):
        xi = ax.text(0.08, yi, f"$x_{{{i + 1}}}$", ha="center", va="center", fontsize=13,
                     bbox=circle)  # fmt: skip
        connect(xi, total)
        ax.text(0.24, 0.62 * yi + 0.38 * 0.5 + 0.04, wi, ha="center", va="bottom",
                fontsize=12, color="tab:blue")  # fmt: skip
    b_text = ax.text(0.45, 0.03, bias, ha="center", va="bottom", fontsize=12, color="tab:red")
    connect(b_text, total, start_at=(0.5, 1.0), end_at=(0.5, 0.0))
    g_box = ax.text(0.7, 0.5, act, ha="center", va="center", fontsize=12, bbox=box)
    connect(total, g_box)
    ax.text(0.565, 0.54, "$z$", ha="center", va="bottom", fontsize=13)
    out = ax.text(0.93, 0.5, "$a$", ha="center", va="center", fontsize=14)
    connect(g_box, out)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    default = r"an artificial neuron: $a = g(\mathbf{w} \cdot \mathbf{x} + b)$"
    ax.set_title(title if title is not None else default)
    return ax


def plot_curves(
    x: np.ndarray,
    curves: dict[str, np.ndarray],
    *,
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str = "z",
    ylabel: str = "value",
    styles: dict[str, str] | None = None,
    legend: str = "best",
) -> Axes:
    """Draw several labelled curves over the same `x`, on shared axes.

    For comparisons: two derivatives side by side, the gaps between an
    approximation and the exact function, a family of activations.

    Parameters
    ----------
    x : array_like, shape (n,)
    curves : dict of label -> array of shape (n,)
        One curve per entry, in order.
    styles : dict of label -> line style, optional
        E.g. ``{"swish": "--"}``.
    legend : str
        Legend location (matplotlib's ``loc``).

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If there are no curves, or a curve does not have the length of `x`.
    """
    x = np.asarray(x, dtype=float)
    if not curves:
        raise ValueError("plot_curves needs at least one curve")
    ax = _new_axes(ax, figsize=(7, 4.2))
    for label, y in curves.items():
        y = np.asarray(y, dtype=float)
        if y.shape != x.shape:
            raise ValueError(f"curve {label!r} has shape {y.shape}; x has shape {x.shape}")
        ax.plot(x, y, lw=2, ls=(styles or {}).get(label, "-"), label=label)
    ax.axhline(0, color="0.6", lw=0.8, zorder=0)
    ax.axvline(0, color="0.6", lw=0.8, zorder=0)
    ax.set_xlim(x.min(), x.max())
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(loc=legend)
    return ax


def plot_network(
    layer_sizes: list[int],
    *,
    activations: list[str] | None = None,
    max_nodes: int = 8,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw a fully connected network: one column of nodes per layer, an edge
    from every node to every node of the next layer.

    Parameters
    ----------
    layer_sizes : list of int
        ``[n_inputs, n_hidden_1, ..., n_outputs]``.
    activations : list of str, optional
        One name per layer after the input, written under each column.
    max_nodes : int, default 8
        Wider layers are drawn with ``max_nodes - 1`` nodes and a vertical
        ellipsis; the label keeps the true width.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        For fewer than two layers, a width below 1, or the wrong number of
        activations.
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2 or any(int(n) < 1 for n in sizes):
        raise ValueError(f"layer_sizes must be at least two positive widths; got {sizes}")
    if activations is not None and len(activations) != len(sizes) - 1:
        raise ValueError(f"need {len(sizes) - 1} activations (one per layer after the input); "
                         f"got {len(activations)}")  # fmt: skip
    ax = _new_axes(ax, figsize=(min(2.2 * len(sizes) + 1, 10), 4.5))
    xs = np.linspace(0.0, 1.0, len(sizes))
    columns = []
    for x, n in zip(xs, sizes, strict=True):
        shown = n if n <= max_nodes else max_nodes - 1
        ys = np.linspace(0.9, 0.1, shown) if shown > 1 else np.array([0.5])
        if n > max_nodes:  # leave room for the ellipsis below the drawn nodes
            ys = np.linspace(0.9, 0.25, shown)
        columns.append((x, ys, n > max_nodes))
    for (x0, ys0, _), (x1, ys1, _) in zip(columns[:-1], columns[1:], strict=True):
        for y0 in ys0:
            for y1 in ys1:
                ax.plot([x0, x1], [y0, y1], color="0.75", lw=0.6, zorder=1)
    names = ["input"] + [f"hidden {i}" for i in range(1, len(sizes) - 1)] + ["output"]
    for i, ((x, ys, cut), n, name) in enumerate(zip(columns, sizes, names, strict=True)):
        colour = "tab:green" if i == 0 else "tab:orange" if i == len(sizes) - 1 else "tab:blue"
        ax.scatter(np.full(len(ys), x), ys, s=220, color=colour, edgecolor="black",
                   zorder=3)  # fmt: skip
        if cut:
            ax.text(x, 0.14, "\u22ee", ha="center", va="center", fontsize=18)
        label = f"{name}\n{n} unit{'s' if n > 1 else ''}"
        if activations is not None and i > 0:
            label += f"\n{activations[i - 1]}"
        ax.text(x, -0.02, label, ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.25, 1.0)
    ax.axis("off")
    ax.set_title(title if title is not None else "a fully connected network " + " -> ".join(
        str(n) for n in sizes))
    return ax
