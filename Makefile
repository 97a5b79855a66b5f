# talaash: every target installs what it needs first, so each works on a fresh machine.
#   make run    build the index from seeds/ and serve it at http://localhost:8000/ (the product)
#   make test   install test tools, lint, run the whole suite
#   make eval   quality figures (needs ../shared/data)
#   make bench  speed figures at 10,000 and 100,000 articles, beside tantivy (needs ../shared/data)
#   make bench-quick  the same at 10,000 articles only
#   make stress serving through a full and an incremental rebuild under wrk; server memory
#   make train-ner  retrain the entity tagger shipped in search/data (needs ../shared/data)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --quiet --disable-pip-version-check
SHARED ?= ../shared
INDEX  ?= index
PORT   ?= 8000
HTMX   := web/static/vendor/htmx.min.js

.PHONY: install test lint browser run eval bench bench-quick bench-tools train-ner stress clean

install: $(VENV)/.installed $(HTMX)

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e .
	touch $@

# htmx comes from the npm registry, pinned by package-lock.json, and is served locally.
$(HTMX): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $@)
	cp node_modules/htmx.org/dist/htmx.min.js $@

# Browser tests drive Debian's Chromium; fonts-noto-core gives Devanagari glyphs.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-core >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-noto-core >/dev/null; \
	  else echo "chromium is missing and this is not root: browser tests will be skipped"; fi; \
	fi

$(VENV)/.test-installed: $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

test: lint browser install
	$(BIN)/python -m pytest

run: install
	$(BIN)/talaash rebuild --source seeds --index $(INDEX)
	$(BIN)/talaash serve --index $(INDEX) --port $(PORT)

eval: install
	$(BIN)/python -m tests.eval --shared $(SHARED)

# Benchmarks: tantivy and psutil from the bench extra; wrk from Debian when run as root (else a
# Python client is used, and the results say so). BENCH_ARGS passes options to
# tests.bench.scale, e.g. BENCH_ARGS="--reuse-index --compare tests/bench/results/X.answers.json".
# Corpora and indexes are cached in ~/.cache/talaash-bench (TALAASH_BENCH_CACHE).
BENCH_ARGS ?=

$(VENV)/.bench-installed: $(VENV)/.installed
	$(PIP) install -e '.[bench]'
	touch $@

bench-tools: install $(VENV)/.bench-installed
	@if ! command -v wrk >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing and this is not root: throughput uses a Python client"; fi; \
	fi

bench: bench-tools
	$(BIN)/python -m tests.bench --shared $(SHARED) $(BENCH_ARGS)

bench-quick: bench-tools
	$(BIN)/python -m tests.bench.scale --shared $(SHARED) --sizes 10000 $(BENCH_ARGS)

# Serving through rebuilds (zero failed requests, never a mix of generations) and server RSS
# under load, with wrk from Debian; loopback only, bounded (about 5 minutes with the defaults).
# STRESS_ARGS="--rss-seconds 600" for a ten-minute memory run; --articles, --seconds.
STRESS_ARGS ?=

stress: install
	@if ! command -v wrk >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing and this is not root: apt-get install wrk"; exit 1; fi; \
	fi
	$(BIN)/python -m tests.stress $(STRESS_ARGS)

# Retrains the shipped entity tagger (search/data/) from ../shared/data, reproducibly.
train-ner: install
	$(BIN)/python -m training.train --shared $(SHARED)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis node_modules web/static/vendor
	find $(INDEX) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
