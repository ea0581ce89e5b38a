# Every target sets itself up: the virtualenv in .venv/, the package, and a Chromium.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The demo uses the demo buyer of .env.example, whatever the shell exports.
DEMO_ENV := env -u ALIEXPRESS_LOGIN -u ALIEXPRESS_PASSWORD -u ALIEXPRESS_CONFIRM_ID -u ALIEXIT_REASON
# The independent imitation of AliExpress that `make acceptance` runs aliexit against.
FOREIGN_SITE ?= ../shared/foreign-site/aesite.py
# Three pytest workers on two cores: a run is a chain of round trips (Python, Playwright's
# driver, Chromium's processes), so two chains leave a core idle between their steps.
# benchmarks/bench_suite.py runs the suite with the same workers.
WORKERS := -n 3 --dist worksteal

.PHONY: demo test acceptance foreign-site lint bench setup clean

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
	$(VENV)/bin/pytest $(WORKERS) --durations=10

# foreign-site comes first, so that a missing site is one sentence, before any setup.
acceptance: foreign-site setup
	FOREIGN_SITE="$(abspath $(FOREIGN_SITE))" $(VENV)/bin/pytest acceptance $(WORKERS) \
		-p no:cacheprovider --tb=short --durations=10 -o tmp_path_retention_policy=failed

foreign-site:
	@test -f "$(FOREIGN_SITE)" || { echo "There is no foreign site at \
	$(abspath $(FOREIGN_SITE)), and the acceptance suite needs it: put aesite.py there \
	or set FOREIGN_SITE=/path/to/aesite.py." >&2; exit 1; }

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
