#!/usr/bin/env bash
# Runs one recipe in local mode (local[2]; no cluster, no network, no API key needed for the sample).
#   jobs/run-local.sh [CONF] [--set key=value ...]
# CONF defaults to conf/self-instruct.yaml (the simulated LLM endpoint: no network, no API key).
# Builds the project first when the sources changed.
# HEAP (default 4g) sets the JVM heap; SPARK_MASTER (default local[2]) the Spark master.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

conf=conf/self-instruct.yaml
if [[ $# -gt 0 && $1 != --* ]]; then
  conf=$1
  shift
fi
ensure_built
start=$(date +%s)
run_java org.instructsynth.job.Main "$conf" "$@"
echo "wall time: $(( $(date +%s) - start )) s"
