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
    "PLOTLY_MIME",
    "InteractiveFigure",
    "add_frames",
    "interactive",
    "plot_activation",
    "plot_curves",
    "plot_decision_line",
    "plot_decision_regions",
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


#: Colour maps whose middle colour means "neither side": centred by default.
_DIVERGING = frozenset(
    name + suffix
    for name in ("coolwarm", "bwr", "seismic", "RdBu", "RdYlBu", "RdYlGn",
                 "PiYG", "PRGn", "BrBG", "PuOr", "RdGy", "Spectral")
    for suffix in ("", "_r")
)


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
    center: float | None = None,
    colorbar: bool = True,
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
    center : float, optional
        With `levels` an int, make the levels symmetric about this value, so
        that a diverging colour map (``"coolwarm"``, ``"RdBu_r"``, ...) puts its
        neutral middle colour there. By default a diverging map is centred
        on `threshold`, or on 0 when `threshold` is None; other maps are not
        centred.
    colorbar : bool, default True
        Draw a colour bar for this panel. Panels sharing explicit `levels`
        can share one bar instead: ``fig.colorbar(ax.collections[0], ax=axes)``.

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
    finite = gz[np.isfinite(gz)]
    if center is None and cmap in _DIVERGING:
        center = 0.0 if threshold is None else threshold
    if center is not None and isinstance(levels, int) and finite.size:
        reach = np.max(np.abs(finite - center))
        reach = reach if reach > 0 else 1.0
        levels = np.linspace(center - reach, center + reach, levels)
    ax = _new_axes(ax)
    filled = ax.contourf(gx, gy, gz, levels=levels, cmap=cmap)
    if colorbar:
        ax.figure.colorbar(filled, ax=ax, label=colorbar_label)
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


#: Markers for class labels beyond the four of ``_CLASS_STYLE``.
_MORE_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]


def _class_style(label: int) -> tuple[str, str]:
    """Marker and colour of class `label`: those of :func:`plot_points` for
    labels 0-3, then matplotlib's colour cycle (``C4``, ``C5``, ...)."""
    if label < len(_CLASS_STYLE):
        return _CLASS_STYLE[label]
    return _MORE_MARKERS[label % len(_MORE_MARKERS)], f"C{label % 10}"


def _grid_labels(predict: object, grid: np.ndarray, loss: str | None) -> np.ndarray:
    """The class label of every grid point, from one batched call."""
    if hasattr(predict, "forward"):
        out = np.asarray(predict.forward(grid))
        if loss is not None:
            from npdl.train import predict_labels  # plotting sits on top of train

            labels = predict_labels(out, loss)
            if labels is None:
                raise ValueError(f"plot_decision_regions: the loss {loss!r} gives no class "
                                 f"labels (a regression has no decision regions)")  # fmt: skip
        elif out.ndim == 2 and out.shape[1] > 1:
            labels = out.argmax(axis=1)
        else:
            last = getattr(getattr(predict, "layers", [None])[-1], "activation", "linear")
            labels = (out > (0.5 if last == "sigmoid" else 0.0)).astype(np.int64)
    elif callable(predict):
        if loss is not None:
            raise ValueError(f"plot_decision_regions: loss={loss!r} says how a model's "
                             f"outputs become labels; a function must return the labels "
                             f"itself (or pass the model, with its loss)")  # fmt: skip
        labels = predict(grid)
    else:
        raise TypeError(f"plot_decision_regions takes a model (with a forward method) or "
                        f"a function returning class labels; got "
                        f"{type(predict).__name__}")  # fmt: skip
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.shape != (len(grid),):
        raise ValueError(f"plot_decision_regions: the prediction must give one label per "
                         f"point: called with shape {grid.shape}, it returned shape "
                         f"{labels.shape}; expected ({len(grid)},)")  # fmt: skip
    if labels.dtype.kind not in "biuf" or not np.all(np.isfinite(labels)) or np.any(
            labels != np.round(labels)) or np.any(labels < 0):  # fmt: skip
        raise ValueError("plot_decision_regions: the prediction must return class labels "
                         "0, 1, 2, ... (whole numbers); for a model's raw outputs pass the "
                         "model itself, e.g. plot_decision_regions(net, X, y, "
                         "loss='cross_entropy')")  # fmt: skip
    return labels.astype(np.int64)


def plot_decision_regions(
    predict: Callable[[np.ndarray], np.ndarray] | object,
    X: np.ndarray,
    y: np.ndarray | None = None,
    *,
    loss: str | None = None,
    ax: Axes | None = None,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    resolution: int = 200,
    margin: float = 0.1,
    n_classes: int | None = None,
    title: str | None = None,
    legend: bool = True,
    size: float = 25,
    aspect: str | float = "equal",
) -> Axes:
    """Shade the region of the plane that a classifier gives to each class,
    with the data on top.

    Works for any number of classes: each class gets a light tint of the
    colour its points have in :func:`plot_points` (class 0 blue, 1 orange,
    2 green, 3 red, then matplotlib's colour cycle).

    Parameters
    ----------
    predict : model or callable
        A model with a ``forward`` method (e.g. an :class:`npdl.MLP`), or a
        function that takes a batch of shape ``(n_points, 2)`` and returns
        one class label (0, 1, 2, ...) per point. Either is called **once**,
        on the whole grid.
    X : array_like, shape (n_samples, 2)
        The data: drawn on top, and its bounding box (plus `margin`) is the
        plotted rectangle unless `xlim`/`ylim` are given.
    y : array_like of int, shape (n_samples,), optional
        The data's class labels 0, 1, 2, ... (one marker and colour per
        class); whole numbers stored as floats or booleans are accepted.
    loss : str, optional
        For a model: the loss it was trained with, which says how outputs
        become labels (:func:`npdl.train.predict_labels`). None reads the
        outputs as logits: the largest of several, or one logit above 0
        (above 0.5 for a network whose last layer is a sigmoid).
    ax : matplotlib Axes, optional
    xlim, ylim : (float, float), optional
        The rectangle; by default the data's range along each axis, widened
        by `margin` times that range on both sides.
    resolution : int, default 200
        Grid points per axis (``resolution ** 2`` points, one batched call).
    margin : float, default 0.1
    n_classes : int, optional
        The number of colours; default one more than the largest label in
        `y` and in the prediction.
    title : str, optional
        Default ``"decision regions"``.
    legend : bool, default True
        A legend of the classes of `y`.
    size : float, default 25
        Marker size of the data points.
    aspect : "equal", "auto" or float, default "equal"
        The axes' aspect ratio: "equal" draws both features to the same
        scale, so that angles and distances in the plane look as they are;
        "auto" fills the axes (for features on very different scales).

    Returns
    -------
    matplotlib Axes
        The regions are its first image (``ax.images[0]``), one pixel per
        grid point, holding the labels.

    Raises
    ------
    ValueError
        For data that is not 2-D points, labels of the wrong shape, a bad
        rectangle or resolution, or a prediction that is not one whole,
        non-negative label per grid point.
    TypeError
        If `predict` is neither a model nor a function.

    Examples
    --------
    A rule given as a function: class 1 right of ``x1 = 0``. The data span
    -1 to 1, so the grid runs from -1.2 to 1.2 (a margin of 10 % of the
    range on each side); with 3 points per axis its middle column is at 0:

    >>> X, y = np.array([[-1.0, 0.0], [1.0, 0.0]]), np.array([0, 1])
    >>> ax = plot_decision_regions(lambda P: (P[:, 0] > 0).astype(int), X, y,
    ...                            resolution=3)
    >>> ax.images[0].get_array()[0].tolist()
    [0, 0, 1]
    >>> plt.close(ax.figure)
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"plot_decision_regions: X must have shape (n_samples, 2) with at "
                         f"least one point; got {X.shape}")  # fmt: skip
    if y is not None:
        y = np.asarray(y)
        whole = y.dtype.kind in "biu" or (y.dtype.kind == "f" and bool(
            np.all(np.isfinite(y)) and np.all(y == np.round(y))))  # fmt: skip
        if y.shape != (len(X),) or not whole or np.any(y < 0):
            raise ValueError(f"plot_decision_regions: y must hold one class label 0, 1, ... "
                             f"per point, shape ({len(X)},); got dtype {y.dtype}, shape "
                             f"{y.shape}")  # fmt: skip
        y = y.astype(np.int64)
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be an int >= 2, got {resolution!r}")
    lows, highs = X.min(axis=0), X.max(axis=0)
    pads = margin * np.where(highs > lows, highs - lows, 1.0)
    xlo, xhi = _interval((lows[0] - pads[0], highs[0] + pads[0]) if xlim is None else xlim,
                         "xlim")  # fmt: skip
    ylo, yhi = _interval((lows[1] - pads[1], highs[1] + pads[1]) if ylim is None else ylim,
                         "ylim")  # fmt: skip
    xs = np.linspace(xlo, xhi, resolution)
    ys = np.linspace(ylo, yhi, resolution)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    labels = _grid_labels(predict, grid, loss).reshape(gx.shape)

    top = int(labels.max())
    if y is not None:
        top = max(top, int(y.max()))
    if n_classes is None:
        n_classes = top + 1
    elif isinstance(n_classes, bool) or not isinstance(n_classes, int) or n_classes <= top:
        raise ValueError(f"plot_decision_regions: n_classes is {n_classes!r} but label {top} "
                         f"occurs")  # fmt: skip
    from matplotlib.colors import ListedColormap, to_rgb

    tints = [tuple(0.35 * c + 0.65 for c in to_rgb(_class_style(k)[1]))
             for k in range(n_classes)]  # fmt: skip
    dx, dy = (xhi - xlo) / (resolution - 1), (yhi - ylo) / (resolution - 1)
    ax = _new_axes(ax)
    ax.imshow(labels, origin="lower", interpolation="nearest", aspect="auto",
              extent=(xlo - dx / 2, xhi + dx / 2, ylo - dy / 2, yhi + dy / 2),
              cmap=ListedColormap(tints), vmin=-0.5, vmax=n_classes - 0.5, zorder=0)  # fmt: skip
    if y is None:
        ax.scatter(X[:, 0], X[:, 1], s=size, color="0.3", edgecolor="black", linewidth=0.6,
                   zorder=3)  # fmt: skip
    else:
        for label in np.unique(y):
            marker, colour = _class_style(int(label))
            rows = X[y == label]
            ax.scatter(rows[:, 0], rows[:, 1], s=size, marker=marker, color=colour,
                       edgecolor="black", linewidth=0.6, zorder=3,
                       label=f"class {label}")  # fmt: skip
        if legend:
            ax.legend(loc="best", framealpha=0.9)
    ax.set_xlim(xlo, xhi)
    ax.set_ylim(ylo, yhi)
    ax.set_aspect(aspect, adjustable="box")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title if title is not None else "decision regions")
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


# --------------------------------------------------------------------------
# Interactive figures: every frame computed here, in Python, by npdl; the
# reader's browser only switches between them (no kernel, no network).
# --------------------------------------------------------------------------

#: The MIME type JupyterLab's Plotly extension (shipped inside the plotly
#: package, so it works offline) renders.
PLOTLY_MIME = "application/vnd.plotly.v1+json"

#: Plotly's options for every interactive figure: no logo, no link to an
#: online editor, no "download as PNG" that would need a server.
_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                  "modeBarButtonsToRemove": ["toImage", "sendDataToCloud"]}  # fmt: skip


def _plotly():
    try:
        import plotly.graph_objects as go
        import plotly.io as pio
    except ImportError as error:  # pragma: no cover - plotly is in requirements.txt
        raise ImportError("interactive figures need plotly: python -m pip install "
                          "-r requirements.txt") from error  # fmt: skip
    return go, pio


def add_frames(
    figure: object,
    frames: Sequence[Sequence[object]],
    labels: Sequence[str],
    *,
    traces: Sequence[int],
    name: str,
    play: bool = False,
    active: int = 0,
    duration: int = 150,
) -> object:
    """Give a Plotly figure a slider (and a play button) over precomputed frames.

    Frame ``k`` replaces the traces at positions `traces` with ``frames[k]``
    (Plotly trace objects, e.g. ``go.Contour(z=...)``, whose numbers npdl
    computed). The slider shows ``labels[k]``; moving it, or pressing play,
    switches frames in the reader's browser without running any Python.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        Its data must already hold the traces of frame `active`.
    frames : sequence of sequences of traces
        One entry per slider position, each with one trace per index in
        `traces`.
    labels : sequence of str
        The slider's label at each position, e.g. ``"b = -1.0"``.
    traces : sequence of int
        The positions in ``figure.data`` that the frames replace.
    name : str
        What the slider moves, shown before the label, e.g. ``"bias"``.
    play : bool, default False
        Add play and pause buttons (for a history, such as training epochs).
    active : int, default 0
        The position the slider starts at.
    duration : int, default 150
        Milliseconds per frame when playing.

    Returns
    -------
    plotly.graph_objects.Figure
        `figure`, changed in place.

    Raises
    ------
    ValueError
        If the frames and labels differ in number, a frame has the wrong
        number of traces, or `active` is out of range.
    """
    go, _ = _plotly()
    if len(frames) != len(labels) or not frames:
        raise ValueError(f"add_frames: {len(frames)} frames but {len(labels)} labels; "
                         "give one label per frame (and at least one frame)")  # fmt: skip
    traces = [int(t) for t in traces]
    for k, frame in enumerate(frames):
        if len(frame) != len(traces):
            raise ValueError(f"add_frames: frame {k} has {len(frame)} traces; "
                             f"traces={traces} needs {len(traces)}")  # fmt: skip
    if not 0 <= active < len(frames):
        raise ValueError(f"add_frames: active={active} is not a frame index "
                         f"(0 to {len(frames) - 1})")  # fmt: skip
    keys = [f"{k}" for k in range(len(frames))]
    figure.frames = [go.Frame(name=key, data=list(frame), traces=traces)
                     for key, frame in zip(keys, frames, strict=True)]  # fmt: skip
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
             "transition": {"duration": 0}}  # fmt: skip
    steps = [{"method": "animate", "label": label, "args": [[key], still]}
             for key, label in zip(keys, labels, strict=True)]  # fmt: skip
    figure.update_layout(sliders=[{
        "active": active, "steps": steps, "pad": {"t": 45, "b": 10},
        "currentvalue": {"prefix": f"{name}: ", "font": {"size": 14}},
    }])  # fmt: skip
    if play:
        moving = {"mode": "immediate", "fromcurrent": True,
                  "frame": {"duration": duration, "redraw": True},
                  "transition": {"duration": 0}}  # fmt: skip
        figure.update_layout(updatemenus=[{
            "type": "buttons", "direction": "left", "x": 0.0, "y": 0.0,
            "xanchor": "right", "yanchor": "top", "pad": {"t": 45, "r": 10},
            "buttons": [
                {"label": "▶ play", "method": "animate", "args": [None, moving]},
                {"label": "❚❚ pause", "method": "animate", "args": [[None], still]},
            ],
        }])  # fmt: skip
    return figure


class InteractiveFigure:
    """A Plotly figure that displays itself wherever the notebook is read.

    Its output carries three forms of the same figure, and each front end
    picks the one it can show:

    * ``text/html`` for the built book: a ``<div>`` and the call that draws
      it, using the one copy of plotly.js the book serves (no CDN, not
      embedded per figure);
    * :data:`PLOTLY_MIME` for JupyterLab, drawn by the Plotly extension that
      ships inside the plotly package (offline);
    * ``image/png`` of `static`, the matplotlib version, for a PDF or any
      viewer that runs no JavaScript.

    Everything in it is deterministic (the ``<div>``'s id is a hash of the
    figure), so stored outputs compare equal from one run to the next.
    Build one with :func:`interactive`.
    """

    def __init__(self, figure: object, alt: str, static: object | None = None) -> None:
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError("interactive: alt must describe the figure in words "
                             "(for readers who cannot see it), got "
                             f"{alt!r}")  # fmt: skip
        self.figure = figure
        self.alt = alt.strip()
        self._png = None
        if static is not None:
            import io

            buffer = io.BytesIO()
            static.savefig(buffer, format="png", dpi=static.dpi,
                           metadata={"Software": None})  # fmt: skip
            plt.close(static)
            self._png = buffer.getvalue()

    def to_json(self) -> dict:
        """The figure as Plotly's JSON (data, layout, frames, config)."""
        import json

        _, pio = _plotly()
        spec = json.loads(pio.to_json(self.figure, validate=False))
        spec["config"] = dict(_PLOTLY_CONFIG)
        return spec

    def to_html(self) -> str:
        """The ``<div>`` and script the built book shows."""
        import hashlib
        import html

        _, pio = _plotly()
        spec = self.to_json()
        digest = hashlib.sha1(pio.to_json(self.figure, validate=False).encode())
        div_id = f"npdl-plotly-{digest.hexdigest()[:12]}"
        body = pio.to_html(self.figure, include_plotlyjs=False, full_html=False,
                           div_id=div_id, config=spec["config"], validate=False,
                           include_mathjax=False, auto_play=False)  # fmt: skip
        label = html.escape(self.alt, quote=True)
        return (f'<figure class="npdl-interactive" role="group" aria-label="{label}">'
                f"{body}<figcaption class=\"npdl-alt\">{html.escape(self.alt)}"
                "</figcaption></figure>")  # fmt: skip

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict:
        bundle = {
            PLOTLY_MIME: self.to_json(),
            "text/html": self.to_html(),
            "text/plain": f"Interactive figure: {self.alt}",
        }
        if self._png is not None:
            import base64

            bundle["image/png"] = base64.b64encode(self._png).decode("ascii")
        return bundle


def interactive(figure: object, *, alt: str, static: object | None = None) -> InteractiveFigure:
    """Wrap a Plotly figure so that a notebook cell shows it everywhere.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        Built from numbers npdl computed (with :func:`add_frames` for a
        slider or a play button).
    alt : str
        What the figure shows, in words (the alt text; also its caption for
        screen readers).
    static : matplotlib Figure, optional
        The printable version, shown where no JavaScript runs. It is closed
        after being saved, so it is not displayed a second time.

    Returns
    -------
    InteractiveFigure
        Display it by ending a cell with it.

    Raises
    ------
    ValueError
        If `alt` is empty.
    """
    return InteractiveFigure(figure, alt, static)
