#!/usr/bin/env bash
# Publish-step benchmark; prints a table and exits.
#   jobs/bench-publish.sh [--formats parquet,jsonl,iceberg,delta] [--work target/bench-publish]
# Runs `curate` (conf/curate.yaml) on the 52K Alpaca set (../shared/data/alpaca_data.json; skipped,
# with a message, when absent) once per output format, each in its own JVM and output folder, then a
# rerun of the same date (the path that replaces a published date). For every run it prints the wall
# time of the JVM, the run's own elapsed time, and the two publish figures the run's report.json
# records: write_ms (the tables written into staging or, for Iceberg/Delta, committed table by table)
# and commit_ms (renames, commit record, markers, clean-up).
# Runs in local[2] with an 8 GB heap (HEAP, SPARK_MASTER and SHUFFLE_PARTITIONS override).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

formats=parquet,jsonl,iceberg,delta
work=target/bench-publish
while [[ $# -gt 0 ]]; do
  case $1 in
    --formats) formats=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown option $1 (use --formats LIST, --work DIR)" >&2; exit 2 ;;
  esac
done

data=../shared/data/alpaca_data.json
if [[ ! -f $data ]]; then
  echo "SKIPPED: $data is absent; the publish benchmark runs curate on the 52K Alpaca set."
  exit 0
fi
ensure_built
rm -rf "$work"
mkdir -p "$work"
export HEAP=${HEAP:-8g}

# one number from a report.json: the first "key": value
field() {
  grep -o "\"$2\" *: *[0-9][0-9]*" "$1" | head -1 | grep -o '[0-9]*$'
}

rows=()
for fmt in ${formats//,/ }; do
  out="$work/$fmt"
  for run in first rerun; do
    log="$work/$fmt-$run.log"
    start=$(date +%s%N)
    if ! run_java org.instructsynth.job.Main conf/curate.yaml --set "input.path=$data" \
        --set "output.path=$out" --set "output.format=$fmt" --set run.date=2026-01-01 >"$log" 2>&1; then
      echo "curate with output.format=$fmt failed; see $log" >&2
      exit 1
    fi
    wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    report=$(cat "$out/_runs/latest")
    report=${report#file:}
    rows+=("$(printf '%-8s %-6s %9.1f %9.1f %9.1f %9.1f %8s' "$fmt" "$run" \
      "$(bc -l <<<"$wall_ms/1000")" "$(bc -l <<<"$(field "$report" elapsed_ms)/1000")" \
      "$(bc -l <<<"$(field "$report" write_ms)/1000")" "$(bc -l <<<"$(field "$report" commit_ms)/1000")" \
      "$(field "$report" train)")")
  done
done

echo "Publish step, curate on 52,002 Alpaca rows, ${SPARK_MASTER:-local[2]}, heap $HEAP, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-8s %-6s %9s %9s %9s %9s %8s\n' format run "jvm s" "run s" "write s" "commit s" "train"
printf '%s\n' "${rows[@]}"
