package org.instructsynth.pipeline.publish;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SparkSession settings a table format needs before the session starts (static settings: SQL
 * extensions, Delta's session catalog). Used by the job's session and by sql.sh's.
 */
public final class TableFormats {
  private TableFormats() {}

  /**
   * Settings for {@code format}; {@code existingExtensions} (spark.sql.extensions already set, e.g. by
   * spark-submit, or null) is kept and the format's extension appended.
   */
  public static Map<String, String> sessionConfig(String format, String existingExtensions) {
    Map<String, String> conf = new LinkedHashMap<>();
    String ext = switch (format) {
      case "iceberg" -> "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";
      case "delta" -> "io.delta.sql.DeltaSparkSessionExtension";
      default -> null;
    };
    if (ext == null) {
      return conf;
    }
    boolean present = existingExtensions != null && existingExtensions.contains(ext);
    conf.put("spark.sql.extensions", present ? existingExtensions
        : existingExtensions == null || existingExtensions.isBlank() ? ext : existingExtensions + "," + ext);
    if ("delta".equals(format)) {
      conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
    return conf;
  }
}
