#!/usr/bin/env bash
# ROUGE-L scoring and dedup benchmark; prints a table and exits.
# Usage: jobs/bench-dedup.sh [--sizes 10000,52002,1000000] [--pairs N] [--partitions N] [--floor F] [--no-check]
# Reads ../shared/data/alpaca_data.json and seed_tasks.jsonl (relative to the repo root); without
# them it says so and skips the Alpaca parts. Runs in local[2] with an 8 GB heap (HEAP overrides).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

data_dir="../shared/data"
if [[ ! -f "$data_dir/alpaca_data.json" ]]; then
  echo "SKIPPED: $data_dir/alpaca_data.json is absent; the scoring and dedup benchmarks need Alpaca."
  exit 0
fi
ensure_built
HEAP=${HEAP:-8g} run_java org.instructsynth.bench.DedupBenchmark --data "$data_dir" "$@"
