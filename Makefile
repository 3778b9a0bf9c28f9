# Dragoman's front door: make run, make test, make lint, make bench.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test test-pg lint bench demo clean locales catalogs screenshots

MO := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/dragoman.po))

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

data/dragoman.db: | $(STAMP)
	$(BIN)/dragoman demo

locales: $(MO)

locales/%/LC_MESSAGES/dragoman.mo: locales/%/LC_MESSAGES/dragoman.po | $(STAMP)
	$(BIN)/pybabel compile --statistics -D dragoman -d locales -l $*

# after changing interface strings: extract them and merge into every catalog (then translate the new ones)
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F pyproject.toml -o locales/dragoman.pot --no-wrap --sort-output --omit-header ui workflow
	$(BIN)/pybabel update -D dragoman -i locales/dragoman.pot -d locales --no-wrap --ignore-obsolete --no-fuzzy-matching

run: $(STAMP) locales data/dragoman.db
	$(BIN)/dragoman init
	$(BIN)/dragoman serve --port $(PORT)

demo: $(STAMP) data/dragoman.db

test: $(STAMP) locales
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check workflow ui tests bench
	$(BIN)/ruff format --check workflow ui tests bench
	$(BIN)/mypy workflow ui

# the key screens, in English and Persian, from the real-browser tests (needs Debian's chromium)
screenshots: $(STAMP) locales
	DRAGOMAN_SCREENSHOTS=1 $(BIN)/python -m pytest tests/ui/test_browser.py

bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.memory
	$(BIN)/python -m bench.checks
	$(BIN)/python -m bench.bundle
	$(BIN)/python -m bench.catalogs
	$(BIN)/python -m bench.api
	$(BIN)/python -m bench.webhooks
	$(BIN)/python -m bench.concurrency
	$(BIN)/python -m bench.hotpaths

clean:
	rm -rf $(VENV) data/dragoman.db data/dragoman.db-*
