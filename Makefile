# Casetracker: `make run` serves the demo site on SQLite, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= casetracker-local

.PHONY: run test install test-install demo lint format serve login-check bench bench-data loadtest clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# axe-core, pinned in package-lock.json: the browser tests inject it into each page.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The Russian and Kazakh catalogs (locale/*/LC_MESSAGES/django.po), and those of other
# packages' messages (locale_packages/*/LC_MESSAGES/django.po, djangojs.po: not made by
# makemessages), compiled by GNU gettext's msgfmt into the .mo files Django reads (build
# products, not committed).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po \
	locale_packages/*/LC_MESSAGES/django.po locale_packages/*/LC_MESSAGES/djangojs.po))
locale/%.mo: locale/%.po
	msgfmt --check-format -o $@ $<
locale_packages/%.mo: locale_packages/%.po
	msgfmt --check-format -o $@ $<

install: $(VENV)/.installed $(MO_FILES)

# The site needs only Python; the tests also need axe-core from the npm registry.
test-install: install node_modules/.package-lock.json

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata fixtures/demo.json
	DJANGO_SUPERUSER_USERNAME=$(ADMIN_USER) DJANGO_SUPERUSER_PASSWORD=$(ADMIN_PASSWORD) \
	DJANGO_SUPERUSER_EMAIL=$(ADMIN_USER)@localhost \
	$(PY) manage.py createsuperuser --noinput >/dev/null 2>&1 || true
	@echo "Local admin login: http://127.0.0.1:8000/admin/  user: $(ADMIN_USER)  password: $(ADMIN_PASSWORD)"

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Every test, spread over the machine's cores by pytest-xdist: each worker has its own test
# database (test_<name>_gw0, _gw1, ...). `--dist load` hands each worker tests in collection
# order, so each still runs pytest-django's transactional tests (which empty the tables,
# the migrations' groups included) after the others; `loadscope` would mix them. Handed one
# or two at a time (tests/scheduling.py), so the workers finish together.
# PYTEST_WORKERS=0 runs them in one process.
PYTEST_WORKERS ?= auto
test: test-install
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist load

# Production settings under gunicorn + WhiteNoise on PostgreSQL (local HTTP: no TLS redirect).
# bench/serving.py guard refuses a port already in use and says "Serving" only once its own
# gunicorn holds the port that answered /health/.
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/casetracker
SERVE_BIND ?= $(or $(CASETRACKER_BIND),127.0.0.1:8000)
serve: install
	@mkdir -p var
	@test -s var/secret_key || head -c 48 /dev/urandom | base64 > var/secret_key
	psql "$(dir $(SERVE_DATABASE_URL))postgres" -qtc "SELECT 1 FROM pg_database WHERE datname='$(notdir $(SERVE_DATABASE_URL))'" | grep -q 1 \
	  || psql "$(dir $(SERVE_DATABASE_URL))postgres" -qc "CREATE DATABASE $(notdir $(SERVE_DATABASE_URL)) ENCODING 'UTF8' TEMPLATE template0"
	DJANGO_SETTINGS_MODULE=casetracker.settings.prod DATABASE_URL=$(SERVE_DATABASE_URL) \
	DJANGO_SECRET_KEY="$$(cat var/secret_key)" DJANGO_SECURE_SSL_REDIRECT=false \
	CASETRACKER_BIND=$(SERVE_BIND) \
	  sh -c '$(PY) manage.py migrate --noinput && $(PY) manage.py collectstatic --noinput -v0 && \
	  exec $(PY) bench/serving.py guard $(SERVE_BIND) -- $(VENV)/bin/gunicorn -c casetracker/gunicorn.conf.py'

# Six wrong passwords then the right one, under `make serve` with several workers.
LOGIN_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/casetracker_login_check
login-check: install
	$(PY) bench/login_check.py --database-url $(LOGIN_DATABASE_URL)

# Benchmark and load test against PostgreSQL filled by generate_synthetic (see BENCHMARKS.md).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/casetracker_bench
# BENCH_SCALE=0.1 builds one tenth of every default size (the growth comparison's small set).
BENCH_SCALE ?= 1
bench-data: install
	psql "$(dir $(BENCH_DATABASE_URL))postgres" -qc "DROP DATABASE IF EXISTS $(notdir $(BENCH_DATABASE_URL))"
	psql "$(dir $(BENCH_DATABASE_URL))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL)) ENCODING 'UTF8' TEMPLATE template0"
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 $(PY) manage.py generate_synthetic --seed 1 --scale $(BENCH_SCALE)
	psql "$(BENCH_DATABASE_URL)" -qc "VACUUM ANALYZE"

# BENCH_SMALL_DATABASE_URL (a BENCH_SCALE=0.1 set) adds each figure's growth to the table;
# BENCH_ARGS passes more options (--runs 9, --datasette, --only "case list", ...).
BENCH_SMALL_DATABASE_URL ?=
BENCH_ARGS ?=
bench: install
	$(PY) bench/benchmark.py --database-url $(BENCH_DATABASE_URL) \
	  $(if $(BENCH_SMALL_DATABASE_URL),--small-database-url $(BENCH_SMALL_DATABASE_URL)) $(BENCH_ARGS)

# LOADTEST_ARGS: e.g. --instances 2 (two servers, the clients split over their ports).
LOADTEST_ARGS ?=
loadtest: install
	command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
	$(PY) bench/loadtest.py --database-url $(BENCH_DATABASE_URL) $(LOADTEST_ARGS)
	$(PY) bench/loadtest.py --database-url $(BENCH_DATABASE_URL) --restart-postgres

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
