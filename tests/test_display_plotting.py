"""npdl.display.show_source and npdl.plotting.plot_activation."""

import inspect

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import npdl  # noqa: E402
from npdl.display import show_source  # noqa: E402
from npdl.plotting import plot_activation  # noqa: E402


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
