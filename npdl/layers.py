r"""Layers with parameters: ``forward`` caches what ``backward`` needs;
``backward(dA)`` returns the gradient for the layer's input and stores the
gradients for its parameters.

So far: :class:`PReLU`, the leaky ReLU whose negative slope is learned.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

from npdl._validation import as_float_array, real_scalar

__all__ = ["PReLU"]


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
