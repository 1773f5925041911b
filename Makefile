# Loss Lab: every target sets itself up from nothing (a fresh clone on a new machine).
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8501
HOST   ?= 127.0.0.1
BIN    := $(VENV)/bin

.PHONY: run dev test lint bench clean chromium

# The stamps make a second `make run` / `make test` start in seconds: pip runs again only
# when a requirements file changed.
$(VENV)/.run-stamp: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-stamp: requirements.txt requirements-test.txt $(VENV)/.run-stamp
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

run: $(VENV)/.run-stamp
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address $(HOST) \
		--server.headless true --browser.gatherUsageStats false

# As `make run`, rerunning the page when a file of the app is saved (for whoever edits it).
dev: $(VENV)/.run-stamp
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address $(HOST) \
		--server.headless true --browser.gatherUsageStats false \
		--server.fileWatcherType auto --server.runOnSave true

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium: install it (e.g. 'sudo apt-get install chromium') and re-run 'make test'." >&2; \
	    exit 1; \
	  fi; }

test: $(VENV)/.test-stamp chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Speed and classroom load (bench/RESULTS.md); not part of `make test`: it runs ~20 minutes.
# BENCH_ARGS=--quick for short windows; nginx is installed for its part when run as root.
bench: $(VENV)/.test-stamp chromium
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(VENV)/.test-stamp
	$(BIN)/ruff check .
	$(BIN)/hadolint Dockerfile

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
