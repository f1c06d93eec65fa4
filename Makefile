# ZoneAtlas: `make run` serves the app with the demo data, `make test` runs the test suite.
SHELL := /bin/bash
UV := .tools/bin/uv
PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := 3.13
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup migrate demo test test-pg lint types migrations-check bench clean

$(UV):
	python3 -m pip install --quiet --target .tools uv

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	@touch $@

setup: .venv/.synced

migrate: setup
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py demo

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest -q -n 2 $(PYTEST_ARGS)

test-pg: setup
	DATABASE_URL=$${PG_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zoneatlas} $(PY) -m pytest -q -n 2 $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

types: setup
	$(PY) -m mypy zoneatlas

migrations-check: setup
	$(PY) manage.py makemigrations --check --dry-run

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf .venv .tools var
