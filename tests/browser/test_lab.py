"""The learner notebooks, opened in JupyterLab in headless Chromium.

``make workspace`` gives a learner their own notebooks (tools/learner.py
converts the chapters' MyST to plain Jupyter Markdown). These tests prepare
such a workspace in a temporary folder, start JupyterLab on it (see
``lab.py``: 127.0.0.1, no token, nothing of the user's read or written, no
news or update checks), and open a few chapters as a learner does. Each
notebook is visited once: looked at as opened, photographed, run with Run
All, looked at again, and clicked (a solution's summary, a
cross-reference). The tests then check what was seen:

- no error dialog, console error or failed request, nothing fetched from
  beyond 127.0.0.1, and the kernel is this project's Python;
- exercises, admonitions and theorems are boxes; no raw MyST, HTML or TeX
  shows; math is typeset; glued numbers, citations and cross-references
  read as in the book;
- every solution starts folded: ``<details>`` closed, its code a code block
  inside (not a cell, which Run All would run and unfold); a click unfolds it;
- Run All runs every cell without an error; the starter cells' checkers
  report; no solution runs, so nothing says "Well done" and the learner's
  functions are not replaced by the book's.

They do not need the built book. Screenshots for a person to look at go to
``_build/screenshots/lab-*.png``.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from .browsing import ROOT, TIMEOUT_MS, skip_without_browser
from .lab import NotebookFacts, start_lab, stop_lab, stored_plotly_outputs, visit_notebook

pytestmark = pytest.mark.browser

#: 07: exercises, glued numbers, citations; 15: a theorem, a corollary and
#: proofs with display math; 16: a glued number and a cross-reference to 15;
#: 22: Part V (a long chapter: show_source, timings, three exercises);
#: 23: training loops, fit and its printed progress, decision-region figures.
NOTEBOOKS = ["07_relu.ipynb", "15_linear_collapse.ipynb", "16_xor.ipynb",
             "22_backpropagation.ipynb", "23_training.ipynb"]
LAB_VIEWPORT = {"width": 1280, "height": 1000}

GLUE_MIME = "application/papermill.record/text/plain"
GLUE_ROLE = re.compile(r"\{glue:text\}`(?P<content>[^`]+)`")
#: Characters around a glued number that Markdown or math would change.
MARKUP = re.compile(r"[$*_`\[\]{}<>\\]")
RAW_MYST = ["```{", ":::{", "{glue", "{cite", "{prf:", "{ref}", "{numref}", "{doc}",
            ":label:", ":class:"]  # fmt: skip
RAW_TARGET = re.compile(r"\([\w.:-]+\)=")  # a MyST label target, (sec-relu)=
RAW_HTML = ["<div", "</div", "<details", "</details", "<summary", "</summary", "&lt;", "&gt;"]
# TeX that MathJax should have consumed.
RAW_TEX = re.compile(r"\$\$|\\begin\{|\\end\{|\$[^$\s][^$]*?[^$\s\\]\$"
                     r"|\\(frac|sum|operatorname|mathbf|mathcal|left|right)\b")  # fmt: skip
CHECKER = re.compile(r"\bcheck_\w+(\([^)]*\))?: ")
NEUTRAL_FIRST_LINE = "# Worked solution"


# --------------------------------------------------------------------------
# Fixtures: one JupyterLab for the session, each notebook visited once
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on a fresh workspace in a temporary folder; stopped at the end."""
    skip_without_browser()
    server = start_lab(tmp_path_factory.mktemp("lab"))
    try:
        yield server
    finally:
        stop_lab(server)


@pytest.fixture(scope="session")
def notebooks(browser, lab, screenshot_dir):
    """What a learner saw of each notebook, each visited once (lazily)."""
    cache: dict[str, NotebookFacts | Exception] = {}

    def get(name: str) -> NotebookFacts:
        if name not in cache:
            context = browser.new_context(viewport=LAB_VIEWPORT, device_scale_factor=1)
            context.set_default_timeout(TIMEOUT_MS)
            try:
                cache[name] = visit_notebook(context, lab, name, screenshot_dir)
            except Exception as exc:  # one slow failure, not one per test of the notebook
                cache[name] = AssertionError(f"{exc}\n--- the end of JupyterLab's log ---\n"
                                             f"{lab.tail(20)}")  # fmt: skip
            finally:
                context.close()
        if isinstance(cache[name], Exception):
            raise cache[name]
        return cache[name]

    return get


# --------------------------------------------------------------------------
# What the notebook on disk says a learner should see
# --------------------------------------------------------------------------


def squash(text: str) -> str:
    return " ".join(text.split())


def learner_cells(lab, name: str) -> list:
    return nbformat.read(lab.workspace / name, as_version=4).cells


def markdown_on_disk(lab, name: str) -> str:
    return "\n\n".join(c.source for c in learner_cells(lab, name) if c.cell_type == "markdown")


def chapter_of(lab, name: str) -> Path:
    """The chapter a learner notebook was made from (recorded in its metadata)."""
    nb = nbformat.read(lab.workspace / name, as_version=4)
    return ROOT / f"{nb.metadata['npdl']['chapter']}.ipynb"


def glued_phrases(chapter: Path) -> list[str]:
    """Each ``{glue:text}`` number of the chapter with the words around it, as a
    reader of the book reads it: the value comes from the chapter's stored glue
    output, formatted as myst-nb formats it, so nothing here is hard-coded."""
    from myst_nb.core.variables import format_plain_text

    nb = nbformat.read(chapter, as_version=4)
    values = {
        out["metadata"]["scrapbook"]["name"]: out["data"][GLUE_MIME]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "scrapbook" in out.get("metadata", {}) and GLUE_MIME in out.get("data", {})
    }
    phrases = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            for m in GLUE_ROLE.finditer(line):
                key, _, fmt = m["content"].rpartition(":")  # as myst-nb splits it
                key, fmt = (key, fmt) if key else (fmt, "")
                value = format_plain_text(values[key], fmt)
                before = MARKUP.split(line[: m.start()])[-1]
                after = MARKUP.split(line[m.end() :])[0]
                before = re.search(r"(?:\S+\s+){0,3}$", before).group(0)
                after = re.match(r"(?:\s*\S+){0,3}", after).group(0)
                phrases.append(squash(before + value + after))
    return phrases


def boxes_on_disk(markdown: str) -> list[tuple[str, str]]:
    """(colour, title) of every box, as the converter wrote it."""
    found = re.findall(r'<div class="alert alert-block alert-(\w+)">\s*\n\s*\n(.+)', markdown)
    return [(colour, re.sub(r"^#+\s*|\*\*", "", title).strip()) for colour, title in found]


def plain_start(title: str) -> str:
    """The start of a Markdown title as a browser shows it: math is typeset
    (so only what comes before it is compared) and code loses its backticks."""
    return title.split("$")[0].replace("`", "")


def rendered_markdown(facts: NotebookFacts, when: str = "before") -> list[dict]:
    return [c for c in getattr(facts, when) if c["type"] == "markdown"]


def code_cells(facts: NotebookFacts, when: str = "before") -> list[dict]:
    return [c for c in getattr(facts, when) if c["type"] == "code"]


def prose(facts: NotebookFacts) -> str:
    return squash(" ".join(c.get("prose", "") for c in rendered_markdown(facts)))


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


def test_lab_is_private_and_offline(lab):
    """127.0.0.1 only; our settings and runtime files in the temporary HOME;
    no news feed, no update check; the default kernel is this project's Python."""
    assert lab.url.startswith("http://127.0.0.1:")
    assert lab.api("lab/api/news") == {"news": []}
    assert lab.api("lab/api/update") == {"notification": None}
    notification = lab.api("lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert notification["settings"]["fetchNews"] == "false"
    assert notification["settings"]["checkForUpdates"] is False
    assert (lab.home / "runtime" / "jupyter_cookie_secret").exists()
    specs = lab.api("api/kernelspecs")
    assert specs["default"] == "python3"
    command = specs["kernelspecs"]["python3"]["spec"]["argv"][0]
    resolved = Path(shutil.which(command, path=lab.env["PATH"]) or command)
    assert resolved.parent == Path(sys.executable).parent, (
        f"the default kernel's {command!r} is {resolved}, not this environment's Python"
    )


# --------------------------------------------------------------------------
# Opening a notebook
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_opens_without_errors(notebooks, name):
    facts = notebooks(name)
    assert facts.dialogs == [], f"{name}: a dialog appeared"
    assert facts.console_errors == [], f"{name}: errors in the browser console"
    assert facts.failed_requests == [], f"{name}: requests that failed"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_request_leaves_localhost(notebooks, lab, name):
    facts = notebooks(name)
    local = (lab.url, lab.url.replace("http://", "ws://"), "data:", "blob:")
    assert facts.requests, "no request was recorded"
    outside = sorted({url for url in facts.requests if not url.startswith(local)})
    assert outside == [], f"{name}: JupyterLab reached beyond 127.0.0.1"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_kernel_is_this_python(notebooks, name):
    assert Path(notebooks(name).kernel_prefix).resolve() == Path(sys.prefix).resolve()


# --------------------------------------------------------------------------
# What a learner sees before running anything
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_markdown_shows_no_raw_myst_html_or_tex(notebooks, lab, name):
    facts = notebooks(name)
    cells = rendered_markdown(facts)
    assert len(cells) == sum(c.cell_type == "markdown" for c in learner_cells(lab, name))
    assert [c["index"] for c in cells if not c["rendered"]] == [], "Markdown cells not rendered"
    text = prose(facts)
    raw = {
        "MyST": [s for s in RAW_MYST if s in text] + RAW_TARGET.findall(text),
        "HTML": [s for s in RAW_HTML if s in text],
        "TeX": sorted({m.group() for m in RAW_TEX.finditer(text)}),
    }
    assert raw == {"MyST": [], "HTML": [], "TeX": []}, f"{name}: raw markup a learner sees"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_math_is_typeset(notebooks, lab, name):
    facts = notebooks(name)
    disk = {c_index: c.source for c_index, c in enumerate(learner_cells(lab, name))}
    untypeset = [c["index"] for c in rendered_markdown(facts)
                 if "$" in disk[c["index"]] and not c["math"]]  # fmt: skip
    assert untypeset == [], f"{name}: cells whose math MathJax did not typeset"
    errors = [e for c in rendered_markdown(facts) for e in c["math_errors"]]
    assert errors == [], f"{name}: TeX errors"
    display = markdown_on_disk(lab, name).count("$$") // 2
    assert sum(c["display_math"] for c in rendered_markdown(facts)) == display, (
        f"{name}: not every $$ formula shows as display math"
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_exercises_admonitions_and_theorems_are_boxes(notebooks, lab, name):
    """Every box the converter wrote shows, in order, as a coloured box with
    its title (an exercise's as an h3 heading, the others' in bold)."""
    facts = notebooks(name)
    boxes = [b for c in rendered_markdown(facts) for b in c["boxes"]]
    colours = ("info", "success", "warning", "danger")
    seen = [
        (next(c for c in colours if f"alert-{c}" in b["classes"]),
         (b["heading"] or "").rstrip("¶") if b["heading_tag"] else b["title"] or "")
        for b in boxes
    ]  # fmt: skip
    expected = boxes_on_disk(markdown_on_disk(lab, name))
    assert [c for c, _ in seen] == [c for c, _ in expected], f"{name}: the boxes and colours"
    wrong = [(title, shown) for (_, title), (_, shown) in zip(expected, seen, strict=True)
             if not shown.startswith(plain_start(title))]  # fmt: skip
    assert wrong == [], f"{name}: box titles (as written, as shown)"
    flat = [b for b in boxes if not b["shown"] or b["background"] in ("rgba(0, 0, 0, 0)",
                                                                      "transparent")
            or b["border"].startswith("0px")]  # fmt: skip
    assert flat == [], f"{name}: boxes JupyterLab does not draw as boxes"
    # Every exercise of the notebook is a box with its heading, "Exercise 7.1 (...)".
    number = int(name[:2])
    headings = re.findall(r"^#+ (Exercise \d+\.\d+\b.*)$", markdown_on_disk(lab, name), re.M)
    assert headings, f"{name}: no exercise"
    boxed = [(b["heading"] or "").rstrip("¶") for b in boxes
             if "alert-warning" in b["classes"] and b["heading_tag"] == "H3"]  # fmt: skip
    unboxed = [h for h in headings if not any(t.startswith(plain_start(h)) for t in boxed)]
    assert unboxed == [], f"{name}: exercises not in a box"
    assert all(t.startswith(f"Exercise {number}.") for t in boxed), boxed


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_proofs_read_as_in_the_book(notebooks, lab, name):
    """Each proof starts with *Proof.* and ends with ∎; theorems are numbered."""
    facts = notebooks(name)
    on_disk = markdown_on_disk(lab, name)
    assert sum(c["proofs"] for c in rendered_markdown(facts)) == on_disk.count("*Proof.*")
    assert prose(facts).count("∎") == on_disk.count("∎")
    chapter = chapter_of(lab, name).read_text(encoding="utf-8")
    for kind in ("theorem", "corollary"):
        if "{prf:" + kind + "}" in chapter:
            title = kind.capitalize() + f" {int(name[:2])}."
            assert any(b["title"] and b["title"].startswith(title)
                       for c in rendered_markdown(facts) for b in c["boxes"]), (
                f"{name}: no box titled {title}k"
            )  # fmt: skip


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_glued_numbers_are_in_the_text(notebooks, lab, name):
    phrases = glued_phrases(chapter_of(lab, name))
    if not phrases:
        pytest.skip(f"{name} glues no number into its text")
    on_disk = squash(markdown_on_disk(lab, name))
    assert [p for p in phrases if p not in on_disk] == [], "glued numbers missing on disk"
    seen = prose(notebooks(name))
    assert [p for p in phrases if p not in seen] == [], f"{name}: glued numbers a learner misses"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_citations_read_author_year(notebooks, lab, name):
    chapter = chapter_of(lab, name).read_text(encoding="utf-8")
    markdown = markdown_on_disk(lab, name)
    # {cite:p} reads "[Nair and Hinton, 2010]", {cite:t} "Minsky and Papert [1969]"
    cited = re.findall(r"\[[A-Z][^\[\]]*?, \d{4}[a-z]?\](?!\()", markdown) + re.findall(
        r"[A-Z][\w'-]+(?: et al\.| and [A-Z][\w'-]+)? \[\d{4}[a-z]?\](?!\()", markdown
    )
    assert bool(cited) == ("{cite" in chapter), f"{name}: citations lost in the conversion"
    text = prose(notebooks(name))
    assert [c for c in cited if c not in text] == [], f"{name}: citations a learner misses"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_reference_list_matches_its_labels(notebooks, name):
    """Each work in the References list is the one its bold label names:
    "**Nair and Hinton, 2010.**" is followed by Nair and Hinton's 2010 paper."""
    facts = notebooks(name)
    wrong = []
    for cell in rendered_markdown(facts):
        if not any(h.rstrip("¶") == "References" for h in cell["headings"]):
            continue
        for item in cell["list_items"]:
            label, work = item["label"] or "", item["text"].removeprefix(item["label"] or "")
            surname = label.split(",")[0].split()[0]
            year = re.search(r"\d{4}", label)
            if surname not in work or not year or year.group() not in work:
                wrong.append(f"{label} -> {work.strip()[:70]}...")
    assert wrong == [], f"{name}: reference labels that name another work"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_cross_references_link_to_the_other_notebook(notebooks, lab, name):
    links = re.findall(r"\[([^\]]+)\]\((\d\d_\w+\.ipynb)\)", markdown_on_disk(lab, name))
    if not links:
        pytest.skip(f"{name} refers to no other chapter")
    facts = notebooks(name)
    anchors = [a for c in rendered_markdown(facts) for a in c["links"]]
    missing = [(text, target) for text, target in links
               if not any(a["text"] == text and target in a["href"] for a in anchors)]  # fmt: skip
    assert missing == [], f"{name}: cross-references that are not links"
    ref = facts.cross_reference
    assert ref["opened"] == links[0][1], (
        f"{name}: clicking {ref['text']!r} did not open {links[0][1]} in JupyterLab: {ref}"
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_solutions_start_folded(notebooks, lab, name):
    facts = notebooks(name)
    details = [d for c in rendered_markdown(facts) for d in c["details"]]
    assert details, f"{name}: no folded solution"
    assert [d["summary"] for d in details if d["open"]] == [], "<details> open at the start"
    assert [d["summary"] for d in details if not d["summary_shown"]] == [], "summaries hidden"
    assert [d["summary"] for d in details if d["body_shown"]] == [], "solutions shown unfolded"
    exercises = re.findall(r"^#+ (Exercise \d+\.\d+ .*)$", markdown_on_disk(lab, name), re.M)
    unsolved = [
        e
        for e in exercises
        if not any(d["summary"].startswith(f"Solution to {e}") for d in details)
    ]
    assert unsolved == [], f"{name}: exercises without a folded solution"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_solution_is_a_cell(notebooks, name):
    """A solution's code sits in its folded <details>, never in a code cell:
    JupyterLab unfolds a cell's output whenever the cell runs."""
    facts = notebooks(name)
    cells = [c["index"] for c in code_cells(facts)
             if c["source"].startswith(NEUTRAL_FIRST_LINE)
             or (c["jupyter_metadata"] or {}).get("source_hidden")]  # fmt: skip
    assert cells == [], f"{name}: solution code in cells {cells}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_click_unfolds_a_solution_with_its_code(notebooks, name):
    facts = notebooks(name)
    click = facts.summary_click
    assert click["open_before"] is False and click["open_after"] is True, click
    assert click["body_shown_after"], f"{name}: the opened <details> shows nothing"
    code = click["code_shown_after"]
    assert code.startswith(NEUTRAL_FIRST_LINE) and "check_" in code, (
        f"{name}: the opened solution shows no code: {code[:200]!r}"
    )


# --------------------------------------------------------------------------
# After Run All
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_run_all_runs_every_cell_without_error(notebooks, name):
    facts = notebooks(name)
    cells = code_cells(facts, "after")
    n = sum(bool(c["source"].strip()) for c in cells)
    assert facts.run["error"] is None and facts.run["ok"] is True, facts.run
    assert facts.run["replies"] == ["ok"] * n, f"{name}: the kernel's replies to Run All"
    assert [c["execution_count"] for c in cells] == list(range(1, n + 1))
    errors = {
        c["index"]: c["output_text"][-500:]
        for c in cells
        if "error" in c["output_types"]
        or any(o["mime"] == "application/vnd.jupyter.stderr" for o in c["outputs"])
    }
    assert errors == {}, f"{name}: cells with an error or a warning after Run All"


def starter_outputs(facts: NotebookFacts) -> dict[str, str]:
    """Each exercise's heading, and what the code cells between its box and its
    folded solution (its starter) show after Run All."""
    cells, shown = facts.after, {}
    for i, cell in enumerate(cells):
        if cell["type"] != "markdown" or not any(
            "alert-warning" in b["classes"] and b["heading_tag"] for b in cell["boxes"]
        ):
            continue
        starters = []
        for later in cells[i + 1 :]:
            if later["type"] == "markdown" and later["details"]:
                break
            if later["type"] == "code" and not later["input_hidden"]:
                starters.append(later)
        shown[cell["boxes"][0]["heading"]] = " ".join(
            o["text"] for c in starters for o in c["outputs"] if o["shown"]
        )
    return shown


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_starter_cells_show_their_checker(notebooks, name):
    """Between each exercise and its solution a starter cell reports (failing
    cases, as nothing is filled in) in an output a learner sees."""
    shown = starter_outputs(notebooks(name))
    assert shown, f"{name}: no exercise found"
    silent = [heading for heading, text in shown.items() if not CHECKER.search(text)]
    assert silent == [], f"{name}: exercises whose starter cell shows no checker"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_run_all_runs_no_solution(notebooks, name):
    """After Run All every exercise's checker still says it is not attempted:
    no worked solution ran over the learner's (empty) answer, and the report
    gives nothing away."""
    solved = {heading: text[:200] for heading, text in starter_outputs(notebooks(name)).items()
              if "not attempted yet" not in text or "Well done" in text
              or "expected:" in text}  # fmt: skip
    assert solved == {}, f"{name}: starters that do not say 'not attempted yet' after Run All"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_outputs_render(notebooks, name):
    """No "No renderer" message, no JavaScript error and no empty box in an output."""
    facts = notebooks(name)
    bad = {}
    for cell in code_cells(facts, "after"):
        text = cell["output_text"]
        if "No renderer could be found" in text or "Javascript Error" in text:
            bad[cell["index"]] = text[:200]
        empty = [c for c in cell["output_children"] if "jp-OutputArea-child" in c["classes"]
                 and c["height"] > 0 and not c["text"] and not c["media"]]  # fmt: skip
        if empty:
            bad[cell["index"]] = f"{len(empty)} empty output area(s)"
    assert bad == {}, f"{name}: outputs a learner sees as broken"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_screenshots(notebooks, name):
    """Pictures for a person to look at: the top, an exercise with its folded
    solution (and a theorem, where there is one), after Run All, unfolded."""
    shots = notebooks(name).screenshots
    assert {p.stem.split("-", 3)[-1] for p in shots} >= {
        "top",
        "exercise",
        "after-run-all",
        "solution-opened",
    }
    assert all(p.stat().st_size > 10_000 for p in shots)


def test_lab_kept_its_state_in_the_temporary_home(notebooks, lab):
    """JupyterLab saved the layout of the notebooks opened above in the
    temporary workspaces folder, not in the user's ``~/.jupyter``."""
    notebooks(NOTEBOOKS[0])
    assert list((lab.home / "lab-workspaces").glob("*.jupyterlab-workspace"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_interactive_figures_draw_in_jupyterlab(notebooks, lab, name):
    """Each stored interactive figure is drawn, after Run All, by the Plotly
    extension that ships inside the plotly package: no network, no install."""
    stored = stored_plotly_outputs(lab.workspace / name)
    facts = notebooks(name)
    assert facts.plotly["outputs"] == stored, f"{name}: interactive figures not shown"
    assert facts.plotly["drawn"] == stored
