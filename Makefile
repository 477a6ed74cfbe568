# `make run` and `make test` do all set-up on a fresh machine; a second run reinstalls nothing.
# Python: the first of python3.11, 3.12, 3.13, python3 on PATH that is 3.11 or newer (the pins need
# it); `make PYTHON=/path/to/python3.12 run` picks one.
SUPPORTED := import sys; sys.exit(sys.version_info < (3, 11))
PYTHON ?= $(firstword $(foreach p,python3.11 python3.12 python3.13 python3,\
  $(shell command -v $(p) >/dev/null 2>&1 && $(p) -c '$(SUPPORTED)' 2>/dev/null && echo $(p))))
# requirements.txt adds PyTorch's CPU index. Where it can't be reached (an offline mirror, a
# firewall) pip's default 5 retries with back-off cost ~7 s per package; 1 retry fails over at once.
PIP := pip install --quiet --retries $(or $(PIP_RETRIES),1)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH

.PHONY: run dev test lint unit browser bench replicas clean

$(BIN)/python:
	@[ -n "$(PYTHON)" ] || { echo "Activation Explorer needs Python 3.11 or newer: none on PATH (tried" \
	  "python3.11, python3.12, python3.13, python3). Install one, or: make PYTHON=/path/to/python3.12" >&2; exit 1; }
	@$(PYTHON) -c '$(SUPPORTED)' 2>/dev/null || { echo "Activation Explorer needs Python 3.11 or newer:" \
	  "PYTHON=$(PYTHON) is older or missing ($$($(PYTHON) --version 2>&1))." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/$(PIP) -r requirements.txt
	$(BIN)/$(PIP) --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/$(PIP) -r requirements-dev.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright can't download its own browser here).
.PHONY: chromium
chromium:
	@if [ ! -x "$(CHROMIUM_PATH)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "No Chromium at $(CHROMIUM_PATH): install one or set CHROMIUM_PATH" >&2; exit 1; fi; \
	fi

# MALLOC_ARENA_MAX=2: memory goes back after visitors leave (benchmarks/README.md, Load).
run: $(VENV)/.installed
	MALLOC_ARENA_MAX=2 $(BIN)/streamlit run app.py --server.port $(PORT)

# While changing the code: the app reruns when a file is saved (the file watcher is off in
# .streamlit/config.toml, for the visitors' sake).
dev: $(VENV)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.fileWatcherType auto --server.runOnSave true

# Biome (pinned in package.json and package-lock.json) lints and checks the format of the chart
# components' JavaScript and CSS; `npm ci` installs it once, again only when the lock file changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node_modules/.bin/biome check ui/components

# Every test, after the lint. `make unit`: all but the browser tests (no Chromium needed; the deploy
# and fault tests still start a server); `make browser`: the Playwright tests alone. tests/conftest.py
# marks every test in tests/browser/ `browser`, so the two split the suite exactly.
# Two pytest workers (pytest-xdist): the tests that talk to a real server form one group, run in
# turn by one worker against one shared server, while the other worker runs the library tests. The
# browser tests are all in that group, so `make browser` runs in one process.
PARALLEL := -n 2 --dist loadgroup

test: lint chromium $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q $(PARALLEL) --durations=15

unit: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q $(PARALLEL) -m "not browser" --durations=15

browser: chromium $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m browser

# live_lab.py times TensorFlow Playground beside the lab: its first run clones and builds Playground
# (git, npm, the network) into ~/.cache/activation-explorer/playground.
bench: $(VENV)/.installed-dev chromium
	$(BIN)/python benchmarks/cold_start.py
	$(BIN)/python benchmarks/latency.py
	$(BIN)/python benchmarks/redraw.py
	$(BIN)/python benchmarks/train_throughput.py
	$(BIN)/python -m benchmarks.live_lab

# Two replicas behind Debian's HAProxy on loopback: stickiness, failover (benchmarks/replicas.py).
replicas: $(VENV)/.installed-dev chromium
	@command -v haproxy >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; } \
	  || { echo "No haproxy on PATH: install it (apt-get install haproxy)" >&2; exit 1; }
	$(BIN)/python benchmarks/replicas.py

clean:
	rm -rf $(VENV)
