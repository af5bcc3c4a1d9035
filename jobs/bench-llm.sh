#!/usr/bin/env bash
# Benchmark of the LLM stage against the SIMULATED endpoint (200 ms - 2 s latency, 10 % injected 429/5xx).
# Usage: jobs/bench-llm.sh [requests per scenario=400] [rpm=600] [max-in-flight for the latency scenario=16]
# Prints a table: achieved request rate vs the binding budget, CPU per call, rows lost, calls on rerun.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -B -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
# Spark's Java 17 --add-opens list, copied from the pom's spark.add.opens property.
OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec java $OPENS -Xmx2g -cp "target/classes:$(cat target/classpath.txt)" org.instructsynth.job.LlmBenchmark "$@"
