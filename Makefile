# rung — two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/rung ladder check
	$(BIN)/rung validate
	$(BIN)/rung demo-plan

test: $(STAMP)
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check tooling tests
	$(BIN)/ruff format --check tooling tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m rung.bench

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
