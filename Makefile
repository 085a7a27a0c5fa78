# notion-setup — every target creates what it needs (.venv) from the repository alone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install demo test lint typecheck format check bench messages clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install notion-setup with its dev tools

DEMO   := .demo
TEST_WORKERS ?= auto

demo: $(STAMP) ## Provision the AV blueprint for a demo client on the embedded sandbox; ends with the file to open
	NOTION_SETUP_SANDBOX_STATE=$(DEMO)/sandbox.sqlite $(BIN)/notion-setup apply av --sandbox --client Demo

test: $(STAMP) ## Run the whole test suite (fault scenarios included)
	@# pytest exits 5 when it collected no test: a broken suite, not a pass; say so.
	@# One pytest-xdist worker a core (-n auto; the machines have 2); TEST_WORKERS=0 runs in one process.
	@# Bytecode caches are written (__pycache__, gitignored) even where the machine sets
	@# PYTHONDONTWRITEBYTECODE: otherwise each worker, and each `python -m notion_setup` the process
	@# tests start, compiles every module and rewrites every test's asserts again (~4 s a worker).
	@env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (exit 5)" >&2; fi; \
	  exit $$status

lint: $(STAMP) ## ruff check and ruff format --check
	$(BIN)/ruff check notion_setup tests bench
	$(BIN)/ruff format --check notion_setup tests bench

format: $(STAMP) ## Reformat the code
	$(BIN)/ruff format notion_setup tests bench
	$(BIN)/ruff check --fix notion_setup tests bench

typecheck: $(STAMP) ## mypy --strict
	$(BIN)/mypy

check: lint typecheck test ## Everything CI should run

bench: $(STAMP) ## Print the performance figures (sandbox throughput, calls per object, pacing, loading)
	$(BIN)/python -m bench

messages: $(STAMP) ## Collect new messages into the .po catalogues and compile the .mo files
	$(BIN)/python -m notion_setup.messages.maintain

clean: ## Remove the virtual environment, caches and the demo's sandbox (.demo/)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(DEMO)
