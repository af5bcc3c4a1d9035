#!/usr/bin/env bash
# Benchmark of the LLM stage against the SIMULATED endpoint (200 ms - 2 s latency, 10 % injected 429/5xx).
# Usage: jobs/bench-llm.sh [requests per scenario=400] [rpm=600] [max-in-flight for the latency scenario=16]
# Prints a table: achieved request rate vs the binding budget, CPU per call, rows lost, calls on rerun.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
ensure_built
HEAP=${HEAP:-2g} run_java org.instructsynth.bench.LlmBenchmark "$@"
