package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The column contracts of DESIGN.md §3. Stages pass {@link #WORK} rows between them: the example
 * columns plus internal bookkeeping (leading underscore) that never reaches the examples tables.
 */
public final class Columns {
  /** Processing order: reference sets first, then input order (file, line) or round then id. */
  public static final String ORD = "_ord";
  /** The split's group key: near-duplicates and renderings of one source row share it. */
  public static final String GROUP = "_group";
  public static final String FILE = "_file";
  public static final String LINE = "_line";
  /** Why a stage drops a row; null for kept rows. */
  public static final String REASON = "_reason";
  public static final String DETAIL = "_detail";
  public static final String RAW = "_raw";

  /** The examples tables' columns (train, eval, eval_unseen), in order. */
  public static final StructType EXAMPLE =
      schema(
          string("id"), string("task_id"), string("task_name"), string("task_type"), string("cluster"),
          string("instruction"), string("input"), string("output"), string("language"), string("recipe"),
          string("source"), string("template_id"), string("model"), string("request_key"),
          field("round", DataTypes.IntegerType), field("rouge_l_max", DataTypes.DoubleType),
          string("nearest_id"), string("split"), string("run_id"), string("run_date"));

  /** The example columns a stage can know about (no split or run columns yet) plus bookkeeping. */
  public static final StructType WORK =
      schema(
          append(
              without(EXAMPLE, Set.of("split", "run_id", "run_date")),
              field(ORD, DataTypes.LongType), string(GROUP), string(FILE), field(LINE, DataTypes.LongType)));

  /** A stage's output: {@link #WORK} plus the drop annotation. */
  public static final StructType ANNOTATED = schema(append(WORK.fields(), string(REASON), string(DETAIL), string(RAW)));

  /** The rejects table: every example column, then where and why the row was dropped. */
  public static final StructType REJECT =
      schema(
          append(
              without(EXAMPLE, Set.of("run_id", "run_date")),
              string("stage"), string("reason"), string("detail"), string("raw"), string("source_file"),
              field("line_number", DataTypes.LongType), string("run_id"), string("run_date")));

  /** The comparisons table (distill with a judge): chosen = highest score, rejected = lowest. */
  public static final StructType COMPARISON =
      schema(
          string("id"), string("instruction"), string("input"), string("chosen"), string("rejected"),
          field("score_chosen", DataTypes.DoubleType), field("score_rejected", DataTypes.DoubleType),
          string("judge_model"), string("run_date"));

  private Columns() {}

  /** Selects {@code schema}'s columns from {@code df} in order, casting, with nulls for missing ones. */
  public static Dataset<Row> conform(Dataset<Row> df, StructType schema) {
    Set<String> have = Set.of(df.columns());
    List<Column> cols = new ArrayList<>();
    for (StructField f : schema.fields()) {
      Column c = have.contains(f.name()) ? col(f.name()) : lit(null);
      cols.add(c.cast(f.dataType()).as(f.name()));
    }
    return df.select(cols.toArray(Column[]::new));
  }

  /** The column names of a schema, for {@code select}. */
  public static Column[] all(StructType schema) {
    return Arrays.stream(schema.fieldNames()).map(n -> col(n)).toArray(Column[]::new);
  }

  private static StructField string(String name) {
    return field(name, DataTypes.StringType);
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructType schema(StructField... fields) {
    return DataTypes.createStructType(fields);
  }

  private static StructField[] without(StructType schema, Set<String> names) {
    return Arrays.stream(schema.fields()).filter(f -> !names.contains(f.name())).toArray(StructField[]::new);
  }

  private static StructField[] append(StructField[] head, StructField... tail) {
    StructField[] out = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }
}
