#!/usr/bin/env bash
# Nightly run of one recipe for one date. Idempotent: rerunning a date replaces that date's partitions.
#   jobs/nightly.sh 2026-11-21 [CONF] [--set key=value ...] [--wait-lock 30m] [--debug]
# With MASTER set it submits to the cluster (jobs/submit.sh); without it, it runs locally.
# One run per output and date: a second one exits 3 naming the holder, or waits with --wait-lock.
#
# Exit codes (docs/operations.md): 0 complete, 1 failed (retry may help), 2 bad command line or
# configuration, preflight included (fix it; a retry will not help), 3 another run holds the lock of
# this output and date, 4 partial (llm.budget-usd reached; rerun with a higher budget), 5 drift
# flagged with report.fail-on-drift: true (tables written; check the report before using them).
#
# cron (02:15 every night, yesterday's date, log per night):
#   15 2 * * * cd /opt/instruct-synth && MASTER=yarn jobs/nightly.sh "$(date -u -d yesterday +\%F)" --wait-lock 30m >> /var/log/instruct-synth/$(date -u +\%F).log 2>&1
#
# Airflow (BashOperator; spark-submit in client mode, so the exit code is the driver's):
#   from airflow.operators.bash import BashOperator
#   curate = BashOperator(
#       task_id="instruct_synth_curate",
#       bash_command="cd /opt/instruct-synth && MASTER=yarn DEPLOY_MODE=client "
#                    "jobs/nightly.sh {{ ds }} conf/curate.yaml --wait-lock 30m",
#       retries=2,
#       skip_on_exit_code=[4],   # partial: the task shows as skipped; rerun with a higher budget
#   )
# Airflow retries every non-zero code alike, also 2 and 5 which a retry cannot fix; docs/operations.md
# has a PythonOperator that retries only 1 and 3 and skips on 4. In cluster deploy mode
# spark-submit does not return the driver's exit code: keep client mode for the exit code, or read
# the status of _runs/<run_id>/report.json (see docs/operations.md).
set -euo pipefail
here=$(dirname "$0")
if [[ $# -lt 1 || ! $1 =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  echo "usage: jobs/nightly.sh YYYY-MM-DD [CONF] [--set key=value ...] [--wait-lock DURATION] [--debug]" >&2
  echo "exit codes: 0 complete, 1 failed, 2 bad command line or configuration, 3 another run holds the lock," >&2
  echo "  4 partial (llm.budget-usd reached), 5 drift flagged (report.fail-on-drift: true)" >&2
  exit 2
fi
date=$1
shift
conf=conf/curate.yaml
if [[ $# -gt 0 && $1 != --* ]]; then
  conf=$1
  shift
fi
if [[ -n ${MASTER:-} ]]; then
  exec "$here/submit.sh" "$conf" --set run.date="$date" "$@"
fi
exec "$here/run-local.sh" "$conf" --set run.date="$date" "$@"
