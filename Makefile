# Broadsheet: `make site` builds the sample site, `make test` runs every test.
# Both set up the virtual environment (.venv) with pinned dependencies first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

BENCH_VENV := bench/.venv

.PHONY: site test screenshots bench bench-search clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Build options pass through, e.g. make site BUILD_ARGS="--base-url https://example.org/news/"
site: $(VENV)/.runtime
	$(BIN)/python build.py $(BUILD_ARGS)

test: $(VENV)/.dev
	$(BIN)/python -m pytest

# Build speed against Hugo (apt-get install hugo) and Pelican (bench/requirements.txt, its own venv).
$(BENCH_VENV)/.installed: bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	touch $@

bench: $(VENV)/.runtime $(BENCH_VENV)/.installed
	$(BIN)/python bench/build_speed.py

# README pictures from the sample site (needs /usr/bin/chromium).
screenshots: $(VENV)/.dev
	$(BIN)/python docs/screenshots.py

# Bytes a search query transfers on a 10,000-article site (needs /usr/bin/chromium).
bench-search: $(VENV)/.dev
	$(BIN)/python bench/search_size.py

clean:
	rm -rf site .cache .pytest_cache .hypothesis
