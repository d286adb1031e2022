# Materiële hulp Gent: developer and CI entry points (GNU make).
# Without environment variables everything runs embedded (SQLite, eager Celery);
# DATABASE_URL / REDIS_URL switch to PostgreSQL / Redis. See docs/infrastructure.md.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
EXTRAS := dev
PIP    := $(PY) -m pip --disable-pip-version-check

PYTEST_ARGS ?=
ONLY        ?=
HOST        ?= 127.0.0.1:8000

.PHONY: help venv syslibs run test bench lint fmt lock upgrade

help:
	@echo "make venv     create/update .venv (Python >= 3.12) from pyproject.toml + requirements.lock"
	@echo "make syslibs  check (as root on Debian: install) WeasyPrint's system libraries"
	@echo "make run      migrate, seed demo data when empty, runserver on $(HOST)"
	@echo "make test     pytest (SQLite unless DATABASE_URL is set); extra args: PYTEST_ARGS='-k foo'"
	@echo "make bench    benchmarks into bench/results.json; only some: ONLY='seed'"
	@echo "make lint     ruff format --check + ruff check"
	@echo "make fmt      ruff format + ruff check --fix"
	@echo "make lock     rewrite requirements.lock from .venv"
	@echo "make upgrade  upgrade .venv to the newest allowed versions, then lock"

venv: $(STAMP)

$(PY):
	@python="$$(scripts/find-python.sh)"; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

# Reinstall only when the inputs changed; the stamp lives inside .venv so that
# removing .venv starts over. The project itself is not installed
# (pyproject has packages = []): its requirements are, pinned by requirements.lock.
$(STAMP): pyproject.toml requirements.lock | $(PY)
	@$(PY) -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null || { \
	  echo "ERROR: $(VENV) uses Python $$($(PY) -V 2>&1); 3.12+ needed. Remove $(VENV) and rerun make venv." >&2; \
	  exit 1; }
	$(PY) scripts/deps.py reqs $(EXTRAS) > $(VENV)/requirements.txt
	$(PIP) install -q -c requirements.lock -r $(VENV)/requirements.txt
	@$(PY) scripts/deps.py check || true
	@touch $@

syslibs: venv
	@scripts/syslibs.sh $(PY)

run: venv syslibs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py seed_signalen
	$(PY) manage.py dagtaken
	$(PY) manage.py runserver $(HOST)

test: venv syslibs
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: venv syslibs
	scripts/bench.sh $(ONLY)

lint: venv
	@rc=0; \
	$(VENV)/bin/ruff format --check . || rc=1; \
	$(VENV)/bin/ruff check . || rc=1; \
	$(VENV)/bin/lint-imports || rc=1; \
	exit $$rc

fmt: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lock: venv
	$(PY) scripts/deps.py lock
	@touch $(STAMP)

upgrade: venv
	$(PIP) install -q --upgrade -r $(VENV)/requirements.txt
	$(PY) scripts/deps.py lock
	@touch $(STAMP)
