# Neural Networks from Scratch with NumPy -- one command for each job.
#   make book      build the book into _build/html
#   make test      unit tests, doctests, every notebook (nbval), strict book build
#   make lab       JupyterLab on the chapters
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
NOTEBOOKS  := $(wildcard chapters/*.ipynb)

.PHONY: all venv book book-strict test lab execute bench lint clean

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

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "All tests passed and the book built without warnings: $(abspath _build/html/index.html)"

lab: $(STAMP)
	$(BIN)/jupyter lab chapters/

execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False \
	  $(NOTEBOOKS)

bench: $(STAMP)
	$(BIN)/python benchmarks/activations.py
	$(BIN)/python benchmarks/forward.py

lint: $(STAMP)
	$(BIN)/ruff check npdl tests benchmarks

clean:
	rm -rf _build .pytest_cache .hypothesis
