"""Turn a chapter notebook into the learner's notebook: plain Jupyter Markdown.

The chapters are written in MyST, which Jupyter Book renders: directive fences
(exercises, admonitions, theorems, gated solutions), roles (glued numbers,
citations, cross-references) and label targets. Opened as they are in
JupyterLab, VS Code or the classic Notebook, those show as raw text and the
solutions sit in plain view. :func:`learner_notebook` rewrites one chapter so
that it reads as the book does, in any Jupyter front end, with nothing but
CommonMark, a little HTML (``<div class="alert ...">`` boxes, which
JupyterLab and the classic Notebook style, and ``<details>``) and ``$`` math:

- an exercise becomes a titled box with a heading, ``Exercise 7.1 (Implement
  ReLU)``, numbered as in the book; an admonition a titled box; a theorem or
  corollary a box with its number and title; a proof a paragraph that starts
  with *Proof.* and ends with ∎;
- a solution, its explanation and its code, is folded into ``<details>``;
  the code is a code block there, not a cell, so Run All neither shows the
  answer nor replaces the learner's function with the book's;
- ``{glue:text}`` is replaced by the number, formatted exactly as myst-nb
  formats it in the book, from the chapter's stored outputs;
- ``{cite:p}`` and ``{cite:t}`` become author-year text as in the book, and
  the works cited are listed at the end of the notebook;
- ``{prf:ref}``, ``{ref}``, ``{numref}`` and ``{doc}`` become the number or
  title they point at, linked to the other chapter's learner notebook.

Anything else in MyST syntax raises :class:`ConversionError`, naming the
chapter, the cell and what to do, so a new chapter cannot silently show raw
MyST to a learner: the tests convert every chapter.

The conversion only reads the chapter; it is deterministic (no dates, no
random ids), so the same chapter always gives the same learner notebook.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml
from myst_nb.core.variables import format_plain_text

__all__ = [
    "Book",
    "ConversionError",
    "Label",
    "learner_notebook",
    "load_book",
]

GLUE_MIME = "application/papermill.record/text/plain"
# where a gated solution starts (with its title) and ends, in converted text
SOLUTION_START, SOLUTION_END = "\x00SOLUTION-START:", "\x00SOLUTION-END\x00"

# ```{name} argument   or   :::{name} argument
DIRECTIVE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[^}\s]+)\}[ \t]*(?P<arg>.*)$")
CODE_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:.-]*)\}`(?P<content>[^`]*)`")
TARGET = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):(?:[ \t]+(?P<value>.*))?$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*$")
ROLE_OR_CODE = re.compile(ROLE.pattern + r"|(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks)")

#: sphinx-proof directives this converter knows, with the name a reader sees.
PROOF_KINDS = {
    "prf:theorem": "Theorem",
    "prf:corollary": "Corollary",
    "prf:lemma": "Lemma",
    "prf:proposition": "Proposition",
    "prf:definition": "Definition",
    "prf:example": "Example",
    "prf:remark": "Remark",
    "prf:conjecture": "Conjecture",
}
#: admonition directives, with their default title and the box's colour.
ADMONITIONS = {
    "note": ("Note", "info"),
    "seealso": ("See also", "info"),
    "important": ("Important", "warning"),
    "hint": ("Hint", "success"),
    "tip": ("Tip", "success"),
    "attention": ("Attention", "warning"),
    "caution": ("Caution", "warning"),
    "warning": ("Warning", "warning"),
    "danger": ("Danger", "danger"),
    "error": ("Error", "danger"),
}
#: an admonition's ``:class:`` picks the colour of its box.
CLASS_COLOURS = {name: colour for name, (_, colour) in ADMONITIONS.items()}
DIRECTIVE_OPTIONS = {
    "exercise": {"label", "class", "nonumber"},
    "solution-start": {"label", "class"},
    "solution-end": set(),
    "prf:proof": {"label", "class", "nonumber"},
    "admonition": {"class", "name"},
    **{kind: {"label", "class", "nonumber"} for kind in PROOF_KINDS},
    **{name: {"class", "name"} for name in ADMONITIONS},
}
SUPPORTED_ROLES = ("glue", "glue:", "glue:any", "glue:text", "cite", "cite:p", "cite:t",
                   "prf:ref", "ref", "numref", "doc", "math")  # fmt: skip


class ConversionError(ValueError):
    """A chapter uses MyST that the learner notebooks cannot show."""


@dataclass(frozen=True)
class Label:
    """What a cross-reference label points at."""

    docname: str  # e.g. "chapters/relu" or "intro"
    text: str  # what a reference shows: "Theorem 15.1", "Set-up", ...
    title: str = ""  # the directive's or section's own title, if any


@dataclass
class Book:
    """What the converter needs to know about the whole book."""

    root: Path
    chapters: list[str]  # docnames of the chapter notebooks, in reading order
    numbers: dict[str, int]  # docname -> chapter number (numbered parts only)
    titles: dict[str, str]  # docname -> title (its first heading)
    labels: dict[str, Label]
    bibliography: object  # pybtex BibliographyData
    root_doc: str = "intro"  # the landing page (``root`` in _toc.yml)
    filenames: dict[str, str] = field(default_factory=dict)  # docname -> learner file

    def learner_filename(self, docname: str) -> str:
        """The learner notebook's file name: ``07_relu.ipynb``, so that a file
        browser lists the chapters in reading order."""
        stem = docname.rsplit("/", 1)[-1]
        number = self.numbers.get(docname)
        return f"{number:02d}_{stem}.ipynb" if number is not None else f"{stem}.ipynb"


# --------------------------------------------------------------------------
# the book: table of contents, titles, labels, bibliography
# --------------------------------------------------------------------------


def _toc_entries(root: Path) -> list[tuple[str, bool]]:
    """(docname, numbered) of every file in ``_toc.yml``, in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries = [(str(toc["root"]), False)]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            entries.append((str(chapter["file"]), bool(part.get("numbered", False))))
    return entries


def _markdown_blocks(root: Path, docname: str) -> list[str]:
    """The markdown text of a document: each markdown cell of a notebook, or
    the whole of a ``.md`` file."""
    path = root / f"{docname}.ipynb"
    if path.exists():
        nb = nbformat.read(path, as_version=4)
        return [c.source for c in nb.cells if c.cell_type == "markdown"]
    path = root / f"{docname}.md"
    if path.exists():
        return [path.read_text(encoding="utf-8")]
    raise ConversionError(f"_toc.yml lists {docname!r}, but neither {docname}.ipynb nor "
                          f"{docname}.md exists")  # fmt: skip


def _closes(line: str, fence: str) -> bool:
    """Does `line` close a block opened by `fence`? (CommonMark: the same
    character, at least as many, and nothing else on the line.)"""
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def _plain_title(markdown: str) -> str:
    """A heading's text as a reader sees it (no emphasis, no code marks)."""
    return re.sub(r"[*_`]", "", markdown).strip()


def _scan_labels(docname: str, number: int | None, blocks: list[str]) -> tuple[str, dict]:
    """The document's title and the labels it defines, numbered as the book
    numbers them: ``N.k`` for the k-th exercise (or theorem, corollary, ...)
    of chapter N, each kind counted separately."""
    title, labels, counters = "", {}, {}
    target = None  # a ``(label)=`` line waiting for its heading
    numbered = None  # (kind, k, title) of a directive whose options come next
    for block in blocks:
        in_code, fences = None, []  # an open code block; open directive fences
        for line in block.split("\n"):
            fence, directive = CODE_FENCE.match(line), DIRECTIVE_OPEN.match(line)
            if in_code:
                in_code = None if _closes(line, in_code) else in_code
                continue
            if fences and _closes(line, fences[-1]):
                fences.pop()
                numbered = None
                continue
            option = OPTION.match(line)
            if numbered and option:
                if option.group("key") == "label":
                    kind, k, arg = numbered
                    text = f"{kind} {number}.{k}" if number is not None else f"{kind} {k}"
                    labels[(option.group("value") or "").strip()] = Label(docname, text, arg)
                continue
            numbered = None
            if directive:
                fences.append(directive.group("fence"))
                name = directive.group("name")
                kind = "Exercise" if name == "exercise" else PROOF_KINDS.get(name)
                if kind is not None:
                    counters[kind] = counters.get(kind, 0) + 1
                    numbered = (kind, counters[kind], directive.group("arg").strip())
            elif fence:
                in_code = fence.group("fence")
            elif m := TARGET.match(line):
                target = m.group("label")
            elif m := HEADING.match(line):
                text = _plain_title(m.group("title"))
                title = title or text
                if target:
                    labels[target] = Label(docname, text, text)
                    target = None
    return title, labels


def load_book(root: Path | str = ".") -> Book:
    """Read ``_toc.yml``, every document it lists and ``references.bib``.

    Chapters are numbered as Jupyter Book numbers them: consecutively across
    the numbered parts, starting at 1.
    """
    from pybtex.database import parse_file

    root = Path(root)
    chapters, numbers, titles, labels = [], {}, {}, {}
    n = 0
    for docname, numbered in _toc_entries(root):
        number = None
        if numbered:
            n += 1
            number = n
            numbers[docname] = number
        if (root / f"{docname}.ipynb").exists():
            chapters.append(docname)
        title, found = _scan_labels(docname, number, _markdown_blocks(root, docname))
        titles[docname] = title or docname
        for label, target in found.items():
            if label in labels:
                raise ConversionError(f"label {label!r} is defined twice: in "
                                      f"{labels[label].docname} and in {docname}")  # fmt: skip
            labels[label] = target
        labels.setdefault(docname, Label(docname, titles[docname], titles[docname]))
    bib = root / "references.bib"
    bibliography = parse_file(str(bib), bib_format="bibtex") if bib.exists() else None
    root_doc = _toc_entries(root)[0][0]
    book = Book(root, chapters, numbers, titles, labels, bibliography, root_doc)
    book.filenames = {d: book.learner_filename(d) for d in chapters}
    return book


# --------------------------------------------------------------------------
# citations
# --------------------------------------------------------------------------


@functools.cache  # pybtex looks its plugins up on every call: slow
def _latex_to_text(text: str) -> str:
    """``Arn{\\'e}`` -> ``Arné``; braces that protect capitals go."""
    from pybtex.richtext import Text

    return Text.from_latex(text).render_as("text")


def _authors_short(entry) -> str:
    """sphinxcontrib-bibtex's author-year label: "Nair and Hinton",
    "Glorot et al."."""
    people = entry.persons.get("author", [])
    last = [_latex_to_text(" ".join(p.prelast_names + p.last_names)) for p in people]
    if entry.fields.get("author", "").rstrip().endswith("others") and len(last) > 1:
        last = last[:-1] + ["others"]
    if len(last) == 1:
        return last[0]
    if len(last) == 2 and last[1] != "others":
        return f"{last[0]} and {last[1]}"
    return f"{last[0]} et al."


def _bib_entry(book: Book, key: str, where: str):
    if book.bibliography is None or key not in book.bibliography.entries:
        raise ConversionError(f"{where}: citation {key!r} is not in references.bib")
    return book.bibliography.entries[key]


@functools.lru_cache(maxsize=1)
def _pybtex_plain_markdown():
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", "plain")()
    return style, find_plugin("pybtex.backends", "markdown")()


def _reference_list(book: Book, keys: list[str]) -> str:
    """The works cited, formatted by pybtex's plain style (as in the book's
    bibliography), as a Markdown list."""
    style, backend = _pybtex_plain_markdown()
    entries = [book.bibliography.entries[k] for k in keys]
    lines = []
    for item in style.format_entries(entries):  # sorted by the style, not in `keys` order
        entry = book.bibliography.entries[item.key]
        text = " ".join(item.text.render(backend).split("\n"))  # LaTeX already decoded
        year = entry.fields.get("year", "")
        lines.append(f"- **{_authors_short(entry)}, {year}.** {text}")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# the conversion of one notebook
# --------------------------------------------------------------------------


@dataclass
class _State:
    book: Book
    docname: str
    glue: dict[str, str]
    cited: list[str] = field(default_factory=list)
    heading_level: int = 1
    solution: str | None = None  # the open solution's title, between start and end
    where: str = ""

    def error(self, message: str) -> ConversionError:
        return ConversionError(f"{self.docname}, {self.where}: {message}")


def _box(colour: str, title_line: str, body: str) -> str:
    """A titled box: JupyterLab and the classic Notebook style these classes;
    elsewhere it reads as a heading or bold title followed by the text."""
    return (f'<div class="alert alert-block alert-{colour}">\n\n{title_line}\n\n'
            f"{body.strip()}\n\n</div>")  # fmt: skip


def _details(summary: str, body: str) -> str:
    """Folded text: ``<details>``, which Jupyter front ends show closed."""
    summary_line = f"<summary><b>{summary}</b> (click to show or hide)</summary>"
    inside = f"\n\n{body.strip()}" if body.strip() else ""
    return f"<details>\n{summary_line}{inside}\n\n</details>"


def _split_options(lines: list[str], name: str, state: _State) -> tuple[dict, list[str]]:
    """MyST directive options (``:key: value`` lines at the top of the body)."""
    options, i = {}, 0
    while i < len(lines) and (m := OPTION.match(lines[i])):
        options[m.group("key")] = (m.group("value") or "").strip()
        i += 1
    unknown = set(options) - DIRECTIVE_OPTIONS.get(name, set())
    if unknown:
        raise state.error(f"the option(s) {sorted(unknown)} of {{{name}}} are not supported "
                          "in the learner notebooks (tools/learner.py)")  # fmt: skip
    return options, lines[i:]


def _number_text(state: _State, label: str | None, kind: str) -> str:
    if label and label in state.book.labels:
        return state.book.labels[label].text
    return kind


def _directive(name: str, arg: str, body: list[str], state: _State) -> str:
    """One directive, rendered as plain Markdown (body converted recursively)."""
    if name not in DIRECTIVE_OPTIONS:
        raise state.error(f"the directive {{{name}}} is not supported in the learner "
                          f"notebooks; use one of {sorted(DIRECTIVE_OPTIONS)} or extend "
                          "tools/learner.py")  # fmt: skip
    options, content = _split_options(body, name, state)
    text = _convert_text("\n".join(content), state, top_level=False)
    classes = options.get("class", "").split()
    if name == "exercise":
        number = _number_text(state, options.get("label"), "Exercise")
        title = f"{number} ({_convert_inline(arg, state)})" if arg else number
        hashes = "#" * min(state.heading_level + 1, 6)
        return _box("warning", f"{hashes} {title}", text)
    if name == "solution-start":
        label = arg.strip()
        target = state.book.labels.get(label)
        if target is None:
            raise state.error(f"the solution refers to an unknown exercise {label!r}")
        title = f"{target.text} ({target.title})" if target.title else target.text
        state.solution = f"Solution to {title}"
        return f"{SOLUTION_START}{state.solution}\x00"
    if name == "solution-end":
        if state.solution is None:
            raise state.error("{solution-end} without a {solution-start}")
        state.solution = None
        return SOLUTION_END
    if name == "prf:proof":
        return f"*Proof.* {text.strip()} ∎"
    if name in PROOF_KINDS:
        number = _number_text(state, options.get("label"), PROOF_KINDS[name])
        title = f"**{number} ({_convert_inline(arg, state)}).**" if arg else f"**{number}.**"
        return _box("success", title, text)
    # admonitions
    default_title, colour = ADMONITIONS.get(name, ("", "info"))
    title = _convert_inline(arg, state) if arg else default_title
    for cls in classes:
        colour = CLASS_COLOURS.get(cls, colour)
    if "dropdown" in classes:
        return _details(title, text)
    return _box(colour, f"**{title}**", text)


def _role(name: str, content: str, state: _State) -> str:
    """One role, as the text a reader of the book sees (Markdown)."""
    book = state.book
    explicit = re.fullmatch(r"(?P<text>.+?)\s*<(?P<target>[^<>]+)>", content.strip())
    target = explicit.group("target") if explicit else content.strip()
    if name in ("glue", "glue:", "glue:any", "glue:text"):
        key, fmt = target, ""
        if name == "glue:text" and ":" in target:
            key, _, fmt = target.rpartition(":")  # as myst-nb splits it
        if key not in state.glue:
            raise state.error(f"{{{name}}}`{content}`: no glued value named {key!r} in the "
                              "chapter's stored outputs (run `make execute`)")  # fmt: skip
        return format_plain_text(state.glue[key], fmt or "")
    if name in ("cite", "cite:p", "cite:t"):
        keys = [k.strip() for k in target.split(",") if k.strip()]
        entries = [(k, _bib_entry(book, k, f"{state.docname}, {state.where}")) for k in keys]
        for k in keys:
            if k not in state.cited:
                state.cited.append(k)
        if name == "cite:t":
            return "; ".join(f"{_authors_short(e)} [{e.fields.get('year', '')}]"
                             for _, e in entries)  # fmt: skip
        parts = sorted(f"{_authors_short(e)}, {e.fields.get('year', '')}" for _, e in entries)
        return "[" + ", ".join(parts) + "]"
    if name == "math":
        return f"${content}$"
    # cross-references
    if name == "doc":
        docname = _resolve_doc(target, state)
        label = Label(docname, book.titles.get(docname, docname), book.titles.get(docname, ""))
    else:
        label = book.labels.get(target)
        if label is None:
            raise state.error(f"{{{name}}}`{content}`: unknown label {target!r}")
    text = explicit.group("text") if explicit else label.text
    if name == "numref" and not explicit:
        text = label.text
    return _link(text, label.docname, state)


def _resolve_doc(target: str, state: _State) -> str:
    here = state.docname.rsplit("/", 1)[0] if "/" in state.docname else ""
    candidates = [target.lstrip("/")] + ([f"{here}/{target}"] if here else [])
    for candidate in candidates:
        if candidate in state.book.titles:
            return candidate
    raise state.error(f"{{doc}}`{target}`: no such document in _toc.yml")


def _link(text: str, docname: str, state: _State) -> str:
    """`text`, linked to the learner notebook of `docname` when that is
    another chapter; a page that is not a chapter (the introduction, the API
    reference) is named, as there is no notebook to open."""
    if docname == state.docname:
        return text
    if docname in state.book.filenames:
        return f"[{text}]({state.book.filenames[docname]})"
    if docname == state.book.root_doc:
        return f"*{text}* in the book's introduction"
    return f"*{text}* in the book's page *{state.book.titles.get(docname, docname)}*"


def _convert_inline(text: str, state: _State) -> str:
    """Replace the roles in `text`, leaving inline code spans alone. One scan
    from left to right: a role's own backticks are not taken for code."""

    def one(match: re.Match) -> str:
        name = match.group("name")
        if name is None:
            return match.group(0)  # inline code
        if name not in SUPPORTED_ROLES:
            raise state.error(f"the role {{{name}}} is not supported in the learner "
                              f"notebooks; use one of {list(SUPPORTED_ROLES)} or extend "
                              "tools/learner.py")  # fmt: skip
        return _role(name, match.group("content"), state)

    return ROLE_OR_CODE.sub(one, text)


def _convert_text(text: str, state: _State, top_level: bool = True) -> str:
    """Convert one cell's (or one directive body's) MyST to plain Markdown."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        directive = DIRECTIVE_OPEN.match(line)
        fence = CODE_FENCE.match(line)
        if directive:
            marker = directive.group("fence")
            j = i + 1
            while j < len(lines) and not _closes(lines[j], marker):
                j += 1
            if j == len(lines):
                raise state.error(f"the {{{directive.group('name')}}} fence is never closed")
            out.append(_directive(directive.group("name"), directive.group("arg").strip(),
                                  lines[i + 1:j], state))  # fmt: skip
            i = j + 1
        elif fence:
            marker = fence.group("fence")
            j = i + 1
            while j < len(lines) and not _closes(lines[j], marker):
                j += 1
            out.extend(lines[i:j + 1])
            i = j + 1
        elif TARGET.match(line):
            i += 1  # a label target: nothing to show
        else:
            heading = HEADING.match(line)
            if heading and top_level:
                state.heading_level = len(heading.group("hashes"))
                if state.heading_level == 1 and state.docname in state.book.numbers:
                    number = state.book.numbers[state.docname]
                    line = f"# {number}. {heading.group('title')}"
            out.append(_convert_inline(line, state))
            i += 1
    return "\n".join(out)


def _fold_into_solution(cells: list, code: str, state: _State) -> None:
    """Put a solution's code into its folded ``<details>``, as a code block.

    Not a runnable cell: JupyterLab unfolds a cell's output whenever it runs
    (and forgets ``outputs_hidden``), so Run All would show every answer, and
    a solution run after the learner's cell would replace the learner's
    function with the book's."""
    folded = cells[-1] if cells and cells[-1].cell_type == "markdown" else None
    if folded is None or not folded.source.rstrip().endswith("</details>"):
        raise state.error("a solution's code cell must follow its {solution-start} cell")
    body = folded.source.rstrip().removesuffix("</details>").rstrip()
    block = f"```python\n{code.strip()}\n```\n\nTo run it, copy it into a code cell."
    folded.source = f"{body}\n\n{block}\n\n</details>"


def _glued_values(nb) -> dict[str, str]:
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None and GLUE_MIME in output.get("data", {}):
                values[name] = output["data"][GLUE_MIME]
    return values


def _is_glue_record(output) -> bool:
    return "scrapbook" in output.get("metadata", {})


def _markdown_cell(source: str, cell_id: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    return cell


def learner_notebook(
    book: Book, docname: str, note: Callable[[Book, str], str] | None = None
) -> nbformat.NotebookNode:
    """The learner's version of chapter `docname` (e.g. ``"chapters/relu"``).

    Parameters
    ----------
    book : Book
        From :func:`load_book`.
    docname : str
        A chapter in ``book.chapters``.
    note : callable, optional
        ``note(book, docname)`` returns Markdown for a first cell (the
        workspace says there whose copy this is and how to reset it).

    Returns
    -------
    nbformat.NotebookNode
        The converted notebook, stored outputs kept (without myst-nb's glue
        records, which Jupyter cannot display), and ``metadata.npdl``
        recording the chapter and a hash of its source.

    Raises
    ------
    ConversionError
        For MyST the learner notebooks cannot show, an unknown label,
        citation or glue key, or an unclosed fence or solution.
    """
    path = book.root / f"{docname}.ipynb"
    raw = path.read_bytes()
    source_nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    nb = copy.deepcopy(source_nb)
    state = _State(book, docname, _glued_values(source_nb))
    cells = []
    if note is not None:
        cells.append(_markdown_cell(note(book, docname), "npdl-learner-note"))
    for index, cell in enumerate(nb.cells):
        state.where = f"cell {index}"
        if cell.cell_type == "markdown":
            was_in_solution = state.solution
            text = _convert_text(cell.source, state)
            if SOLUTION_START in text:
                before, _, after = text.partition(SOLUTION_START)
                summary, _, after = after.partition("\x00")
                inside, _, outside = after.partition(SOLUTION_END)  # if it ends here too
                text = before.rstrip() + ("\n\n" if before.strip() else "")
                text += _details(summary, inside)
                text += f"\n\n{outside.strip()}" if outside.strip() else ""
            elif SOLUTION_END in text:
                before, _, after = text.partition(SOLUTION_END)
                if was_in_solution and before.strip():
                    before = _details(f"{was_in_solution} (continued)", before)
                text = (before.strip() + "\n\n" + after.strip()).strip()
            elif was_in_solution and text.strip():
                text = _details(f"{was_in_solution} (continued)", text)
            if not text.strip():
                continue
            cell.source = text
        elif cell.cell_type == "code":
            if state.solution is not None:
                _fold_into_solution(cells, cell.source, state)
                continue
            cell.outputs = [o for o in cell.get("outputs", []) if not _is_glue_record(o)]
        cells.append(cell)
    if state.solution is not None:
        raise ConversionError(f"{docname}: a solution is never closed with {{solution-end}}")
    if state.cited:
        references = "## References\n\n" + _reference_list(book, state.cited)
        cells.append(_markdown_cell(references, "npdl-learner-references"))
    nb.cells = cells
    nb.metadata["npdl"] = {
        "chapter": docname,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
    }
    return nb
