# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: run test bench soak setup lock migrate demo lint check clean

run: demo
	@echo ""
	@echo "  Tropewise is running at http://127.0.0.1:$(PORT)/"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(BIN)/pytest -n auto

# Figures, never assertions. A database of its own: DATABASE_URL's PostgreSQL server with
# "_bench" after the database name when set, otherwise a SQLite file under var/. wrk drives
# the load when it can be had (installed here if missing), a Python load generator otherwise.
# BENCH_ARGS=--quick: a small wiki and short runs (CI runs it so the benchmark never rots).
# BENCH_ARGS=--mix: TV Tropes-like traffic on the same data instead of one address a row
# ("--mix --quick" in CI too); search is then timed within the mix, not by bench_search.
BENCH_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL)_bench,sqlite:///$(CURDIR)/var/bench.sqlite3)
# The benchmark (bench/) is no part of production: only its own settings install its commands.
BENCH_ENV := DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_SETTINGS_MODULE=bench.settings

bench: setup
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 || \
		echo "wrk could not be installed: the Python load generator will drive the load"
	$(BIN)/python -m bench.database $(BENCH_DATABASE_URL)
	$(BENCH_ENV) $(BIN)/python manage.py migrate --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)
	$(if $(findstring --mix,$(BENCH_ARGS)),,$(BENCH_ENV) $(BIN)/python manage.py bench_search \
		$(if $(findstring --quick,$(BENCH_ARGS)),--pages 1000 --queries 20))

# The site under a mixed load while Redis is cut and PostgreSQL restarts: starts gunicorn with
# production settings, a PostgreSQL cluster and a Redis of its own (nothing else's is touched),
# prints each phase's figures, checks for lost writes and stale pages, and fails when a target
# is missed. SOAK_ARGS=--quick: fewer connections and shorter phases (CI runs it).
soak: setup
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

setup: $(INSTALLED)

# Installs the exact versions pinned in requirements.lock, the ones CI tests with.
$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@mkdir -p var
	@touch $@

# After changing the dependencies in pyproject.toml: pin them (and what they need) again.
lock: setup
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

migrate: setup
	@$(BIN)/python manage.py migrate --verbosity 0

# The demo wiki: only what is missing is loaded, so changes made to it survive.
demo: migrate
	@$(BIN)/python manage.py load_demo

# ruff (rules and formatting), the templates' indentation, the arrows allowed between
# packages (the contracts in pyproject.toml), then the types of the modules [tool.mypy] lists.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports
	$(BIN)/mypy

# Everything CI checks but the benchmark: lint, the tests, migrations that match the models.
check: lint test
	DATABASE_URL= $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var build *.egg-info .mypy_cache .ruff_cache
