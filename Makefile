# Casetracker: `make run` serves the demo site on SQLite, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= casetracker-local

.PHONY: run test install demo lint format serve bench loadtest clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata fixtures/demo.json
	DJANGO_SUPERUSER_USERNAME=$(ADMIN_USER) DJANGO_SUPERUSER_PASSWORD=$(ADMIN_PASSWORD) \
	DJANGO_SUPERUSER_EMAIL=$(ADMIN_USER)@localhost \
	$(PY) manage.py createsuperuser --noinput >/dev/null 2>&1 || true
	@echo "Local admin login: http://127.0.0.1:8000/admin/  user: $(ADMIN_USER)  password: $(ADMIN_PASSWORD)"

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
