# Shared by the scripts in jobs/: the repository root, Spark's Java 17 flags and the build step.
# Source it; do not run it.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Spark on Java 17 needs these --add-opens flags; the pom's spark.add.opens property is the one list.
java_opens() {
  sed -n 's:.*<spark.add.opens>\(.*\)</spark.add.opens>.*:\1:p' "$ROOT/pom.xml"
}

# Builds classes, the shaded jar and the runtime classpath when any source is newer. The classpath has
# the provided dependencies too (includeScope=compile covers compile, provided and system): Spark, and
# the Iceberg and Delta runtimes output.format iceberg/delta need (clusters add them with --packages).
ensure_built() {
  local stamp="$ROOT/target/classpath.txt"
  if [[ ! -f $stamp || -n $(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$stamp" -type f -print -quit) ]]; then
    echo "building instruct-synth (mvn package, tests skipped)..." >&2
    (cd "$ROOT" && mvn -q -B -DskipTests package dependency:build-classpath \
        -Dmdep.includeScope=compile -Dmdep.outputFile=target/classpath.txt) >&2 || {
      echo "build failed: run 'mvn -B -DskipTests package' in $ROOT to see why" >&2
      exit 1
    }
  fi
}

# Runs a main class locally with Spark on the classpath; extra JVM flags come from JAVA_OPTS.
run_java() {
  local main=$1
  shift
  # shellcheck disable=SC2046
  java $(java_opens) -Xmx"${HEAP:-4g}" ${JAVA_OPTS:-} \
    -Dspark.master="${SPARK_MASTER:-local[2]}" \
    -Dspark.ui.enabled=false -Dspark.ui.showConsoleProgress=false \
    -Dspark.sql.shuffle.partitions="${SHUFFLE_PARTITIONS:-4}" \
    -Dspark.driver.bindAddress=127.0.0.1 -Dspark.driver.host=127.0.0.1 \
    -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")" "$main" "$@"
}
