#!/usr/bin/env bash
# Registers every committed table of a run's output (parquet, jsonl, iceberg or delta) as a Spark SQL
# view, plus "commits" (the commit records), and runs a query on them (docs/outputs.md).
#   jobs/sql.sh OUTPUT ["SQL"] [--limit N] [--as-of SEQ]
# Examples:
#   jobs/sql.sh out/curate
#   jobs/sql.sh out/curate "SELECT stage, reason, COUNT(*) n FROM rejects GROUP BY stage, reason ORDER BY n DESC"
#   jobs/sql.sh out/curate "SELECT task_name, split, COUNT(*) FROM train GROUP BY 1, 2"
#   jobs/sql.sh out/curate "SELECT seq, run_date, table_name, row_count FROM commits ORDER BY seq DESC"
#   jobs/sql.sh out/curate "SELECT COUNT(*) FROM train" --as-of 3     # as right after commit 3
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
ensure_built
run_java org.instructsynth.job.SqlShell "$@"
