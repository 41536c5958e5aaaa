# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: run test bench setup migrate demo lint check clean

run: migrate
	@$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Tropewise is running at http://127.0.0.1:$(PORT)/"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(BIN)/pytest

# Figures, never assertions. PostgreSQL when DATABASE_URL is set (its own database is
# filled), otherwise a SQLite file of its own under var/.
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),sqlite:///$(CURDIR)/var/bench.sqlite3)

bench: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --verbosity 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py bench_search $(BENCH_ARGS)

setup: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@mkdir -p var
	@touch $@

migrate: setup
	@$(BIN)/python manage.py migrate --verbosity 0

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var build *.egg-info
