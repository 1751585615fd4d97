# Two commands: `make run` and `make test`. Both create .venv when missing and are safe to repeat.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pip installs the exact versions of constraints.txt; pyproject.toml gives the ranges a user's pip resolves.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:12])")

.PHONY: run test lint fuzz bench screenshot data man wheel clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install whenever pyproject.toml or constraints.txt changes (the stamp carries the hash of both).
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PIP_INSTALL) -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pledge-tui --data data/commitments.json

test: $(STAMP)
	env -u NO_COLOR $(BIN)/python -m pytest -q
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The man page (docs/pledge-tui.1, shipped in the wheel), built from the parser; a test fails when it is stale.
man: $(STAMP)
	$(BIN)/python -m pledge_tui.cli.manpage docs/pledge-tui.1

# The wheel, as a user's pip would build it, into dist/ (tests/test_install.py installs one into a fresh venv).
wheel: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps -c constraints.txt -w dist .

fuzz: $(STAMP)
	env -u NO_COLOR PLEDGE_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q -m fuzz

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# Benchmarks (not tests): `make bench` installs .[test,bench] once per pyproject.toml hash, then writes
# benchmarks/RESULTS.md. Generated data goes to benchmarks/.data/ (git-ignored). For a quick check:
# make bench BENCH_ARGS="--sizes 35 --runs 1 --samples 2 --out /tmp/RESULTS.md"
BENCH_STAMP := $(subst .installed-,.bench-installed-,$(STAMP))

$(BENCH_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PIP_INSTALL) -e ".[test,bench]"
	rm -f $(VENV)/.installed-* $(VENV)/.bench-installed-*
	touch $(STAMP) $(BENCH_STAMP)

BENCH_ARGS ?=

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# The bundled data and the November 2026 fixture, rebuilt from the March 2026 file by the update scripts
# (data/updates/): the only way they are made. See scripts/rebuild-data.sh.
data: $(STAMP)
	PLEDGE_TUI=$(BIN)/pledge-tui sh scripts/rebuild-data.sh

# The README's screenshot (docs/screenshot.svg), from the real app at a fixed size, theme and date.
screenshot: $(STAMP)
	env -u NO_COLOR $(BIN)/python scripts/screenshot.py
