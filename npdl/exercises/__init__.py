"""Checkers that tell a learner whether an exercise is right.

Each ``check_<topic>(fn)`` calls the learner's function on a handful of cases
and prints which pass, then, for the first case that fails, the input, the
expected and the actual value, and a hint. Checkers of values (``check_<topic>(z,
a)``) work the same way on what the learner worked out. The expected values
come from npdl itself (or, for exercises about plain NumPy, from the one-line
NumPy answer), never from numbers typed in.

A checker never raises, whatever it is given: an exception, a NumPy warning,
``None``, text, complex numbers, NaN, a wrong shape, a changed argument or an
endless loop (stopped after a few seconds where the platform allows) is
reported like any other mistake. The learner's ``np.seterr`` does not change
what a checker computes, and a function that damages its arguments damages
only its own copies. An untouched starter (still returning ``None``) is told
it has not been attempted, without the expected values.

The returned :class:`CheckResult` is true when every case passes, so a test
or a later cell can use it; in a notebook it displays nothing extra.

Layout: the engine (cases, comparison, report) is in ``_engine``; there is one
module per part of the book, each with its own ``__all__``:

* :mod:`npdl.exercises.numpy_basics` -- Getting started: NumPy
* :mod:`npdl.exercises.neuron` -- Part I: the artificial neuron, weights and biases
* :mod:`npdl.exercises.activations` -- Part II: activation functions
* :mod:`npdl.exercises.nonlinearity` -- Part III: the linear collapse, XOR
* :mod:`npdl.exercises.networks` -- Part IV: dense layers, forward propagation, the MLP
* :mod:`npdl.exercises.losses`, :mod:`npdl.exercises.descent`,
  :mod:`npdl.exercises.backprop`, :mod:`npdl.exercises.training`,
  :mod:`npdl.exercises.optimisers`, :mod:`npdl.exercises.generalisation` --
  Part V, one module per chapter (Part V has six chapters): losses, gradient
  descent, backpropagation, training a network, optimisers, generalisation

When a chapter replaces an exercise, its checker leaves the part module and
its name goes into :data:`RETIRED`: a learner's copy of the older chapter that
still imports it is told how to fetch the current chapter.

To add the checkers of a new part: write ``npdl/exercises/<part>.py`` with an
``__all__`` and checkers decorated with ``@checker`` that build ``Case`` lists
and return ``_check(...)`` (copy one from a part module); add the module to
the import and to ``_PARTS`` below, and its star import; and add an
``automodule`` directive for it in ``api.md``. ``tests/test_exercises_layout.py``
fails until all of that is done, and the parametrised robustness tests pick
up its checkers by themselves.
"""

from collections.abc import Callable

from npdl.exercises import (
    activations,
    backprop,
    descent,
    generalisation,
    losses,
    networks,
    neuron,
    nonlinearity,
    numpy_basics,
    optimisers,
    training,
)
from npdl.exercises._engine import CheckResult
from npdl.exercises.activations import *  # noqa: F403
from npdl.exercises.backprop import *  # noqa: F403
from npdl.exercises.descent import *  # noqa: F403
from npdl.exercises.generalisation import *  # noqa: F403
from npdl.exercises.losses import *  # noqa: F403
from npdl.exercises.networks import *  # noqa: F403
from npdl.exercises.neuron import *  # noqa: F403
from npdl.exercises.nonlinearity import *  # noqa: F403
from npdl.exercises.numpy_basics import *  # noqa: F403
from npdl.exercises.optimisers import *  # noqa: F403
from npdl.exercises.training import *  # noqa: F403

#: The part modules, in the book's order.
_PARTS = (numpy_basics, neuron, activations, nonlinearity, networks, losses, descent, backprop,
          training, optimisers, generalisation)

__all__ = ["CheckResult", *(name for part in _PARTS for name in part.__all__)]

#: Names of exercises that a chapter has replaced since learners made their
#: copies, and the chapter each belonged to. A learner's copy made before
#: still imports them: a retired checker prints how to fetch the current
#: chapter (and fails) instead of checking; a retired piece of exercise data
#: raises :class:`RetiredExerciseError` with the same advice.
RETIRED = {
    "check_relu_derivative": "relu",
    "check_prelu_alpha_gradient": "leaky_relu_prelu",
    "check_elu_derivative_from_output": "elu_selu",
    "check_sigmoid_derivative_from_output": "sigmoid",
    "check_tanh_derivative_from_output": "tanh",
    "check_swish_minimum": "swish_mish",
    "check_softplus_derivative": "softplus",
    "check_softmax_jacobian": "softmax",
    "check_log_softmax": "softmax",
    "OUTPUT_TASKS": "choosing_activations",
    "check_output_activations": "choosing_activations",
    "check_saturated_at": "choosing_activations",
    "COLLAPSE_EXERCISE": "linear_collapse",
    "check_collapse": "linear_collapse",
    "check_count_params": "dense_layers",
    "FORWARD_EXERCISE": "forward_propagation",
    "check_forward_pass": "forward_propagation",
    "check_architecture": "mlp",
    "check_count_regions": "mlp",
}


class RetiredExerciseError(ImportError):
    """A learner's notebook asked for the checker (or data) of an exercise
    that its chapter has since replaced."""


def _retired_message(name: str) -> str:
    chapter = RETIRED[name]
    return (f"npdl.exercises.{name} belonged to an exercise that the chapter "
            f"'{chapter}' has replaced with a new one. This notebook is a copy of "
            f"the older chapter: `make reset CHAPTER={chapter}` (or `python -m "
            f"tools.workspace reset {chapter}`) gives you the current chapter and "
            "keeps this copy in workspace/backups/.")  # fmt: skip


def _retired_checker(name: str) -> Callable[..., CheckResult]:
    def retired(*args: object, **kwargs: object) -> CheckResult:
        message = _retired_message(name)
        print(message)
        return CheckResult(name, failed=["the exercise was replaced"], report=message)

    retired.__name__ = retired.__qualname__ = name
    retired.__doc__ = f"Retired: {_retired_message(name)}"
    return retired


def __getattr__(name: str) -> object:
    # PEP 562: called only for names the package does not have. A copy of an
    # older chapter imports all its checkers in its first cell: that import
    # must succeed, so that only the replaced exercise's own cell complains.
    if name in RETIRED:
        if name.startswith("check_"):
            return _retired_checker(name)
        raise RetiredExerciseError(_retired_message(name))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
