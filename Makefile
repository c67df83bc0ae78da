# Парта — the two commands of the README are `make run` and `make test`; the rest are helpers.
# Everything installs into .venv (created with Python 3.11) and only when the locks change.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
BASE_STAMP := $(VENV)/.installed-base
DEV_STAMP := $(VENV)/.installed-dev
UV_VERSION := 0.13.9

# Overridable: `make run RUN_ADDR=0.0.0.0:8000`, `make test PYTEST_ARGS="-k login"`,
# `make bench BENCH_ARGS="--schools 3"`, `make messages APP=people`.
RUN_ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=
BENCH_ARGS ?=
# An empty database for `bench_lessons` (emptied first when it is the default SQLite file).
BENCH_LESSONS_DB ?= sqlite:///var/bench-lessons.sqlite3
APP ?=
LOCK_ARGS ?=

export VENV RUN_ADDR PYTEST_ARGS
# Playwright never downloads browsers here: tests use Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test bench lint fmt typecheck messages lock install install-dev clean

help: ## List the targets
	@echo "Парта. Quick start: 'make run' (serve the demo at http://$(RUN_ADDR)/), 'make test'."
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# --- Virtualenv and dependencies -----------------------------------------------------------------

$(PY):
	@scripts/make-venv.sh $(VENV)

# Runtime dependencies from the lock, then the project itself (editable, no dependency resolution).
$(BASE_STAMP): requirements/base.txt pyproject.toml | $(PY)
	@echo "==> Installing runtime dependencies (requirements/base.txt)"
	$(PIP) install --quiet -r requirements/base.txt
	$(PIP) install --quiet --no-deps -e .
	@touch $@

$(DEV_STAMP): requirements/dev.txt pyproject.toml | $(PY)
	@echo "==> Installing development dependencies (requirements/dev.txt)"
	$(PIP) install --quiet -r requirements/dev.txt
	$(PIP) install --quiet --no-deps -e .
	@touch $@

install: $(BASE_STAMP) ## Create .venv and install the runtime dependencies
install-dev: $(DEV_STAMP) ## Create .venv and install the development dependencies

# --- The two README commands ---------------------------------------------------------------------

run: $(BASE_STAMP) ## Migrate var/parta.sqlite3, seed demo data once, start worker and server
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@scripts/run.sh

test: $(DEV_STAMP) ## Lint, type-check, deploy check, tests on SQLite and PostgreSQL, browser tests
	@mkdir -p var
	@scripts/test.sh

# --- Helpers -------------------------------------------------------------------------------------

bench: $(BASE_STAMP) ## Run the benchmark harness (manage.py bench $(BENCH_ARGS): scenarios, mark saves with 1, 2, 4 workers), then time a year of lessons
	@mkdir -p var
	$(PY) manage.py bench $(BENCH_ARGS)
	@rm -f var/bench-lessons.sqlite3
	DATABASE_URL=$(BENCH_LESSONS_DB) $(PY) manage.py migrate -v 0
	DATABASE_URL=$(BENCH_LESSONS_DB) $(PY) manage.py bench_lessons --write

lint: $(DEV_STAMP) ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(DEV_STAMP) ## Fix what ruff can fix and format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(DEV_STAMP) ## mypy (strict, django-stubs)
	$(VENV)/bin/mypy parta config

messages: $(DEV_STAMP) ## Extract UI strings into the .po catalogs and compile the .mo files
	$(PY) manage.py i18n extract $(if $(APP),--app $(APP))
	$(PY) manage.py i18n compile $(if $(APP),--app $(APP))

lock: | $(PY) ## Regenerate requirements/base.txt and dev.txt from the .in files with uv
	@$(VENV)/bin/uv --version 2>/dev/null | grep -q " $(UV_VERSION)" || \
		$(PIP) install --quiet "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip compile --python-version 3.11 $(LOCK_ARGS) \
		requirements/base.in -o requirements/base.txt
	$(VENV)/bin/uv pip compile --python-version 3.11 $(LOCK_ARGS) \
		requirements/dev.in -c requirements/base.txt -o requirements/dev.txt

clean: ## Remove .venv, caches and test databases (keeps var/parta.sqlite3)
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache test-results
	rm -f var/test*.sqlite3*
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
