# Every target sets itself up: the virtualenv in .venv/, the package, and a Chromium.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The demo uses the demo buyer of .env.example, whatever the shell exports.
DEMO_ENV := env -u ALIEXPRESS_LOGIN -u ALIEXPRESS_PASSWORD -u ALIEXPRESS_CONFIRM_ID -u ALIEXIT_REASON

.PHONY: demo test lint bench setup clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "aliexit needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

setup: $(VENV)/.installed
	$(PY) scripts/ensure_tools.py

demo: setup
	$(DEMO_ENV) $(VENV)/bin/aliexit deactivate --dry-run --env-file .env.example \
		--reason "Privacy concerns" --log-format console

test: setup
	$(VENV)/bin/pytest -n 2

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup
	$(PY) benchmarks/bench_deactivate.py
	$(PY) benchmarks/bench_evidence.py
	$(PY) benchmarks/bench_export.py
	$(PY) benchmarks/bench_faults.py

clean:
	rm -rf $(VENV) audit .pytest_cache
