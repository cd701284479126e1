"""npdl.display.show_source and npdl.plotting: the static figures and the
interactive ones."""

import base64
import inspect
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import npdl  # noqa: E402
from npdl.display import show_source  # noqa: E402
from npdl.plotting import PLOTLY_MIME, add_frames, interactive, plot_activation  # noqa: E402


def test_show_source_is_the_real_source():
    src = show_source(npdl.sigmoid)
    real = inspect.getsource(inspect.unwrap(npdl.sigmoid))
    assert src.code.strip() == real.strip()
    assert src.name == "npdl.activations.sigmoid"
    md = src._repr_markdown_()
    assert md.startswith("`npdl.activations.sigmoid`") and "```python\n" in md
    assert repr(src).startswith("# npdl.activations.sigmoid\n")


def test_show_source_can_drop_the_docstring():
    full = show_source(npdl.softplus)
    code = show_source(npdl.softplus, docstring=False)
    assert '"""' in full.code and '"""' not in code.code
    assert "def softplus(z: ArrayLike) -> np.ndarray:" in code.code
    assert "np.log1p(_exp_neg_abs(z))" in code.code
    # the code that is left still compiles
    compile(code.code.split("\n", 1)[1], "<softplus>", "exec")


def test_show_source_of_a_class_and_of_code_without_docstring():
    assert "class Activation" in show_source(npdl.Activation).code

    def f(x):
        return x + 1

    assert show_source(f, docstring=False).code == show_source(f).code


@pytest.mark.parametrize("obj", [np.exp, 3, "sigmoid"])
def test_show_source_rejects_what_has_no_python_source(obj):
    with pytest.raises(TypeError, match="show_source needs a function or class"):
        show_source(obj)


@pytest.mark.parametrize("name", ["sigmoid", "relu", "gelu"])
def test_plot_activation_draws_function_and_derivative(name):
    ax = plot_activation(name, zlim=(-4, 4), num=81)
    lines = ax.get_lines()
    z = np.linspace(-4, 4, 81)
    record = npdl.get_activation(name)
    curves = [ln for ln in lines if len(ln.get_xdata()) == 81]
    assert len(curves) == 2
    np.testing.assert_allclose(curves[0].get_ydata(), record.function(z))
    np.testing.assert_allclose(curves[1].get_ydata(), record.derivative(z))
    assert ax.get_xlabel() and ax.get_ylabel() and name in ax.get_title()
    assert ax.get_legend() is not None
    plt.close(ax.figure)


def test_plot_activation_passes_parameters_and_uses_a_given_axes():
    fig, ax = plt.subplots()
    out = plot_activation("leaky_relu", ax=ax, derivative=False, alpha=0.2, num=11)
    assert out is ax
    (curve,) = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 11]
    np.testing.assert_allclose(curve.get_ydata(), npdl.leaky_relu(np.linspace(-5, 5, 11), 0.2))
    assert "alpha=0.2" in ax.get_title()
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(activation="softmax"), ValueError, "elementwise"),
        (dict(activation="rleu"), ValueError, "unknown activation"),
        (dict(activation=np.tanh), TypeError, "name"),
        (dict(activation="relu", zlim=(3, -3)), ValueError, "low < high"),
    ],
)
def test_plot_activation_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        plot_activation(**kwargs)
    plt.close("all")


# --------------------------------------------------------------------------
# response surfaces, sweeps, decision lines, the neuron diagram
# --------------------------------------------------------------------------

from npdl.plotting import (  # noqa: E402
    plot_curves,
    plot_decision_line,
    plot_network,
    plot_neuron,
    plot_response_surface,
    plot_sweep,
)


def test_response_surface_evaluates_the_grid_in_one_batched_call():
    calls = []

    def f(points):
        calls.append(points.shape)
        return points[:, 0] + 2 * points[:, 1]

    ax = plot_response_surface(f, (-1, 1), (-2, 2), resolution=11, threshold=0.0)
    assert calls == [(121, 2)]
    assert ax.get_xlim() == (-1, 1) and ax.get_ylim() == (-2, 2)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert len(ax.figure.axes) == 2  # the plot and its colour bar
    plt.close(ax.figure)


def test_response_surface_draws_the_threshold_line_where_the_output_crosses_it():
    n = npdl.Neuron(2)
    n.weights, n.bias = [1.0, 1.0], -0.5
    ax = plot_response_surface(n.forward, resolution=41, threshold=0.5)
    # two contour sets for the line (white under black dashes) after the fill
    line_sets = [c for c in ax.collections if hasattr(c, "get_paths") and c.get_linestyle()]
    assert len(ax.collections) >= 2
    # the dashed contour's vertices satisfy x1 + x2 - 0.5 = 0 (sigmoid = 0.5),
    # up to the linear interpolation between grid points
    contour = ax.collections[-1]
    vertices = np.concatenate([p.vertices for p in contour.get_paths()])
    assert len(vertices) > 10
    np.testing.assert_allclose(vertices @ [1.0, 1.0] - 0.5, 0, atol=1e-3)
    assert line_sets
    plt.close(ax.figure)


def test_response_surface_without_a_crossing_draws_no_line():
    ax = plot_response_surface(lambda p: np.ones(len(p)), resolution=5, threshold=0.5)
    n_before = len(ax.collections)
    plt.close(ax.figure)
    ax = plot_response_surface(lambda p: p[:, 0], resolution=5, threshold=0.0)
    assert len(ax.collections) == n_before + 2
    plt.close(ax.figure)


def test_response_surface_with_data_points():
    X, y = npdl.datasets.make_xor()
    ax = plot_response_surface(lambda p: p[:, 0], X=X, y=y, resolution=5)
    scatters = [c for c in ax.collections if c.get_offsets().shape == (2, 2)]
    assert len(scatters) == 2  # one per class, two points each
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    plt.close(ax.figure)


def _fill_levels(ax):
    return np.asarray(ax.collections[0].levels)


@pytest.mark.parametrize(
    ("cmap", "threshold", "center", "middle"),
    [
        ("coolwarm", None, None, 0.0),  # diverging: centred on 0
        ("RdBu_r", 0.5, None, 0.5),  # ... or on the threshold
        ("coolwarm", None, 1.0, 1.0),  # an explicit centre wins
        ("viridis", None, 0.0, 0.0),  # any map can be centred on request
    ],
)
def test_response_surface_centres_a_diverging_colour_map(cmap, threshold, center, middle):
    # the output runs from -1 to 3: uncentred levels would put the middle
    # colour at 1, not where the sign (or the class) changes
    f = lambda p: p[:, 0]  # noqa: E731
    ax = plot_response_surface(f, (-1, 3), (0, 1), resolution=9, cmap=cmap,
                               threshold=threshold, center=center)  # fmt: skip
    levels = _fill_levels(ax)
    assert len(levels) == 21
    np.testing.assert_allclose(levels[10], middle, atol=1e-12)
    np.testing.assert_allclose(levels[0] + levels[-1], 2 * middle, atol=1e-12)
    assert levels[0] <= -1 and levels[-1] >= 3  # the whole range is covered
    plt.close(ax.figure)


def test_response_surface_leaves_a_sequential_map_uncentred():
    ax = plot_response_surface(lambda p: p[:, 0], (-1, 3), (0, 1), resolution=9)
    levels = _fill_levels(ax)
    assert levels[0] >= -1.5 and levels[-1] <= 3.5  # matplotlib's own levels
    plt.close(ax.figure)


def test_response_surface_can_leave_the_colour_bar_to_the_caller():
    fig, axes = plt.subplots(1, 2)
    for ax in axes:
        plot_response_surface(lambda p: p[:, 0], resolution=5, ax=ax,
                              levels=np.linspace(-3, 3, 7), colorbar=False)  # fmt: skip
    assert len(fig.axes) == 2  # no bar yet
    fig.colorbar(axes[0].collections[0], ax=axes)
    assert len(fig.axes) == 3  # one shared bar
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(f=lambda p: p, resolution=5), "one output per point"),
        (dict(f=lambda p: p[:, 0], xlim=(1, 1)), "low < high"),
        (dict(f=lambda p: p[:, 0], resolution=1), "resolution must be an int >= 2"),
    ],
)
def test_response_surface_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plot_response_surface(**kwargs)
    plt.close("all")


def test_sweep_draws_one_labelled_curve_per_value():
    ax = plot_sweep(lambda x, w: npdl.sigmoid(w * x), [0.5, 2.0], param="w", num=11)
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 11]
    assert len(lines) == 2
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(lines[1].get_ydata(), npdl.sigmoid(2.0 * x))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["w = 0.5", "w = 2"]
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="at least one"):
        plot_sweep(lambda x, w: x, [])


@pytest.mark.parametrize(("w", "b"), [([2.0, -1.0], 0.5), ([0.0, 3.0], -6.0), ([1.0, 0.0], 1.0)])
def test_decision_line_lies_on_w_dot_x_plus_b_equals_zero(w, b):
    ax = plot_decision_line(w, b, xlim=(-4, 4), ylim=(-4, 4))
    (line,) = ax.get_lines()
    pts = np.column_stack([line.get_xdata(), line.get_ydata()])
    np.testing.assert_allclose(pts @ np.asarray(w) + b, 0, atol=1e-12)
    # in a plot centred on the origin the arrow starts at the line's point
    # nearest the origin, -b w / |w|^2, and points along w
    (arrow,) = [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    start, tip = np.array(arrow.xyann), np.array(arrow.xy)
    np.testing.assert_allclose(start, -b * np.asarray(w) / np.dot(w, w), atol=1e-12)
    direction = (tip - start) / np.linalg.norm(tip - start)
    np.testing.assert_allclose(direction, np.asarray(w) / np.linalg.norm(w), atol=1e-12)
    plt.close(ax.figure)


def test_decision_line_needs_a_nonzero_two_vector():
    with pytest.raises(ValueError, match="no boundary line"):
        plot_decision_line([0.0, 0.0], 1.0)
    with pytest.raises(ValueError, match="2 numbers"):
        plot_decision_line([1.0, 2.0, 3.0], 1.0)
    plt.close("all")


def test_neuron_diagram_labels_weights_bias_and_activation():
    n = npdl.Neuron(2, activation="relu")
    n.weights, n.bias = [2.0, -1.0], 0.5
    ax = plot_neuron(n)
    texts = {t.get_text() for t in ax.texts}
    assert {"2", "-1", "b = 0.5", "relu", "$x_{1}$", "$x_{2}$", "$a$"} <= texts
    plt.close(ax.figure)
    ax = plot_neuron(n_inputs=4)
    texts = {t.get_text() for t in ax.texts}
    assert {"$w_{1}$", "$w_{4}$", "$b$", "$g$"} <= texts
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="positive int"):
        plot_neuron(n_inputs=0)


def test_plot_curves_draws_each_labelled_curve_with_its_style():
    x = np.linspace(-2, 2, 9)
    ax = plot_curves(x, {"a": x**2, "b": -x}, styles={"b": "--"}, title="t", ylabel="y")
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 9]
    assert [ln.get_label() for ln in lines] == ["a", "b"]
    np.testing.assert_array_equal(lines[0].get_ydata(), x**2)
    assert lines[1].get_linestyle() == "--"
    assert ax.get_title() == "t" and ax.get_ylabel() == "y" and ax.get_xlabel() == "z"
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="has shape"):
        plot_curves(x, {"bad": np.zeros(3)})
    with pytest.raises(ValueError, match="at least one"):
        plot_curves(x, {})
    plt.close("all")


def test_decision_line_arrow_starts_on_the_line_near_the_centre_of_any_view():
    w, b = np.array([1.0, -2.0]), -0.5
    ax = plot_decision_line(w, b, xlim=(-0.5, 2.5), ylim=(-0.5, 1.5))
    (arrow,) = [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    start = np.array(arrow.xyann)
    assert abs(start @ w + b) < 1e-12  # on the line
    centre = np.array([1.0, 0.5])
    # nearest to the centre: the segment start -> centre is parallel to w
    offset = centre - start
    assert abs(offset[0] * w[1] - offset[1] * w[0]) < 1e-12
    assert -0.5 <= start[0] <= 2.5 and -0.5 <= start[1] <= 1.5
    plt.close(ax.figure)


def test_plot_network_draws_every_edge_and_labels_the_layers():
    ax = plot_network([3, 4, 2], activations=["relu", "softmax"])
    edges = [ln for ln in ax.get_lines()]
    assert len(edges) == 3 * 4 + 4 * 2
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "input\n3 units" in texts and "hidden 1\n4 units\nrelu" in texts
    assert "output\n2 units\nsoftmax" in texts
    plt.close(ax.figure)


def test_plot_network_abbreviates_wide_layers():
    ax = plot_network([784, 128, 10], max_nodes=6)
    nodes = [c for c in ax.collections]
    assert [len(c.get_offsets()) for c in nodes] == [5, 5, 5]
    assert "784 units" in " ".join(t.get_text() for t in ax.texts)
    assert sum(t.get_text() == "\u22ee" for t in ax.texts) == 3
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="at least two positive widths"):
        plot_network([3])
    with pytest.raises(ValueError, match="need 2 activations"):
        plot_network([3, 4, 2], activations=["relu"])
    plt.close("all")


# --------------------------------------------------------------------------
# decision regions
# --------------------------------------------------------------------------

from matplotlib.colors import to_rgb  # noqa: E402

from npdl.plotting import plot_decision_regions  # noqa: E402


def _pixel_centres(ax, resolution):
    """The grid points of the regions image, from its axes limits."""
    xs = np.linspace(*ax.get_xlim(), resolution)
    ys = np.linspace(*ax.get_ylim(), resolution)
    gx, gy = np.meshgrid(xs, ys)
    return gx, gy


def test_decision_regions_of_a_linear_rule_land_where_they_should():
    def rule(P):
        return (P[:, 0] + 2 * P[:, 1] > 0.5).astype(int)

    X = np.array([[-2.0, -1.0], [2.0, 1.0], [0.0, 1.0], [1.0, -1.0]])
    y = rule(X)
    ax = plot_decision_regions(rule, X, y, resolution=41)
    # the rectangle is the data's bounding box plus 10 % of its range
    np.testing.assert_allclose(ax.get_xlim(), (-2.4, 2.4))
    np.testing.assert_allclose(ax.get_ylim(), (-1.2, 1.2))
    image = ax.images[0]
    regions = np.asarray(image.get_array())
    assert regions.shape == (41, 41)
    gx, gy = _pixel_centres(ax, 41)
    expected = (gx + 2 * gy > 0.5).astype(int)
    np.testing.assert_array_equal(regions, expected)
    assert 0.3 < regions.mean() < 0.7  # both regions are there
    # each pixel is centred on its grid point
    left, right, bottom, top = image.get_extent()
    np.testing.assert_allclose([left, right], [-2.4 - 0.06, 2.4 + 0.06])
    np.testing.assert_allclose([bottom, top], [-1.2 - 0.03, 1.2 + 0.03])
    assert ax.get_title() == "decision regions"
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    plt.close(ax.figure)


def test_decision_regions_evaluate_the_grid_in_one_batched_call():
    calls = []

    def f(points):
        calls.append(points.shape)
        return np.zeros(len(points), dtype=int)

    ax = plot_decision_regions(f, np.array([[0.0, 0.0], [1.0, 1.0]]), resolution=17,
                               xlim=(-1, 2), ylim=(0, 3), title="t")  # fmt: skip
    assert calls == [(17 * 17, 2)]
    assert ax.get_xlim() == (-1, 2) and ax.get_ylim() == (0, 3) and ax.get_title() == "t"
    assert ax.get_legend() is None  # no labels, no legend
    plt.close(ax.figure)


def test_three_classes_get_three_tints_of_their_points_colours():
    def sector(P):  # three sectors of 120 degrees around the origin
        return (np.floor((np.arctan2(P[:, 1], P[:, 0]) + np.pi) / (2 * np.pi / 3)) % 3
                ).astype(int)  # fmt: skip

    X, y = npdl.datasets.make_spirals(60, 3, rng=0)
    ax = plot_decision_regions(sector, X, y, resolution=31, legend=True)
    regions = np.asarray(ax.images[0].get_array())
    gx, gy = _pixel_centres(ax, 31)
    np.testing.assert_array_equal(regions, sector(np.column_stack([gx.ravel(), gy.ravel()]))
                                  .reshape(31, 31))  # fmt: skip
    assert set(np.unique(regions)) == {0, 1, 2}
    cmap = ax.images[0].get_cmap()
    assert cmap.N == 3
    scatters = [c for c in ax.collections if len(c.get_offsets())]
    assert len(scatters) == 3
    for k, points in enumerate(scatters):
        point = np.array(to_rgb(points.get_facecolor()[0]))
        tint = np.array(cmap(k)[:3])
        np.testing.assert_allclose(tint, 0.35 * point + 0.65)  # a light tint of it
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["class 0", "class 1", "class 2"]
    plt.close(ax.figure)


def test_a_model_is_read_through_its_loss_or_as_logits():
    X = np.array([[-1.0, -1.0], [1.0, 1.0]])
    rule = np.array([1.0, -2.0]), 0.25
    one = npdl.MLP([2, 1], ["linear"])
    one.layers[0].weights, one.layers[0].biases = rule[0][:, None], [rule[1]]
    sig = npdl.MLP([2, 1], ["sigmoid"])
    sig.layers[0].weights, sig.layers[0].biases = rule[0][:, None], [rule[1]]
    # two logits whose difference is the same rule: argmax gives class 1 where it is > 0
    two = npdl.MLP([2, 2], ["linear"])
    two.layers[0].weights = np.column_stack([np.zeros(2), rule[0]])
    two.layers[0].biases = [0.0, rule[1]]
    for model, loss in [(one, "binary_cross_entropy_with_logits"), (one, None),
                        (sig, None), (two, "cross_entropy"), (two, None)]:  # fmt: skip
        ax = plot_decision_regions(model, X, resolution=21, loss=loss)
        gx, gy = _pixel_centres(ax, 21)
        expected = (gx * rule[0][0] + gy * rule[0][1] + rule[1] > 0).astype(int)
        np.testing.assert_array_equal(np.asarray(ax.images[0].get_array()), expected)
        plt.close(ax.figure)


def test_labels_stored_as_floats_or_booleans_are_class_labels():
    X = np.array([[-1.0, 0.0], [1.0, 0.0]])
    for y in (np.array([0.0, 1.0]), np.array([False, True])):
        ax = plot_decision_regions(lambda P: (P[:, 0] > 0).astype(int), X, y, resolution=5)
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
        assert ax.get_aspect() == 1.0  # both features to the same scale by default
        plt.close(ax.figure)


def test_features_on_different_scales_can_fill_the_axes():
    X = np.array([[0.0, 0.0], [100.0, 1.0]])
    ax = plot_decision_regions(lambda P: (P[:, 1] > 0.5).astype(int), X, [0, 1],
                               resolution=5, aspect="auto")  # fmt: skip
    assert ax.get_aspect() == "auto"
    plt.close(ax.figure)


def test_more_classes_than_four_get_colours_of_their_own():
    X = np.array([[0.0, 0.0], [5.0, 1.0]])
    ax = plot_decision_regions(lambda P: np.clip(P[:, 0], 0, 5).astype(int), X,
                               resolution=11)  # fmt: skip
    cmap = ax.images[0].get_cmap()
    assert cmap.N == 6
    assert len({tuple(cmap(k)) for k in range(6)}) == 6
    plt.close(ax.figure)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ((lambda P: np.zeros(len(P), int), np.zeros((3, 3))), {}, ValueError,
         r"shape \(n_samples, 2\)"),
        ((lambda P: np.zeros(len(P), int), np.zeros((3, 2)), [0, 1]), {}, ValueError,
         "one class label"),
        ((lambda P: np.zeros(len(P), int), np.zeros((2, 2)), [0.5, 1.0]), {}, ValueError,
         "one class label"),
        ((lambda P: npdl.sigmoid(P[:, 0]), np.eye(2)), {}, ValueError, "class labels 0, 1, 2"),
        ((lambda P: -np.ones(len(P), int), np.eye(2)), {}, ValueError, "class labels 0, 1, 2"),
        ((lambda P: np.zeros(3, int), np.eye(2)), {}, ValueError, "one label per point"),
        ((lambda P: np.zeros(len(P), int), np.eye(2)), dict(resolution=1), ValueError,
         "resolution must be an int >= 2"),
        ((lambda P: np.zeros(len(P), int), np.eye(2)), dict(xlim=(1, 0)), ValueError,
         "low < high"),
        ((lambda P: P[:, 0] > 0, np.eye(2), [0, 2]), dict(n_classes=2), ValueError,
         "n_classes is 2 but label 2 occurs"),
        ((npdl.MLP([2, 1]), np.eye(2)), dict(loss="mse"), ValueError, "no class labels"),
        (("not a model", np.eye(2)), {}, TypeError, "a model"),
        ((lambda P: np.zeros(len(P), int), np.eye(2)), dict(loss="cross_entropy"), ValueError,
         "a function must return the labels itself"),
    ],
)  # fmt: skip
def test_decision_regions_reject_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        plot_decision_regions(*args, resolution=kwargs.pop("resolution", 5), **kwargs)
    plt.close("all")


# --------------------------------------------------------------------------
# Interactive figures
# --------------------------------------------------------------------------

go = pytest.importorskip("plotly.graph_objects")


def _bias_figure(n_frames=5, active=2, play=False):
    """A neuron's output along a line as its bias moves: npdl computes each frame."""
    x = np.linspace(-3, 3, 31)
    neuron = npdl.Neuron(1)
    neuron.weights = [2.0]
    frames, labels, expected = [], [], []
    for b in np.linspace(-2, 2, n_frames):
        neuron.bias = b
        y = neuron.forward(x[:, None])
        expected.append(y)
        frames.append([go.Scatter(x=x, y=y, name="a")])
        labels.append(f"b = {b:.1f}")
    fig = go.Figure(frames[active][0])
    add_frames(fig, frames, labels, traces=[0], name="bias", active=active, play=play)
    return fig, labels, expected


def test_add_frames_builds_one_frame_and_one_slider_step_per_setting():
    fig, labels, expected = _bias_figure()
    assert [f.name for f in fig.frames] == ["0", "1", "2", "3", "4"]
    for frame, y in zip(fig.frames, expected, strict=True):
        assert list(frame.traces) == [0]
        np.testing.assert_array_equal(frame.data[0].y, y)  # npdl's numbers, as computed
    (slider,) = fig.layout.sliders
    assert slider.active == 2
    assert [s.label for s in slider.steps] == labels
    assert [list(s.args[0]) for s in slider.steps] == [["0"], ["1"], ["2"], ["3"], ["4"]]
    assert all(s.method == "animate" for s in slider.steps)
    assert slider.currentvalue.prefix == "bias: "
    assert not fig.layout.updatemenus  # no play button unless asked


def test_add_frames_adds_play_and_pause_for_a_history():
    fig, _, _ = _bias_figure(play=True)
    (menu,) = fig.layout.updatemenus
    play, pause = menu.buttons
    assert play.args[0] is None and play.args[1]["fromcurrent"]  # play from where it is
    assert list(pause.args[0]) == [None]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(labels=["a"]), "5 frames but 1 labels"),
        (dict(traces=[0, 1]), "frame 0 has 1 traces; traces=\\[0, 1\\] needs 2"),
        (dict(active=5), "active=5 is not a frame index \\(0 to 4\\)"),
    ],
)
def test_add_frames_rejects_inconsistent_frames(kwargs, message):
    x = np.linspace(0, 1, 3)
    frames = [[go.Scatter(x=x, y=x * k)] for k in range(5)]
    args = dict(labels=[str(k) for k in range(5)], traces=[0], name="k") | kwargs
    with pytest.raises(ValueError, match=message):
        add_frames(go.Figure(frames[0][0]), frames, **args)


def test_an_interactive_figure_carries_the_book_the_lab_and_print_forms():
    fig, _, _ = _bias_figure()
    static, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    shown = interactive(fig, alt="A sigmoid along x as the bias moves.", static=static)
    assert not plt.fignum_exists(static.number)  # closed: not displayed twice
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {PLOTLY_MIME, "text/html", "image/png", "text/plain"}
    spec = bundle[PLOTLY_MIME]
    assert len(spec["frames"]) == 5 and spec["layout"]["sliders"]
    assert spec["config"]["displaylogo"] is False
    page = bundle["text/html"]
    assert 'class="npdl-interactive"' in page and "Plotly.newPlot" in page
    assert 'aria-label="A sigmoid along x as the bias moves."' in page
    # the book loads plotly.js once for the site: never inline, never a CDN
    assert "<script src" not in page and "cdn.plot.ly" not in page
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"] == "Interactive figure: A sigmoid along x as the bias moves."


def test_an_interactive_figure_is_the_same_on_every_run():
    # the stored outputs are compared by nbval: no random ids, no timestamps
    first = interactive(_bias_figure()[0], alt="x")._repr_mimebundle_()
    again = interactive(_bias_figure()[0], alt="x")._repr_mimebundle_()
    assert first == again
    other = interactive(_bias_figure(active=1)[0], alt="x")._repr_mimebundle_()
    ids = [re.search(r'id="(npdl-plotly-\w+)"', b["text/html"]).group(1) for b in (first, other)]
    assert ids[0] != ids[1]  # two figures on one page never share an id


def test_an_interactive_figure_without_a_static_version_has_no_png():
    assert "image/png" not in interactive(_bias_figure()[0], alt="x")._repr_mimebundle_()


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_an_interactive_figure_needs_alt_text(alt):
    with pytest.raises(ValueError, match="alt must describe the figure"):
        interactive(_bias_figure()[0], alt=alt)
