#!/usr/bin/env bash
# Scale benchmark; prints a table and exits.
#   jobs/bench-scale.sh [--rows 1000000] [--calls 100000] [--stage-calls 0] [--work target/bench]
# (a) curate end to end on --rows records made by perturbing the Alpaca instructions
#     (../shared/data/alpaca_data.json; skipped, with a message, when absent);
# (b) a whole self-instruct run against the simulated endpoint sized to make about --calls LLM
#     calls (seeds: ../shared/data/seed_tasks.jsonl, else sample-data/seeds.jsonl), then the same
#     run again, which must make no call;
# (c) with --stage-calls N, the LLM stage alone with N requests, then again (0 calls).
# Runs in local[2] with an 8 GB heap (HEAP, SPARK_MASTER and SHUFFLE_PARTITIONS override).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
ensure_built
HEAP=${HEAP:-8g} SHUFFLE_PARTITIONS=${SHUFFLE_PARTITIONS:-16} run_java org.instructsynth.bench.ScaleBenchmark "$@"
