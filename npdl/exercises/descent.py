"""Checkers for Part V, *Learning*: the chapter *Gradient descent*.

The expected values come from npdl itself (:mod:`npdl.losses`,
:mod:`npdl.gradcheck`, :class:`npdl.MLP`), never from numbers typed in.
"""

from __future__ import annotations

__all__: list[str] = []
