# Dragoman's front door: make run, make test, make lint, make bench.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test test-pg lint bench demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

data/dragoman.db: | $(STAMP)
	$(BIN)/dragoman demo

run: $(STAMP) data/dragoman.db
	$(BIN)/dragoman init
	$(BIN)/dragoman serve --port $(PORT)

demo: $(STAMP) data/dragoman.db

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check workflow ui tests bench
	$(BIN)/ruff format --check workflow ui tests bench
	$(BIN)/mypy workflow ui

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) data/dragoman.db data/dragoman.db-*
