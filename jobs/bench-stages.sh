#!/usr/bin/env bash
# Stage-model benchmark (issue 12 item 2); prints a table of what it measured and exits.
#   jobs/bench-stages.sh [--rounds 10] [--instructions 10000] [--near-dedup] [--work target/bench-stages]
# (1) self-instruct's per-round overhead: conf/self-instruct.yaml against the simulated endpoint with
#     zero latency, --rounds rounds timed from their Spark jobs (target: at most 1 s per round);
# (2) distill of --instructions generated instructions, one answer each (no judge), simulated endpoint;
#     the target is --instructions 1000000 in local[2] with a 4 GB heap. --near-dedup keeps dedup.near on.
# Runs in local[2] with a 4 GB heap (HEAP, SPARK_MASTER and SHUFFLE_PARTITIONS override).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
ensure_built
HEAP=${HEAP:-4g} run_java org.instructsynth.bench.StagesBenchmark "$@"
