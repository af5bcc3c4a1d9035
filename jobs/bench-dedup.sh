#!/usr/bin/env bash
# ROUGE-L scoring and dedup benchmark; prints a table and exits.
# Usage: jobs/bench-dedup.sh [--sizes 10000,52002,1000000] [--pairs N] [--partitions N] [--floor F]
# Reads ../shared/data/alpaca_data.json and seed_tasks.jsonl (relative to the repo root); without
# them it says so and skips the Alpaca parts.
set -euo pipefail
cd "$(dirname "$0")/.."

data_dir="../shared/data"
if [[ ! -f "$data_dir/alpaca_data.json" ]]; then
  echo "SKIPPED: $data_dir/alpaca_data.json is absent; the scoring and dedup benchmarks need Alpaca."
  exit 0
fi

mvn -q -o -B -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

# Spark's Java 17 opens: the pom's spark.add.opens property, read from the pom itself.
opens=$(sed -n 's:.*<spark.add.opens>\(.*\)</spark.add.opens>.*:\1:p' pom.xml)
if [[ -z "$opens" ]]; then
  echo "ERROR: could not read <spark.add.opens> from pom.xml" >&2
  exit 1
fi

export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec java $opens -Xmx8g -Dlog4j2.level=WARN \
  -cp "target/classes:$(cat target/classpath.txt)" \
  org.instructsynth.bench.DedupBenchmark --data "$data_dir" "$@"
