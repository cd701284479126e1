"""npdl: the small, tested NumPy package behind *Neural Networks from Scratch
with NumPy*.

Every chapter of the book imports from here, so the prose, the figures and the
exercises share one implementation. The activations are re-exported at the top
level: ``npdl.sigmoid``, ``npdl.relu``, ``npdl.get_activation("gelu")``, ...
The other modules load on first use: ``npdl.plotting``, ``npdl.exercises``,
``npdl.datasets``, ``npdl.display``, ``npdl.gradcheck``, ``npdl.losses``,
``npdl.optim``, ``npdl.train``.
"""

import importlib

from npdl.activations import (
    ACTIVATIONS,
    Activation,
    activation_backward,
    activation_forward,
    elu,
    gelu,
    get_activation,
    leaky_relu,
    linear,
    log_softmax,
    mish,
    relu,
    selu,
    sigmoid,
    silu,
    softmax,
    softplus,
    swish,
    tanh,
)
from npdl.layers import Dense, PReLU
from npdl.network import MLP
from npdl.neuron import Neuron

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Dense",
    "MLP",
    "Neuron",
    "PReLU",
    "__version__",
    "activation_backward",
    "activation_forward",
    "elu",
    "gelu",
    "get_activation",
    "leaky_relu",
    "linear",
    "log_softmax",
    "mish",
    "relu",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "swish",
    "tanh",
]

_SUBMODULES = {
    "activations", "datasets", "display", "exercises", "gradcheck", "init", "layers",
    "losses", "network", "neuron", "optim", "plotting", "train",
}


def __getattr__(name: str):
    """Import a submodule on first use (plotting pulls in matplotlib)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"npdl.{name}")
    raise AttributeError(f"module 'npdl' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
