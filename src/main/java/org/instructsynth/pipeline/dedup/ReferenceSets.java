package org.instructsynth.pipeline.dedup;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.io.InstructionRecord;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.core.io.SeedTaskParser;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.InputFiles;
import org.instructsynth.pipeline.LineSource;
import org.instructsynth.pipeline.OutputWriter;

/**
 * Reference sets for dedup ({@code dedup.reference-paths}): rows that come before the data in the
 * processing order and are never dropped: Self-Instruct's seed tasks, or other nights' outputs.
 * A path is read as a table directory (Parquet or JSON Lines, as this job writes) when it is a
 * directory, otherwise as JSON Lines / JSON arrays of seed tasks or instruction rows (decided per
 * line: a record with {@code instances} is a seed task, whose instruction is the text).
 */
public final class ReferenceSets {
  /** {@code ref_id} (the row's example id), {@code ref_where} (file:line or table) and {@code text}. */
  public static final StructType SCHEMA =
      new StructType()
          .add("ref_id", DataTypes.StringType, false)
          .add("ref_where", DataTypes.StringType, true)
          .add("ref_ord", DataTypes.LongType, false)
          .add("text", DataTypes.StringType, false);

  /** A reference built on the driver (seeds, the rounds' pool, other nights), readable by column name. */
  public static Row row(String id, String where, long ord, String text) {
    return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(new Object[] {id, where, ord, text}, SCHEMA);
  }

  private ReferenceSets() {}

  /** The references' text for {@code field}, in path order; unreadable lines are skipped and counted. */
  public static Dataset<Row> load(SparkSession spark, List<String> paths, String field) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Dataset<Row> out = spark.createDataFrame(List.of(), SCHEMA);
    List<String> files = new ArrayList<>();
    int fileIndex = 0;
    for (String p : paths) {
      if (isDirectory(conf, p)) {
        Dataset<Row> table = spark.read().format(org.instructsynth.pipeline.Tables.formatOf(spark, p)).load(p);
        out = out.unionByName(table.select(
            coalesce(col("id"), lit("")).as("ref_id"),
            lit(p).as("ref_where"),
            org.apache.spark.sql.functions.monotonically_increasing_id().plus(lit((long) fileIndex++ << 40)).as("ref_ord"),
            text(field).as("text")));
      } else {
        files.add(p);
      }
    }
    if (!files.isEmpty()) {
      List<String> expanded = InputFiles.expand(conf, files);
      Dataset<Row> lines = LineSource.read(spark, expanded, "auto", Integer.MAX_VALUE, 100, fileIndex);
      out = out.unionByName(lines.flatMap(new ParseReference(field), Encoders.row(SCHEMA)));
    }
    return out;
  }

  /** The example tables whose rows other dates kept. */
  public static final List<String> KEPT_TABLES = List.of("train", "eval", "eval_unseen");

  /**
   * The rows every other committed date of this output kept ({@code train}, {@code eval},
   * {@code eval_unseen} with {@code run_date} not equal to {@code runDate}): earlier nights, later
   * nights (a backfill), both (a rerun of a middle date). The run's own date is excluded by value: a
   * rerun replaces those rows, so they are no reference. Read only through {@link OutputWriter#readTable}
   * (which sees committed dates only), never by listing folders. Columns: those of
   * {@link Columns#EXAMPLE} plus {@code ref_where} ({@code "train run_date=2026-11-20"}); empty on the
   * first night.
   */
  public static Dataset<Row> otherRunRows(SparkSession spark, String outputPath, String runDate) {
    Dataset<Row> out = null;
    for (String name : KEPT_TABLES) {
      Dataset<Row> t = OutputWriter.readTable(spark, outputPath + "/" + name, Columns.EXAMPLE)
          .where(col("run_date").notEqual(lit(runDate)))
          .withColumn("ref_where", concat(lit(name + " run_date="), col("run_date")));
      out = out == null ? t : out.unionByName(t);
    }
    return out;
  }

  /**
   * {@link #otherRunRows} as references in {@link #SCHEMA}: {@code ref_ord} is one value per table
   * above any file's, so the order among them is decided by {@code (ref_id, text)} when
   * {@link NearDedup} numbers them (deterministic, whatever order the files are read in).
   */
  public static Dataset<Row> otherRuns(SparkSession spark, String outputPath, String runDate, String field) {
    Dataset<Row> rows = otherRunRows(spark, outputPath, runDate);
    return rows.select(
        coalesce(col("id"), lit("")).as("ref_id"),
        col("ref_where"),
        lit((1L << 20) << 40).as("ref_ord"),
        text(field).as("text"));
  }

  static Column text(String field) {
    return switch (field) {
      case "instruction+input" -> concat_ws("\n", coalesce(col("instruction"), lit("")), coalesce(col("input"), lit("")));
      default -> coalesce(col(field), lit(""));
    };
  }

  /** The text a work row is compared by. */
  public static String text(String field, String instruction, String input, String output) {
    return switch (field) {
      case "instruction+input" -> (instruction == null ? "" : instruction) + "\n" + (input == null ? "" : input);
      case "input" -> input == null ? "" : input;
      case "output" -> output == null ? "" : output;
      default -> instruction == null ? "" : instruction;
    };
  }

  private static boolean isDirectory(Configuration conf, String p) {
    try {
      Path path = new Path(p);
      FileSystem fs = path.getFileSystem(conf);
      return fs.exists(path) && fs.getFileStatus(path).isDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read reference path '" + p + "': " + e.getMessage(), e);
    }
  }

  /** One reference line: a seed task or an instruction row. */
  static final class ParseReference implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String field;

    ParseReference(String field) {
      this.field = field;
    }

    @Override
    public Iterator<Row> call(Row line) {
      String text = LineSource.text(line);
      if (text == null) {
        return List.<Row>of().iterator();
      }
      String where = line.<String>getAs("source_file") + ":" + line.<Long>getAs("line_number");
      long ord = line.getAs("ord");
      try {
        if (Json.object(text).has("instances")) {
          SeedTask t = SeedTaskParser.parse(text);
          String input = t.instances().isEmpty() ? "" : t.instances().get(0).input();
          String output = t.instances().isEmpty() ? "" : t.instances().get(0).output();
          return List.of(RowFactory.create(ContentHash.id(t.instruction(), input, output), where, ord,
              ReferenceSets.text(field, t.instruction(), input, output))).iterator();
        }
        InstructionRecord r = InstructionRecord.parse(text, java.util.Map.of());
        return List.of(RowFactory.create(ContentHash.id(r.instruction(), r.input(), r.output()), where, ord,
            ReferenceSets.text(field, r.instruction(), r.input(), r.output()))).iterator();
      } catch (MalformedRecordException e) {
        return List.<Row>of().iterator();
      }
    }
  }
}
