# The commands a person types. Everything installs into .venv from the locked dependencies.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The slowest tests are listed at the end of every run (the CI budget is watched from them).
PYTEST_ARGS ?= --durations=15
HOST ?= 127.0.0.1
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint format bench loadtest messages screenshots screenshots-market clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.installed: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --locked --quiet
	touch $@

$(VENV)/.system-runtime: scripts/system-deps.sh | $(BIN)/uv
	scripts/system-deps.sh runtime
	touch $@

$(VENV)/.system-test: scripts/system-deps.sh | $(BIN)/uv
	scripts/system-deps.sh runtime test
	touch $@

install: $(VENV)/.installed $(VENV)/.system-runtime

run: install
	$(BIN)/sentra migrate --noinput
	$(BIN)/sentra keys rotate --if-needed
	$(BIN)/sentra demo --if-empty
	$(BIN)/sentra serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy sentra
	$(BIN)/sentra makemigrations --check --dry-run
	$(BIN)/python -m sentra.core.i18ncheck
	$(BIN)/sentra api-schema --check

test: install lint $(VENV)/.system-test
	$(BIN)/pytest $(PYTEST_ARGS)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd sentra && ../$(BIN)/sentra makemessages -l en --no-location --no-obsolete --ignore=static
	$(BIN)/python -m sentra.core.i18ncheck --write

# Documentation screenshots come from the browser tests, only here (never from `make test`).
screenshots: install $(VENV)/.system-test
	$(BIN)/pytest tests/browser tests/exchange/test_import_browser.py --screenshots=docs/screenshots -q

bench: install
	$(BIN)/python -m benchmarks.run

# A bounded load test (locust, headless) of `sentra serve` on a free loopback port with the demo
# data; never part of `make test`. LOADTEST_ARGS="--users 30 --duration 60 --database-url …".
loadtest: install
	$(BIN)/python -m benchmarks.loadtest $(LOADTEST_ARGS)

# Screenshots for docs/market.md (a throw-away demo database; never part of `make test`).
screenshots-market: install $(VENV)/.system-test
	$(BIN)/python scripts/screenshots_market.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
