"""The engine every checker runs on: cases, the comparison, the report.

A checker builds a list of :class:`Case` objects (an input for the learner's
function and what must come back) and hands them to :func:`_check`, which
runs each case, compares, prints the report and returns a
:class:`CheckResult`. Every public checker is wrapped in :func:`checker`,
which fixes NumPy's floating-point settings while it runs and turns a
failure of the checker's own code into a short report instead of a
traceback.

What the engine guarantees, whatever the learner passes:

* the learner's function gets fresh deep copies of the arguments, so it can
  neither damage the exercise data nor see what an earlier call did to them;
* an exception, a warning, ``None``, text, complex numbers, NaN, a wrong
  shape, a changed argument or an endless loop is reported, never raised;
* an untouched starter (a placeholder that returns ``None``) is told it has
  not been attempted, without the expected values.
"""

from __future__ import annotations

import copy
import functools
import inspect
import numbers
import signal
import textwrap
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

#: Seconds one case may run before the checker stops it. The limit needs
#: POSIX signals on the main thread (a Jupyter kernel runs cells there);
#: elsewhere (Windows, a worker thread) there is none.
TIME_LIMIT = 5.0

#: The smallest normal float64. Below it numbers are subnormal: they keep
#: fewer digits, and some correct libraries (``scipy.special.expit``) round
#: them to 0. Cases that reach there use it as their absolute tolerance.
TINY = float(np.finfo(np.float64).tiny)

#: Tolerances for a number worked out by hand: four significant digits.
BY_HAND = {"rtol": 5e-4, "atol": 0.0}

_PLACEHOLDERS = (None, Ellipsis)
_SILENCERS = {"errstate", "seterr", "catch_warnings", "simplefilter", "filterwarnings"}
_LIBRARIES = {"numpy", "npdl", "math", "cmath", "scipy", "torch", "jax", "tensorflow"}


class Text(str):
    """A string that a report shows without quotes."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


class AnswerError(Exception):
    """Raised by a checker's own code to say what is wrong with an answer.

    Its message is reported as the case's problem, as it is.
    """


class _TimeUp(BaseException):
    """The learner's code ran past :data:`TIME_LIMIT` (not an ``Exception``,
    so that a ``try: ... except Exception`` in the learner's loop cannot
    swallow it)."""


@dataclass
class Expect:
    """An expected result given by a condition, not by one value."""

    description: str
    holds: Callable[[object], bool]
    failure: str = "the value does not meet the condition"
    shape: tuple | None = ()  # None: the answer is not a number (e.g. a name)


@dataclass
class Case:
    """One input for the learner's function and what it must return.

    `call` replaces ``fn(*args)`` (e.g. to look at the function's code rather
    than call it); `convert` turns the raw answer into what is compared (and
    raises :class:`AnswerError` when it cannot). `strict_atol` replaces
    `atol` when the learner's code silences NumPy's warnings: a value that
    is right only up to a flushed subnormal passes, unless the flush is what
    the silenced warning was about. `scalar_ok` accepts a size-1 array for a
    single number (values typed by hand). A case with `needs_answer` false
    does not count when deciding whether the exercise was attempted.
    """

    label: str
    args: tuple
    expected: np.ndarray | Expect
    hint: str
    rtol: float = 1e-7
    atol: float = 1e-12
    show: str | None = None  # how to describe the input, instead of the args
    call: Callable[..., object] | None = None
    convert: Callable[[object], object] | None = None
    strict_atol: float | None = None
    scalar_ok: bool = False
    needs_answer: bool = True
    also: tuple[np.ndarray, ...] = ()  # other answers that are right too


@dataclass
class CheckResult:
    """What a checker found. True when every case passed.

    Attributes
    ----------
    name : str
        The checker, e.g. ``"check_relu"``.
    passed : list of str
        The labels of the cases that passed, in order.
    failed : list of str
        The labels of the cases that failed or were not run, in order.
    report : str
        The text the checker printed.
    attempted : bool
        False when the answer was still the starter's placeholder.
    """

    name: str
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    report: str = ""
    attempted: bool = True

    def __bool__(self) -> bool:
        return not self.failed and bool(self.passed)

    @property
    def n_cases(self) -> int:
        """How many cases there are (passed, failed or not run)."""
        return len(self.passed) + len(self.failed)

    def _ipython_display_(self) -> None:
        """Show nothing more in a notebook: the report is already printed."""


@dataclass
class _Outcome:
    status: str  # "pass", "fail", "placeholder" or "timeout"
    problem: str | None = None
    got: object = None


# --------------------------------------------------------------------------
# formatting
# --------------------------------------------------------------------------

_WIDTH = 78


def _short(value: object, limit: int = 200) -> str:
    """``repr(value)``, cut to `limit` characters."""
    try:
        text = repr(value)
    except Exception:  # a learner's object whose repr is broken
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= limit else text[: limit - 5] + " ...)"


def _wrap(label: str, text: str) -> str:
    """`label` then `text`, wrapped at 78 columns and indented under itself."""
    return textwrap.fill(
        text, width=_WIDTH, initial_indent=label, subsequent_indent=" " * len(label),
        break_on_hyphens=False,
    )


def _fmt(value: object, prefix: str) -> str:
    """`prefix` followed by `value`, continuation lines aligned under it.

    Arrays print with fixed options (whatever the learner set): 6 digits, no
    suppression of tiny numbers, large arrays summarised.
    """
    if isinstance(value, Expect):
        return _wrap(prefix, value.description)
    if isinstance(value, np.ndarray) and value.dtype.kind in "biufc":
        with np.printoptions(precision=6, threshold=20, edgeitems=3, linewidth=75,
                             suppress=False, floatmode="maxprec", sign="-",
                             formatter=None, legacy=False):  # fmt: skip
            return prefix + np.array2string(value, separator=", ", prefix=prefix)
    return _wrap(prefix, _short(value))


def _describe_args(args: tuple, names: tuple[str, ...]) -> str:
    return "\n".join(_fmt(a, f"  {n} = ") for n, a in zip(names, args, strict=True))


# --------------------------------------------------------------------------
# the settings a checker runs under
# --------------------------------------------------------------------------


@contextmanager
def _fixed_numerics() -> Iterator[None]:
    """NumPy's default floating-point settings (warn on divide, overflow and
    invalid; ignore underflow), whatever the learner set with ``np.seterr``;
    warnings from the checker's own code are not shown. Both are restored on
    exit."""
    with np.errstate(divide="warn", over="warn", invalid="warn", under="ignore"), \
            warnings.catch_warnings():  # fmt: skip
        warnings.simplefilter("ignore")
        yield


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_TimeUp` in the block after `seconds`, where possible.

    Uses ``SIGALRM`` and ``setitimer``, so only on POSIX and on the main
    thread; anywhere else the block runs without a limit. The previous
    handler is put back, and a timer that was already running is restarted
    with what was left of it.
    """
    usable = (
        seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    previous = signal.getsignal(signal.SIGALRM) if usable else None
    if not usable or previous is None:  # None: a handler installed outside Python
        yield
        return

    def alarm(signum, frame):
        raise _TimeUp

    signal.signal(signal.SIGALRM, alarm)
    start = time.monotonic()
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay > 0:
            left = max(outer_delay - (time.monotonic() - start), 1e-6)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)


# --------------------------------------------------------------------------
# reading a learner's function
# --------------------------------------------------------------------------


def _code_objects(code) -> Iterator:
    yield code
    for const in code.co_consts:
        if inspect.iscode(const):
            yield from _code_objects(const)


def code_facts(fn: object) -> tuple[set[str], set[str], list[object]]:
    """What `fn`'s code refers to: names, string constants and objects.

    Follows nested functions and lambdas, closures, default arguments,
    ``functools.partial`` and the helper functions `fn` calls from its own
    module (a notebook's ``__main__``), but not into libraries.
    """
    names: set[str] = set()
    strings: set[str] = set()
    objects: list[object] = []
    seen: set[int] = set()
    home = getattr(inspect.unwrap(fn), "__module__", None) if callable(fn) else None

    def visit(f: object, depth: int) -> None:
        while isinstance(f, functools.partial):
            objects.extend(f.args)
            objects.extend(f.keywords.values())
            f = f.func
        if inspect.ismethod(f):
            f = f.__func__
        if callable(f):
            f = inspect.unwrap(f)
        if not inspect.isfunction(f):
            objects.append(f)
            return
        if id(f) in seen or depth > 4:
            return
        seen.add(id(f))
        if f.__module__ != home and depth > 0:
            objects.append(f)
            return
        found = list(f.__defaults__ or ()) + list((f.__kwdefaults__ or {}).values())
        for cell in f.__closure__ or ():
            try:
                found.append(cell.cell_contents)
            except ValueError:  # an empty cell
                pass
        for code in _code_objects(f.__code__):
            names.update(code.co_names)
            strings.update(c for c in code.co_consts if isinstance(c, str))
            found.extend(f.__globals__[n] for n in code.co_names if n in f.__globals__)
        for value in found:
            if inspect.isfunction(value) and value.__module__ == home:
                visit(value, depth + 1)
            elif isinstance(value, functools.partial):
                visit(value, depth + 1)
            else:
                objects.append(value)

    visit(fn, 0)
    return names, strings, objects


def is_library_function(obj: object, name: str) -> bool:
    """Is `obj` a library's function called `name` (``np.tanh``,
    ``npdl.tanh``, ``math.tanh``, ...)?"""
    if getattr(obj, "__name__", None) != name:
        return False
    if isinstance(obj, np.ufunc):
        return True
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] in _LIBRARIES


def silences_warnings(fn: object) -> bool:
    """Does `fn`'s code change NumPy's error settings or the warning filters?"""
    names, _, _ = code_facts(fn)
    return bool(names & _SILENCERS)


# --------------------------------------------------------------------------
# turning an answer into numbers
# --------------------------------------------------------------------------


def _numbers(got: object) -> tuple[np.ndarray | None, str | None]:
    """`got` as an array of real numbers, or what it is instead (a phrase
    that follows "returned" or "you gave")."""
    if isinstance(got, str | bytes | bytearray | np.str_ | np.bytes_):
        return None, (f"text, {_short(got, 60)}, not a number: give the number itself, "
                      "not its text (no str(), no f-string, no quotes)")  # fmt: skip
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(got)
    except Exception as exc:  # ragged nested lists, objects that refuse
        why = ("its rows have different lengths" if "inhomogeneous" in str(exc)
               else _first_line(exc))  # fmt: skip
        return None, (f"a {type(got).__name__} that is not a rectangular array of "
                      f"numbers ({why})")  # fmt: skip
    kind = arr.dtype.kind
    if kind == "O":
        items = arr.ravel().tolist() if arr.size <= 100_000 else [None]
        if items and all(isinstance(x, numbers.Real) for x in items):
            return arr.astype(np.float64), None
        bad = next((x for x in items if not isinstance(x, numbers.Real)), None)
        if isinstance(bad, numbers.Complex):
            kind = "c"
        elif isinstance(bad, str | bytes):
            kind = "U"
        elif arr.ndim == 0:
            return None, f"a {type(got).__name__}, not a number or an array of numbers"
        else:
            what = "None" if bad is None else f"a {type(bad).__name__}"
            return None, f"a {type(got).__name__} holding {what}, not only numbers"
    if kind in "US":
        return None, (f"text, {_short(got, 60)}, not numbers: give the numbers "
                      "themselves, not their text")  # fmt: skip
    if kind == "c":
        return None, (f"a complex number or array (dtype {arr.dtype}), but the answer is "
                      "real: find where a complex value comes in (e.g. a complex input to "
                      "np.exp or np.sqrt, or np.emath) instead of dropping the imaginary "
                      "part with .real")  # fmt: skip
    if kind not in "biuf":
        return None, f"a {type(got).__name__} of dtype {arr.dtype}, not numbers"
    return arr, None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return first if len(first) <= 160 else first[:155] + " ..."


def _tolerances(arr: np.ndarray, rtol: float, atol: float) -> tuple[float, float, np.dtype]:
    """Tolerances for comparing an answer of `arr`'s dtype: a float type
    coarser than float64 (float32) is compared with tolerances of its own."""
    dtype = arr.dtype
    if dtype.kind == "f" and np.finfo(dtype).eps > np.finfo(np.float64).eps:
        info = np.finfo(dtype)
        return max(rtol, 64 * float(info.eps)), max(atol, float(info.tiny)), dtype
    return rtol, atol, np.dtype(np.float64)


def _first_difference(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> str:
    if got.ndim == 0:
        return ""
    close = np.isclose(got, want, rtol=rtol, atol=atol)
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    where = index[0] if len(index) == 1 else index
    return f" (the first difference is at index {where})"


# --------------------------------------------------------------------------
# running one case
# --------------------------------------------------------------------------


def _changed(given: object, original: object, path: str) -> tuple[str, str] | None:
    """Where `given` (what the learner's function received) differs from
    `original`: ``(path, kind)``, or None. Arrays and lists, tuples and dicts
    of them are compared; anything else (numbers, functions, networks)
    counts as unchanged."""
    if isinstance(original, np.ndarray):
        same = (isinstance(given, np.ndarray) and given.shape == original.shape
                and given.dtype == original.dtype
                and np.array_equal(given, original, equal_nan=original.dtype.kind in "fc"))
        return None if same else (path, "array")
    if isinstance(original, list | tuple):
        if type(given) is not type(original) or len(given) != len(original):
            return path, type(original).__name__
        for i, (g, o) in enumerate(zip(given, original, strict=True)):
            where = _changed(g, o, f"{path}[{i}]")
            if where is not None:
                return where
        return None
    if isinstance(original, dict):
        if not isinstance(given, dict) or given.keys() != original.keys():
            return path, "dict"
        for key in original:
            where = _changed(given[key], original[key], f"{path}[{key!r}]")
            if where is not None:
                return where
    return None


def _changed_argument(args: tuple, case: Case, names: tuple[str, ...]) -> str | None:
    for given, original, name in zip(args, case.args, names, strict=False):
        where = _changed(given, original, name)
        if where is None:
            continue
        path, kind = where
        if kind == "array":
            return (f"changed its input array in place ({path}): make a new array "
                    "instead, e.g. with np.where or np.maximum, or copy it first")  # fmt: skip
        return (f"changed its input {kind} in place ({path}): leave what you are given "
                "as it is, and copy it first if you need to change it (no pop, append "
                "or assignment to its items)")  # fmt: skip
    return None


def _run(fn: Callable, case: Case, names: tuple[str, ...], *, function: bool,
         silenced: bool) -> _Outcome:  # fmt: skip
    """Run one case under the time limit; say whether it passed."""
    try:
        with _time_limit(TIME_LIMIT):
            return _evaluate(fn, case, names, function=function, silenced=silenced)
    except _TimeUp:
        return _Outcome("timeout", (
            f"did not finish within {TIME_LIMIT:g} seconds, so the checker stopped it "
            "and skipped the cases after this one. Is there a loop that never ends "
            "(a while loop whose condition stays true)?"))


def _evaluate(fn: Callable, case: Case, names: tuple[str, ...], *, function: bool,
              silenced: bool) -> _Outcome:  # fmt: skip
    gave = "returned" if function else "you gave"
    args = copy.deepcopy(case.args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            raw = case.call(fn, *args) if case.call is not None else fn(*args)
        except NotImplementedError as exc:
            return _Outcome("placeholder", f"raised NotImplementedError: {_first_line(exc)}")
        except AnswerError as exc:
            return _Outcome("fail", str(exc))
        except (KeyboardInterrupt, _TimeUp):
            raise
        except BaseException as exc:  # a learner's bug is a result to report
            return _Outcome("fail", f"raised {type(exc).__name__}: {_first_line(exc)}")
    if function:
        changed = _changed_argument(args, case, names)
        if changed is not None:
            return _Outcome("fail", changed, raw)
    if any(raw is p for p in _PLACEHOLDERS):
        what = "None" if raw is None else "... (Ellipsis)"
        return _Outcome("placeholder", (
            f"returned {what}: is the starter's placeholder still there, or a return "
            "statement missing?") if function else f"you gave {what}: no answer yet")
    got = raw
    if case.convert is not None:
        try:
            got = case.convert(raw)
        except AnswerError as exc:
            return _Outcome("fail", str(exc), raw)
        except Exception as exc:  # e.g. a generator of the learner's that raises
            return _Outcome("fail", f"raised {type(exc).__name__} when its answer was "
                                    f"read: {_first_line(exc)}", raw)  # fmt: skip
    warned = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    warning = f"NumPy warned: {warned[0].message}" if warned else None
    expected = case.expected
    if isinstance(expected, Expect) and expected.shape is None:
        ok = expected.holds(got)
        return _Outcome("pass" if ok else "fail", None if ok else expected.failure, got)
    arr, what = _numbers(got)
    if arr is None:
        return _Outcome("fail", f"{gave} {what}", got)
    want_shape = expected.shape
    if case.scalar_ok and want_shape == () and arr.size == 1:
        arr = arr.reshape(())
    if arr.shape != want_shape:
        single = " (a single number)" if want_shape == () else ""
        return _Outcome("fail", f"{gave} an array of shape {arr.shape}; expected shape "
                                f"{want_shape}{single}", arr)  # fmt: skip
    values = arr.astype(np.float64)
    nan = np.isnan(values)
    if nan.any():
        where = "" if arr.ndim == 0 else f" at {int(nan.sum())} of {arr.size} entries"
        why = f" ({warning})" if warning else ""
        return _Outcome("fail", f"{gave} nan{where}: somewhere 0/0, inf - inf or "
                                f"0 * inf was computed{why}", arr)  # fmt: skip
    if isinstance(expected, Expect):
        if not expected.holds(values):
            return _Outcome("fail", expected.failure, arr)
    else:
        atol = case.strict_atol if silenced and case.strict_atol is not None else case.atol
        rtol, atol, dtype = _tolerances(arr, case.rtol, atol)

        def rounded(x):
            return np.asarray(x, dtype=np.float64).astype(dtype).astype(np.float64)

        want = rounded(expected)
        if not any(np.allclose(values, rounded(w), rtol=rtol, atol=atol)
                   for w in (expected, *case.also)):  # fmt: skip
            problem = f"{gave} different values{_first_difference(values, want, rtol, atol)}"
            if silenced and case.strict_atol is not None and np.allclose(
                    values, want, rtol=rtol, atol=max(atol, case.atol)):  # fmt: skip
                problem += (". Your code silences NumPy's warnings (np.errstate, np.seterr "
                            "or a warnings filter): that hides the overflow, it does not "
                            "avoid it, and these values are where it shows")
            elif warning:
                problem += f" ({warning})"
            return _Outcome("fail", problem, arr)
    if warning:
        return _Outcome("fail", f"the values are right, but {warning}", arr)
    return _Outcome("pass", None, arr)


# --------------------------------------------------------------------------
# a whole check
# --------------------------------------------------------------------------


def _refuse(name: str, message: str) -> CheckResult:
    """Print `message` as the whole report and return a failed result."""
    result = CheckResult(name, failed=["(not checked)"])
    result.report = _wrap("", f"{name}: {message}")
    print(result.report)
    return result


def _not_attempted(result: CheckResult, cases: list[Case], why: str, *, function: bool,
                   list_cases: bool) -> CheckResult:  # fmt: skip
    """The short report for an untouched starter: no inputs, no expected
    values, no hints."""
    result.attempted = False
    result.passed, result.failed = [], [c.label for c in cases]
    what = "code" if function else "answer"
    lines = [
        _wrap("", f"{result.name}: not attempted yet ({why})."),
        _wrap("  ", f"Replace the placeholder with your {what}, then run the cell again."),
    ]  # fmt: skip
    if list_cases:
        lines.append(f"  It will be checked on {len(cases)} cases:")
        lines += [_wrap("  - ", c.label) for c in cases]
    else:
        lines.append(f"  It will be checked on {len(cases)} cases.")
    result.report = "\n".join(lines)
    print(result.report)
    return result


def _check(
    name: str,
    fn: object,
    cases: list[Case],
    arg_names: tuple[str, ...],
    *,
    function: bool = True,
    attempted: bool | None = None,
    list_cases: bool = True,
) -> CheckResult:
    """Run `cases` on `fn`, print the report, return the result.

    `function` false means `fn` is the checker's own adapter around values
    the learner gave (the report then speaks of what "you gave"), and
    `attempted` says whether the learner gave anything yet. For a learner's
    function, the exercise counts as not attempted when `fn` is None or when
    every case gets the placeholder (None, ``...`` or NotImplementedError).
    `list_cases` false keeps the case labels out of the not-attempted report
    (where they would give the answer away).
    """
    result = CheckResult(name)
    if function and any(fn is p for p in _PLACEHOLDERS):
        attempted = False
        why = "got None instead of a function"
    else:
        why = "the answer is still None"
    if attempted is False:
        return _not_attempted(result, cases, why, function=function, list_cases=list_cases)
    if not callable(fn):
        return _refuse(name, (
            f"expected a function, got {type(fn).__name__} {_short(fn, 60)}. Pass the "
            f"function itself, without calling it: {name}(my_function), not "
            f"{name}(my_function(...))"))
    silenced = function and silences_warnings(fn)
    outcomes: list[_Outcome | None] = []  # None: not run (after a time-out)
    stopped = False
    for case in cases:
        outcome = None if stopped else _run(fn, case, arg_names, function=function,
                                            silenced=silenced)  # fmt: skip
        stopped = stopped or (outcome is not None and outcome.status == "timeout")
        outcomes.append(outcome)
    answered = [o for o, c in zip(outcomes, cases, strict=True) if c.needs_answer]
    if function and attempted is None and all(o is not None and o.status == "placeholder"
                                              for o in answered):  # fmt: skip
        first = answered[0].problem if answered else ""
        why = ("your function still raises NotImplementedError"
               if first.startswith("raised") else "your function still returns None")
        return _not_attempted(result, cases, why, function=True, list_cases=list_cases)
    lines, first = [], None
    for case, outcome in zip(cases, outcomes, strict=True):
        if outcome is None:
            result.failed.append(case.label)
            lines.append(_wrap("  - ", f"{case.label} (not run)"))
        elif outcome.status == "pass":
            result.passed.append(case.label)
            lines.append(_wrap("  ✓ ", case.label))
        else:
            result.failed.append(case.label)
            lines.append(_wrap("  ✗ ", case.label))
            if first is None:
                first = (case, outcome)
    head = (
        f"{name}: all {len(cases)} cases pass. Well done!"
        if first is None
        else f"{name}: {len(result.passed)} of {len(cases)} cases pass"
    )
    out = [head, *lines]
    if first is not None:
        case, outcome = first
        got = outcome.got
        out += [
            _wrap("\nFirst failing case: ", case.label),
            _wrap("  ", case.show) if case.show is not None
            else _describe_args(case.args, arg_names),
            _fmt(case.expected, "  expected: "),
            _fmt(got, "  got:      ") if got is not None else "  got:      (nothing)",
            _wrap("  problem:  ", outcome.problem or ""),
            _wrap("  hint:     ", case.hint),
        ]
    result.report = "\n".join(out)
    print(result.report)
    return result


def _check_membership(
    checker: str, names: object, truth: dict[str, bool], yes: str, no: str,
    hint_yes: Callable[[str], str], hint_no: Callable[[str], str],
    known: set[str] | None = None,
    spelling: str = "use the names exactly as the registry spells them (npdl.ACTIVATIONS "
                    "lists them)",
) -> CheckResult:  # fmt: skip
    """One case per name: is it in the learner's collection exactly when
    `truth[name]` says so? Names are compared without case and surrounding
    spaces; a name that is not in `known` (by default: `truth`) is reported
    first, as a likely typo, with the hint `spelling`."""
    known = set(truth) if known is None else known
    if names is None:
        return _check(checker, None, _membership_cases(truth, yes, no, hint_yes, hint_no, None),
                      ("name",), function=False, attempted=False, list_cases=False)
    chosen, problem = _name_set(names)
    cases = _membership_cases(truth, yes, no, hint_yes, hint_no,
                              chosen if problem is None else names)  # fmt: skip
    if problem is None and chosen - known:
        unknown = sorted(chosen - known)
        cases.insert(0, Case(
            "every name you listed is one of the choices", ("(your names)",),
            Expect("only names from: " + ", ".join(sorted(known)), lambda got: not got,
                   failure=f"not a name here: {', '.join(map(repr, unknown))} (a typo?)",
                   shape=None),
            spelling, show=f"you listed {sorted(chosen)}",
            call=lambda fn, _: unknown,
        ))  # fmt: skip

    def listed(name):
        if problem is not None:
            raise AnswerError(problem)
        return name in chosen

    return _check(checker, listed, cases, ("name",), function=False, attempted=True)


def _membership_cases(truth, yes, no, hint_yes, hint_no, chosen) -> list[Case]:
    listed = sorted(chosen) if isinstance(chosen, set) else _short(chosen, 60)
    return [
        Case(f"{name} is {yes if fact else no}", (name,),
             Expect(f"listed ({yes})" if fact else f"not listed ({no})",
                    (lambda got, f=fact: bool(got) == f), failure="misclassified"),
             hint_yes(name) if fact else hint_no(name),
             show=f"you listed {listed}")
        for name, fact in truth.items()
    ]  # fmt: skip


def _name_set(names: object) -> tuple[set[str], str | None]:
    """The learner's collection of names, lower-cased, or what is wrong with it."""
    if isinstance(names, str | bytes):
        return set(), (f"you gave one string, {_short(names, 40)}; give a list of names, "
                       "e.g. ['name1', 'name2'] (an empty list if none)")  # fmt: skip
    if isinstance(names, dict):
        return set(), "you gave a dict; give a list of names, e.g. ['name1', 'name2']"
    try:
        items = list(names)
    except TypeError:
        return set(), (f"you gave {type(names).__name__} {_short(names, 40)}; give a list "
                       "of names, e.g. ['name1', 'name2']")  # fmt: skip
    bad = [x for x in items if not isinstance(x, str)]
    if bad:
        return set(), (f"every name must be a string; {_short(bad[0], 40)} is a "
                       f"{type(bad[0]).__name__}")  # fmt: skip
    return {x.strip().lower() for x in items}, None


def real_number(value: object, what: str) -> float:
    """`value` as one real number, or :class:`AnswerError` naming `what`."""
    if any(value is p for p in _PLACEHOLDERS):
        raise AnswerError(f"{what} is still None: give it a value")
    arr, problem = _numbers(value)
    if arr is None:
        raise AnswerError(f"{what} is {problem}")
    if arr.size != 1:
        raise AnswerError(f"{what} must be one number; it has shape {arr.shape}")
    return float(arr.reshape(()))


def number_array(value: object, what: str, shapes: tuple[tuple[int, ...], ...]) -> np.ndarray:
    """`value` as a float array of one of `shapes`, or :class:`AnswerError`
    naming `what` and the shapes it may have."""
    if any(value is p for p in _PLACEHOLDERS):
        raise AnswerError(f"{what} is still None: give it a value")
    arr, problem = _numbers(value)
    if arr is None:
        raise AnswerError(f"{what} is {problem}")
    if arr.shape not in shapes:
        allowed = " or ".join(str(s) if s else "a single number" for s in shapes)
        raise AnswerError(f"{what} has shape {arr.shape}; it must be {allowed}")
    return arr.astype(np.float64)


def checker(func: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
    """Make `func` a checker that never raises.

    The wrapped checker reports wrong arguments instead of raising
    ``TypeError``; runs under :func:`_fixed_numerics` (so ``np.seterr`` in a
    learner's notebook changes nothing, and is restored afterwards); and if
    its own code fails, prints a short report saying so instead of a
    traceback (the tests make sure no real case gets there).
    """
    signature = inspect.signature(func)
    name = func.__name__
    empty = inspect.Parameter.empty
    usage = signature.replace(
        parameters=[p.replace(annotation=empty) for p in signature.parameters.values()],
        return_annotation=empty,
    )

    @functools.wraps(func)
    def run(*args, **kwargs):
        try:
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            return _refuse(name, f"called with the wrong arguments ({exc}). Call it as "
                                 f"{name}{usage}.")  # fmt: skip
        with _fixed_numerics():
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                return _refuse(name, (
                    f"the checker itself could not run ({type(exc).__name__}: "
                    f"{_first_line(exc)}). This is a bug in npdl, not in your answer; "
                    "please report it."))

    return run


def exercise_rng() -> np.random.Generator:
    """The generator every checker draws its random cases from (fixed seed)."""
    return np.random.default_rng(2718)


# --------------------------------------------------------------------------
# small helpers the part modules share
# --------------------------------------------------------------------------


def is_placeholder(*values: object) -> bool:
    """True when every value is still a starter's placeholder (None or ...)."""
    return all(v is None or v is Ellipsis for v in values)


def shown_number(value: object) -> str:
    """A learner's number as a report shows it: ``3.162``, not
    ``np.float64(3.162)``; anything else as its (shortened) repr."""
    try:
        return f"{real_number(value, 'it'):.10g}"
    except AnswerError:
        return _short(value, 40)


def calls_one_of(fn: object, found: set, names: tuple[str, ...]) -> Text:
    """"its code calls <name>" for the first of `names` that `fn`'s code
    calls (`found`, from :func:`code_facts`), unless that name is a function
    the learner defined in their own notebook; else ""."""
    home = inspect.unwrap(fn) if callable(fn) else fn
    own = getattr(home, "__globals__", {})
    for name in names:
        mine = own.get(name)
        is_learners = inspect.isfunction(mine) and mine.__module__ == getattr(
            home, "__module__", None)
        if name in found and not is_learners:
            return Text(f"its code calls {name}")
    return Text("")
