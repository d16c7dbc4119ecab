# Two commands do all set-up on a fresh machine:
#   make example   install into .venv, compile the shared taxonomies once, map the built-in seed
#   make test      install into .venv (with test extras) and run the whole test suite
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: example test install bench clean

example: install
	$(BIN)/xbrl-mapper example

test: install
	$(BIN)/python -m pytest -q

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

bench: install
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/bench_taxonomy.py
	$(BIN)/python benchmarks/bench_map.py

clean:
	rm -rf $(VENV) out store
