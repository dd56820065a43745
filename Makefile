# Two entry points a newcomer needs (see README):
#   make demo   set everything up and check the seed disclosure
#   make test   set everything up and run the tests
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/narrcheck: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/narrcheck

setup: $(BIN)/narrcheck

demo: setup
	-$(BIN)/narrcheck check corpus/yanbian-shebao-2024.txt --stats

test: setup
	$(BIN)/python -m pytest

.PHONY: setup demo test
