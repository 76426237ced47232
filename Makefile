# Goedwonen. `make demo` runs the product; `make test` runs the whole suite.
# The interpreter of the virtualenv: the system's own Python 3.11+ when it has one with venv
# (Debian builds it with PGO and LTO; the intake API answers ~10% more reports per second on
# it than on an unoptimised build, bench/README.md), else the first python3 on the PATH.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo setup test lint bench openapi format

# Settings fail closed to production; the developer's tools ask for debug mode (unless the
# environment says otherwise). `goedwonen demo` and the test suite ask for it themselves.
lint openapi bench: export GOEDWONEN_DEBUG ?= true

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

demo: setup
	scripts/ensure-pango.sh
	$(BIN)/goedwonen demo

test: $(VENV)/.installed-dev node_modules/.installed
	scripts/test.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/goedwonen makemigrations --check --dry-run
	$(BIN)/goedwonen spectacular --validate --fail-on-warn --file /tmp/goedwonen-openapi.yaml
	diff -u docs/openapi.yaml /tmp/goedwonen-openapi.yaml

openapi: $(VENV)/.installed-dev
	$(BIN)/goedwonen spectacular --validate --fail-on-warn --file docs/openapi.yaml

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/python bench/run.py
