#!/usr/bin/env bash
# Benchmark of the LLM stage's rate control against a loopback TEST SERVER that enforces a true RPM/TPM
# limit like hosted APIs (sliding minute, 429 with retry-after-ms and x-ratelimit-* headers, 200 ms - 2 s latency).
# Usage: jobs/bench-llm.sh [requests per scenario=1000] [rpm=600]
# Scenarios: limit (budget = true limit, goal >= 95 %), 2x-high (budget twice the limit, goal >= 90 % with < 10 % 429s),
# free (provider does not bind, goal >= 95 % of the budget). Prints the ratios, 429s, our CPU per call, rows lost,
# calls on rerun. About 2 minutes per scenario at the defaults; run it on a quiet machine (check `uptime`).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
ensure_built
echo "load before: $(uptime)"
HEAP=${HEAP:-2g} run_java org.instructsynth.bench.LlmBenchmark "$@"
echo "load after: $(uptime)"
