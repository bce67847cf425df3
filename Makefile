# Two commands: `make demo` runs localgrowth with the SELEP demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
LOCK := requirements/lock.txt
STAMP := $(VENV)/.installed

NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: demo test lint install browser lock clean

$(STAMP): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# Browser tests: Debian's chromium, and axe-core from the npm registry.
# The charts' script (vega-embed) is bundled from node_modules into the web app's static files.
$(NODE_STAMP): package.json package-lock.json src/localgrowth/web/assets/charts.js
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build:charts
	touch $(NODE_STAMP)

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

browser: $(NODE_STAMP) $(CHROMIUM)

demo: install $(NODE_STAMP)
	mkdir -p var
	$(BIN)/localgrowth migrate --no-input
	$(BIN)/localgrowth demo
	$(BIN)/localgrowth collectstatic --no-input --verbosity 0
	$(BIN)/localgrowth serve --port $(PORT)

lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy src

# The suite and the browser tests each run in one worker per core (pytest-xdist).
# `make test TIMINGS=FILE` appends each step's wall time in seconds to FILE.
timed = $(if $(TIMINGS),start=$$(date +%s) && $(2) && echo "$$(( $$(date +%s) - start )) $(1)" >> $(TIMINGS),$(2))

test: install browser
	$(call timed,lint,$(MAKE) --no-print-directory lint)
	$(call timed,migrations,$(BIN)/localgrowth makemigrations --check --dry-run)
	$(call timed,suite,$(BIN)/pytest -m "not browser" --numprocesses=auto)
	$(call timed,browser tests,$(BIN)/pytest -m browser --numprocesses=auto)

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock:
	uv pip compile pyproject.toml requirements/build.in --extra dev --python-version 3.11 \
		--generate-hashes --no-header -o $(LOCK)

clean:
	rm -rf $(VENV) node_modules var
