# Two commands on a fresh machine: `make demo` and `make test` (each sets up .venv first).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test test-bench test-scale lint typecheck migrations-check clean

# The first install takes a few minutes: each step says what it does, and pip lists what it fetches.
$(VENV)/.installed: pyproject.toml
	@echo "==> [1/3] creating the virtual environment $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	@echo "==> [2/3] upgrading pip"
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "==> [3/3] installing newsingest and its dependencies (a few minutes the first time)"
	$(BIN)/python -m pip install --progress-bar on -e ".[test]"
	@echo "==> installed into $(VENV)"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/newsingest demo

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tests flows spiders bench sitegen

typecheck: $(VENV)/.installed
	$(BIN)/mypy

migrations-check: $(VENV)/.installed
	rm -f build/alembic-check.db && mkdir -p build
	NEWSINGEST_DATABASE_URL=sqlite:///build/alembic-check.db $(BIN)/newsingest db upgrade
	NEWSINGEST_DATABASE_URL=sqlite:///build/alembic-check.db $(BIN)/alembic check

# The suite without the benchmark smoke runs and the scale tests (pyproject's addopts deselect them).
test: lint typecheck migrations-check
	mkdir -p build
	$(BIN)/pytest -n 2 --junitxml=build/junit.xml $(PYTEST_ARGS)

# The benchmark smoke runs (pytest -m bench), one at a time; CI runs them after `make test`.
test-bench: $(VENV)/.installed
	mkdir -p build
	$(BIN)/pytest -m bench --junitxml=build/junit-bench.xml $(PYTEST_ARGS)

# The scale tests (pytest -m scale): a Prefect server on PostgreSQL with two process workers (a killed one
# too) and a Dask LocalCluster; several minutes, so CI runs them after `make test`, one at a time.
test-scale: $(VENV)/.installed
	mkdir -p build
	$(BIN)/pytest -m scale --junitxml=build/junit-scale.xml $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
