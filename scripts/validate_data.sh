#!/usr/bin/env bash
# rasa data validate, failing on any warning.
#
# One message is tolerated, and only in this exact form: Rasa 3.6 merges the domain with
# a second domain it builds from the NLU data's retrieval intents, and reports every
# retrieval intent declared in the domain (here `faq`, which the story reader needs in
# the domain) as "duplicated ... across multiple domain files". It is a false positive
# of that merge (rasa/shared/importers/importer.py ResponsesSyncImporter.get_domain),
# not a duplicate in our files.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="${PYTHONPATH:-$(pwd)}"
RASA=${RASA:-.venv-rasa/bin/rasa}

out=$("$RASA" data validate --domain bot/domain --data data --config bot/config.yml 2>&1)
status=$?
echo "$out" | grep -vE 'DeprecationWarning|MovedIn20Warning|pkg_resources|declare_namespace|jax\.xla_computation|^\s*$' || true

known='UserWarning: The following duplicated intents have been found across multiple domain files: faq$'
# Responses that the actions send themselves (the router answers every intent, see
# actions/answers.py) are not in any rule, and Rasa says so; those, and only those,
# are tolerated: each name must appear in the actions' code.
used=$(grep -ohE '"utter_[a-z_]+"' actions/*.py | tr -d '"' | sort -u | paste -sd'|' -)
# The FAQ answers are sent by topic (f"utter_faq_{topic}").
grep -q 'utter_faq_{' actions/*.py && used="$used|utter_faq_[a-z_]+"
[[ -n "$used" ]] && known="$known|The utterance '($used)' is not used in any story or rule"
# Rasa's own warnings: Python UserWarnings and WARNING log lines (colour codes stripped).
warnings=$(echo "$out" | sed 's/\x1b\[[0-9;]*m//g' \
  | grep -E 'UserWarning|FutureWarning| WARNING |^WARNING' \
  | grep -vE "$known" || true)

if [[ $status -ne 0 ]]; then
  echo "validate_data: rasa data validate failed (exit $status)" >&2
  exit 1
fi
if [[ -n "$warnings" ]]; then
  echo "validate_data: rasa data validate reported warnings:" >&2
  echo "$warnings" >&2
  exit 1
fi
echo "validate_data: no warnings"
