#!/usr/bin/env bash
# Submits the shaded jar to a cluster with spark-submit.
#   MASTER=yarn DEPLOY_MODE=cluster jobs/submit.sh conf/curate.yaml --set run.date=2026-11-21
# Environment: MASTER (default yarn), DEPLOY_MODE (default client), SPARK_SUBMIT (default spark-submit),
# SPARK_CONF (extra "--conf k=v ..." words). In cluster mode the config file and the template files it
# names are shipped with --files and must be referred to by base name (or live on shared storage).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

if [[ $# -lt 1 ]]; then
  echo "usage: MASTER=... jobs/submit.sh CONF [--set key=value ...]" >&2
  exit 2
fi
conf=$1
shift
jar=$(ls "$ROOT"/target/instruct-synth-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [[ -z $jar ]]; then
  (cd "$ROOT" && mvn -q -B -DskipTests package)
  jar=$(ls "$ROOT"/target/instruct-synth-*.jar | grep -v original | head -1)
fi
mode=${DEPLOY_MODE:-client}
conf_arg=$conf
files=()
if [[ $mode == cluster ]]; then
  files=(--files "$conf")
  conf_arg=$(basename "$conf")
fi
# shellcheck disable=SC2086
exec "${SPARK_SUBMIT:-spark-submit}" \
  --master "${MASTER:-yarn}" --deploy-mode "$mode" \
  --name "instruct-synth $(basename "$conf" .yaml)" \
  --class org.instructsynth.job.Main \
  --conf spark.sql.sources.partitionOverwriteMode=dynamic \
  ${SPARK_CONF:-} "${files[@]}" \
  "$jar" "$conf_arg" "$@"
