# The desk's commands. Only Python 3.11+, git and make are assumed; everything else is
# installed here from the lock file (uv.lock) into .venv.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
JOBS ?= 2
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Bytecode is compiled once (uv's --compile-bytecode for the libraries, Python itself for ours)
# and kept, even where the environment asks for none: without it every process the desk and the
# suite start (hundreds: servers, workers, manage.py) compiles a thousand modules, ~3 s each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run install test test-sqlite test-postgres lint typecheck coverage bench prod-smoke load clean

$(UV):
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python "$$(command -v $(PYTHON))"
	touch $@

install: $(VENV)/.installed

## Set up everything and run the desk: web server, Celery worker and beat (Ctrl-C stops all).
## The desk's public address (JSON-LD, CSV public_url, the feed) follows PORT unless SITE_URL is set.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py rundesk --port $(PORT)

## Set up and run the tests: the suite on SQLite, then again on PostgreSQL. The browser tests
## and the embedded-default tests run in the SQLite pass only (they do not depend on the
## database); the Redis fault tests in the PostgreSQL pass only (production's pairing).
## Each pass runs its tests on JOBS processes, then the `serial` ones alone (tests/passes.py).
test: install
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	env -u DATABASE_URL $(PY) -m tests.passes --jobs $(JOBS) -m "not production and not (worker and not embedded)" $(PYTEST_ARGS)

test-postgres: install
	@status=0; $(PY) -m tests.services postgres "$(TEST_POSTGRES_URL)" || status=$$?; \
	if [ $$status -eq 0 ]; then \
	  DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) -m tests.passes --jobs $(JOBS) -m "database and not e2e and not embedded" $(PYTEST_ARGS); \
	elif [ $$status -eq 1 ]; then \
	  echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL): the PostgreSQL run is skipped (CI fails here)."; \
	else exit $$status; fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy

## Coverage of every app over the SQLite pass (the figure is in the README).
coverage: install
	env -u DATABASE_URL $(PY) -m pytest -m "not production and not serial" -n $(JOBS) \
	  --cov --cov-report=term:skip-covered --cov-report=html:var/coverage $(PYTEST_ARGS)

## Benchmarks on PostgreSQL (see BENCHMARKS.md).
bench: install
	DATABASE_URL="$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/claimdesk_bench}" \
	CACHE_URL="$${BENCH_CACHE_URL:-redis://127.0.0.1:6379/3}" \
	CELERY_BROKER_URL="$${BENCH_BROKER_URL:-redis://127.0.0.1:6379/4}" $(PY) -m benchmarks.run $(BENCH)

## Production mode end to end: gunicorn, Celery worker and beat on PostgreSQL and Redis, over HTTP.
prod-smoke: install
	$(PY) -m scripts.prod_smoke

## Load in production mode: locust, 50 users over HTTP (see BENCHMARKS.md). LOAD_ARGS="--runs 3".
load: install
	$(PY) -m benchmarks.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles .pytest_cache .mypy_cache .ruff_cache
