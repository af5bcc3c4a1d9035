#!/usr/bin/env bash
# Nightly run of one recipe for one date. Idempotent: rerunning a date replaces that date's partitions.
#   jobs/nightly.sh 2026-11-21 [CONF] [--set key=value ...]
# With MASTER set it submits to the cluster (jobs/submit.sh); without it, it runs locally.
#
# cron (02:15 every night, yesterday's date, log per night):
#   15 2 * * * cd /opt/instruct-synth && MASTER=yarn jobs/nightly.sh "$(date -u -d yesterday +\%F)" >> /var/log/instruct-synth/$(date -u +\%F).log 2>&1
#
# Airflow (SparkSubmitOperator from apache-airflow-providers-apache-spark):
#   from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
#   curate = SparkSubmitOperator(
#       task_id="instruct_synth_curate",
#       conn_id="spark_default",
#       application="/opt/instruct-synth/target/instruct-synth-0.1.0-SNAPSHOT.jar",
#       java_class="org.instructsynth.job.Main",
#       files="/opt/instruct-synth/conf/curate.yaml",
#       application_args=["curate.yaml", "--set", "run.date={{ ds }}"],
#       conf={"spark.sql.sources.partitionOverwriteMode": "dynamic"},
#       retries=2,
#   )
set -euo pipefail
here=$(dirname "$0")
if [[ $# -lt 1 || ! $1 =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  echo "usage: jobs/nightly.sh YYYY-MM-DD [CONF] [--set key=value ...]" >&2
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
