"""The learner's workspace: their own copy of every chapter notebook.

The chapters in ``chapters/`` are the book's source: the book, nbval and git
use them, and a learner who ran and saved them would break the tests and
conflict with the next ``git pull``. So a learner works in a git-ignored
folder, ``workspace/`` by default, of notebooks converted for Jupyter by
:mod:`tools.learner` (no raw MyST, solutions folded away).

Rules, each tested:

- ``prepare`` creates the notebooks that are missing and never touches one
  that exists, so chapters added later (after a ``git pull``) appear and the
  learner's work stays. It says which of the learner's notebooks come from an
  older version of their chapter.
- ``reset`` brings back the original of one chapter (or of all), after
  moving the learner's version to ``workspace/backups/``: no command deletes
  a learner's work.

Run it as ``python -m tools.workspace prepare`` or through ``make workspace``,
``make lab`` and ``make reset CHAPTER=relu``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat

from tools.learner import Book, learner_notebook, load_book

__all__ = ["find_copies", "note", "prepare", "reset", "main"]

BACKUPS = "backups"


def note(book: Book, docname: str) -> str:
    """The first cell of a learner notebook: whose copy it is, how to reset."""
    stem = docname.rsplit("/", 1)[-1]
    return (
        f"*Your copy of a chapter of* Neural Networks from Scratch with NumPy. "
        f"Edit it, run it and save it freely: `make workspace` never overwrites it. "
        f"`make reset CHAPTER={stem}` brings back the original and keeps this "
        f"version in `{BACKUPS}/`."
    )


def find_copies(dest: Path) -> dict[str, Path]:
    """The learner notebooks in `dest` (not in its backups), by chapter.

    A notebook is recognised by the chapter recorded in its metadata, not by
    its file name, so a renamed copy still counts as the learner's."""
    copies = {}
    for path in sorted(dest.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # noqa: BLE001 (a broken file is still the learner's)
            continue
        chapter = nb.metadata.get("npdl", {}).get("chapter")
        if chapter:
            copies.setdefault(chapter, path)
    return copies


def _write(book: Book, docname: str, dest: Path) -> Path:
    path = dest / book.filenames[docname]
    nbformat.write(learner_notebook(book, docname, note=note), path)
    return path


def _outdated(book: Book, docname: str, path: Path) -> bool:
    import hashlib

    recorded = nbformat.read(path, as_version=4).metadata.get("npdl", {}).get("source_sha256")
    current = hashlib.sha256((book.root / f"{docname}.ipynb").read_bytes()).hexdigest()
    return recorded != current


def prepare(root: Path | str = ".", dest: Path | str = "workspace") -> dict[str, list[str]]:
    """Create the learner notebooks that are missing in `dest`.

    Returns
    -------
    dict
        ``created``: the files written now; ``kept``: the learner's existing
        files, untouched; ``outdated``: those of ``kept`` whose chapter has
        changed since they were created.
    """
    book = load_book(root)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    copies = find_copies(dest)
    report = {"created": [], "kept": [], "outdated": []}
    for docname in book.chapters:
        if docname in copies:
            report["kept"].append(copies[docname].name)
            if _outdated(book, docname, copies[docname]):
                report["outdated"].append(copies[docname].name)
        else:
            report["created"].append(_write(book, docname, dest).name)
    return report


def _match(book: Book, name: str) -> str:
    """The chapter `name` means: ``relu``, ``07_relu``, ``07_relu.ipynb``,
    ``chapters/relu`` or its number ``7``."""
    wanted = name.strip().removesuffix(".ipynb").rsplit("/", 1)[-1]
    for docname in book.chapters:
        stem = docname.rsplit("/", 1)[-1]
        number = book.numbers.get(docname)
        if wanted in (stem, book.filenames[docname].removesuffix(".ipynb")) or (
            number is not None and wanted.isdigit() and int(wanted) == number
        ):
            return docname
    stems = [d.rsplit("/", 1)[-1] for d in book.chapters]
    raise ValueError(f"no chapter {name!r}; choose one of {stems} or 'all'")


def reset(names: list[str], root: Path | str = ".", dest: Path | str = "workspace") -> list[str]:
    """Restore the original of each chapter in `names` (``["all"]`` for all),
    after moving the learner's version to ``dest/backups/``.

    Returns the lines to print: what was backed up and restored.
    """
    book = load_book(root)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    chapters = list(book.chapters) if names == ["all"] else [_match(book, n) for n in names]
    copies = find_copies(dest)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    lines = []
    for docname in chapters:
        if docname in copies:
            old = copies[docname]
            backup = dest / BACKUPS / f"{old.stem}.{stamp}.ipynb"
            n = 1
            while backup.exists():
                n += 1
                backup = dest / BACKUPS / f"{old.stem}.{stamp}-{n}.ipynb"
            backup.parent.mkdir(exist_ok=True)
            old.rename(backup)
            lines.append(f"kept your version as {backup}")
        lines.append(f"restored {_write(book, docname, dest)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.workspace", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", default=".", help="the book's folder (with _toc.yml)")
    parser.add_argument("--dest", default="workspace", help="the learner's folder")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare", help="create the missing learner notebooks")
    reset_parser = sub.add_parser("reset", help="restore chapters, keeping a backup")
    reset_parser.add_argument("chapters", nargs="+", help="chapter names (relu, 7, ...) or all")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        report = prepare(args.root, args.dest)
        print(f"{args.dest}/: {len(report['created'])} notebooks created, "
              f"{len(report['kept'])} of yours kept as they are")  # fmt: skip
        if report["outdated"]:
            print("These chapters changed in the book since you copied them:")
            for name in report["outdated"]:
                stem = name.removesuffix(".ipynb").split("_", 1)[-1]
                print(f"  {name}: `make reset CHAPTER={stem}` takes the new version "
                      f"(yours is kept in {args.dest}/{BACKUPS}/)")  # fmt: skip
        return 0
    try:
        for line in reset(args.chapters, args.root, args.dest):
            print(line)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
