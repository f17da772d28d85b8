# Quick start: `make demo` builds the ready workshops into output/; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WORKSHOPS := workshops/allyship-intro.yaml workshops/allyship-practice.yaml workshops/allyship-half-day.yaml \
	workshops/allyship-intro-fr.yaml

.PHONY: demo test bench docs format i18n lock clean mutate

# axe-core, which the browser tests inject into the HTML handout and guide, pinned by
# tests/axe/package-lock.json. Without npm the make goes on and those tests skip, saying why.
AXE_STAMP := tests/axe/node_modules/.package-lock.json

# constraints.txt pins every package to the versions the tests last passed with (`make lock`
# refreshes it); pyproject.toml keeps the ranges for people who `pip install` the package.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint constraints.txt -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/facilitator build $(WORKSHOPS) --out output --force

$(AXE_STAMP): tests/axe/package.json tests/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/axe --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the axe-core tests will skip (install Node.js and npm to run them)"; fi

# The tests run on every core (pytest-xdist; TEST_JOBS=1 runs them in one process), a test file per
# worker (--dist loadfile), so a file's module fixtures, such as one LibreOffice run for its decks, are
# paid once. A targeted `.venv/bin/python -m pytest tests/test_x.py` runs in one process as before.
TEST_JOBS ?= auto
test: $(VENV)/.installed $(AXE_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(if $(filter 1,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist loadfile)

# Mutation testing of the guard modules with mutmut ([tool.mutmut] in pyproject.toml says which modules
# and which tests; tests/README.md has the last result). Slow (tens of minutes), so not part of `make test`;
# niced, on MUTATE_JOBS processes (default 2). Each run starts afresh in mutants/ (git-ignored);
# `$(VENV)/bin/mutmut results` lists the survivors, `mutmut show NAME` shows one.
MUTATE_JOBS ?= 2
$(VENV)/.mutate-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet --constraint constraints.txt -e '.[test,mutate]'
	touch $@

mutate: $(VENV)/.mutate-installed
	rm -rf mutants
	nice -n 10 $(VENV)/bin/mutmut run --max-children $(MUTATE_JOBS)
	$(PY) tests/mutate_report.py

bench: $(VENV)/.installed
	$(PY) benchmarks/bench.py

docs: $(VENV)/.installed
	$(PY) -m facilitator.authoring.reference README.md

# Extract every message of the code and guide templates into facilitator/locale/facilitator.pot, update
# each language's .po (English copies new messages as they are), compile the .mo files the build reads.
# Translate what it lists as missing, then run it again. `make i18n NEW_LANG=de` starts a new language.
i18n: $(VENV)/.installed
	$(PY) -m facilitator.text.catalogues$(if $(NEW_LANG), --add $(NEW_LANG))

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Re-resolve the newest versions pyproject.toml allows into constraints.txt; then run `make test`.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[test,mutate]'
	( echo "# The versions \`make test\` passed with; \`make lock\` refreshes this file."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable ) > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) output/*/ tests/axe/node_modules
