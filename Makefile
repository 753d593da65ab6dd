# BookBus: `make run` starts the demo on the embedded default (SQLite, tasks in-process);
# `make test` runs the whole suite (PostgreSQL at $(DATABASE_URL)).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test install install-dev lint bench clean

# manage.py, wsgi.py and the Celery app default to the production settings; the demo runs on the local ones.
run: export DJANGO_SETTINGS_MODULE ?= backend.config.settings.local

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	$(PY) -m pip install --quiet -e .

install-dev: $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	@echo ""
	@echo "BookBus is starting on http://$(HOST):$(PORT)/"
	@echo "  Home page      http://$(HOST):$(PORT)/"
	@echo "  Console        http://$(HOST):$(PORT)/console/"
	@echo "  Driver app     http://$(HOST):$(PORT)/driver/"
	@echo "  Admin          http://$(HOST):$(PORT)/admin/"
	@echo "  API docs       http://$(HOST):$(PORT)/api/docs/"
	@echo "  API            http://$(HOST):$(PORT)/api/v1/"
	@echo "  Demo logins (password 'bookbus-demo'):"
	@echo "    admin        administrator"
	@echo "    coordinator  coordinator at the Cần Thơ city library"
	@echo "    driver       driver-librarian, crew of bus 65A-001.23"
	@echo "    school       school contact of Trường Tiểu học Lê Quý Đôn"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m pytest -n auto

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
