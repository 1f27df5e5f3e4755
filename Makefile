# Two commands do all set-up on a fresh machine:
#   make serve   build the site and serve it on http://127.0.0.1:8000
#   make test    everything `serve` needs plus the test tools, then the whole suite
# Both are idempotent: stamps skip installs whose inputs did not change.

SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
SITE_DIR ?= site
# mkdocs (default) or zensical: the generator `make build` runs (site_plugins/pipeline).
GENERATOR ?= mkdocs
PYTEST_ARGS ?=
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve dev build test lint versions serve-versions bench clean

serve: build  ## Build the site and serve it with production headers on $(HOST):$(PORT)
	$(PY) -m site_plugins.static_server $(SITE_DIR) --host $(HOST) --port $(PORT)

dev: $(VENV)/.installed node_modules/.installed  ## Live-reloading authoring server (mkdocs serve)
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

build: $(VENV)/.installed node_modules/.installed  ## Build into $(SITE_DIR) with $(GENERATOR)
	$(PY) -m site_plugins.pipeline build --generator $(GENERATOR) --site-dir $(SITE_DIR)

test: $(VENV)/.installed-test node_modules/.installed  ## Lint, build strictly, run every test
	scripts/ensure-chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node_modules/.bin/eslint --max-warnings 0 site_plugins tests/checker/js eslint.config.mjs
	ILLUSTRATIONS_RENDER=false $(BIN)/mkdocs build --strict --clean -d $(SITE_DIR)
	SITE_DIR=$(abspath $(SITE_DIR)) $(BIN)/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

versions: $(VENV)/.installed node_modules/.installed  ## Build every version of versions.yml into public/
	$(PY) -m site_plugins.versions build --out public

serve-versions: versions  ## Serve the versioned site on $(HOST):$(PORT)
	$(PY) -m site_plugins.static_server public --host $(HOST) --port $(PORT)

bench: $(VENV)/.installed node_modules/.installed  ## Benchmark: bench/results.json and a table
	scripts/ensure-chromium
	$(PY) -m bench

lint: $(VENV)/.installed-test node_modules/.installed  ## ruff, and ESLint (offline) on the browser code
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	node_modules/.bin/eslint --max-warnings 0 site_plugins tests/checker/js eslint.config.mjs

$(VENV)/.created:
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=25"
	@touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml validator/pyproject.toml constraints.txt
	$(PY) -m pip install -q -c constraints.txt -e ./validator -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -c constraints.txt -e "./validator[verify]" -e ".[test]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

clean:
	rm -rf $(SITE_DIR) public .cache build
