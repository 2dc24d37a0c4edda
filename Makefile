# Two commands do everything on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
UV_VERSION := $(shell sed -n 's/^uv==\([0-9.]*\).*/\1/p' requirements.lock)

# Test processes (pytest-xdist); each one starts its own Prefect test server. `auto` is one per core.
TEST_WORKERS ?= auto

.PHONY: setup run test test-fast lint format bench browser clean

$(INSTALLED): requirements.lock pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --editable .
	$(BIN)/python -m prakerja_dq.prefect_api
	@touch $(INSTALLED)

setup: $(INSTALLED)

run: setup
	$(BIN)/prakerja run

# Debian's chromium drives the browser tests (Playwright's own browser download does not work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "could not install chromium (needs root and apt): browser tests will be skipped"; }

# Every test, in parallel; tests that share a module- or session-scoped fixture run in one process.
test: setup browser
	@$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

# For development: without the end-to-end tests marked slow (CI runs `make test`, all of them).
test-fast: setup
	@$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup -m "not slow"; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/prakerja bench

clean:
	rm -rf $(VENV) warehouse
