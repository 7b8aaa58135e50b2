# Journeys: `make run` starts the product; `make test` runs the whole suite.
# Everything the two need is installed by the targets below (idempotent: a second
# run reuses the venv, node_modules and the front-end build when nothing changed).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
FRONTEND_SRC := $(shell find frontend \( -path frontend/dist -o -path frontend/node_modules \) -prune -o -type f -print 2>/dev/null) vite.config.js

.PHONY: run test test-python test-js install build chromium clean

run: $(VENV)/.installed-run frontend/dist/index.html
	$(PY) -m backend.runner

test: $(VENV)/.installed-dev frontend/dist/index.html chromium
	npm test
	$(PY) -m pytest

test-python: $(VENV)/.installed-dev frontend/dist/index.html chromium
	$(PY) -m pytest

install: $(VENV)/.installed-dev node_modules/.installed

build: frontend/dist/index.html

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(VENV)/.installed-run

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/dist/index.html: node_modules/.installed $(FRONTEND_SRC)
	npm run build

# Browser tests drive Debian's Chromium; never a downloaded browser.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; \
	fi

clean:
	rm -rf $(VENV) node_modules frontend/dist test-artifacts
