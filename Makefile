# Educator Certification Assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 needs Python 3.10: the first python3.10 on PATH that runs (or, with pyenv on
# PATH, one of its 3.10 versions); set PY310=/path/to/python3.10 to choose another.
PY310 ?= $(shell for p in python3.10 $$(pyenv root 2>/dev/null)/versions/3.10*/bin/python3.10; do $$p -c 'import sys; assert sys.version_info[:2] == (3, 10); print(sys.executable)' 2>/dev/null && break; done)
PY311 := $(shell for p in python3.12 python3.11 python3; do $$p -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1 && { echo $$p; break; }; done)

VENV := .venv
RVENV := .venv-rasa
PY := $(VENV)/bin/python
RPY := $(RVENV)/bin/python
RASA := $(RVENV)/bin/rasa
export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1

MODEL := models/current.tar.gz
MODEL_INPUTS := $(shell find bot/config.yml bot/domain data -type f \( -name "*.yml" -o -name "*.yaml" \) 2>/dev/null | sort)
# Test ports; override them (make test TEST_PORT_BASE=2) to run two checkouts side by side.
TEST_PORT_BASE ?= 1
PORTS_TEST := BACKEND_PORT=$(TEST_PORT_BASE)8000 RASA_PORT=$(TEST_PORT_BASE)5005 ACTIONS_PORT=$(TEST_PORT_BASE)5055 RUN_DIR=.run/test

.PHONY: help setup run up down status train lint test test-unit test-integration test-backend test-console test-actions test-dialogue \
        test-nlu test-e2e test-scans bench bench-smoke seed clean nlu-candidates \
        up-cluster down-cluster status-cluster test-cluster

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

# ---- environments (from pinned lock files; a stamp makes a repeat run instant) ----
$(VENV)/.stamp: requirements/backend.lock
	@test -x $(PY) || $(PY311) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/backend.lock
	@touch $@

$(RVENV)/.stamp: requirements/rasa.lock
	@test -x $(RPY) || { test -n "$(PY310)" || { echo "python3.10 not found on PATH; set PY310=/path/to/python3.10" >&2; exit 1; }; $(PY310) -m venv $(RVENV); }
	$(RPY) -m pip install -q --disable-pip-version-check -r requirements/rasa.lock
	@touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

/usr/bin/chromium:
	(apt-get update -qq && apt-get install -y -qq chromium) >/dev/null

/usr/sbin/nginx:
	(apt-get update -qq && apt-get install -y -qq nginx) >/dev/null

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

# ---- cluster mode (docs/deployment.md): nginx, 2 Rasa replicas, 2 action servers, backend,
# PostgreSQL (databases created here) and Redis (lock store, socket.io); ports 2xxxx ----
up-cluster: setup train /usr/sbin/nginx ## Start the cluster (nginx on :28080) and wait until healthy
	scripts/cluster.sh up
	@scripts/cluster.sh urls

down-cluster: ## Stop the cluster
	scripts/cluster.sh down

status-cluster: ## Show which cluster processes are running
	scripts/cluster.sh status

test-cluster: setup train /usr/sbin/nginx ## End to end on the cluster (tests/e2e/cluster), on its own Redis and PostgreSQL: replicas share conversations, locks; the web chat in a browser across replicas; faults (a replica and an action server killed under load, Redis stopped, PostgreSQL restarted)
	$(PY) -m pytest -q tests/e2e/cluster

# ---- checks ----
# Tests by scope (tests/README.md): unit (no process, no database), integration (real
# SQLite/PostgreSQL, a real server, the trained model), e2e (the running stack, the
# cluster, the browser), then the scans of what the runs stored.
lint: setup ## ruff, mypy and the import rules of docs/architecture.md
	$(VENV)/bin/ruff check backend console channels server actions bot pii tests bench scripts
	$(VENV)/bin/mypy backend console channels server pii
	$(PY) -m pytest -q -p no:cacheprovider tests/unit/test_layout.py

# The parts of `make test`, in order; each one's time is printed as it ends and all of them
# at the end (.run/test-times.txt), so a slow CI run shows where its time went.
TEST_PARTS := setup train lint test-unit test-integration test-nlu test-e2e test-scans test-cluster bench-smoke
test: ## The whole suite: lint, unit, integration, NLU (hold-out + blind), end to end (stack, blind conversations, cluster), scans, bench smoke
	@# A fresh run directory, so the scans judge this run's databases and logs only.
	$(PORTS_TEST) scripts/stack.sh down >/dev/null 2>&1 || true
	rm -rf .run/test .run/test-secrets.jsonl .run/test-times.txt
	@mkdir -p .run; for part in $(TEST_PARTS); do \
	  start=$$(date +%s); $(MAKE) --no-print-directory $$part; rc=$$?; \
	  echo "$$part $$(( $$(date +%s) - start )) s$$( [ $$rc = 0 ] || echo ' (failed)' )" >> .run/test-times.txt; \
	  echo "== make test: $$(tail -1 .run/test-times.txt)"; \
	  if [ $$rc != 0 ]; then echo "== make test: time per part"; cat .run/test-times.txt; exit $$rc; fi; \
	done; echo "== make test: time per part"; cat .run/test-times.txt
	@echo "make test: all suites passed"

# Unit tests that run in both environments (pii/ is shared) run in both.
test-unit: setup ## Unit tests: no server, no database (identity rules and redaction in both environments)
	$(PY) -m pytest -q tests/unit --ignore=tests/unit/actions
	$(RPY) -m pytest -q -p no:cacheprovider tests/unit/pii tests/unit/redaction tests/unit/actions

test-integration: test-backend test-console test-actions test-dialogue ## Integration tests: real databases, real servers, the trained model

test-backend: setup ## Backend API on real servers, SQLite and PostgreSQL
	$(PY) -m pytest -q tests/integration/backend

test-console: setup ## Staff console (access control, transcripts, exports) on a real backend
	$(PY) -m pytest -q tests/integration/console

test-actions: setup ## Custom actions against a real backend; the tracker store; the Rasa launcher's fixes
	$(RPY) -m pytest -q -p no:cacheprovider tests/integration/actions

test-dialogue: setup train ## rasa data validate (no warnings), conversation tests, model loading as served
	scripts/validate_data.sh
	@# Through the same launcher as the server (bot/rasa_server.py), so the stories test the model as it is served.
	$(RPY) -m bot.rasa_server test core --model $(MODEL) --stories tests/stories --out .run/results/core --fail-on-prediction-errors --quiet
	$(RPY) -m pytest -q -p no:cacheprovider tests/integration/dialogue

# Floors for the NLU sets: the last measured figures, rounded down, so a change that makes
# understanding worse fails. Issue 11's targets (blind intent >= 0.92, FAQ answers >= 0.90,
# every recall >= 0.80) are printed beside them; raise a floor whenever a change raises
# the figure, never lower one to let a change through.
# Measured 2026-12-06: hold-out 0.936; blind 0.961 / 0.937 / lowest recall 0.846 (the
# blind floors are the targets, which hold). Blind conversations: 89/107 = 0.83 with w1-w9;
# then four more writers came (w10/w11 first ran 4/40, w12/w13 9/40) and after the general
# fixes they led to, 121/187 = 0.647 over all thirteen. Five more writers came later that
# day (w14-w16 first ran 20/60, w17/w18 14/40); after the general fixes, 189/287 = 0.659
# over all eighteen, so the floor was 0.63 (a run's random identities and timing move one or
# two conversations either way). A new blind file re-measures a floor; nothing else lowers it.
# Then nine more writers (w19-w21 first ran 27/60, w22-w24 33/60, w25-w27 34/60); after the
# general fixes they led to, 347/467 = 0.743 over all twenty-seven, so the floor was 0.72.
# Then twelve more (w28-w30 first ran 41/60, w31-w33 40/60, w34-w36 37/60, w37-w39 44/60);
# after the general fixes, 589/707 = 0.833 over all thirty-nine, so the floor was 0.80.
# Then six more (w40-w42 first ran 49/60, w43-w45 43/60); after the general fixes they led
# to, 726/827 = 0.878 over all forty-five, so the floor was 0.85 (a margin of about twenty
# conversations for the run-to-run spread). Then six more (w46-w48 first ran 37/60, w49-w51
# 48/60): 863/947 = 0.911, floor 0.88. Then six more (w52-w54 first ran 45/60, w55-w57
# 44/60): after the general fixes they led to, 1000/1067 = 0.937 over all fifty-seven, so
# the floor was 0.91. Then six more (w58-w60 first ran 31/60, w61-w63 47/60): 1125/1187 =
# 0.948 over all sixty-three, so the floor was 0.93. Then twelve more (w64-w69 first ran
# 88/120, w70-w75 74/120): after the general fixes they led to, 1341/1427 = 0.940 over all
# seventy-five (dev stack), so the floor was 0.92. Then eight more (w76-w79 first ran 57/80,
# w80-w83 56/80): after the general fixes, 1512/1587 = 0.953 over all eighty-three (dev
# stack), so the floor is 0.94 (the target, 0.95, is printed beside the measured rate).
# Then eight more (w84-w87 first ran 39/80, w88-w91 44/80): 1656/1747 = 0.948. Then four more
# (w92-w95 first ran 66/80): after their fixes, 1737/1827 = 0.951 (dev stack); floor kept.
# Then four more (w96-w99 first ran 66/80): after their fixes, 1816/1907 = 0.952; floor kept.
# Then four more (w100-w103 first ran 66/80): after their fixes, 1896/1987 = 0.954; floor kept.
HOLDOUT_MIN_F1 ?= 0.92
BLIND_MIN_INTENT ?= 0.92
BLIND_MIN_FAQ ?= 0.90
BLIND_MIN_RECALL ?= 0.80
test-nlu: setup train ## NLU: hold-out set (same writers as training) and the blind set (tests/blind)
	$(RPY) scripts/nlu_holdout.py --model $(MODEL) --data tests/nlu --min-f1 $(HOLDOUT_MIN_F1)
	$(RPY) scripts/nlu_blind.py --model $(MODEL) --min-intent $(BLIND_MIN_INTENT) \
	  --min-faq $(BLIND_MIN_FAQ) --min-recall $(BLIND_MIN_RECALL)

BLIND_CONVERSATIONS_MIN ?= 0.94
test-e2e: setup train ## End to end on the stack started on test ports (browser, Telegram stand-in, blind conversations)
	$(PORTS_TEST) BLIND_CONVERSATIONS_MIN=$(BLIND_CONVERSATIONS_MIN) $(PY) -m pytest -q --durations=8 tests/e2e/stack

test-scans: ## After the runs: search databases and logs for the SSNs, DOBs, passwords and codes the tests used
	$(PY) -m pytest -q tests/scans

bench: setup train /usr/sbin/nginx ## Full benchmark suite, cluster phase included (writes bench/results/<timestamp>/)
	$(PY) -m bench.run

bench-smoke: setup train ## A few seconds per level, so the benchmark cannot rot (against a light stand-in for the stock bot; the cluster phase: its unit tests, tests/unit/bench, in make test-unit)
	$(PY) -m bench.run --smoke

nlu-candidates: setup ## Export the console's unanswered messages (redacted) as YAML to label (.run/nlu-candidates.yml)
	TRACKER_STORE_URL=$${TRACKER_STORE_URL:-sqlite:///$(CURDIR)/.run/dev/tracker.db} $(PY) scripts/nlu_candidates.py

clean: down ## Remove run state, models and results (keeps environments)
	rm -rf .run var models bench/results
