# One task runner for people and CI. `make demo` and `make test` are the README's two commands.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup demo test lint format schemas bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: setup
	$(BIN)/kg build seeds/
	@echo; echo "== Splits (who split from whom, when, per which status) =="
	$(BIN)/kg query "MATCH (a:Group)-[r:SPLIT_FROM]->(b:Group) RETURN a.name AS group, b.name AS split_from, r.first_date AS date, r.status AS status ORDER BY group"
	@echo; echo "== Best-supported alliances =="
	$(BIN)/kg query "MATCH (a:Group)-[r:ALLIED_WITH]->(b:Group) RETURN a.name AS group, b.name AS ally, r.first_date AS first_date, r.support AS documents, r.status AS status ORDER BY documents DESC, group LIMIT 10"
	@echo; echo "== Pledges of allegiance =="
	$(BIN)/kg query "MATCH (a)-[r:PLEDGED_TO]->(b) RETURN a.name AS who, b.name AS pledged_to, r.first_date AS date, r.status AS status ORDER BY date"

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench

format: setup
	$(BIN)/ruff format kg tests bench
	$(BIN)/ruff check --fix kg tests bench

schemas: setup
	$(BIN)/python -m kg.schemas schema/

bench: setup
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_load.py

clean:
	rm -rf .kg out .pytest_cache .ruff_cache .mypy_cache
