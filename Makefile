# Quick start: `make demo` builds the ready workshops into output/; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WORKSHOPS := workshops/allyship-intro.yaml workshops/allyship-practice.yaml workshops/allyship-half-day.yaml

.PHONY: demo test bench docs format clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/facilitator build $(WORKSHOPS) --out output --force

test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) benchmarks/bench.py

docs: $(VENV)/.installed
	$(PY) -m facilitator.reference README.md

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) output/*/
