# Two commands from a fresh clone: `make run` and `make test`.
# With DATABASE_URL=postgres://... both use PostgreSQL instead of SQLite.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST_PORT ?= 127.0.0.1:8000

# The first Python 3.12+ on the PATH; Django 6 needs 3.12 or newer.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: run test lint code restore-check fault-check procfile-check race-loop bench check-python messages translations clean

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Mayday needs Python 3.12 or newer, and none was found on the PATH."; \
		echo "Install it (for example: apt-get install python3.12, or pyenv install 3.13) and run make again."; \
		exit 1; \
	fi

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run translations
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py createcachetable
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py demo_data
	@echo "Serving on http://$(HOST_PORT)/ with a worker and a clock beside it  (Ctrl+C to stop)"
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-true}; trap 'kill $$(jobs -p) 2>/dev/null' EXIT; \
	$(BIN)/python manage.py db_worker --no-reload --verbosity 0 & \
	$(BIN)/python manage.py clock >/dev/null & \
	$(BIN)/python manage.py runserver $(HOST_PORT)

# Browser tests need Chromium (Debian: apt-get install chromium). Without it they
# are skipped with a loud reason locally, and fail under CI=true.
test: $(VENV)/.installed-test translations
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production} \
	DJANGO_ALLOW_ASYNC_UNSAFE=true \
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The Welsh catalogue: `make messages` refreshes locale/cy/LC_MESSAGES/django.po from
# the code and templates; `make run` and `make test` compile it (gettext's msgfmt).
messages: $(VENV)/.installed-run
	DJANGO_SECRET_KEY=messages-only $(BIN)/python manage.py makemessages --locale cy \
		--ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'benchmarks/*' --ignore 'tests/*' --no-obsolete

translations: $(VENV)/.installed-run
	@command -v msgfmt >/dev/null 2>&1 || { echo "Translations need gettext's msgfmt: apt-get install gettext (Debian), brew install gettext (macOS)."; exit 1; }
	@DJANGO_SECRET_KEY=messages-only $(BIN)/python manage.py compilemessages --ignore '.venv/*' >/dev/null

# The current second-factor code for the demo staff (development only).
code: $(VENV)/.installed-run
	@DJANGO_DEBUG=true $(BIN)/python manage.py demo_code

# Prove a pg_dump -Fc backup restores with its rows, constraints and triggers.
restore-check: $(VENV)/.installed-run
	PYTHON=$(BIN)/python bin/restore-check

# Restart PostgreSQL under a load of writes; nothing acknowledged may be lost.
fault-check: $(VENV)/.installed-test
	$(BIN)/python bin/fault-check

# Start the Procfile's processes on PostgreSQL; a contact logged, an email delivered.
procfile-check: $(VENV)/.installed-test
	$(BIN)/python bin/procfile-check

# Every race test RACE_RUNS times on PostgreSQL, with RACE_LOAD busy processes
# competing for the CPU; prints each test's failures and what was raised.
RACE_RUNS ?= 20
RACE_LOAD ?= 2
race-loop: $(VENV)/.installed-test
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make race-loop needs PostgreSQL: DATABASE_URL=postgres://user@host:5432/db make race-loop"; exit 2;; esac
	RACE_RUNS=$(RACE_RUNS) RACE_LOAD=$(RACE_LOAD) $(BIN)/python bin/race-loop

# Time every page over generated data with gunicorn (see docs/benchmarks.md).
# SCALE=tiny|small|medium|national; PostgreSQL only, in a database of its own.
SCALE ?= small
bench: $(VENV)/.installed-run
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make bench needs PostgreSQL: DATABASE_URL=postgres://user@host:5432/db make bench"; exit 2;; esac
	SCALE=$(SCALE) $(BIN)/python benchmarks/bench.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
