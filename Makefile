# The README's two commands: `make run` and `make test`. Each does whatever set-up
# is missing (virtualenv, Python and npm packages, compiled CSS, migrations) and is
# quick when nothing is.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := spark/static/vendor
GOVUK := node_modules/govuk-frontend/dist/govuk
SCSS := $(wildcard spark/static/scss/*.scss)

.PHONY: help run test lint setup db chromium clean

help:
	@echo "make run   - set up what is missing, seed demo data, serve http://127.0.0.1:5000"
	@echo "make test  - set up what is missing and run the whole test suite"

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/spark.css: $(SCSS) node_modules/.installed
	mkdir -p $(VENDOR)
	npx sass --pkg-importer=node --style=compressed --quiet-deps --no-source-map \
		spark/static/scss/spark.scss $@

$(VENDOR)/govuk-frontend.min.js: node_modules/.installed
	mkdir -p $(VENDOR)
	cp $(GOVUK)/govuk-frontend.min.js $@
	rm -rf $(VENDOR)/assets && cp -R $(GOVUK)/assets $(VENDOR)/assets

setup: $(BIN)/.installed $(VENDOR)/spark.css $(VENDOR)/govuk-frontend.min.js

db: setup
	$(BIN)/spark db upgrade

run: db
	$(BIN)/spark demo --if-empty
	$(BIN)/spark run --host 127.0.0.1 --port 5000

chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y chromium >/dev/null; \
	  else echo "Browser tests need Debian's Chromium: run 'sudo apt-get install -y chromium'" >&2; exit 1; fi; }

test: setup chromium
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache
