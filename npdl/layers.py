r"""Layers with parameters: ``forward`` caches what ``backward`` needs;
``backward(dA)`` returns the gradient for the layer's input and stores the
gradients for its parameters.

:class:`Dense` is the fully connected layer ``A = g(X @ W + b)``;
:class:`PReLU` the leaky ReLU whose negative slope is learned.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike

from npdl import init as initialisers
from npdl._validation import as_float_array, positive_int, real_scalar
from npdl.activations import Activation, get_activation

__all__ = ["Dense", "PReLU"]

Initialiser = Callable[[int, int, np.random.Generator], np.ndarray]


def _activation_params(
    record: Activation, params: Mapping[str, object] | None, n_outputs: int
) -> dict[str, object]:
    """Check a layer's activation parameters; return them as a dict."""
    if record.name in ("softmax", "log_softmax") and n_outputs == 1:
        raise ValueError(
            f"Dense: {record.name} over a single unit always gives "
            f"{'1' if record.name == 'softmax' else '0'} and a zero gradient; for two "
            "classes use one sigmoid unit, or give softmax at least 2 units"
        )
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise TypeError(f"Dense: activation_params must be a dict such as "
                        f"{{'alpha': 0.2}}, got {params!r}")  # fmt: skip
    allowed = [k for k in record.params if k != "axis"]
    unknown = [k for k in params if k not in allowed]
    if unknown:
        if "axis" in unknown and not record.elementwise:
            raise ValueError(f"Dense: {record.name} normalises over the layer's units "
                             "(the last axis); its axis cannot be changed")  # fmt: skip
        takes = f"takes {', '.join(allowed)}" if allowed else "takes no parameters"
        raise ValueError(f"Dense: activation {record.name!r} {takes}; got "
                         f"{', '.join(map(str, unknown))}")  # fmt: skip
    params = dict(params)
    record.function(np.zeros(1), **params)  # a bad value fails here, not in forward
    return params


#: The names of the initialisers in npdl.init (not its helper mean_square_gain).
_INITIALISERS = [n for n in initialisers.__all__ if n.endswith(("_normal", "_uniform"))]


def _initialiser(init: str | Initialiser | None, activation: str) -> tuple[str, Initialiser]:
    """The initialiser's name and function: `init`, or the activation's default."""
    if init is None:
        init = get_activation(activation).default_init
    if callable(init):
        return getattr(init, "__name__", "custom"), init
    if not isinstance(init, str) or init not in _INITIALISERS:
        raise ValueError(f"unknown initialiser {init!r}; choose from {_INITIALISERS} "
                         "or pass a function (n_inputs, n_outputs, rng) -> array")  # fmt: skip
    return init, getattr(initialisers, init)


class Dense:
    r"""A fully connected layer: every input feeds every output.

    .. math:: Z = X W + \mathbf{b}, \qquad A = g(Z)

    with samples as rows: ``X`` is ``(n_samples, n_inputs)``, ``W`` is
    ``(n_inputs, n_outputs)``, ``b`` is ``(n_outputs,)``. One sample of shape
    ``(n_inputs,)`` works too and gives ``(n_outputs,)``.

    Parameters
    ----------
    n_inputs, n_outputs : int
        Widths of the layer's input and output.
    activation : str, default "linear"
        A registry name (:data:`npdl.activations.ACTIVATIONS`); softmax and
        log-softmax normalise each sample's outputs (and need at least two).
    init : str, callable or None
        A function name in :mod:`npdl.init` or a function
        ``(n_inputs, n_outputs, rng) -> array``. None: the activation's
        default: He for ReLU and leaky ReLU, LeCun for SELU, the computed
        scale of :func:`npdl.init.mean_square_gain` for ELU, GELU, Swish/SiLU,
        Mish and softplus, Glorot for the rest (see :mod:`npdl.init`).
    rng : numpy.random.Generator, int or None
        Source of the initial weights. Biases start at 0.
    dtype : float32 or float64, default float64
        The dtype of the parameters, the outputs and the gradients.
    activation_params : dict, optional
        The activation's keyword parameters, e.g. ``{"alpha": 0.2}`` for
        leaky ReLU or ELU, ``{"beta": 2.0}`` for Swish, ``{"approximate":
        True}`` for GELU (:attr:`npdl.activations.Activation.params` lists
        them).

    Attributes
    ----------
    activation : str
    activation_params : dict
    init : str
        The initialiser's name.

    The parameters :attr:`weights` and :attr:`biases` (assigning checks the
    shape and copies into the layer's array) and their gradients :attr:`dW`
    and :attr:`db` (written by :meth:`backward`) are documented below.

    Raises
    ------
    ValueError
        For a softmax or log-softmax over one unit, or a parameter the
        activation does not take.

    Examples
    --------
    >>> layer = Dense(3, 2, activation="relu", rng=0)
    >>> layer
    Dense(3 -> 2, activation='relu', init='he_normal')
    >>> layer.forward(np.ones((4, 3))).shape
    (4, 2)
    >>> Dense(3, 2, activation="leaky_relu", activation_params={"alpha": 0.2}, rng=0)
    Dense(3 -> 2, activation='leaky_relu', alpha=0.2, init='he_normal')
    """

    def __init__(
        self,
        n_inputs: int,
        n_outputs: int,
        activation: str = "linear",
        init: str | Initialiser | None = None,
        rng: np.random.Generator | int | None = None,
        dtype: type = np.float64,
        activation_params: Mapping[str, object] | None = None,
    ) -> None:
        self.n_inputs = positive_int(n_inputs, "n_inputs", "Dense")
        self.n_outputs = positive_int(n_outputs, "n_outputs", "Dense")
        self._record = get_activation(activation)
        self.activation_params = _activation_params(
            self._record, activation_params, self.n_outputs
        )
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise TypeError(f"Dense: dtype must be float32 or float64, got {self.dtype}")
        self.init, make = _initialiser(init, self._record.name)
        W = np.asarray(make(self.n_inputs, self.n_outputs, np.random.default_rng(rng)))
        if W.shape != (self.n_inputs, self.n_outputs):
            raise ValueError(f"Dense: the initialiser returned shape {W.shape}; expected "
                             f"({self.n_inputs}, {self.n_outputs})")  # fmt: skip
        # The four arrays are allocated once: assignment and backward write into
        # them, so lists from parameters() and gradients() stay valid.
        self._weights = np.empty((self.n_inputs, self.n_outputs), dtype=self.dtype)
        self._biases = np.zeros(self.n_outputs, dtype=self.dtype)
        self._dW = np.zeros_like(self._weights)
        self._db = np.zeros_like(self._biases)
        self.weights = W
        self._X: np.ndarray | None = None
        self._Z: np.ndarray | None = None

    @property
    def activation(self) -> str:
        return self._record.name

    @property
    def weights(self) -> np.ndarray:
        """The weight matrix, shape ``(n_inputs, n_outputs)``.

        Assigning copies the values into the layer's own array (converted to
        the layer's dtype) after checking the shape, so a list taken from
        ``parameters()`` before the assignment still holds the layer's weights.
        """
        return self._weights

    @weights.setter
    def weights(self, value: ArrayLike) -> None:
        self._weights[...] = self._checked(value, "weights")

    @property
    def biases(self) -> np.ndarray:
        """The bias vector, shape ``(n_outputs,)``; assigning copies, as for
        :attr:`weights`."""
        return self._biases

    @biases.setter
    def biases(self, value: ArrayLike) -> None:
        self._biases[...] = self._checked(value, "biases")

    @property
    def dW(self) -> np.ndarray:
        """Gradient of the loss with respect to :attr:`weights`, written by
        :meth:`backward` into the same array every time."""
        return self._dW

    @property
    def db(self) -> np.ndarray:
        """Gradient of the loss with respect to :attr:`biases`, written by
        :meth:`backward` into the same array every time."""
        return self._db

    def _checked(self, value: ArrayLike, name: str) -> np.ndarray:
        """`value` as an array of the shape of `name`, or a clear error."""
        target = self._weights if name == "weights" else self._biases
        arr = as_float_array(value, f"Dense.{name}")
        if arr.shape != target.shape:
            what = ("one row per input and one column per output" if name == "weights"
                    else "one bias per output")  # fmt: skip
            raise ValueError(f"Dense.{name} must have shape {target.shape} ({what}); "
                             f"got shape {arr.shape}")  # fmt: skip
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"Dense.{name} must be finite; got {np.array2string(arr)}")
        return arr

    def count_params(self) -> int:
        """Number of weights and biases: ``n_inputs * n_outputs + n_outputs``."""
        return self.weights.size + self.biases.size

    def _input(self, X: ArrayLike) -> np.ndarray:
        X = as_float_array(X, "Dense.forward")
        if X.ndim not in (1, 2):
            raise ValueError(
                f"Dense expects one sample of shape ({self.n_inputs},) or a batch of shape "
                f"(n_samples, {self.n_inputs}); got an array of shape {X.shape}"
            )
        if X.shape[-1] != self.n_inputs:
            raise ValueError(
                f"Dense expects {self.n_inputs} input features, got {X.shape[-1]} "
                f"(input of shape {X.shape})"
            )
        return X

    def forward(self, X: ArrayLike) -> np.ndarray:
        """Compute ``g(X @ W + b)``; keep ``X`` and ``Z`` for :meth:`backward`.

        `X` is kept by reference, not copied (copying every layer's input would
        cost as much memory traffic as the layer itself): do not change it in
        place between ``forward`` and ``backward``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_inputs) or (n_inputs,)

        Returns
        -------
        ndarray, shape (n_samples, n_outputs) or (n_outputs,)
            In the layer's dtype.

        Raises
        ------
        ValueError
            If the number of input features is not ``n_inputs``.
        """
        X = self._input(X).astype(self.dtype, copy=False)
        Z = X @ self.weights
        Z += self.biases
        self._X, self._Z = X, Z  # references: forward and backward never modify them
        return self._record.function(Z, **self.activation_params)

    __call__ = forward

    def backward(
        self, dA: ArrayLike, input_gradient: bool = True
    ) -> np.ndarray | None:
        r"""Backpropagate ``dA``, the gradient of the loss with respect to this
        layer's output; write ``dW`` and ``db`` and return ``dX``.

        .. math:: dZ = dA \odot g'(Z) \ \text{(a Jacobian product for softmax)},\quad
                  dW = X^{\top} dZ,\quad db = \textstyle\sum_{\text{samples}} dZ,\quad
                  dX = dZ\,W^{\top}

        The gradients overwrite those of the previous call (they are not
        added up), in the arrays :attr:`dW` and :attr:`db` that the layer
        allocated once. Everything is computed in the layer's dtype.

        With ``input_gradient=False`` it returns None and skips the product
        ``dZ W^T``: the first layer of a network has no layer below it that
        needs ``dX`` (a training step saves a matrix product that way).

        Raises
        ------
        RuntimeError
            If :meth:`forward` has not been called.
        ValueError
            If `dA` does not have the shape of the last output.
        """
        if self._Z is None:
            raise RuntimeError("Dense.backward needs a forward call first")
        dA = as_float_array(dA, "Dense.backward").astype(self.dtype, copy=False)
        if dA.shape != self._Z.shape:
            raise ValueError(f"Dense.backward: dA must have the shape of the last output, "
                             f"{self._Z.shape}; got {dA.shape}")  # fmt: skip
        dZ = self._record.backward(self._Z, dA, **self.activation_params)
        if self._X.ndim == 1:
            np.multiply.outer(self._X, dZ, out=self._dW)
            self._db[...] = dZ
        else:
            np.matmul(self._X.T, dZ, out=self._dW)
            dZ.sum(axis=0, out=self._db)
        return dZ @ self.weights.T if input_gradient else None

    def __repr__(self) -> str:
        params = "".join(f", {k}={v!r}" for k, v in self.activation_params.items())
        return (f"Dense({self.n_inputs} -> {self.n_outputs}, activation={self.activation!r}"
                f"{params}, init={self.init!r})")  # fmt: skip




class PReLU:
    r"""Parametric ReLU: a leaky ReLU whose negative slope :math:`\alpha` is a
    parameter learned with the rest of the network (He et al., 2015).

    .. math::

        f(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}, \quad
        \frac{\partial f}{\partial z} =
            \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}, \quad
        \frac{\partial f}{\partial \alpha} =
            \begin{cases} 0 & z > 0 \\ z & z \le 0 \end{cases}

    Parameters
    ----------
    n_units : int or None, default None
        None: one slope shared by every unit (PyTorch's ``nn.PReLU()``). An int:
        one slope per unit, for inputs whose last axis has ``n_units`` entries
        (``nn.PReLU(num_parameters=n_units)``).
    alpha : float, default 0.25
        The initial slope (PyTorch's default).

    Attributes
    ----------
    alpha : ndarray, shape () or (n_units,)
        The slope(s).
    dalpha : ndarray, same shape as `alpha`
        The gradient of the loss with respect to `alpha`, set by :meth:`backward`.

    Examples
    --------
    >>> layer = PReLU()
    >>> layer.forward([[-2.0, 3.0]])
    array([[-0.5,  3. ]])
    >>> layer.backward([[1.0, 1.0]])   # dL/dZ for dL/dA = 1
    array([[0.25, 1.  ]])
    >>> float(layer.dalpha)            # dL/dalpha = sum of z where z <= 0
    -2.0
    """

    def __init__(self, n_units: int | None = None, alpha: float = 0.25) -> None:
        alpha = real_scalar(alpha, "alpha", "PReLU")
        if n_units is None:
            self.alpha = np.array(alpha)
        else:
            if isinstance(n_units, bool) or not isinstance(n_units, numbers.Integral):
                raise TypeError(f"PReLU: n_units must be an int or None, got {n_units!r}")
            if n_units < 1:
                raise ValueError(f"PReLU: n_units must be at least 1, got {n_units}")
            self.alpha = np.full(int(n_units), alpha)
        self.n_units = n_units
        self.dalpha = np.zeros_like(self.alpha)
        self._Z: np.ndarray | None = None

    def _check_units(self, Z: np.ndarray) -> None:
        if self.n_units is not None and (Z.ndim == 0 or Z.shape[-1] != self.n_units):
            got = "a single number" if Z.ndim == 0 else f"{Z.shape[-1]} (shape {Z.shape})"
            raise ValueError(f"PReLU expects {self.n_units} units on the last axis, got {got}")

    def forward(self, Z: ArrayLike) -> np.ndarray:
        """Apply the activation; keep `Z` for :meth:`backward`.

        Parameters
        ----------
        Z : array_like
            Pre-activations; with per-unit slopes, units on the last axis.

        Returns
        -------
        ndarray, same shape as `Z`
        """
        Z = as_float_array(Z, "PReLU.forward")
        self._check_units(Z)
        self._Z = Z.copy()
        # z - (1 - alpha) min(z, 0) is z for z > 0 and alpha z for z <= 0
        return Z - (1 - self.alpha) * np.minimum(Z, 0)

    def backward(self, dA: ArrayLike) -> np.ndarray:
        """Backpropagate the gradient `dA` of the loss with respect to the output.

        Stores ``dalpha`` and returns ``dZ``, the gradient with respect to the
        input of the last :meth:`forward`. At ``z = 0`` the slope is ``alpha``
        and the gradient for ``alpha`` gets 0, as in PyTorch.

        Raises
        ------
        RuntimeError
            If :meth:`forward` has not been called.
        ValueError
            If `dA` does not have the shape of the last input.
        """
        if self._Z is None:
            raise RuntimeError(
                "PReLU.backward needs the input of a forward call: call forward first"
            )
        dA = as_float_array(dA, "PReLU.backward")
        if dA.shape != self._Z.shape:
            raise ValueError(
                f"PReLU.backward: dA must have the shape of the last input, "
                f"{self._Z.shape}; got {dA.shape}"
            )
        negative = self._Z <= 0
        neg_part = np.where(negative, self._Z, 0.0)  # d output / d alpha
        if self.alpha.ndim == 0:
            self.dalpha = np.array(np.sum(dA * neg_part))
        else:
            self.dalpha = np.sum((dA * neg_part).reshape(-1, self.n_units), axis=0)
        return dA * np.where(negative, self.alpha, 1.0)

    def __repr__(self) -> str:
        units = "shared" if self.n_units is None else f"n_units={self.n_units}"
        alpha = np.array2string(self.alpha, precision=4)
        return f"PReLU({units}, alpha={alpha})"
