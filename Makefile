# Two commands on a fresh machine: `make demo` and `make test`. Each installs what it needs,
# every package from uv.lock (pinned, with hashes): nothing but python3 and make is assumed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv installs into our venv and never downloads a Python of its own.
UV := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(BIN)/uv

.PHONY: install browser postgres demo test lint typecheck unit benchmarks schemas lock dist clean

# uv comes from the lock too (tools/bootstrap_uv.py checks its hashes), then installs the rest.
$(BIN)/uv: uv.lock
	$(PYTHON) -m venv $(VENV)
	$(PYTHON) tools/bootstrap_uv.py $(VENV)
	touch $@

$(STAMP): pyproject.toml uv.lock | $(BIN)/uv
	$(UV) sync --locked --extra dev --quiet
	touch $(STAMP)

install: $(STAMP) browser

# Playwright's own Chromium when it can be downloaded; else the system's (Debian's chromium).
browser: $(STAMP)
	@$(BIN)/python -m selfshop.browser_setup || { \
	  echo "installing Chromium: trying Playwright's own build, then Debian's package"; \
	  timeout 600 $(BIN)/python -m playwright install chromium >/dev/null 2>&1 || \
	  { command -v apt-get >/dev/null && { apt-get update -qq >/dev/null 2>&1; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || \
	    sudo -n apt-get install -y -qq chromium >/dev/null 2>&1; }; }; \
	  $(BIN)/python -m selfshop.browser_setup; }

# PostgreSQL's server for the shared-history tests (they start a throwaway cluster of their own).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
	  echo "installing PostgreSQL (Debian's package) for the shared-history tests"; \
	  command -v apt-get >/dev/null && { apt-get update -qq >/dev/null 2>&1; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || \
	    sudo -n apt-get install -y -qq postgresql >/dev/null 2>&1; }; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	    echo "PostgreSQL could not be installed: its tests will say so and skip"; }

demo: install
	$(BIN)/selfshop demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/selfshop lint standards.yaml journeys audits

typecheck: $(STAMP)
	$(BIN)/mypy

test: install postgres lint typecheck
	$(BIN)/pytest -q -p no:cacheprovider --durations=25 -n auto --dist loadfile

benchmarks: install
	for bench in benchmarks/bench_*.py; do echo "== $$bench"; $(BIN)/python $$bench || exit 1; done

schemas: $(STAMP)
	$(BIN)/selfshop schema --out schemas

# Refresh uv.lock after changing dependencies in pyproject.toml (then commit both).
lock: | $(BIN)/uv
	$(UV) lock

# sdist and wheel in dist/
dist: $(STAMP)
	rm -rf dist
	$(UV) build --quiet --out-dir dist

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache
