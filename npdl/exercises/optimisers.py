"""Checkers for Part V, *Learning*: the chapter *Optimisers*.

The expected values come from :mod:`npdl.optim` itself, never from numbers
typed in: the momentum steps from :class:`npdl.optim.SGD` (its ``velocity``),
the steps of Adam without its bias correction from the running averages
that :class:`npdl.optim.Adam` keeps (``exp_avg``, ``exp_avg_sq``), and the
step counts on the turned valley from running the optimisers.
:data:`ADAM_BIAS_EXERCISE` and :data:`TURNED_VALLEY` are copies for the
chapter to print; the checkers use private originals.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from npdl.exercises._engine import (
    BY_HAND,
    AnswerError,
    Case,
    CheckResult,
    Expect,
    Text,
    _check,
    _name_set,
    _short,
    checker,
    is_placeholder,
    number_array,
    real_number,
    shown_number,
)
from npdl.optim import SGD, Adam, RMSProp

__all__ = [
    "ADAM_BIAS_EXERCISE",
    "TURNED_VALLEY",
    "check_adam_bias",
    "check_momentum_step",
    "check_turned_valley",
]


def _is_real(value: object) -> bool:
    """Whether `value` reads as one finite real number."""
    try:
        return bool(np.isfinite(real_number(value, "it")))
    except AnswerError:
        return False


def _whole_number(value: object, what: str) -> int:
    number = real_number(value, what)
    if isinstance(value, bool) or not np.isfinite(number) or not float(number).is_integer():
        raise AnswerError(f"{what} is {_short(value, 30)}; a number of steps is a whole "
                          "number, e.g. 120")  # fmt: skip
    return int(number)


# --------------------------------------------------------------------------
# one momentum step
# --------------------------------------------------------------------------


def _vectors(*arrays: np.ndarray) -> str:
    with np.printoptions(precision=6, suppress=False, floatmode="maxprec"):
        return ", ".join(np.array2string(a, separator=", ") for a in arrays)


@dataclass
class _Path:
    """The ``(w, v)`` after every step of a run, as they are compared and
    shown (the report shows the last step)."""

    w: list[np.ndarray]
    v: list[np.ndarray]

    def __repr__(self) -> str:
        n = len(self.w)
        return (f"after {n} step{'s' if n > 1 else ''}: w = {_vectors(self.w[-1])}, "
                f"v = {_vectors(self.v[-1])}")  # fmt: skip

    def first_difference(self, other: _Path) -> int | None:
        """The first step (from 1) where the two runs differ, or None."""
        for k, (w1, v1, w2, v2) in enumerate(zip(self.w, self.v, other.w, other.v,
                                                 strict=True), start=1):  # fmt: skip
            if not (_close(w1, w2) and _close(v1, v2)):
                return k
        return None


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-7, atol=1e-12))


@dataclass(frozen=True)
class _Run:
    """One case of the momentum exercise: a start, a quadratic whose
    gradient at ``w`` is ``A @ w``, one learning rate per step, and mu."""

    w0: np.ndarray
    v0: np.ndarray
    A: np.ndarray
    lrs: tuple[float, ...]
    mu: float

    def gradient(self, w: np.ndarray) -> np.ndarray:
        return self.A @ w


def _reference_path(run: _Run) -> _Path:
    """The run made by :class:`npdl.optim.SGD` with ``momentum=mu``, its
    velocity buffer set to ``v0`` first; ``opt.lr`` is assigned before every
    step, as a schedule does."""
    w = np.array(run.w0, dtype=float)
    opt = SGD([w], lr=run.lrs[0], momentum=run.mu)
    opt.velocity[0][...] = run.v0
    path = _Path([], [])
    for lr in run.lrs:
        opt.lr = lr
        opt.step([run.gradient(w)])
        path.w.append(w.copy())
        path.v.append(opt.velocity[0].copy())
    return path


def _follow(step: Callable, run: _Run, *, learner: bool = False) -> _Path | None:
    """Run `step` through `run`, feeding back the ``(w, v)`` it returns.

    For the learner's function: fresh copies at every call, an
    :class:`AnswerError` naming the problem when it changes ``w`` or ``v``
    in place or returns something that is not a pair of arrays of the
    right shape, and None when its first call returns the placeholder."""
    w, v = np.array(run.w0, dtype=float), np.array(run.v0, dtype=float)
    path = _Path([], [])
    for k, lr in enumerate(run.lrs, start=1):
        g = run.gradient(w)
        w_in, v_in, g_in = w.copy(), v.copy(), g.copy()
        out = step(w_in, v_in, g_in, lr, run.mu)
        if learner:
            if k == 1 and (out is None or out is Ellipsis):
                return None
            for name, given, kept in (("w", w_in, w), ("v", v_in, v), ("grad", g_in, g)):
                if not (given.shape == kept.shape and np.array_equal(given, kept)):
                    raise AnswerError(
                        f"changed the caller's {name} in place (at step {k}): return new "
                        f"arrays, w_new = w - lr * v_new, not w -= ...; the caller may still "
                        f"need the old ones (a path that stores w would change too)")
            w, v = _pair(out, w.shape, k)
        else:
            w, v = out
        path.w.append(np.array(w, dtype=float))
        path.v.append(np.array(v, dtype=float))
    return path


def _pair(out: object, shape: tuple[int, ...], k: int) -> tuple[np.ndarray, np.ndarray]:
    """The learner's ``(w_new, v_new)`` as two float arrays of `shape`."""
    where = f" at step {k}" if k > 1 else ""
    if isinstance(out, np.ndarray) or not isinstance(out, tuple | list) or len(out) != 2:
        raise AnswerError(f"returned {_short(out, 60)}{where}; return the pair (w_new, v_new), "
                          "e.g. return w - lr * v_new, v_new")  # fmt: skip
    w_new = number_array(out[0], "w_new", (shape,))
    v_new = number_array(out[1], "v_new", (shape,))
    return w_new, v_new


#: The mistakes learners make, each as the step it computes and its diagnosis
#: (the first that matches a wrong answer names it).
_WRONG_STEPS: list[tuple[Callable, str]] = [
    (lambda w, v, g, lr, mu: (w - lr * (mu * v + g), v),
     "v_new is the old velocity: the new one, mu * v + grad, has to be returned too, "
     "or the next step starts from a stale velocity"),
    (lambda w, v, g, lr, mu: (mu * v + g, w - lr * (mu * v + g)),
     "the pair comes back in the wrong order: return w_new, v_new"),
    (lambda w, v, g, lr, mu: (w + mu * v - lr * g, mu * v - lr * g),
     "this is the other convention, v = mu * v - lr * grad and w = w + v (Sutskever "
     "et al., CS231n): its velocity holds lr times the gradients. npdl and PyTorch keep "
     "v = mu * v + grad and step w - lr * v; the two give the same path only while lr "
     "stays the same"),
    (lambda w, v, g, lr, mu: (w - (mu * v + lr * g), mu * v + lr * g),
     "lr was folded into the velocity (v = mu * v + lr * grad, w = w - v): npdl and "
     "PyTorch keep v = mu * v + grad and multiply by lr only in the step, so that a new "
     "lr applies at once to the whole velocity"),
    (lambda w, v, g, lr, mu: (w - lr * (g + mu * (mu * v + g)), mu * v + g),
     "this is Nesterov's step, w - lr * (grad + mu * v_new); plain (heavy-ball) "
     "momentum steps along the velocity itself, w - lr * v_new"),
    (lambda w, v, g, lr, mu: (w - lr * v, mu * v + g),
     "w was moved with the old velocity: update v first, v_new = mu * v + grad, then "
     "step with it, w - lr * v_new (the first step from v = 0 must move w)"),
    (lambda w, v, g, lr, mu: (w - lr * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g),
     "this velocity is an average, mu * v + (1 - mu) * grad (PyTorch's dampening = mu): "
     "npdl's and PyTorch's default adds the whole gradient, v = mu * v + grad"),
    (lambda w, v, g, lr, mu: (w - lr * mu * (v + g), mu * (v + g)),
     "mu multiplies the old velocity only: v_new = mu * v + grad"),
    (lambda w, v, g, lr, mu: (w - lr * g, g),
     "this is plain gradient descent: the velocity forgets its past. v_new = mu * v + "
     "grad keeps mu times the old velocity"),
    (lambda w, v, g, lr, mu: (w + lr * (mu * v + g), mu * v + g),
     "this step goes up the gradient (w + lr * v_new): step against it, w - lr * v_new"),
    (lambda w, v, g, lr, mu: (w + lr * (mu * v - g), mu * v - g),
     "the velocity has the wrong sign: v_new = mu * v + grad, and the step is "
     "w - lr * v_new"),
]  # fmt: skip


def _momentum_runs() -> list[tuple[str, _Run]]:
    valley = np.diag([1.0, 10.0, 50.0])
    tilted = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 4.0]])
    w = np.array([1.5, -0.8, 0.4])
    return [
        ("the first step, from v = 0", _Run(w, np.zeros(3), valley, (0.01,), 0.9)),
        ("one step from a non-zero velocity",
         _Run(w, np.array([0.5, -1.0, 2.0]), valley, (0.02,), 0.8)),
        ("25 steps on a valley, each gradient taken at the new w",
         _Run(w, np.zeros(3), valley, (0.015,) * 25, 0.9)),
        ("the learning rate drops tenfold after 8 steps, as a schedule would drop it",
         _Run(w, np.zeros(3), tilted, (0.1,) * 8 + (0.01,) * 8, 0.9)),
        ("a weight matrix of shape (3, 2), mu = 0.5",
         _Run(np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]]), np.zeros((3, 2)), tilted,
              (0.05,) * 6, 0.5)),
    ]  # fmt: skip


@checker
def check_momentum_step(fn: Callable) -> CheckResult:
    """Check ``momentum_step(w, v, grad, lr, mu)``: one step of gradient
    descent with (heavy-ball) momentum in npdl's and PyTorch's convention,
    ``v_new = mu * v + grad`` and ``w_new = w - lr * v_new``, returning
    ``(w_new, v_new)`` without changing `w` or `v` in place.

    The checker runs your function for one or several steps, taking each
    gradient at the `w` your function returned, and compares every
    ``(w, v)`` with those of :class:`npdl.optim.SGD` (``momentum=mu``) run
    from the same start, its velocity set to the same `v`. One case changes
    the learning rate halfway, as a schedule does, which tells the
    conventions apart.

    Parameters
    ----------
    fn : callable
        Your ``momentum_step(w, v, grad, lr, mu)``.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> def momentum_step(w, v, grad, lr, mu):
    ...     v_new = mu * v + grad
    ...     return w - lr * v_new, v_new
    >>> ok = check_momentum_step(momentum_step)
    check_momentum_step: all 5 cases pass. Well done!
    ...
    """
    cases = []
    for label, run in _momentum_runs():
        right = _reference_path(run)
        wrong = [(_follow(step, run), diagnosis) for step, diagnosis in _WRONG_STEPS]

        def read(raw, right=right, wrong=wrong):
            if raw.first_difference(right) is None:
                return raw
            for mistake, diagnosis in wrong:
                if raw.first_difference(mistake) is None:
                    raise AnswerError(diagnosis)
            k = raw.first_difference(right)
            raise AnswerError(
                f"your (w, v) differ from npdl's SGD(momentum=mu) from step {k} on: "
                f"there w = {_vectors(right.w[k - 1])} and v = {_vectors(right.v[k - 1])}; "
                f"yours w = {_vectors(raw.w[k - 1])} and v = {_vectors(raw.v[k - 1])}")  # fmt: skip

        def call(fn, run=run):
            return _follow(fn, run, learner=True)

        n = len(run.lrs)
        cases.append(Case(
            label, (run,), Expect(repr(right), lambda got: True, shape=None),
            "v_new = mu * v + grad (the velocity adds the new gradient to mu times the old "
            "velocity), then w_new = w - lr * v_new; return both, as new arrays",
            call=call, convert=read,
            show=(f"w = {_vectors(run.w0)}, v = {_vectors(run.v0)}, mu = {run.mu}, "
                  f"lr = {run.lrs[0]}" + (f", {n} steps" if n > 1 else "")
                  + ("; then lr = " + str(run.lrs[-1]) if len(set(run.lrs)) > 1 else "")),
        ))  # fmt: skip
    return _check("check_momentum_step", fn, cases, ("run",))


# --------------------------------------------------------------------------
# Adam without its bias correction
# --------------------------------------------------------------------------


def _adam_bias_data() -> dict:
    """A fresh copy of the "Adam without bias correction" exercise."""
    return {
        "lr": 0.01,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "gradient": np.array([0.5, -2.0]),
        "n_steps": 3000,
        "within": 0.1,
    }


#: The exercise "Adam without its bias correction": Adam with these settings
#: gets the same ``"gradient"`` at every one of ``"n_steps"`` steps;
#: ``"within"`` is the relative gap the last question asks about.
#:
#: :meta hide-value:
ADAM_BIAS_EXERCISE = _adam_bias_data()


@functools.lru_cache(maxsize=1)
def _adam_bias_answers() -> tuple[float, float, int, int]:
    """(first ratio, largest ratio, the step where it is largest, the first
    step from which the ratio stays within `within` of 1), all measured on
    :class:`npdl.optim.Adam`: the corrected step is how far Adam moved the
    first coordinate, the uncorrected one ``lr * m / (sqrt(v) + eps)`` from
    its state ``exp_avg`` and ``exp_avg_sq`` (the averages before the
    correction)."""
    data = _adam_bias_data()
    w = np.zeros_like(data["gradient"])
    opt = Adam([w], lr=data["lr"], betas=data["betas"], eps=data["eps"])
    ratios = np.empty(data["n_steps"])
    for t in range(data["n_steps"]):
        before = w[0]
        opt.step([data["gradient"]])
        corrected = abs(w[0] - before)
        m, v = opt.exp_avg[0][0], opt.exp_avg_sq[0][0]
        uncorrected = opt.lr * abs(m) / (np.sqrt(v) + opt.eps)
        ratios[t] = uncorrected / corrected
    outside = np.flatnonzero(np.abs(ratios - 1) > data["within"])
    settled = int(outside[-1]) + 2  # steps are counted from 1
    if settled > data["n_steps"]:  # not with the exercise's settings
        raise RuntimeError("the ratio does not settle within the run")
    peak = int(np.argmax(ratios))
    return float(ratios[0]), float(ratios[peak]), peak + 1, settled


def _ratio_hint(value: float, which: str) -> str:
    """A hint aimed at the mistake `value` looks like."""
    data = _adam_bias_data()
    b1, b2 = data["betas"]
    first, peak, _, _ = _adam_bias_answers()
    suspects = [
        (1 - b1, "that is the first step if only m were biased: m_1 = (1 - beta1) g is "
                 "small, but v_1 = (1 - beta2) g^2 is even smaller, and the step divides "
                 "by its square root"),
        (1 / np.sqrt(1 - b2), "that counts only v's bias; m_1 = (1 - beta1) g is too "
                              "small as well"),
        (1.0, "the corrected step is lr (times the sign of g) at every step with a "
              "constant gradient; the uncorrected one is lr * m / sqrt(v) with m and v "
              "still near 0"),
        (1 / first, "that is the corrected step as a multiple of the uncorrected one "
                    "(upside down): the question asks for uncorrected / corrected, and "
                    "the step is m / sqrt(v), with m_1 = (1 - beta1) g on top"),
    ]  # fmt: skip
    right = first if which == "first" else peak
    if np.isclose(value, right, rtol=1e-2):
        return ("close, but not to 4 significant digits: round only at the end, or "
                "give the value unrounded")
    if which == "peak":
        suspects.insert(0, (first, "that is the first step's ratio; the ratio keeps "
                                   "growing for a while: m's bias fades within tens of "
                                   "steps, v's takes thousands"))  # fmt: skip
    for target, hint in suspects:
        if np.isclose(value, target, rtol=5e-3):
            return hint
    if which == "first":
        return ("write m_1 and v_1 from m_0 = v_0 = 0, then lr * m_1 / sqrt(v_1), and "
                "divide by the corrected step, lr")
    return (f"run {data['n_steps']} steps of Adam on the constant gradient and compute "
            "lr * m / (sqrt(v) + eps) from opt.exp_avg and opt.exp_avg_sq after each "
            "step; the ratio to the corrected step rises before it falls")


def _steps_hint(value: int) -> str:
    data = _adam_bias_data()
    b1, b2 = data["betas"]
    _, _, _, settled = _adam_bias_answers()
    if value < 100:
        return (f"beta1's correction is done within tens of steps ({b1}^t is tiny), "
                f"but beta2's is not: {b2}^t fades only over thousands of steps")
    if abs(value - settled) == 1:
        return ("one off: steps are counted from 1 (the first update is step 1), and the "
                "answer is the first step at which the ratio is within 10% of 1")
    return ("compute the ratio after each step and find the first step from which "
            "|ratio - 1| <= 0.1; or solve (1 - beta1^t) / sqrt(1 - beta2^t) = 1.1 "
            "for t, where beta1^t is already negligible")


@checker
def check_adam_bias(first_ratio: float, peak_ratio: float, n_steps: int) -> CheckResult:
    """Check three measurements of Adam without its bias correction, on the
    constant gradient of :data:`ADAM_BIAS_EXERCISE`.

    Without the correction the step is ``lr * m / (sqrt(v) + eps)``; with
    it, ``lr * m_hat / (sqrt(v_hat) + eps)``. The ratio of the two sizes
    (uncorrected / corrected) is the same in every coordinate.

    Parameters
    ----------
    first_ratio : float
        The ratio at the first step (4 significant digits).
    peak_ratio : float
        The largest ratio over the run (4 significant digits).
    n_steps : int
        The first step (counting from 1) from which the uncorrected step
        stays within 10% of the corrected one.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> first, peak, _, settled = _adam_bias_answers()
    >>> ok = check_adam_bias(first, peak, settled)
    check_adam_bias: all 3 cases pass. Well done!
    ...
    """
    first, peak, _, settled = _adam_bias_answers()
    given = {"first": first_ratio, "peak": peak_ratio, "steps": n_steps}

    def hint(part: str) -> str:
        try:
            if part == "steps":
                return _steps_hint(_whole_number(n_steps, "n_steps"))
            return _ratio_hint(real_number(given[part], part), part)
        except AnswerError:
            pass
        if part == "steps" and _is_real(n_steps):
            return ("steps are whole: give the first step t = 1, 2, 3, ... at which the "
                    "ratio is within 10% of 1 and stays there (if you solved an equation "
                    "for t, round its solution up)")
        return "give one number"

    def answer(part: str) -> object:
        if part == "steps":
            return _whole_number(n_steps, "n_steps")
        return real_number(given[part], f"{part}_ratio")

    show = (f"you gave first_ratio = {shown_number(first_ratio)}, peak_ratio = "
            f"{shown_number(peak_ratio)}, n_steps = {shown_number(n_steps)}")  # fmt: skip
    cases = [
        Case("the first uncorrected step, as a multiple of the corrected one", ("first",),
             np.asarray(first), hint("first"), show=show, scalar_ok=True, **BY_HAND),
        Case("the largest ratio over the run", ("peak",), np.asarray(peak), hint("peak"),
             show=show, scalar_ok=True, **BY_HAND),
        Case("the first step from which it stays within 10% of the corrected step",
             ("steps",), np.asarray(float(settled)), hint("steps"), show=show,
             rtol=0.0, atol=0.0),
    ]  # fmt: skip
    return _check("check_adam_bias", answer, cases, ("part",), function=False,
                  attempted=not is_placeholder(first_ratio, peak_ratio, n_steps))  # fmt: skip


# --------------------------------------------------------------------------
# the turned valley
# --------------------------------------------------------------------------

_NAMES = ("SGD", "momentum", "Nesterov", "RMSProp", "Adam")


def _turned_valley_data() -> dict:
    """A fresh copy of the "turned valley" exercise: the valley
    ``diag(1, 100)`` turned by 45 degrees (its start turned with it), and
    five optimisers with settings near their best on the valley."""
    angle = np.radians(45.0)
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    A = np.diag([1.0, 100.0])
    x0 = np.array([-5.0, 0.5])
    turned = turn @ A @ turn.T
    return {
        "A": (turned + turned.T) / 2,  # symmetric to the last bit
        "x0": turn @ x0,
        "A_aligned": A,
        "x0_aligned": x0,
        "tol": 1e-3,
        "n_steps": 500,
        "optimizers": {
            "SGD": functools.partial(SGD, lr=2 / 101),
            "momentum": functools.partial(SGD, lr=0.01, momentum=0.9),
            "Nesterov": functools.partial(SGD, lr=0.01, momentum=0.9, nesterov=True),
            "RMSProp": functools.partial(RMSProp, lr=0.03),
            "Adam": functools.partial(Adam, lr=0.3),
        },
    }


#: The exercise "the turned valley": ``f(x) = x @ A @ x / 2`` for the turned
#: matrix ``"A"`` from ``"x0"`` and, for comparison, the original valley
#: ``"A_aligned"`` from ``"x0_aligned"``; ``"optimizers"`` maps each name to
#: a function that builds that optimiser on a list of arrays. A run has
#: ``"n_steps"`` steps; the count is the first step from which the distance
#: to the minimum stays at most ``"tol"`` times the starting distance.
#:
#: :meta hide-value:
TURNED_VALLEY = _turned_valley_data()


def _distances(make: Callable, A: np.ndarray, x0: np.ndarray, n_steps: int) -> np.ndarray:
    """The distance to the minimum after each of `n_steps` steps (inf after a
    blow-up)."""
    w = np.array(x0, dtype=float)
    opt = make([w])
    out = np.full(n_steps + 1, np.inf)
    out[0] = np.linalg.norm(w)
    with np.errstate(all="ignore"):
        for t in range(1, n_steps + 1):
            opt.step([A @ w])
            out[t] = np.linalg.norm(w)
            if not out[t] < 1e6 * out[0]:
                out[t:] = np.inf
                break
    return out


def _stays(distances: np.ndarray, tol: float) -> int | None:
    """The first step from which the distance stays within tol times the
    start's, or None if it is still outside at the last step."""
    outside = np.flatnonzero(~(distances <= tol * distances[0]))
    last = int(outside[-1])
    return None if last == len(distances) - 1 else last + 1


def _first_hit(distances: np.ndarray, tol: float) -> int | None:
    inside = np.flatnonzero(distances <= tol * distances[0])
    return int(inside[0]) if len(inside) else None


@functools.lru_cache(maxsize=1)
def _valley_counts() -> dict[str, dict[str, int | None]]:
    """For every optimiser: the count on the turned valley, on the aligned
    one, and what the usual slips give (first arrival instead of staying;
    the turned matrix from the unturned start)."""
    data = _turned_valley_data()
    tol, n = data["tol"], data["n_steps"]
    counts = {}
    for name, make in data["optimizers"].items():
        turned = _distances(make, data["A"], data["x0"], n)
        aligned = _distances(make, data["A_aligned"], data["x0_aligned"], n)
        unturned_start = _distances(make, data["A"], data["x0_aligned"], n)
        counts[name] = {
            "turned": _stays(turned, tol),
            "aligned": _stays(aligned, tol),
            "first hit": _first_hit(turned, tol),
            "unturned start": _stays(unturned_start, tol),
        }
    return counts


def _count_text(count: int | None) -> Text:
    return Text("None (not within tol by the last step)" if count is None else str(count))


def _read_counts(counts: object) -> dict[str, object]:
    """The learner's dict of counts with names matched without case."""
    if not isinstance(counts, dict):
        raise AnswerError(f"counts is {_short(counts, 50)}; give a dict that maps each "
                          "optimiser's name to its number of steps, e.g. "
                          "{'SGD': 120, ...}")  # fmt: skip
    found = {}
    for key, value in counts.items():
        if not isinstance(key, str):
            raise AnswerError(f"the key {_short(key, 30)} of counts is not a name; use "
                              f"the names {', '.join(_NAMES)}")  # fmt: skip
        found[key.strip().lower()] = value
    unknown = sorted(set(found) - {n.lower() for n in _NAMES})
    if unknown:
        raise AnswerError(f"counts has names that are not optimisers here: "
                          f"{', '.join(map(repr, unknown))}; use {', '.join(_NAMES)}")  # fmt: skip
    return found


#: The optimisers whose counts are allowed 1% of slack (see :func:`_near`).
_ADAPTIVE = ("RMSProp", "Adam")


def _near(got: int | None, count: int | None, name: str) -> bool:
    """Is `got` the count `count` of optimiser `name`?

    Exact for SGD, momentum and Nesterov: their steps are linear in ``w``,
    so a rounding difference shrinks with the distance and cannot move a
    count (every distance is at least 0.7% away from ``tol`` times the
    start's). Up to 1% (at least one step) for RMSProp and Adam, whose
    per-coordinate scaling amplifies rounding: RMSProp's count moves by a
    few steps when the gradient is computed as ``A @ w`` or
    ``(A * w).sum(axis=1)``."""
    if got is None or count is None:
        return got is None and count is None
    slack = math.ceil(count / 100) if name in _ADAPTIVE else 0
    return abs(got - count) <= slack


def _count_problem(name: str, value: object, truth: dict[str, int | None]) -> str | None:
    """What is wrong with the learner's count for `name` (None: right)."""
    if value is None:
        got = None
    else:
        got = _whole_number(value, f"counts[{name!r}]")
    if _near(got, truth["turned"], name):
        return None
    slips = [
        ("first hit", "that is the first step at which it came within tol, but it left "
                      "again afterwards: count from the step after its last one outside"),
        ("aligned", "that is its count on the original valley (A_aligned from "
                    "x0_aligned); run it on TURNED_VALLEY['A'] from TURNED_VALLEY['x0']"),
        ("unturned start", "that is the turned valley from the unturned start "
                           "x0_aligned: turn the start with the valley, "
                           "TURNED_VALLEY['x0']"),
    ]  # fmt: skip
    for key, diagnosis in slips:
        if not _near(truth[key], truth["turned"], name) and _near(got, truth[key], name):
            return f"you gave {_count_text(got)}: {diagnosis}"
    if got is not None and truth["turned"] is not None and abs(got - truth["turned"]) == 1:
        return (f"you gave {got}, one step off: the start is step 0 and the first "
                "update step 1, and the count is the step after the last one outside "
                "tol (the chapter's steps_to_stay counts this way)")
    if got is None:
        return "you gave None, but this optimiser stays within tol before the last step"
    if truth["turned"] is None:
        return (f"you gave {got}, but this optimiser is still outside tol at step "
                f"{_turned_valley_data()['n_steps']}: give None")  # fmt: skip
    return f"you gave {got}"


@checker
def check_turned_valley(counts: dict, unchanged: object) -> CheckResult:
    """Check the exercise "the turned valley" (:data:`TURNED_VALLEY`): the
    steps each optimiser needs on the turned valley, and which optimisers
    need exactly as many steps as on the original one.

    Each optimiser is built with ``TURNED_VALLEY["optimizers"][name]([w])``
    on the start ``w`` and stepped ``TURNED_VALLEY["n_steps"]`` times with
    the gradient ``A @ w``. Its count is the first step (the start is step
    0) from which the distance to the minimum stays at most ``tol`` times
    the starting distance; None when it is still outside at the last step.
    The counts of SGD, momentum and Nesterov must be exact; for RMSProp and
    Adam a count within 1% (at least one step) of the checker's passes: how
    the gradient is rounded can move RMSProp's count by a few steps.

    Parameters
    ----------
    counts : dict of str -> int or None
        The count of each optimiser on the turned valley (names in any
        case).
    unchanged : collection of str
        The names of the optimisers whose count is the same on both
        valleys.

    Returns
    -------
    CheckResult
        True when every case passes; the report is printed.

    Examples
    --------
    >>> truth = _valley_counts()
    >>> ok = check_turned_valley({n: c["turned"] for n, c in truth.items()},
    ...                          [n for n, c in truth.items() if c["turned"] == c["aligned"]])
    check_turned_valley: all 10 cases pass. Well done!
    ...
    """
    truth = _valley_counts()

    def answer(part: str, name: str) -> object:
        if part == "count":
            found = _read_counts(counts)
            if name.lower() not in found:
                raise AnswerError(f"counts has no entry for {name!r}")
            problem = _count_problem(name, found[name.lower()], truth[name])
            if problem is not None:
                raise AnswerError(problem)
            return Text("right")
        chosen, problem = _name_set(unchanged)
        if problem is not None:
            raise AnswerError(problem.replace("you gave", "unchanged is", 1))
        unknown = sorted(chosen - {n.lower() for n in _NAMES})
        if unknown:
            raise AnswerError(f"unchanged lists names that are not optimisers here: "
                              f"{', '.join(map(repr, unknown))}")  # fmt: skip
        return name.lower() in chosen

    cases = []
    for name in _NAMES:
        cases.append(Case(
            f"{name}: its count on the turned valley", ("count", name),
            Expect(str(_count_text(truth[name]["turned"])), lambda got: got == "right",
                   shape=None),
            "build the optimiser with TURNED_VALLEY['optimizers'][name]([w]) on a fresh "
            "copy of TURNED_VALLEY['x0'], step n_steps times with the gradient A @ w, "
            "and record the distance after every step",
            show=f"your counts: {_short(counts, 120)}",
        ))  # fmt: skip
    for name in _NAMES:
        same = truth[name]["turned"] == truth[name]["aligned"]
        cases.append(Case(
            f"{name}: listed in unchanged or not, rightly", ("unchanged", name),
            Expect("listed (its count does not change)" if same else
                   "not listed (its count changes)", lambda got, same=same: got == same,
                   failure="listed, but its count changes" if not same else
                   "not listed, but its count does not change", shape=None),
            (f"{name} combines the gradients with fixed numbers only, so turning the "
             "problem turns the whole path with it" if same else
             f"{name} squares each coordinate of the gradient on its own, so it depends "
             "on which directions the axes point in"),
            show=f"your unchanged: {_short(unchanged, 120)}",
        ))  # fmt: skip
    return _check("check_turned_valley", answer, cases, ("part", "name"), function=False,
                  attempted=not is_placeholder(counts, unchanged))  # fmt: skip
