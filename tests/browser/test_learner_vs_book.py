"""The learner notebooks number and name what the built book numbers and names.

The converter (tools/learner.py) numbers exercises, theorems and chapters
itself; this compares its numbers with the ones Sphinx put in the built
HTML, so the two cannot drift apart. It reads ``_build/html`` (no browser),
so it runs with the browser tests, after the book is built.
"""

from __future__ import annotations

import html
import re

import pytest

from tools.learner import learner_notebook, load_book

from .browsing import HTML, ROOT

pytestmark = pytest.mark.browser

BOOK = load_book(ROOT)


def _book_titles(docname: str) -> list[str]:
    """The exercise, theorem and corollary titles as the built page shows
    them: "Exercise 7.1 (Implement ReLU)" (solutions left out)."""
    page = (HTML / f"{docname}.html").read_text(encoding="utf-8")
    titles = []
    for raw in re.findall(r'<p class="admonition-title">(.*?)</p>', page, re.S):
        text = re.sub(r"<[^>]+>", "", raw)
        text = re.sub(r"\s+", " ", html.unescape(text)).strip()
        if re.match(r"(Exercise|Theorem|Corollary|Lemma|Proposition|Definition) \d", text):
            titles.append(text)
    return titles


def _learner_titles(docname: str) -> list[str]:
    text = "\n".join(c.source for c in learner_notebook(BOOK, docname).cells
                     if c.cell_type == "markdown")  # fmt: skip
    found = re.findall(
        r'<div class="alert alert-block alert-\w+">\n\n(?:#+ |\*\*)(.*?)(?:\.\*\*)?\n', text
    )
    return [t for t in found if re.match(r"[A-Z][a-z]+ \d", t)]


def _typographic(text: str) -> str:
    """Sphinx turns ' into ’ and renders $...$: compare what is left."""
    text = text.replace("’", "'")
    return re.sub(r"\$[^$]*\$|\\\(.*?\\\)", "MATH", text)


@pytest.mark.parametrize("docname", BOOK.chapters, ids=lambda d: d.rsplit("/", 1)[-1])
def test_numbers_and_titles_match_the_built_book(docname):
    if not (HTML / f"{docname}.html").exists():
        pytest.fail(f"{docname}.html is not built: run `make book` first")
    book = [_typographic(t) for t in _book_titles(docname)]
    learner = [_typographic(t) for t in _learner_titles(docname)]
    assert learner == book
    assert book, f"{docname}: no exercise found in the built page"


def test_chapter_numbers_and_titles_match_the_books_navigation():
    """The learner notebook's title "# 7. ReLU" is the book's sidebar entry."""
    page = (HTML / "api.html").read_text(encoding="utf-8")  # a page with the full sidebar
    sidebar = {
        href.removesuffix(".html"): re.sub(r"\s+", " ", html.unescape(text)).strip()
        for href, text in re.findall(
            r'toctree-l1[^>]*><a class="reference internal" href="([^"]+)">([^<]+)', page
        )
    }
    for docname in BOOK.chapters:
        nb = learner_notebook(BOOK, docname)
        title = next(line for c in nb.cells if c.cell_type == "markdown"
                     for line in c.source.splitlines() if line.startswith("# "))  # fmt: skip
        assert _typographic(title[2:]) == _typographic(sidebar[docname]), docname
