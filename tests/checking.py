"""What the checker tests share: how to run a checker and read its report,
and the bad answers every checker must report without raising.

(A plain module, not a conftest: the test modules of each part import it,
and test_exercises_robust.py imports those modules' right answers.)
"""

import warnings

import numpy as np

from npdl import exercises as ex


def ident(value) -> str:
    """A test id for any value, even one whose repr fails."""
    try:
        return repr(value)[:30]
    except Exception:
        return type(value).__name__


def run(capsys, checker, *args, **kwargs):
    """Call a checker; return its result and what it printed."""
    result = checker(*args, **kwargs)
    return result, capsys.readouterr().out


def assert_reported(result, out):
    """A report came out, it is not the last-resort one, and it fits a cell."""
    assert isinstance(result, ex.CheckResult)
    assert out.strip() and result.report in out
    assert "could not run" not in out, out
    assert "Traceback" not in out
    assert max(len(line) for line in out.splitlines()) <= 80, out


def raises(*args):
    raise ValueError("a learner's bug")


def recurses(*args):
    return recurses(*args)


def exits(*args):
    raise SystemExit(1)


def warns_and_returns_garbage(*args):
    warnings.warn("something odd", RuntimeWarning, stacklevel=1)
    return "garbage"


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr")


BAD_FUNCTIONS = {
    "raises": raises,
    "returns None": lambda *a: None,
    "returns text": lambda *a: "0.5",
    "returns bytes": lambda *a: b"0.5",
    "returns a list of text": lambda *a: ["0.5", "1"],
    "returns a wrong shape": lambda *a: np.zeros(7),
    "returns NaN": lambda *a: np.nan,
    "returns inf": lambda *a: np.inf,
    "returns complex": lambda *a: 1j,
    "returns a ragged list": lambda *a: [[1.0, 2.0], [3.0]],
    "returns a dict": lambda *a: {"a": 1},
    "returns a generator": lambda *a: (x for x in range(3)),
    "returns an object": lambda *a: object(),
    "returns an unprintable object": lambda *a: Unprintable(),
    "returns a list holding None": lambda *a: [None, 1.0],
    "returns a function": lambda *a: raises,
    "takes no arguments": lambda: 1.0,
    "recurses forever": recurses,
    "calls exit": exits,
    "warns": warns_and_returns_garbage,
    "the first argument back": lambda *a: a[0],
    "Ellipsis later": lambda *a: ...,
}
NOT_FUNCTIONS = [42, "abc", [1.0, 2.0], np.array([1.0]), {"a": 1}]


GARBAGE = ["abc", b"abc", 42, -1, 0.5, float("nan"), float("inf"), 1j, True, [1, [2, 3]],
           [[1, 1], [1]], [], (), {"a": 1}, {1, 2}, object(), np.array(["x"]), np.ones((3, 3)),
           np.array([1 + 1j]), [None, None], Unprintable(), print, ...]  # fmt: skip
