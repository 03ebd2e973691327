# Two commands on a fresh machine with Python 3.11+:  make run  (demo app)  /  make test  (all tests)
# Each creates .venv and installs what it needs the first time: `run` only what the app needs,
# `test` the developer tools as well (separate stamps, so one never reinstalls the other).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APP_STAMP := $(VENV)/.installed-app

.PHONY: run test lint screenshots clean-venv first-start-check

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What the app needs to run.
$(APP_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $(APP_STAMP)

# The app and the developer tools (tests, lint, types, bundle); .ci/run makes this one.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP) $(APP_STAMP)

# Linux: the system libraries Qt's xcb plugin loads; prints the apt-get line and stops if one
# is missing, before anything is installed. Standard library only.
first-start-check:
	@$(PYTHON) -m nurse_monitor.first_start_check

run: first-start-check $(APP_STAMP)
	$(BIN)/nurse-monitor --demo

# The whole suite on every core (pytest-xdist; at most 4 workers, each with its own template
# database, QApplication and temporary folders). TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Every screen in the three themes at 1366x768 and 1920x1080, under Xvfb with openbox, as PNG
# files in $(SHOTS) (needs xvfb, openbox and poppler-utils).
SHOTS ?= screenshots
screenshots: $(STAMP)
	$(BIN)/python tests/visual/screenshots.py --out $(SHOTS)

clean-venv:
	rm -rf $(VENV)
