package org.instructsynth.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.pipeline.Tables;

/**
 * {@code SqlShell OUTPUT [QUERY] [--limit N]}: registers every table under an output directory as a
 * Spark SQL view named after it ({@code train}, {@code eval}, {@code eval_unseen}, {@code rejects},
 * {@code llm_calls}, ...) with its declared schema, and prints the query's result. Without a query it
 * prints the rows per table and date.
 */
public final class SqlShell {
  private SqlShell() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    String output = null;
    String query = null;
    int limit = 50;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--limit") && i + 1 < args.length) {
        limit = Integer.parseInt(args[++i]);
      } else if (output == null) {
        output = args[i];
      } else if (query == null) {
        query = args[i];
      } else {
        System.err.println("usage: sql.sh OUTPUT [QUERY] [--limit N]");
        return 2;
      }
    }
    if (output == null) {
      System.err.println("usage: sql.sh OUTPUT [QUERY] [--limit N]\n  OUTPUT is a run's output.path, e.g. out/curate");
      return 2;
    }
    SparkSession spark = SparkSession.builder().appName("instruct-synth sql").getOrCreate();
    try {
      List<String> views = register(spark, output);
      if (views.isEmpty()) {
        System.err.println("sql.sh: no tables under '" + output + "'; pass a run's output.path such as out/curate");
        return 2;
      }
      System.out.println("views: " + String.join(", ", views));
      if (query == null) {
        List<String> parts = new ArrayList<>();
        for (String v : views) {
          parts.add("SELECT '" + v + "' AS table_name, run_date, COUNT(*) AS row_count FROM " + v + " GROUP BY run_date");
        }
        query = String.join(" UNION ALL ", parts) + " ORDER BY table_name, run_date";
      }
      Dataset<Row> result = spark.sql(query);
      result.show(limit, false);
      return 0;
    } catch (RuntimeException e) {
      System.err.println("sql.sh: the query failed: " + e.getMessage());
      return 1;
    } finally {
      spark.stop();
    }
  }

  /** Registers a view per table present under {@code output}; returns their names. */
  public static List<String> register(SparkSession spark, String output) {
    List<String> views = new ArrayList<>();
    for (Map.Entry<String, StructType> t : Tables.all().entrySet()) {
      Dataset<Row> df = Tables.read(spark, output + "/" + t.getKey(), t.getValue());
      if (df != null) {
        df.createOrReplaceTempView(t.getKey());
        views.add(t.getKey());
      }
    }
    return views;
  }
}
