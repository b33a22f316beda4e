# Broadsheet: `make site` builds the sample site, `make test` runs every test.
# Both set up the virtual environment (.venv) with pinned dependencies first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test screenshots bench-search clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

site: $(VENV)/.runtime
	$(BIN)/python build.py

test: $(VENV)/.dev
	$(BIN)/python -m pytest

# README pictures from the sample site (needs /usr/bin/chromium).
screenshots: $(VENV)/.dev
	$(BIN)/python docs/screenshots.py

# Bytes a search query transfers on a 10,000-article site (needs /usr/bin/chromium).
bench-search: $(VENV)/.dev
	$(BIN)/python bench/search_size.py

clean:
	rm -rf site .cache .pytest_cache .hypothesis
