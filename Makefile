# The README's two commands: `make run` and `make test`. Each does whatever set-up
# is missing (virtualenv, Python and npm packages, compiled CSS, migrations) and is
# quick when nothing is: stamp files record what was installed, and only a change to
# pyproject.toml/constraints.txt or package.json/package-lock.json installs again.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
VENDOR := spark/static/vendor
GOVUK := node_modules/govuk-frontend/dist/govuk
SCSS := $(shell find spark/static/scss -name '*.scss' 2>/dev/null)
# This machine's pip config lists package folders that do not hold every package; pip
# says so once per package. Harmless, so hidden; every other line of pip's output shows.
PIP_NOISE := ^WARNING: Location '.*' is ignored: it is neither a file nor a directory\.$$

.PHONY: help run test lint bench setup db chromium pango clean

help:
	@echo "make run    - set up what is missing, seed demo data, serve http://127.0.0.1:$(PORT)"
	@echo "make test   - set up what is missing and run the whole test suite"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make bench  - benchmarks that print figures (bench/README.md)"

$(BIN)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "Project Spark! needs Python 3.11 or later: run 'make PYTHON=python3.11 ...'" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "$(BIN)/pip install -c constraints.txt -e '.[dev]'"
	@$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]' 2>&1 \
	  | { grep -v -E "$(PIP_NOISE)" || true; }
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or later" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/spark.css: $(SCSS) node_modules/.installed
	mkdir -p $(VENDOR)
	npx sass --pkg-importer=node --style=compressed --quiet-deps --no-source-map \
		spark/static/scss/spark.scss $@

# GOV.UK Frontend's JavaScript and its fonts and images, copied from node_modules.
$(VENDOR)/.govuk: node_modules/.installed
	mkdir -p $(VENDOR)
	cp $(GOVUK)/govuk-frontend.min.js $(VENDOR)/govuk-frontend.min.js
	rm -rf $(VENDOR)/assets && cp -R $(GOVUK)/assets $(VENDOR)/assets
	touch $@

setup: $(BIN)/.installed $(VENDOR)/spark.css $(VENDOR)/.govuk pango

db: setup
	$(BIN)/spark db upgrade

run: db
	$(BIN)/spark demo --if-empty
	$(BIN)/spark run --host 127.0.0.1 --port $(PORT)

# WeasyPrint (decision letters and minutes as PDF) needs Pango from Debian.
pango:
	@{ /sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null; } | grep 'libpangoft2-1.0.so.0' >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Pango for the PDF letters (apt-get)..."; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 \
	      || { apt-get update -q >/dev/null && apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }; \
	  else \
	    echo "PDF letters need Pango: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" >&2; \
	    exit 1; \
	  fi; }

# Browser tests drive Debian's Chromium (never a downloaded one): /usr/bin/chromium, or
# SPARK_CHROMIUM as tests/browser/conftest.py reads it.
CHROMIUM := $(or $(SPARK_CHROMIUM),/usr/bin/chromium)
chromium:
	@test -x "$(CHROMIUM)" || { \
	  if [ "$$(id -u)" = 0 ] && [ "$(CHROMIUM)" = /usr/bin/chromium ]; then \
	    echo "Installing Debian's Chromium for the browser tests (apt-get)..."; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q chromium >/dev/null 2>&1 \
	      || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM), and it is not there." >&2; \
	    echo "Install Debian's with:  sudo apt-get install -y chromium   (or set SPARK_CHROMIUM)" >&2; \
	    echo "then run 'make test' again. Do not run 'playwright install'." >&2; \
	    exit 1; \
	  fi; }

test: setup chromium
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# BENCH_ARGS go to bench_layout.py, CHECKER_BENCH_ARGS to bench_checker.py (e.g. "--repeat 21"),
# PANEL_BENCH_ARGS to bench_panel.py (e.g. "--scales 500 --requests 100"), DOCUMENTS_BENCH_ARGS
# to bench_documents.py (e.g. "--repeat 21"), LAB_BENCH_ARGS to bench_lab.py (e.g.
# "--scales 5000 --requests 30").
bench: setup
	$(BIN)/python bench/bench_layout.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_checker.py $(CHECKER_BENCH_ARGS)
	$(BIN)/python bench/bench_panel.py $(PANEL_BENCH_ARGS)
	$(BIN)/python bench/bench_documents.py $(DOCUMENTS_BENCH_ARGS)
	$(BIN)/python bench/bench_lab.py $(LAB_BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache
