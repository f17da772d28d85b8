# Quick start: `make demo` builds the ready workshops into output/; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WORKSHOPS := workshops/allyship-intro.yaml workshops/allyship-practice.yaml workshops/allyship-half-day.yaml

.PHONY: demo test bench docs format lock clean

# constraints.txt pins every package to the versions the tests last passed with (`make lock`
# refreshes it); pyproject.toml keeps the ranges for people who `pip install` the package.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint constraints.txt -e '.[test]'
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
	$(PY) -m facilitator.authoring.reference README.md

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Re-resolve the newest versions pyproject.toml allows into constraints.txt; then run `make test`.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[test]'
	( echo "# The versions \`make test\` passed with; \`make lock\` refreshes this file."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable ) > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) output/*/
