#!/usr/bin/env bash
# Imports an IBM AMLSim sample into a fresh node and prints precision and recall.
# Usage: scripts/evaluate-amlsim.sh SAMPLE_DIR [MEKONG_BINARY]
# SAMPLE_DIR holds transactions.csv and nodes.csv. The figures go to standard
# output, the JSON report to evaluate-amlsim.json in the current directory.
set -euo pipefail
sample=${1:?usage: evaluate-amlsim.sh SAMPLE_DIR [MEKONG_BINARY]}
mekong=${2:-target/release/mekong}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

"$mekong" --data-dir "$data" --log warn init --node-id cn-amlsim-eval --country CN --agency EVAL

# Data commands act as a user: create the first administrator, who creates the
# FIU analyst that imports and evaluates. Both are throwaway users of this temporary node.
export MEKONG_PASSWORD="evaluate-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export MEKONG_NEW_PASSWORD="$MEKONG_PASSWORD"
"$mekong" --data-dir "$data" --log warn user add --username eval-admin --agency EVAL --role administrator --json > /dev/null
"$mekong" --data-dir "$data" --log warn --as eval-admin user add --username eval-analyst --agency EVAL \
  --role fiu_analyst --json > /dev/null
export MEKONG_USER=eval-analyst

"$mekong" --data-dir "$data" --log warn import transactions --format amlsim \
  --currency CNY --start-date 2026-01-01 "$sample/transactions.csv"
"$mekong" --data-dir "$data" --log warn --lang en evaluate --labels "$sample/nodes.csv"
"$mekong" --data-dir "$data" --log warn evaluate --labels "$sample/nodes.csv" --json > evaluate-amlsim.json

# The report must hold the documented fields with figures in [0, 1].
python3 - evaluate-amlsim.json <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for field in ("precision", "recall"):
    value = report[field]
    assert 0.0 <= value <= 1.0, f"{field} out of range: {value}"
assert report["rules"], "no rule raised an alert on the sample"
print(f"overall precision {report['precision']:.3f}, recall {report['recall']:.3f}")
PY
