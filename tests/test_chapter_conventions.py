"""Conventions the chapter notebooks keep, checked on their stored outputs.

Nothing is executed: the notebooks are read as JSON with nbformat.
"""

import re
from pathlib import Path

import nbformat
import pytest
from myst_nb.core.variables import format_plain_text

CHAPTERS_DIR = Path(__file__).resolve().parent.parent / "chapters"
CHAPTERS = sorted(CHAPTERS_DIR.glob("*.ipynb"))

GLUE_PREFIX = "application/papermill.record/"
GLUE_TEXT_ROLE = re.compile(r"\{glue:text\}`([^`]+)`")


def _glue_references(nb):
    """The (key, fmt_spec) of every {glue:text} role in the markdown cells.

    Split as myst-nb's PasteTextRole does: the part after the last colon is
    the format spec, and no colon means "s".
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for content in GLUE_TEXT_ROLE.findall(cell.source):
            key, sep, fmt_spec = content.rpartition(":")
            if not sep:
                key, fmt_spec = content, "s"
            yield key, fmt_spec


def _is_glue_record(output):
    return "scrapbook" in output.get("metadata", {})


def _glued_cells(nb):
    """Map each glued name to (code cell, stored text/plain of the value)."""
    glued = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if not _is_glue_record(output):
                continue
            name = output.metadata.scrapbook["name"]
            glued[name] = (cell, output.data[GLUE_PREFIX + "text/plain"])
    return glued


def _shows_number(shown, text):
    """Whether `text` occurs in `shown` as a whole number: 0.184 inside
    0.1844, 420 inside 420.34 or 2 inside -2 does not count, while units
    after it (64x, 6.62 ms, 10%) are fine."""
    whole = rf"(?<![\w.+-]){re.escape(text)}(?!\d|[.,]\d|[eE][+-]?\d)"
    return re.search(whole, shown) is not None


def _visible_text(cell):
    """What a learner sees the cell print: streams and text/plain results,
    not the (invisible) glue records."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("display_data", "execute_result"):
            if not _is_glue_record(output):
                parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_glued_value_is_visible_where_computed(path):
    nb = nbformat.read(path, as_version=4)
    glued = _glued_cells(nb)
    problems = []
    for key, fmt_spec in _glue_references(nb):
        if "::" in key:
            problems.append(f"{key!r}: glued from another document")
            continue
        if key not in glued:
            problems.append(f"{key!r}: referenced in the prose but never glued")
            continue
        cell, plain = glued[key]
        # the very function myst-nb's {glue:text} role formats with
        text = format_plain_text(plain, fmt_spec)
        shown = _visible_text(cell)
        if not _shows_number(shown, text):
            problems.append(
                f"{key!r}: the prose shows {text!r}, the computing cell "
                f"prints {shown!r}"
            )
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def _hidden_solution_cells(nb):
    return [
        c for c in nb.cells
        if c.cell_type == "code" and c.metadata.get("jupyter", {}).get("source_hidden")
    ]  # fmt: skip


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_hidden_solutions_start_with_a_neutral_line(path):
    """JupyterLab shows a collapsed cell's first line: it must not give the
    answer away, so every hidden solution starts with the same comment."""
    nb = nbformat.read(path, as_version=4)
    hidden = _hidden_solution_cells(nb)
    assert len(hidden) == sum("{solution-start}" in c.source for c in nb.cells)
    for cell in hidden:
        assert cell.source.splitlines()[0] == "# Worked solution", cell.source[:80]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_prose_reads_right_in_a_notebook_too(path):
    """The same prose is read on the web and in the learner's notebook."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for phrase in (r"this (web )?page", r"in your own notebook", r"compared by the tests"):
                assert not re.search(phrase, cell.source, re.I), (phrase, cell.source[:200])


#: The longest code line the book's column shows whole at 1280 px (the
#: browser tests measure it); a worked solution sits in a dropdown, indented.
CODE_WIDTH, SOLUTION_WIDTH = 77, 69


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_code_lines_fit_the_column(path):
    nb = nbformat.read(path, as_version=4)
    hidden = {id(c) for c in _hidden_solution_cells(nb)}
    long = [
        line
        for cell in nb.cells if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if len(line) > (SOLUTION_WIDTH if id(cell) in hidden else CODE_WIDTH)
    ]  # fmt: skip
    assert long == [], f"{path.stem}: code lines too long for the book's column"
