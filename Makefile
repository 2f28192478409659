# LOB-match: `make run` for the local demo, `make test` for the whole suite. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.stamp-install
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run test test-fast lint check bench messages clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

# The local demo: SQLite, local-memory cache, eager Celery, console email, second factor relaxed. Links in mails and
# calendar files point at this server (HOST and PORT), whatever SITE_URL says elsewhere; production sets SITE_URL.
run: export LOBMATCH_REQUIRE_MFA = 0
run: export DEBUG = 1
run: export SITE_URL = http://$(HOST):$(PORT)
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	@echo "LOB-match draait op $(SITE_URL)/ (Ctrl-C stopt de server)."
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite. tests/services.py starts a throwaway PostgreSQL and Redis when their binaries exist;
# REQUIRE_SERVICES=1 turns a missing one into an error.
test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -x -q -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

check: $(STAMP)
	DJANGO_SETTINGS_MODULE=lobmatch.settings.production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	ALLOWED_HOSTS=lobmatch.example.org DATABASE_URL=sqlite:////tmp/lobmatch-check.sqlite3 \
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

bench: $(STAMP)
	$(PY) bench/run

# Regenerate the English catalogue and compile (needs gettext). Dutch is the source language; lobmatch/locale/nl
# holds hand-written overrides of allauth's Dutch and is left out, or makemessages would write the app's texts there.
messages: $(STAMP)
	$(PY) manage.py makemessages -l en --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*' --ignore 'lobmatch/locale'
	$(PY) manage.py makemessages -d djangojs -l en --ignore '.venv/*' --ignore 'static/vendor/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
