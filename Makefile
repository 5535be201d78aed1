# Two commands on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
WAREHOUSE ?= data/warehouse.duckdb
PORT ?= 8501

.PHONY: setup browser warehouse build run test bench demo snapshot

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

setup: $(VENV)/.installed

# Debian's chromium for chart export and browser tests, axe-core for the accessibility check.
browser:
	bash scripts/install_browser.sh

# Build the warehouse from shipped data when it is missing or its schema is old.
warehouse: setup
	$(PY) -m etl ensure --warehouse $(WAREHOUSE)

build: setup
	$(PY) -m etl build --warehouse $(WAREHOUSE)

run: warehouse
	-bash scripts/install_browser.sh
	KIL_WAREHOUSE=$(WAREHOUSE) $(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

test: setup browser
	$(PY) -m pytest

# The benchmark (bench/__main__.py): every figure at 1M and at 10M generated lines, into bench/RESULTS.md. The data
# folders are generated and kept under bench/.scale/ the first time (several minutes each).
bench: setup browser
	$(PY) -m bench --rows 1000000 --results
	$(PY) -m bench --rows 10000000 --results

demo: setup
	$(PY) -m etl demo

# Maintainers: copy the published files again from the project's shared data folder into data/raw.
snapshot: setup
	$(PY) scripts/snapshot.py all
