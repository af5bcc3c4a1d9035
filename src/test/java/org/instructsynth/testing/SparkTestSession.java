package org.instructsynth.testing;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession all Spark tests share (Surefire runs them in one JVM): {@code local[2]},
 * UI off, two shuffle partitions, bound to loopback, dynamic partition overwrite as in production.
 * Starting a session costs seconds, so tests never stop it; the JVM exit does.
 */
public final class SparkTestSession {
  private static SparkSession session;

  /**
   * Settings for tiny test data that the tests' child JVMs take too ({@link #childJvmOptions()}).
   * Spark compiles Java code for every query plan and expression (whole-stage and expression codegen):
   * that pays off on millions of rows and is most of the CPU of a run over a few hundred. A warm curate
   * run of the sample used 16 s of CPU instead of 30 s without it (docs/testing.md). Production keeps
   * Spark's defaults; the results are the same either way (Spark falls back to the same interpreted
   * path whenever compilation fails).
   */
  private static final Map<String, String> CHILD_CONF = Map.of(
      "spark.sql.codegen.wholeStage", "false",
      "spark.sql.codegen.factoryMode", "NO_CODEGEN",
      "spark.ui.enabled", "false",
      "spark.ui.showConsoleProgress", "false",
      "spark.sql.shuffle.partitions", "2");

  private SparkTestSession() {}

  /**
   * Options for a test's child JVM that runs a job: the test session's speed settings as {@code
   * -Dspark...}, and the client JIT compiler only, as such a JVM lives for one cold run (a cold
   * distill run of 20 rows used 45 s of CPU instead of 63 s with it; warm runs gain nothing, so the
   * Surefire and Failsafe JVMs keep the default).
   */
  public static List<String> childJvmOptions() {
    List<String> options = new java.util.ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
    CHILD_CONF.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).sorted().forEach(options::add);
    return options;
  }

  public static synchronized SparkSession get() {
    if (session == null || session.sparkContext().isStopped()) {
      SparkSession.Builder builder =
          SparkSession.builder()
              .appName("instruct-synth-tests")
              .master("local[2]")
              .config("spark.default.parallelism", "2")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.adaptive.enabled", "false")
              .config("spark.sql.debug.maxToStringFields", "200")
              // output.format iceberg / delta (their runtimes are on the test classpath)
              .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions,"
                  + "io.delta.sql.DeltaSparkSessionExtension")
              .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              // Delta rebuilds a table's state in 50 tasks by default; the tests' tables are tiny
              .config("spark.databricks.delta.snapshotPartitions", "2");
      CHILD_CONF.forEach(builder::config);
      session = builder.getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
