# Neural Networks from Scratch with NumPy -- one command for each job.
#   make book      build the book into _build/html
#   make test      unit tests, doctests, every notebook (nbval), strict book build,
#                  then the browser tests of the built book
#   make test-browser  build the book if it is out of date, then open every
#                  page in headless Chromium, and the learner notebooks in JupyterLab
#   make workspace your own copy of every chapter, in workspace/ (git-ignored):
#                  creates the missing ones, never overwrites yours
#   make lab       make workspace, then JupyterLab on workspace/
#   make reset CHAPTER=relu   the original chapter back (yours goes to
#                  workspace/backups/); CHAPTER=all for every chapter
#   make execute   re-run every chapter in place so stored outputs are current
#   make bench     speed benchmarks
# Each target first creates .venv (if missing) and installs requirements.txt.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
# Jupyter starts kernels with the `python` on PATH: make it the venv's.
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

BOOK_FLAGS := -W -n --keep-going
# The learner's own notebooks: never overwritten, never deleted by any target.
WORKSPACE  ?= workspace
NOTEBOOKS  := $(wildcard chapters/*.ipynb)
BOOK_SOURCES := _config.yml _toc.yml references.bib $(wildcard *.md) $(NOTEBOOKS) \
                $(wildcard npdl/*.py) $(wildcard _static/*) $(wildcard _ext/*.py)
# The browser tests are deselected in a plain `pytest` (they need the built
# book); -rs prints the one-line reason when they skip for want of Chromium.
BROWSER_TESTS := $(BIN)/python -m pytest -m browser -rs tests/browser

.PHONY: all venv book book-strict test test-browser workspace lab reset execute bench lint clean

all: test

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "Python 3.10 or newer is needed; found $$($(PYTHON) --version). Set PYTHON=..."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "The book is at $(abspath _build/html/index.html)"

_build/html/index.html: $(STAMP) $(BOOK_SOURCES)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@touch $@

test-browser: _build/html/index.html
	$(BROWSER_TESTS)
	@echo "Screenshots for a person to look at: $(abspath _build/screenshots)"

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@touch _build/html/index.html
	$(BROWSER_TESTS)
	@echo "All tests passed and the book built without warnings: $(abspath _build/html/index.html)"

workspace: $(STAMP)
	$(BIN)/python -m tools.workspace --dest $(WORKSPACE) prepare

lab: workspace
	$(BIN)/jupyter lab --ServerApp.root_dir=$(WORKSPACE)

reset: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "usage: make reset CHAPTER=relu (a chapter's name or number, or all);"; \
	  echo "your version is moved to $(WORKSPACE)/backups/, then the original is restored"; exit 2; }
	$(BIN)/python -m tools.workspace --dest $(WORKSPACE) reset $(CHAPTER)

execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False \
	  --Exporter.preprocessors=nbconvert.preprocessors.CoalesceStreamsPreprocessor \
	  $(NOTEBOOKS)

bench: $(STAMP)
	$(BIN)/python benchmarks/activations.py
	$(BIN)/python benchmarks/forward.py
	$(BIN)/python benchmarks/train.py

lint: $(STAMP)
	$(BIN)/ruff check npdl tests benchmarks tools

clean:
	rm -rf _build .pytest_cache .hypothesis
