"""The learner notebooks read as the book does, in any Jupyter front end:
no raw MyST, every glued number, citation and reference resolved, solutions
folded away. Every chapter is converted here; a chapter that uses MyST the
converter cannot show fails this test, not a learner's ``make workspace``."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest
from myst_nb.core.variables import format_plain_text

from tools.learner import ConversionError, learner_notebook, load_book

ROOT = Path(__file__).resolve().parents[1]
BOOK = load_book(ROOT)
CHAPTERS = BOOK.chapters

RAW_MYST = {
    "a directive fence": re.compile(r"^\s*(`{3,}|:{3,})\{", re.M),
    "a role": re.compile(r"\{[a-z][\w:.-]*\}`"),
    "a label target": re.compile(r"^\([\w-]+\)=\s*$", re.M),
    "a directive option": re.compile(r"^:(label|class|name|nonumber):", re.M),
    "a glue key": re.compile(r"\{glue"),
}


def _without_code(markdown: str) -> str:
    """The text outside fenced code blocks and inline code spans."""
    markdown = re.sub(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1\s*$", "", markdown, flags=re.M | re.S)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", markdown)


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda d: d.rsplit("/", 1)[-1])
def converted(request):
    docname = request.param
    source = nbformat.read(ROOT / f"{docname}.ipynb", as_version=4)
    return docname, source, learner_notebook(BOOK, docname)


def _markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def test_no_raw_myst(converted):
    docname, _, nb = converted
    for index, text in enumerate(_markdown(nb)):
        visible = _without_code(text)
        for what, pattern in RAW_MYST.items():
            match = pattern.search(visible)
            assert match is None, f"{docname}, markdown cell {index}: {what}: {match.group(0)!r}"


def test_every_glued_number_is_in_the_text(converted):
    docname, source, nb = converted
    text = "\n".join(_markdown(nb))
    records = {
        o["metadata"]["scrapbook"]["name"]: o["data"]["application/papermill.record/text/plain"]
        for c in source.cells for o in c.get("outputs", []) if "scrapbook" in o.get("metadata", {})
    }  # fmt: skip
    for cell in source.cells:
        if cell.cell_type != "markdown":
            continue
        for key, fmt in re.findall(r"\{glue:text\}`([^`:]+):?([^`]*)`", cell.source):
            number = format_plain_text(records[key], fmt)
            assert number in text, f"{docname}: glued {key} ({number}) is not in the text"


def _solution_code(nb) -> list:
    """The chapter's solution code cells (hidden in Jupyter)."""
    return [c for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("jupyter", {}).get("source_hidden")]


def test_glue_records_are_dropped_and_other_outputs_kept(converted):
    _, source, nb = converted
    solutions = _solution_code(source)
    code = [c for c in source.cells if c.cell_type == "code" and c not in solutions]
    learner_code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == len(learner_code)
    for before, after in zip(code, learner_code, strict=True):
        assert after.source == before.source
        kept = [o for o in before.outputs if "scrapbook" not in o.get("metadata", {})]
        assert after.outputs == kept
        assert not any("application/papermill.record" in json.dumps(o) for o in after.outputs)


def test_exercises_are_titled_boxes_numbered_as_in_the_book(converted):
    docname, source, nb = converted
    number = BOOK.numbers[docname]
    titles = [
        m.group(1) for c in source.cells if c.cell_type == "markdown"
        for m in re.finditer(r"^`{3,}\{exercise\}\s*(.*)$", c.source, re.M)
    ]  # fmt: skip
    boxes = [
        m.group(1) for text in _markdown(nb)
        for m in re.finditer(r'<div class="alert alert-block alert-warning">\n\n#{2,6} (.*)', text)
    ]  # fmt: skip
    assert len(boxes) == len(titles) >= 1, docname
    for k, (box, title) in enumerate(zip(boxes, titles, strict=True), start=1):
        assert box.startswith(f"Exercise {number}.{k} ("), box
        assert title.strip().split("$")[0] in box, (box, title)


def test_every_solution_is_folded_with_its_code(converted):
    """Explanation and code inside one closed <details>; the code is a block,
    not a cell: JupyterLab unfolds a cell's output when it runs, and a solution
    cell run by Run All would replace the learner's function with the book's."""
    docname, source, nb = converted
    n_solutions = sum("{solution-start}" in c.source for c in source.cells)
    folds = re.findall(r"<details>\n<summary><b>(.*?)</b>.*?</details>", "\n".join(_markdown(nb)),
                       re.S)  # fmt: skip
    assert len(folds) == n_solutions >= 1
    assert all(f.startswith(f"Solution to Exercise {BOOK.numbers[docname]}.") for f in folds)
    text = "\n".join(_markdown(nb))
    for cell in _solution_code(source):
        assert f"```python\n{cell.source.strip()}\n```" in text
        at = text.index(cell.source.strip())
        assert text.rfind("<details>", 0, at) > text.rfind("</details>", 0, at)
    assert not any(c.metadata.get("jupyter", {}).get("source_hidden") for c in nb.cells)
    assert not any("Worked solution" in c.source for c in nb.cells if c.cell_type == "code")


def test_html_is_balanced_in_every_cell(converted):
    docname, _, nb = converted
    for index, text in enumerate(_markdown(nb)):
        visible = _without_code(text)
        for tag in ("div", "details", "summary"):
            opened = len(re.findall(rf"<{tag}[\s>]", visible))
            assert opened == visible.count(f"</{tag}>"), f"{docname}, cell {index}: <{tag}>"


def test_links_point_at_learner_notebooks(converted):
    docname, _, nb = converted
    for text in _markdown(nb):
        for target in re.findall(r"\]\(([^)\s]+)\)", _without_code(text)):
            assert target in BOOK.filenames.values(), f"{docname}: link to {target!r}"


def test_the_chapter_title_is_numbered_as_in_the_book(converted):
    docname, _, nb = converted
    first_heading = next(
        line for text in _markdown(nb) for line in text.splitlines() if line.startswith("# ")
    )
    assert first_heading == f"# {BOOK.numbers[docname]}. {BOOK.titles[docname]}"


def test_citations_are_listed_at_the_end(converted):
    docname, source, nb = converted
    keys = {k.strip() for c in source.cells if c.cell_type == "markdown"
            for ks in re.findall(r"\{cite:[pt]\}`([^`]+)`", c.source)
            for k in ks.split(",")}  # fmt: skip
    last = nb.cells[-1].source
    if not keys:
        assert not last.startswith("## References")
        return
    assert last.startswith("## References")
    items = re.findall(r"^- \*\*(.*?), (\d{4})\.\*\* (.*)$", last, re.M)
    assert len(items) == len(keys)
    for label, year, text in items:  # each entry is the work its label names
        first_author = label.split(" and ")[0].removesuffix(" et al.")
        assert first_author in text.replace("\\", "") and year in text, (label, text)


def test_the_conversion_is_deterministic():
    docname = "chapters/linear_collapse"
    assert nbformat.writes(learner_notebook(BOOK, docname)) == nbformat.writes(
        learner_notebook(load_book(ROOT), docname)
    )


def test_cross_references_resolve():
    nb = learner_notebook(BOOK, "chapters/xor")
    text = "\n".join(_markdown(nb))
    collapse = BOOK.labels["thm-linear-collapse"]
    assert collapse.text == f"Theorem {BOOK.numbers['chapters/linear_collapse']}.1"
    assert f"[{collapse.text}]({BOOK.filenames['chapters/linear_collapse']})" in text
    assert f"**Theorem {BOOK.numbers['chapters/xor']}.1 (XOR is not linearly separable).**" in text
    assert "*Proof.* Suppose there were." in text and "Both cannot hold. ∎" in text
    # a page that is not a chapter is named, not linked
    weights = "\n".join(_markdown(learner_notebook(BOOK, "chapters/weights_and_biases")))
    assert "*Set-up* in the book's introduction" in weights


def test_citations_read_as_in_the_book():
    text = "\n".join(_markdown(learner_notebook(BOOK, "chapters/relu")))
    # the book (sphinxcontrib-bibtex, author_year) shows these labels
    assert "[Glorot et al., 2011, Nair and Hinton, 2010]" in text
    neuron = "\n".join(_markdown(learner_notebook(BOOK, "chapters/artificial_neuron")))
    assert "McCulloch and Pitts [1943]" in neuron
    elu = "\n".join(_markdown(learner_notebook(BOOK, "chapters/elu_selu")))
    assert "Djork-Arné Clevert" in elu.replace("\\", "")  # LaTeX accents decoded


def test_the_note_cell_says_how_to_reset():
    nb = learner_notebook(BOOK, "chapters/relu", note=lambda book, d: f"reset {d}")
    assert nb.cells[0].source == "reset chapters/relu"
    assert nb.metadata["npdl"]["chapter"] == "chapters/relu"


# --------------------------------------------------------------------------
# MyST the converter cannot show fails loudly, naming what and where
# --------------------------------------------------------------------------


def _tiny_book(tmp_path: Path, markdown: str):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_toc.yml").write_text(textwrap.dedent("""\
        format: jb-book
        root: intro
        parts:
          - caption: Part
            numbered: true
            chapters:
              - file: chapters/one
        """))  # fmt: skip
    (tmp_path / "intro.md").write_text("# Intro\n")
    (tmp_path / "references.bib").write_text(
        "@article{known2020, author = {Known, Ann}, title = {T}, journal = {J}, year = {2020}}\n"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# One\n\n" + markdown)]
    nbformat.write(nb, tmp_path / "chapters" / "one.ipynb")
    return load_book(tmp_path)


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("```{figure} x.png\n```", r"directive \{figure\} is not supported"),
        ("See {numref2}`x`.", r"role \{numref2\} is not supported"),
        ("See {ref}`nowhere`.", r"unknown label 'nowhere'"),
        ("About {glue:text}`missing:.2f`.", r"no glued value named 'missing'"),
        ("As {cite:p}`unknown1999` showed.", r"citation 'unknown1999' is not in references.bib"),
        ("```{exercise} T\n:label: e\n:dropdown:\nx\n```", r"option\(s\) \['dropdown'\]"),
        ("```{admonition} T\nnever closed", r"fence is never closed"),
        ("```{solution-start} nowhere\n```\n", r"unknown exercise 'nowhere'"),
    ],
)
def test_unsupported_myst_raises_with_the_place(tmp_path, markdown, message):
    book = _tiny_book(tmp_path, markdown)
    with pytest.raises(ConversionError, match=message) as info:
        learner_notebook(book, "chapters/one")
    assert "chapters/one, cell 0" in str(info.value)


def test_a_small_chapter_converts(tmp_path):
    book = _tiny_book(tmp_path, textwrap.dedent("""\
        As {cite:t}`known2020` showed, and see {doc}`intro`.

        :::{note}
        A colon fence, `{literal}` code kept.
        :::

        ```{exercise} Try
        :label: ex-try
        Do it.
        ```

        ```{solution-start} ex-try
        :class: dropdown
        ```
        Because.
        ```{solution-end}
        ```
        After the solution.
        """))  # fmt: skip
    text = "\n".join(_markdown(learner_notebook(book, "chapters/one")))
    assert "Known [2020] showed" in text
    assert "*Intro* in the book's introduction" in text
    assert '<div class="alert alert-block alert-info">\n\n**Note**' in text
    assert "`{literal}` code kept" in text
    assert "## Exercise 1.1 (Try)" in text
    assert "<summary><b>Solution to Exercise 1.1 (Try)</b>" in text
    assert "Because.\n\n</details>\n\nAfter the solution." in text
