# indsec — one command to run the demo, one to run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PKGS := src tests benchmarks

.PHONY: demo test check lint format typecheck install install-dev install-bench \
	services services-stop bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e '.[all]'

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

# the benchmarks' peers (Presidio, pySigma's SQLite backend) beside indsec
install-bench: $(BIN)/python
	$(BIN)/pip install -q -e '.[bench]'

demo: install
	$(BIN)/indsec demo

services:
	@./scripts/test-services.sh start > .test-services.env

services-stop:
	@./scripts/test-services.sh stop

# The test targets stop the servers they started when they end, pass or fail, unless
# KEEP_SERVICES=1 (then 'make services-stop' stops them later).
KEEP_SERVICES ?=
STOP_SERVICES := $(if $(filter 1,$(KEEP_SERVICES)),true,./scripts/test-services.sh stop)

test: install-dev services
	. ./.test-services.env && INDSEC_REQUIRE_SERVICES=1 $(BIN)/pytest --cov --cov-report=term:skip-covered $(PYTEST_ARGS); \
	  status=$$?; $(STOP_SERVICES); exit $$status

# lint-imports checks the layer contracts of pyproject.toml ([tool.importlinter], DESIGN.md §3)
lint: install-dev
	$(BIN)/ruff check $(PKGS)
	$(BIN)/ruff format --check $(PKGS)
	$(BIN)/lint-imports --no-cache

typecheck: install-dev
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff format $(PKGS)
	$(BIN)/ruff check --fix $(PKGS)

check: lint typecheck test

bench: install-bench
	$(BIN)/python benchmarks/classify_bench.py
	$(BIN)/python benchmarks/detect_bench.py

clean:
	rm -rf $(VENV) .indsec .test-services.env .pytest_cache .mypy_cache .ruff_cache
