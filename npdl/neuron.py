r"""A single artificial neuron.

.. math:: a = g(z), \qquad z = \mathbf{w} \cdot \mathbf{x} + b

The neuron takes ``n_inputs`` numbers, weighs each by its weight, adds the
bias and passes the sum through an activation function ``g``. One sample is a
1-D array ``x`` of shape ``(n_inputs,)``; a batch is a 2-D array of shape
``(n_samples, n_inputs)``, one sample per row, and is computed in one
vectorised call.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

from npdl._validation import as_float_array
from npdl.activations import Activation, get_activation

__all__ = ["Neuron"]


class Neuron:
    """One artificial neuron: ``activation(x @ weights + bias)``.

    Parameters
    ----------
    n_inputs : int
        Number of inputs (features) per sample.
    activation : str, default "sigmoid"
        Name of an elementwise activation in :data:`npdl.activations.ACTIVATIONS`.
    rng : numpy.random.Generator, int or None
        Source of the initial weights, drawn from a normal distribution with
        standard deviation ``1 / sqrt(n_inputs)``; the bias starts at 0.

    Attributes
    ----------
    weights : ndarray, shape (n_inputs,)
        One weight per input. Assign any sequence of ``n_inputs`` numbers.
    bias : float
        The bias. Assign any real number.
    activation : str
        The activation's name.

    Raises
    ------
    ValueError
        For ``n_inputs < 1``, an unknown activation, or one that is not
        elementwise (softmax normalises across outputs; a neuron has one).

    Examples
    --------
    >>> neuron = Neuron(2, activation="sigmoid")
    >>> neuron.weights = [2.0, -1.0]
    >>> neuron.bias = 0.5
    >>> neuron.pre_activation([1.0, 3.0])   # 2*1 - 1*3 + 0.5
    -0.5
    >>> round(neuron.forward([1.0, 3.0]), 6)  # sigmoid(-0.5)
    0.377541
    >>> neuron.forward([[1.0, 3.0], [0.0, 0.0]]).round(6)
    array([0.377541, 0.622459])
    """

    def __init__(
        self,
        n_inputs: int,
        activation: str = "sigmoid",
        rng: np.random.Generator | int | None = None,
    ) -> None:
        if isinstance(n_inputs, bool) or not isinstance(n_inputs, numbers.Integral):
            raise TypeError(f"Neuron: n_inputs must be an int, got {n_inputs!r}")
        if n_inputs < 1:
            raise ValueError(f"Neuron: n_inputs must be at least 1, got {n_inputs}")
        self.n_inputs = int(n_inputs)
        self._record = self._elementwise_record(activation)
        rng = np.random.default_rng(rng)
        self.weights = rng.normal(0.0, 1.0 / np.sqrt(self.n_inputs), self.n_inputs)
        self.bias = 0.0

    @staticmethod
    def _elementwise_record(name: str) -> Activation:
        record = get_activation(name)
        if not record.elementwise:
            raise ValueError(
                f"a neuron has one output, so its activation must be elementwise; "
                f"{name!r} normalises across outputs (use it on a layer's outputs)"
            )
        return record

    @property
    def activation(self) -> str:
        return self._record.name

    @activation.setter
    def activation(self, name: str) -> None:
        self._record = self._elementwise_record(name)

    @property
    def weights(self) -> np.ndarray:
        return self._weights

    @weights.setter
    def weights(self, value: ArrayLike) -> None:
        w = as_float_array(value, "Neuron.weights").astype(np.float64)
        if w.shape != (self.n_inputs,):
            raise ValueError(
                f"Neuron.weights must have shape ({self.n_inputs},), one weight per "
                f"input; got shape {w.shape}"
            )
        self._weights = w.copy()

    @property
    def bias(self) -> float:
        return self._bias

    @bias.setter
    def bias(self, value: float) -> None:
        b = np.asarray(value)
        if b.ndim != 0 or b.dtype.kind not in "biuf":
            raise TypeError(f"Neuron.bias must be one real number, got {value!r}")
        self._bias = float(b)

    def _inputs(self, x: ArrayLike) -> np.ndarray:
        x = as_float_array(x, "Neuron")
        n = self.n_inputs
        if x.ndim not in (1, 2):
            raise ValueError(
                f"Neuron expects one sample of shape ({n},) or a batch of shape "
                f"(n_samples, {n}); got an array of shape {x.shape}"
            )
        if x.shape[-1] != n:
            raise ValueError(
                f"Neuron expects {n} input features, got {x.shape[-1]} "
                f"(input of shape {x.shape})"
            )
        return x

    def pre_activation(self, x: ArrayLike) -> float | np.ndarray:
        """The weighted sum ``z = x @ weights + bias``.

        Returns a float for one sample of shape ``(n_inputs,)`` and an array of
        shape ``(n_samples,)`` for a batch.
        """
        x = self._inputs(x)
        z = x @ self._weights.astype(x.dtype, copy=False) + x.dtype.type(self._bias)
        return float(z) if x.ndim == 1 else z

    def forward(self, x: ArrayLike) -> float | np.ndarray:
        """The neuron's output ``activation(x @ weights + bias)``.

        Parameters
        ----------
        x : array_like, shape (n_inputs,) or (n_samples, n_inputs)
            One sample, or a batch with one sample per row.

        Returns
        -------
        float or ndarray of shape (n_samples,)

        Raises
        ------
        ValueError
            If the number of features is not ``n_inputs``.
        """
        x = self._inputs(x)
        a = self._record.function(self.pre_activation(x))
        return float(a) if x.ndim == 1 else a

    __call__ = forward

    def __repr__(self) -> str:
        w = np.array2string(self._weights, precision=4, separator=", ")
        return (
            f"Neuron(n_inputs={self.n_inputs}, activation={self.activation!r}, "
            f"weights={w}, bias={self._bias:.4g})"
        )
