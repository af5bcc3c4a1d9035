package org.instructsynth.config;

import java.io.Serializable;

/**
 * {@code output.*}: where tables go and how a night is published (docs/outputs.md).
 *
 * @param path root of the output layout ({@code train/}, {@code eval/}, ..., {@code _commits/}, {@code _runs/})
 * @param format {@code parquet}, {@code jsonl}, {@code iceberg} or {@code delta}
 * @param maxRawChars the longest raw text kept in a reject row; longer text is cut and marked
 * @param catalog iceberg only: a Spark catalog configured by the user (REST, Hive, Glue); blank means
 *     a Hadoop catalog kept under {@code path}
 * @param namespace iceberg with {@code catalog}: the namespace the tables live in
 * @param keepVersions parquet/jsonl: how many committed versions of a date stay on disk (1 = only the
 *     live one; 2 = also the one before, for time travel)
 */
public record OutputConfig(String path, String format, int maxRawChars, String catalog, String namespace,
    int keepVersions) implements Serializable {

  public OutputConfig(String path, String format, int maxRawChars) {
    this(path, format, maxRawChars, "", "instruct_synth", 2);
  }

  /** Maven coordinates for spark-submit --packages (the versions the pom is built and tested with). */
  public static final String ICEBERG_PACKAGE = "org.apache.iceberg:iceberg-spark-runtime-4.1_2.13:1.12.0";
  public static final String DELTA_PACKAGE = "io.delta:delta-spark_4.1_2.13:4.4.0";

  /** Null when {@code format}'s classes are on the classpath, else what to add and how. */
  public static String missingRuntime(String format) {
    String cls = switch (format) {
      case "iceberg" -> "org.apache.iceberg.spark.SparkCatalog";
      case "delta" -> "io.delta.tables.DeltaTable";
      default -> null;
    };
    if (cls == null) {
      return null;
    }
    try {
      Class.forName(cls, false, OutputConfig.class.getClassLoader());
      return null;
    } catch (ClassNotFoundException e) {
      String pkg = "iceberg".equals(format) ? ICEBERG_PACKAGE : DELTA_PACKAGE;
      return "needs " + pkg + " on the classpath, and it is missing; with spark-submit add --packages " + pkg
          + " (jobs/run-local.sh puts it there)";
    }
  }

  /** True for formats that are transactional tables (one commit per table and night). */
  public boolean tableFormat() {
    return "iceberg".equals(format) || "delta".equals(format);
  }
}
