# Two commands on a fresh machine: `make demo` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser demo test lint typecheck unit benchmarks schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
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

demo: install
	$(BIN)/selfshop demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/selfshop lint standards.yaml journeys audits

typecheck: $(STAMP)
	$(BIN)/mypy

test: install lint typecheck
	$(BIN)/pytest -q -p no:cacheprovider

benchmarks: install
	for bench in benchmarks/bench_*.py; do echo "== $$bench"; $(BIN)/python $$bench || exit 1; done

schemas: $(STAMP)
	$(BIN)/selfshop schema --out schemas

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
