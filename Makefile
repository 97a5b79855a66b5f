# talaash: every target installs what it needs first, so each works on a fresh machine.
#   make run    build the index from seeds/ and search it (the product)
#   make test   install test tools, lint, run the whole suite
#   make eval   quality figures (needs ../shared/data)
#   make bench  speed figures (needs ../shared/data)
#   make train-ner  retrain the entity tagger shipped in search/data (needs ../shared/data)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --quiet --disable-pip-version-check
SHARED ?= ../shared
INDEX  ?= index
Q      ?= मॉस्को

.PHONY: install test lint run eval bench train-ner clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest

run: install
	$(BIN)/talaash rebuild --source seeds --index $(INDEX)
	$(BIN)/talaash search --index $(INDEX) "$(Q)"

eval: install
	$(BIN)/python -m tests.eval --shared $(SHARED)

bench: install
	$(BIN)/python -m tests.bench --shared $(SHARED)

# Retrains the shipped entity tagger (search/data/) from ../shared/data, reproducibly.
train-ner: install
	$(BIN)/python -m search.ner.train --shared $(SHARED)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
	find $(INDEX) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
