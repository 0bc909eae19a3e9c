# Two commands on a fresh machine:  make demo  (diagnose the samples, build the site)
#                                   make test  (lint, type-check and the whole test suite)
# While editing:                    make quick (the suite without its slow and browser tests)
# CI runs  make test CLOCK=+2y : the suite with the clock two years ahead (see pytest: below).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: demo test quick lint typecheck pytest site serve browser faketime curl bench clean catalog

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[catalog,docs]'
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[catalog,docs]' --group dev
	touch $@

# The catalog gate, then data/ compiled into build/catalog/ (read while it matches the YAML).
# The gate fills the schemas' vocabularies in from diagnose/vocabulary.py: a change there re-runs it.
CATALOG_SOURCES := $(wildcard data/*.yaml data/*.json data/*.txt data/entries/*.yaml) diagnose/vocabulary.py diagnose/gate/schemas.py
build/catalog/catalog.compiled.json: $(CATALOG_SOURCES) | $(VENV)/.demo-installed
	$(BIN)/python -m diagnose.gate.compile

catalog: build/catalog/catalog.compiled.json

demo: $(VENV)/.demo-installed catalog
	$(BIN)/sms-diagnose parse examples/responses
	$(BIN)/sms-diagnose report examples/reports
	@# trace exits 1 because some of the example messages failed, as a CI run would be told
	$(BIN)/sms-diagnose trace examples/journeys/requests.jsonl examples/journeys/reports.jsonl \
		--now 2026-11-25T13:15:00Z || [ $$? -eq 1 ]
	@# preflight exits 1 because some of the example requests break a rule, as a CI run would be told
	$(BIN)/sms-diagnose preflight examples/outgoing/sends.jsonl \
		--template examples/outgoing/flow-template.txt || [ $$? -eq 1 ]
	$(MAKE) --no-print-directory site

site: $(VENV)/.demo-installed
	$(BIN)/mkdocs build --strict --site-dir build/site
	@echo "site built in build/site (make serve to browse it)"

serve: $(VENV)/.demo-installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Debian's Chromium and its driver, for the browser test; nothing is downloaded by a test tool.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "install Debian's chromium and chromium-driver (as root: apt-get install chromium chromium-driver)"; exit 1; fi

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

# Debian's faketime, for a run with the clock moved.
faketime:
	@if command -v faketime >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq faketime >/dev/null; \
	else echo "install Debian's faketime (as root: apt-get install faketime), or run without CLOCK="; exit 1; fi

# curl, for the shell example of docs/testing.md that drives sms-diagnose fake (its test runs it).
curl:
	@if command -v curl >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq curl >/dev/null; \
	else echo "install curl (as root: apt-get install curl)"; exit 1; fi

# make pytest CLOCK=+2y (as CI runs it): the whole suite with the wall clock moved by faketime, so
# that a test tied to today's date fails now, not on the day its date passes. The monotonic clock
# stays real; tests/faketime/sitecustomize.py sleeps round libfaketime's bug with it.
CLOCK ?=
MOVED_CLOCK := $(if $(CLOCK),FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH=$(CURDIR)/tests/faketime$(if $(PYTHONPATH),:$(PYTHONPATH)) faketime -f '$(CLOCK)')

# The suite runs on WORKERS processes (pytest-xdist; auto: one per core), each test where a worker
# is free (worksteal), so that a long test at the end does not leave a core idle.
WORKERS ?= auto
PARALLEL := -n $(WORKERS) --dist worksteal

pytest: $(VENV)/.test-installed browser curl catalog $(if $(CLOCK),faketime)
	$(MOVED_CLOCK) $(BIN)/python -m pytest $(PARALLEL)

# The edit loop's run, under a minute on 2 cores: no test marked slow or browser, no lint.
quick: $(VENV)/.test-installed curl catalog $(if $(CLOCK),faketime)
	$(MOVED_CLOCK) $(BIN)/python -m pytest $(PARALLEL) -q -m "not slow and not browser"

test: lint typecheck pytest

# Benchmarks: ratios against baselines measured in the same run; writes benchmarks/results.json,
# which the docs site's performance page shows. A few minutes on 2 cores.
bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist site .pytest_cache .mypy_cache .ruff_cache .hypothesis
