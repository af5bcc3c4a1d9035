#!/usr/bin/env bash
# Registers every table of a run's output as a Spark SQL view and runs a query on them.
#   jobs/sql.sh OUTPUT ["SQL"] [--limit N]
# Examples:
#   jobs/sql.sh out/curate
#   jobs/sql.sh out/curate "SELECT stage, reason, COUNT(*) n FROM rejects GROUP BY stage, reason ORDER BY n DESC"
#   jobs/sql.sh out/curate "SELECT task_name, split, COUNT(*) FROM train GROUP BY 1, 2"
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
ensure_built
run_java org.instructsynth.job.SqlShell "$@"
