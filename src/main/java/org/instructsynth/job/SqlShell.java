package org.instructsynth.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.pipeline.Tables;
import org.instructsynth.pipeline.llm.Ledger;
import org.instructsynth.pipeline.publish.CommitLog;
import org.instructsynth.pipeline.publish.CommitRecord;
import org.instructsynth.pipeline.publish.CommittedTables;
import org.instructsynth.pipeline.publish.TableFormats;

/**
 * {@code SqlShell OUTPUT [QUERY] [--limit N] [--as-of SEQ]}: registers every committed table under an
 * output directory as a Spark SQL view named after it ({@code train}, {@code eval}, {@code
 * eval_unseen}, {@code rejects}, {@code comparisons}; {@code llm_calls} as appended; {@code commits},
 * one row per table of every commit record) with its declared schema, and prints the query's result.
 * Only what the commit records name is read (docs/outputs.md); {@code --as-of SEQ} reads the output
 * as it was right after commit SEQ. Without a query it prints the rows per table and date. The SQL
 * function {@code reason_matches(reason, code)} ({@link ReasonCodes#matches}) finds rows by a reason
 * code under its current and its earlier names.
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
    long asOf = Long.MAX_VALUE;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--limit") && i + 1 < args.length) {
        limit = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--as-of") && i + 1 < args.length) {
        asOf = Long.parseLong(args[++i]);
      } else if (output == null) {
        output = args[i];
      } else if (query == null) {
        query = args[i];
      } else {
        System.err.println("usage: sql.sh OUTPUT [QUERY] [--limit N] [--as-of SEQ]");
        return 2;
      }
    }
    if (output == null) {
      System.err.println("usage: sql.sh OUTPUT [QUERY] [--limit N] [--as-of SEQ]\n  OUTPUT is a run's output.path, e.g. out/curate");
      return 2;
    }
    SparkSession.Builder builder = SparkSession.builder().appName("instruct-synth sql");
    List<CommitRecord> records = new CommitLog(new Configuration(), output).all();
    if (!records.isEmpty()) {
      SparkConf conf = new SparkConf();
      TableFormats.sessionConfig(records.get(records.size() - 1).format(),
          conf.contains("spark.sql.extensions") ? conf.get("spark.sql.extensions") : null).forEach(builder::config);
    }
    SparkSession spark = builder.getOrCreate();
    try {
      List<String> views = register(spark, output, asOf);
      if (views.isEmpty()) {
        System.err.println("sql.sh: no tables under '" + output + "'; pass a run's output.path such as out/curate");
        return 2;
      }
      System.out.println("views: " + String.join(", ", views));
      if (query == null) {
        List<String> parts = new ArrayList<>();
        for (String v : views) {
          if (v.equals("commits")) {
            continue;
          }
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

  /** Registers a view per committed table under {@code output} (and {@code commits}); returns their names. */
  public static List<String> register(SparkSession spark, String output) {
    return register(spark, output, Long.MAX_VALUE);
  }

  /** {@link #register(SparkSession, String)} as the output was right after commit {@code asOf}. */
  public static List<String> register(SparkSession spark, String output, long asOf) {
    List<String> views = new ArrayList<>();
    for (Map.Entry<String, StructType> t : Tables.all().entrySet()) {
      Dataset<Row> df = t.getKey().equals(Ledger.DIR)
          ? Tables.readFiles(spark, output + "/" + t.getKey(), t.getValue())
          : CommittedTables.read(spark, output, t.getKey(), t.getValue(), asOf);
      if (df != null) {
        df.createOrReplaceTempView(t.getKey());
        views.add(t.getKey());
      }
    }
    // WHERE reason_matches(reason, 'blacklisted_keyword') finds the renamed codes of every release (docs/rules.md).
    spark.udf().register("reason_matches",
        (org.apache.spark.sql.api.java.UDF2<String, String, Boolean>) ReasonCodes::matches, DataTypes.BooleanType);
    List<Row> commits = new ArrayList<>();
    for (CommitRecord r : CommittedTables.records(spark, output)) {
      r.tables().forEach((name, c) -> commits.add(RowFactory.create(r.seq(), r.runId(), r.runDate(), r.format(),
          r.committedAt(), name, c.rows(), c.version(), c.location(), c.schemaHash())));
    }
    if (!commits.isEmpty()) {
      spark.createDataFrame(commits, COMMITS).createOrReplaceTempView("commits");
      views.add("commits");
    }
    return views;
  }

  /** The {@code commits} view: one row per table of every commit record. */
  static final StructType COMMITS = new StructType()
      .add("seq", DataTypes.LongType).add("run_id", DataTypes.StringType).add("run_date", DataTypes.StringType)
      .add("format", DataTypes.StringType).add("committed_at", DataTypes.StringType)
      .add("table_name", DataTypes.StringType).add("row_count", DataTypes.LongType)
      .add("version", DataTypes.LongType).add("location", DataTypes.StringType)
      .add("schema_hash", DataTypes.StringType);
}
