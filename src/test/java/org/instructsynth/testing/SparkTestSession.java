package org.instructsynth.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession all Spark tests share (Surefire runs them in one JVM): {@code local[2]},
 * UI off, two shuffle partitions, bound to loopback, dynamic partition overwrite as in production.
 * Starting a session costs seconds, so tests never stop it; the JVM exit does.
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null || session.sparkContext().isStopped()) {
      session =
          SparkSession.builder()
              .appName("instruct-synth-tests")
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")
              .config("spark.sql.shuffle.partitions", "2")
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
              .config("spark.databricks.delta.snapshotPartitions", "2")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
