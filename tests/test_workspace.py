"""The learner's workspace: their copies are created once, never overwritten,
reset only with a backup, and invisible to git, pytest and the book."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from tools import workspace
from tools.learner import load_book

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def book():
    return load_book(ROOT)


@pytest.fixture
def dest(tmp_path):
    return tmp_path / "workspace"


def _edit(path: Path, text: str) -> None:
    """What a learner does: add a cell with their own code and save."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(text))
    nbformat.write(nb, path)


def _has(path: Path, text: str) -> bool:
    return any(text in cell.source for cell in nbformat.read(path, as_version=4).cells)


def test_prepare_creates_one_notebook_per_chapter_in_reading_order(book, dest):
    report = workspace.prepare(ROOT, dest)
    names = sorted(p.name for p in dest.glob("*.ipynb"))
    assert names == report["created"] == [book.filenames[d] for d in book.chapters]
    assert len(names) == len(book.chapters) == len(list((ROOT / "chapters").glob("*.ipynb")))
    assert names[0].startswith("01_") and names[-1].startswith(f"{len(names):02d}_")


def test_prepare_again_keeps_the_learners_work(book, dest):
    workspace.prepare(ROOT, dest)
    relu = dest / book.filenames["chapters/relu"]
    _edit(relu, "my_answer = 42  # the learner's work")
    report = workspace.prepare(ROOT, dest)
    assert report["created"] == []
    assert relu.name in report["kept"]
    assert _has(relu, "my_answer = 42")


def test_a_chapter_added_later_appears_and_nothing_else_changes(book, dest):
    workspace.prepare(ROOT, dest)
    relu = dest / book.filenames["chapters/relu"]
    _edit(relu, "my_answer = 42")
    # a chapter the learner does not have yet, as after a `git pull`
    (dest / book.filenames["chapters/xor"]).unlink()
    before = {p.name: p.read_bytes() for p in dest.glob("*.ipynb")}
    report = workspace.prepare(ROOT, dest)
    assert report["created"] == [book.filenames["chapters/xor"]]
    after = {p.name: p.read_bytes() for p in dest.glob("*.ipynb")}
    assert {k: v for k, v in after.items() if k in before} == before


def test_a_renamed_copy_is_still_the_learners(book, dest):
    workspace.prepare(ROOT, dest)
    relu = dest / book.filenames["chapters/relu"]
    relu.rename(dest / "my relu notes.ipynb")
    report = workspace.prepare(ROOT, dest)
    assert report["created"] == []
    assert not relu.exists()


def test_reset_restores_the_original_and_keeps_a_backup(book, dest):
    workspace.prepare(ROOT, dest)
    relu = dest / book.filenames["chapters/relu"]
    original = relu.read_bytes()
    _edit(relu, "my_answer = 42")
    lines = workspace.reset(["relu"], ROOT, dest)
    assert relu.read_bytes() == original
    backups = list((dest / workspace.BACKUPS).glob("*.ipynb"))
    assert len(backups) == 1 and _has(backups[0], "my_answer = 42")
    assert any(str(backups[0]) in line for line in lines)
    # a second reset in the same second keeps both backups
    _edit(relu, "second_try = 1")
    workspace.reset(["7"], ROOT, dest)
    assert len(list((dest / workspace.BACKUPS).glob("*.ipynb"))) == 2
    # backups are not taken for the learner's current copy
    assert set(workspace.find_copies(dest).values()) == set(dest.glob("*.ipynb"))


@pytest.mark.parametrize("name", ["relu", "07_relu", "07_relu.ipynb", "chapters/relu", "7"])
def test_reset_understands_every_way_of_naming_a_chapter(book, dest, name):
    workspace.prepare(ROOT, dest)
    workspace.reset([name], ROOT, dest)
    assert [p.name for p in (dest / workspace.BACKUPS).glob("*.ipynb")][0].startswith("07_relu.")


def test_reset_all_backs_up_every_chapter(book, dest):
    workspace.prepare(ROOT, dest)
    workspace.reset(["all"], ROOT, dest)
    assert len(list((dest / workspace.BACKUPS).glob("*.ipynb"))) == len(book.chapters)


def test_reset_of_an_unknown_chapter_changes_nothing(book, dest):
    workspace.prepare(ROOT, dest)
    before = {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    with pytest.raises(ValueError, match=r"no chapter 'rleu'; choose one of \[.*'relu'"):
        workspace.reset(["relu", "rleu"], ROOT, dest)
    assert {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()} == before


def test_prepare_names_the_copies_whose_chapter_changed(book, dest):
    workspace.prepare(ROOT, dest)
    relu = dest / book.filenames["chapters/relu"]
    nb = nbformat.read(relu, as_version=4)
    nb.metadata["npdl"]["source_sha256"] = "0" * 64  # as if made from an older chapter
    nbformat.write(nb, relu)
    before = relu.read_bytes()
    report = workspace.prepare(ROOT, dest)
    assert report["outdated"] == [relu.name]
    assert relu.read_bytes() == before  # named, not replaced


def test_command_line(book, dest, capsys):
    assert workspace.main(["--root", str(ROOT), "--dest", str(dest), "prepare"]) == 0
    assert f"{len(book.chapters)} notebooks created" in capsys.readouterr().out
    assert workspace.main(["--root", str(ROOT), "--dest", str(dest), "reset", "nope"]) == 2
    assert "no chapter 'nope'" in capsys.readouterr().err


# --------------------------------------------------------------------------
# the workspace is invisible to git, pytest and the book
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["workspace/07_relu.ipynb", "workspace/backups/x.ipynb"])
def test_git_ignores_the_workspace(path):
    result = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, capture_output=True)
    if result.returncode == 128:
        pytest.skip(f"not a git checkout: {result.stderr.decode().strip()}")
    assert result.returncode == 0, f"{path} must be ignored by git (.gitignore: /workspace/)"


def test_pytest_and_the_book_leave_the_workspace_alone():
    pyproject = (ROOT / "pyproject.toml").read_text()  # (no tomllib on Python 3.10)
    norecursedirs = re.search(r"^norecursedirs = \[(.*)\]$", pyproject, re.M).group(1)
    testpaths = re.search(r"^testpaths = \[(.*)\]$", pyproject, re.M).group(1)
    assert '"workspace"' in norecursedirs
    assert "workspace" not in testpaths
    book_config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "workspace" in book_config["exclude_patterns"]


def test_no_make_target_deletes_the_workspace():
    makefile = (ROOT / "Makefile").read_text()
    for line in makefile.splitlines():
        if line.startswith("\t") and ("rm " in line or "rm -" in line):
            assert "WORKSPACE" not in line and "workspace" not in line, line
