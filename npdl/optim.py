r"""Optimisers: turn gradients into parameter updates, in place.

An optimiser is built on the arrays it updates (``net.parameters()``) and
each ``step`` takes the gradients in the same order
(``net.gradients()``, written by the last ``backward``)::

    params, grads = net.parameters(), net.gradients()
    opt = Adam(params, lr=1e-2)
    for epoch in range(100):
        logits = net.forward(X)
        net.backward(cross_entropy_gradient(logits, y))
        opt.step(grads)

The update rules are PyTorch's (``torch.optim``), term for term: the same
hyperparameters give the same trajectory as ``torch.optim.SGD``,
``torch.optim.RMSprop`` and ``torch.optim.Adam`` (weight decay added to the
gradient, ε outside the square root, Adam's bias correction), so a learner
who moves to PyTorch keeps the numbers they know.

================  ==========================================================
npdl              PyTorch (same update)
================  ==========================================================
:class:`SGD`      ``torch.optim.SGD(params, lr, momentum, nesterov=..., weight_decay=...)``
:class:`RMSProp`  ``torch.optim.RMSprop(params, lr, alpha, eps, weight_decay=...)``
:class:`Adam`     ``torch.optim.Adam(params, lr, betas, eps, weight_decay)``
================  ==========================================================

The learning rate is the attribute ``lr``; :class:`StepLR` and
:class:`ExponentialLR` change it once per epoch, as their PyTorch namesakes
do.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from npdl._validation import real_scalar

__all__ = ["SGD", "Adam", "ExponentialLR", "Optimizer", "RMSProp", "StepLR"]


def _rate(value: object, name: str, func: str, *, low: float = 0.0, high: float | None = None,
          low_open: bool = False) -> float:
    """A finite real hyperparameter in [low, high) (or (low, high))."""
    value = real_scalar(value, name, func)
    if value < low or (low_open and value == low) or (high is not None and value >= high):
        lo = "(" if low_open else "["
        interval = f"{lo}{low:g}, {high:g})" if high is not None else f"{lo}{low:g}, inf)"
        raise ValueError(f"{func}: {name} must be in {interval}, got {value!r}")
    return value


class Optimizer:
    """What every optimiser shares: the parameter arrays, the learning rate,
    the checks on :meth:`step`'s gradients, and a step counter.

    Subclasses implement ``_update(i, p, g)``, which changes one parameter array
    in place from its gradient and its state.

    Attributes
    ----------
    params : list of ndarray
        The arrays updated in place (the same objects that were passed in).
    lr : float
        The learning rate; assign to change it (schedules do).
    t : int
        Number of steps taken so far.
    """

    def __init__(self, params: Sequence[np.ndarray], lr: float) -> None:
        name = type(self).__name__
        if isinstance(params, np.ndarray) or not isinstance(params, Sequence):
            raise TypeError(
                f"{name} expects a list of parameter arrays (e.g. net.parameters()); "
                f"got {type(params).__name__}"
            )
        params = list(params)
        if not params:
            raise ValueError(f"{name} got an empty parameter list; nothing to optimise")
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                what = p.dtype if isinstance(p, np.ndarray) else type(p).__name__
                raise TypeError(
                    f"{name}: parameter {i} must be a float ndarray that the optimiser "
                    f"can update in place; got {what}"
                )
        if len({id(p) for p in params}) != len(params):
            raise ValueError(f"{name}: the same array appears twice in params")
        self.params = params
        self.lr = lr
        self.t = 0

    @property
    def lr(self) -> float:
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = _rate(value, "lr", type(self).__name__, low_open=True)

    def step(self, grads: Sequence[np.ndarray]) -> None:
        """Update every parameter in place from its gradient.

        Parameters
        ----------
        grads : sequence of ndarray
            One gradient per parameter, in the order of ``params``, each of
            its parameter's shape (as ``net.gradients()`` gives them).

        Raises
        ------
        ValueError
            If the number of gradients or a shape does not match.

        Notes
        -----
        Like PyTorch, a step does not look for nan or inf in the gradients
        (that would cost a pass over every array at every step);
        :func:`npdl.train.train_step` stops before the step when the loss is
        not finite.
        """
        name = type(self).__name__
        if isinstance(grads, np.ndarray) or not isinstance(grads, Sequence):
            raise TypeError(f"{name}.step expects a list of gradient arrays "
                            f"(e.g. net.gradients()); got {type(grads).__name__}")  # fmt: skip
        if len(grads) != len(self.params):
            raise ValueError(f"{name}.step: got {len(grads)} gradients for "
                             f"{len(self.params)} parameters")  # fmt: skip
        checked = []
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            g = np.asarray(g)
            if g.shape != p.shape:
                raise ValueError(f"{name}.step: gradient {i} has shape {g.shape}; its "
                                 f"parameter has shape {p.shape}")  # fmt: skip
            if g.dtype != p.dtype:
                if g.dtype.kind not in "fiu":
                    raise TypeError(f"{name}.step: gradient {i} must hold numbers, "
                                    f"got {g.dtype}")  # fmt: skip
                g = g.astype(p.dtype)
            checked.append(g)
        self.t += 1
        for i, (p, g) in enumerate(zip(self.params, checked, strict=True)):
            self._update(i, p, g)

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        raise NotImplementedError

    def _zeros(self) -> list[np.ndarray]:
        """One zero array per parameter: room for a running average."""
        return [np.zeros_like(p) for p in self.params]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._hyper()})"

    def _hyper(self) -> str:
        return f"lr={self.lr!r}"


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum, Nesterov momentum
    and weight decay.

    Parameters
    ----------
    params : list of ndarray
        The arrays to update in place, e.g. ``net.parameters()``.
    lr : float
        Learning rate :math:`\eta > 0`.
    momentum : float, default 0.0
        :math:`\mu \in [0, 1)`; 0 is plain gradient descent.
    nesterov : bool, default False
        Nesterov's momentum (needs ``momentum > 0``).
    weight_decay : float, default 0.0
        :math:`\lambda \ge 0`: adds :math:`\lambda\theta` to the gradient,
        the gradient of the L2 penalty :math:`\tfrac{\lambda}{2}\lVert\theta\rVert^2`.

    Notes
    -----
    With :math:`g_t = \nabla L(\theta_{t-1}) + \lambda\theta_{t-1}` and a
    velocity :math:`v_0 = 0` (PyTorch's ``dampening=0``)

    .. math::

        v_t = \mu v_{t-1} + g_t, \qquad
        \theta_t = \theta_{t-1} - \eta\, d_t, \qquad
        d_t = \begin{cases} v_t & \text{momentum} \\
                            g_t + \mu v_t & \text{Nesterov} \end{cases}

    and :math:`d_t = g_t` without momentum.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> opt = SGD([w], lr=0.1, momentum=0.9)
    >>> opt.step([np.array([1.0, 1.0])]); w
    array([ 0.9, -2.1])
    >>> opt.step([np.array([1.0, 1.0])]); w      # v = 0.9 * 1 + 1 = 1.9
    array([ 0.71, -2.29])
    """

    def __init__(self, params: Sequence[np.ndarray], lr: float, momentum: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0) -> None:  # fmt: skip
        super().__init__(params, lr)
        self.momentum = _rate(momentum, "momentum", "SGD", high=1.0)
        if not isinstance(nesterov, bool | np.bool_):
            raise TypeError(f"SGD: nesterov must be True or False, got {nesterov!r}")
        if nesterov and self.momentum == 0:
            raise ValueError("SGD: Nesterov momentum needs momentum > 0 (got momentum=0)")
        self.nesterov = bool(nesterov)
        self.weight_decay = _rate(weight_decay, "weight_decay", "SGD")
        self.velocity = self._zeros() if self.momentum else []

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        if self.weight_decay:
            g = g + self.weight_decay * p
        if self.momentum:
            v = self.velocity[i]
            v *= self.momentum
            v += g
            g = g + self.momentum * v if self.nesterov else v
        p -= self.lr * g

    def _hyper(self) -> str:
        text = f"lr={self.lr!r}"
        if self.momentum:
            text += f", momentum={self.momentum!r}"
        if self.nesterov:
            text += ", nesterov=True"
        if self.weight_decay:
            text += f", weight_decay={self.weight_decay!r}"
        return text


class RMSProp(Optimizer):
    r"""RMSProp: divide each gradient entry by a running root mean square of
    its recent values.

    Parameters
    ----------
    params : list of ndarray
    lr : float, default 0.01
        Learning rate :math:`\eta` (PyTorch's default).
    alpha : float, default 0.99
        Smoothing constant :math:`\alpha \in [0, 1)` of the running average.
    eps : float, default 1e-8
        :math:`\varepsilon \ge 0`, added to the root, not inside it.
    weight_decay : float, default 0.0
        Added to the gradient as in :class:`SGD`.

    Notes
    -----
    .. math::

        s_t = \alpha s_{t-1} + (1-\alpha)\, g_t^2, \qquad
        \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{\sqrt{s_t} + \varepsilon}

    with :math:`s_0 = 0` and all operations elementwise (no bias correction,
    as in PyTorch and in Hinton's lecture).

    Examples
    --------
    >>> w = np.array([1.0])
    >>> RMSProp([w], lr=0.01).step([np.array([5.0])])   # s = 0.01 * 25
    >>> w        # 1 - 0.01 * 5 / (0.5 + 1e-8)
    array([0.9])
    """

    def __init__(self, params: Sequence[np.ndarray], lr: float = 0.01, alpha: float = 0.99,
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:  # fmt: skip
        super().__init__(params, lr)
        self.alpha = _rate(alpha, "alpha", "RMSProp", high=1.0)
        self.eps = _rate(eps, "eps", "RMSProp")
        self.weight_decay = _rate(weight_decay, "weight_decay", "RMSProp")
        self.square_avg = self._zeros()

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        if self.weight_decay:
            g = g + self.weight_decay * p
        s = self.square_avg[i]
        s *= self.alpha
        s += (1 - self.alpha) * g * g
        p -= self.lr * g / (np.sqrt(s) + self.eps)

    def _hyper(self) -> str:
        text = f"lr={self.lr!r}, alpha={self.alpha!r}, eps={self.eps!r}"
        return text + (f", weight_decay={self.weight_decay!r}" if self.weight_decay else "")


class Adam(Optimizer):
    r"""Adam: momentum on the gradient and RMSProp's scaling, both corrected
    for starting at zero (Kingma and Ba, 2015).

    Parameters
    ----------
    params : list of ndarray
    lr : float, default 1e-3
    betas : (float, float), default (0.9, 0.999)
        Decay rates :math:`(\beta_1, \beta_2)`, each in [0, 1).
    eps : float, default 1e-8
        Added to the corrected root, not inside it.
    weight_decay : float, default 0.0
        Added to the gradient (L2, PyTorch's ``Adam``; not the decoupled
        ``AdamW``).

    Notes
    -----
    With :math:`g_t` the gradient (plus :math:`\lambda\theta_{t-1}`),
    :math:`m_0 = v_0 = 0`:

    .. math::

        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,

        \theta_t = \theta_{t-1} - \frac{\eta}{1-\beta_1^t}\,
                   \frac{m_t}{\sqrt{v_t}\,/\sqrt{1-\beta_2^t} + \varepsilon}

    which is :math:`\hat m_t / (\sqrt{\hat v_t} + \varepsilon)` with the
    bias-corrected averages :math:`\hat m_t = m_t/(1-\beta_1^t)`,
    :math:`\hat v_t = v_t/(1-\beta_2^t)`. The first step moves every entry by
    almost exactly ``lr``, whatever the gradient's size.

    Examples
    --------
    >>> w = np.array([1.0, 1.0])
    >>> Adam([w], lr=0.1).step([np.array([1e-3, 1e3])])
    >>> w.round(6)      # both entries move by lr (up to eps)
    array([0.900001, 0.9     ])
    """

    def __init__(self, params: Sequence[np.ndarray], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:  # fmt: skip
        super().__init__(params, lr)
        if isinstance(betas, str) or not isinstance(betas, Sequence) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (_rate(betas[0], "betas[0]", "Adam", high=1.0),
                      _rate(betas[1], "betas[1]", "Adam", high=1.0))  # fmt: skip
        self.eps = _rate(eps, "eps", "Adam")
        self.weight_decay = _rate(weight_decay, "weight_decay", "Adam")
        self.exp_avg = self._zeros()
        self.exp_avg_sq = self._zeros()

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        beta1, beta2 = self.betas
        if self.weight_decay:
            g = g + self.weight_decay * p
        m, v = self.exp_avg[i], self.exp_avg_sq[i]
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        step_size = self.lr / (1 - beta1**self.t)
        denom = np.sqrt(v)
        denom /= np.sqrt(1 - beta2**self.t)
        denom += self.eps
        p -= step_size * m / denom

    def _hyper(self) -> str:
        text = f"lr={self.lr!r}, betas={self.betas!r}, eps={self.eps!r}"
        return text + (f", weight_decay={self.weight_decay!r}" if self.weight_decay else "")


# --------------------------------------------------------------------------
# learning-rate schedules
# --------------------------------------------------------------------------


class _Schedule:
    """Sets ``optimizer.lr`` from the epoch count; call :meth:`step` once at
    the end of every epoch (``fit`` does, when given one)."""

    def __init__(self, optimizer: Optimizer) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(self).__name__} expects an npdl optimiser, "
                            f"got {type(optimizer).__name__}")  # fmt: skip
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.epoch = 0

    def step(self) -> None:
        """One epoch has passed: set the optimiser's learning rate for the next."""
        self.epoch += 1
        self.optimizer.lr = self.lr_at(self.epoch)

    def lr_at(self, epoch: int) -> float:
        raise NotImplementedError


def _count(value: object, name: str, func: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{func}: {name} must be a positive int, got {value!r}")
    return int(value)


class StepLR(_Schedule):
    r"""Multiply the learning rate by `gamma` every `step_size` epochs:
    :math:`\eta_e = \eta_0\,\gamma^{\lfloor e / s \rfloor}` (``torch.optim.lr_scheduler.StepLR``).

    Examples
    --------
    >>> opt = SGD([np.zeros(1)], lr=0.1)
    >>> schedule = StepLR(opt, step_size=2, gamma=0.5)
    >>> [schedule.lr_at(e) for e in range(5)]
    [0.1, 0.1, 0.05, 0.05, 0.025]
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        super().__init__(optimizer)
        self.step_size = _count(step_size, "step_size", "StepLR")
        self.gamma = _rate(gamma, "gamma", "StepLR", low_open=True)

    def lr_at(self, epoch: int) -> float:
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class ExponentialLR(_Schedule):
    r"""Multiply the learning rate by `gamma` every epoch:
    :math:`\eta_e = \eta_0\,\gamma^{e}` (``torch.optim.lr_scheduler.ExponentialLR``).

    Examples
    --------
    >>> opt = SGD([np.zeros(1)], lr=1.0)
    >>> [ExponentialLR(opt, gamma=0.5).lr_at(e) for e in range(4)]
    [1.0, 0.5, 0.25, 0.125]
    """

    def __init__(self, optimizer: Optimizer, gamma: float) -> None:
        super().__init__(optimizer)
        self.gamma = _rate(gamma, "gamma", "ExponentialLR", low_open=True)

    def lr_at(self, epoch: int) -> float:
        return self.base_lr * self.gamma**epoch
