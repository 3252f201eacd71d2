# indsec — one command to run the demo, one to run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
COMPILED_VENV ?= .venv-compiled
CBIN := $(COMPILED_VENV)/bin
PKGS := src tests benchmarks
# the tests that exercise the modules the compiled build compiles (pyproject: hooks.mypyc)
COMPILED_TESTS ?= tests/detect tests/benchmarks tests/e2e/test_detection_flow.py tests/test_build.py

.PHONY: demo test check lint format typecheck install install-dev install-compiled test-compiled \
	services services-stop bench clean assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(CBIN)/python:
	$(PYTHON) -m venv $(COMPILED_VENV)
	$(CBIN)/python -m pip install -q --upgrade pip

# The web pages' front-end files come from npm packages pinned in package-lock.json, installed
# here (npm ci) and copied into the package, never committed and never fetched at run time.
VENDOR := src/indsec/server/web/static/vendor
assets: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/

install: $(BIN)/python assets
	$(BIN)/pip install -q -e '.[all]'

install-dev: $(BIN)/python assets
	$(BIN)/pip install -q -e '.[dev]'

# The compiled build in its own venv (a wheel, not editable). The build leaves its extension
# modules beside the sources as well; they are removed, or the editable venv would run them.
install-compiled: $(CBIN)/python assets
	$(CBIN)/pip install -q '.[dev,bench]'
	HATCH_BUILD_HOOK_ENABLE_MYPYC=true $(CBIN)/pip install -q --force-reinstall --no-deps . ; \
	  status=$$?; find src -name '*.so' -delete; rm -rf build; exit $$status

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

test-compiled: install-compiled services
	. ./.test-services.env && INDSEC_REQUIRE_SERVICES=1 INDSEC_EXPECT_COMPILED=1 \
	  $(CBIN)/pytest -p no:cacheprovider $(COMPILED_TESTS); \
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

bench: install-compiled
	$(CBIN)/python benchmarks/classify_bench.py
	$(CBIN)/python benchmarks/detect_bench.py

clean:
	rm -rf $(VENV) $(COMPILED_VENV) .indsec .test-services.env .pytest_cache .mypy_cache .ruff_cache \
	  node_modules $(VENDOR)
