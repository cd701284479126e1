"""Show npdl's real source in a chapter, so the book never pastes a copy.

``show_source(npdl.sigmoid)`` displays the code that the chapter's own cells
run, highlighted in JupyterLab and in the built book alike (it is emitted as a
Markdown code block, which both render with syntax highlighting). When the
implementation changes, the chapter shows the change the next time it runs.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

__all__ = ["SourceCode", "show_source"]


class SourceCode:
    """The source of one function or class, displayed as highlighted code.

    Attributes
    ----------
    name : str
        Where it lives, e.g. ``"npdl.activations.sigmoid"``.
    code : str
        The source text.
    """

    def __init__(self, name: str, code: str) -> None:
        self.name = name
        self.code = code

    def __repr__(self) -> str:
        return f"# {self.name}\n{self.code}"

    def _repr_markdown_(self) -> str:
        return f"`{self.name}`\n\n```python\n{self.code}\n```"


def _strip_docstring(code: str) -> str:
    """Remove the docstring of the (first) function or class in `code`."""
    tree = ast.parse(code)
    node = tree.body[0]
    body = getattr(node, "body", [])
    if not (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        return code
    lines = code.splitlines()
    doc = body[0]
    del lines[doc.lineno - 1 : doc.end_lineno]
    return "\n".join(lines)


def show_source(obj: object, docstring: bool = True) -> SourceCode:
    """Return the real source of `obj` for display in a notebook.

    Parameters
    ----------
    obj : function, class or method
        Something defined in Python source, e.g. ``npdl.sigmoid``.
    docstring : bool, default True
        Keep the docstring. ``False`` shows only the code, which is what a
        chapter walking through an implementation usually wants.

    Returns
    -------
    SourceCode
        Shown as a highlighted code block when it is the last value of a
        notebook cell; ``str(...)``/``repr`` give the plain text.

    Raises
    ------
    TypeError
        If `obj` has no Python source (a built-in, a NumPy ufunc, a value).

    Examples
    --------
    >>> from npdl.activations import relu
    >>> print(show_source(relu, docstring=False))
    # npdl.activations.relu
    @_elementwise(blocks=False)
    def relu(z: ArrayLike) -> np.ndarray:
        return np.maximum(as_float_array(z, "relu"), 0)
    """
    target = inspect.unwrap(obj) if callable(obj) else obj
    try:
        code = inspect.getsource(target)
    except (TypeError, OSError):
        raise TypeError(
            f"show_source needs a function or class written in Python, got "
            f"{type(obj).__name__} {obj!r}"
        ) from None
    code = textwrap.dedent(code).rstrip()
    if not docstring:
        code = _strip_docstring(code)
    module = getattr(target, "__module__", None) or "?"
    name = getattr(target, "__qualname__", getattr(target, "__name__", repr(target)))
    return SourceCode(f"{module}.{name}", code)
