# Mijlpaal — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv lint types unit bench messages requirements system-deps node-deps clean prodcheck load

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Mijlpaal needs Python 3.11 or newer"'
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV) || { \
		echo "python3 -m venv failed; installing Debian's python3-venv"; rm -rf $(VENV); \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: venv
	@{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q libpangoft2-1.0.so.0 || { echo "Installing Debian's libcairo2 and pango for the PDF exports"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcairo2 libpango-1.0-0 libpangoft2-1.0-0 \
		|| echo "cairo and pango could not be installed: the PDF downloads will say they are unavailable"; }
	$(BIN)/mijlpaal migrate --noinput
	$(BIN)/mijlpaal demo
	@# The worker sends the queued e-mails (printed on this console) next to the server.
	$(BIN)/mijlpaal worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/mijlpaal serve $(HOST):$(PORT)

# Debian packages that the tests drive: chromium for the browser tests, tj3 to cross-check dates,
# libcairo2 for the PDF export of the Gantt chart, pango for WeasyPrint's documents (mijlpaal/pdf.py),
# poppler-utils to read the PDFs back in tests, npm to fetch axe-core (below), a Java runtime for
# MPXJ, which reads and writes the MS Project files (mijlpaal/msproject).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v tj3 >/dev/null || missing="$$missing tj3"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	libs=$$({ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; }); \
	grep -q libcairo.so.2 <<<"$$libs" || missing="$$missing libcairo2"; \
	grep -q libpangoft2-1.0.so.0 <<<"$$libs" || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# axe-core, which the browser tests inject into each page to check its accessibility (package.json;
# node_modules/ and the lock file stay out of git).
node-deps: system-deps
	@[ -f node_modules/axe-core/axe.min.js ] || npm install --no-audit --no-fund

lint: venv
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

types: venv
	$(BIN)/mypy

unit: venv system-deps node-deps
	$(BIN)/mijlpaal makemigrations --check --dry-run
	$(BIN)/pytest

test: lint types unit

# The production server on a free loopback port against the configured database (DATABASE_URL):
# check --deploy, the login page, /healthz, a static file compressed. Part of `make unit` too.
prodcheck: venv
	$(BIN)/pytest -q tests/operations/test_production.py

# A load test: LOAD_USERS members of the demo plan for LOAD_TIME against the production server
# (gunicorn, LOAD_WORKERS workers or its default) on a throwaway PostgreSQL, all on loopback and
# stopped at the end; results in bench/results/load-<date>.md. Not part of `make test`.
LOAD_USERS ?= 50
LOAD_TIME ?= 3m
LOAD_WORKERS ?= 0
load: venv
	bench/load.sh $(LOAD_USERS) $(LOAD_TIME) $(LOAD_WORKERS)

bench: venv system-deps
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_gantt.py
	$(BIN)/python bench/bench_dashboard.py
	$(BIN)/python bench/bench_pages.py
	$(BIN)/python bench/bench_baselines.py
	$(BIN)/python bench/bench_msproject.py
	$(BIN)/python bench/bench_reports.py
	$(BIN)/python bench/bench_portfolio.py
	$(BIN)/python bench/fuzz_workbook.py
	$(BIN)/python bench/fuzz_planfile.py

# Developer helpers (need GNU gettext and uv).
messages: venv
	cd src/mijlpaal && ../../$(BIN)/mijlpaal makemessages -l nl -l en --no-obsolete --no-location && ../../$(BIN)/mijlpaal compilemessages

requirements:
	uv pip compile --generate-hashes --python-version 3.11 requirements.in -o requirements.txt
	uv pip compile --generate-hashes --python-version 3.11 requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
