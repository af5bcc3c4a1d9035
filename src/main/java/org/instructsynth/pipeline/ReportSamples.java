package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.instructsynth.core.report.Report;

/**
 * The report's examples, read from the written tables: up to {@value #PER_GROUP} kept rows, up to
 * {@value #PER_GROUP} dropped rows per stage and reason, and up to {@value #PER_GROUP} near-duplicate pairs
 * (the dropped row, the kept row it duplicates, and the ROUGE-L score from the reject's {@code detail}).
 * Texts are cut to {@value #MAX_CHARS} characters (with an ellipsis), so the report stays small whatever the
 * rows hold.
 */
final class ReportSamples {
  static final int PER_GROUP = 5;
  static final int MAX_CHARS = 300;

  private ReportSamples() {}

  /** {@code {"kept": [...], "dropped": [{"stage", "reason", "rows": [...]}]}}. */
  static Report.ReportExamples examples(Dataset<Row> examples, Dataset<Row> rejects) {
    List<Report.Row> kept = new ArrayList<>();
    for (Row r : examples.orderBy("id").select("id", "task_name", "split", "instruction", "input", "output")
        .limit(PER_GROUP).collectAsList()) {
      kept.add(new Report.Row(r.getString(0), r.getString(1), r.getString(2), cut(r.getString(3)), cut(r.getString(4)),
          cut(r.getString(5)), null, null, null));
    }
    List<Report.DropGroup> dropped = new ArrayList<>();
    Dataset<Row> ranked = rejects
        .withColumn("_n", row_number().over(Window.partitionBy("stage", "reason")
            .orderBy(coalesce(col("source_file"), lit("")), coalesce(col("line_number"), lit(0L)), coalesce(col("id"), lit("")))))
        .where(col("_n").leq(PER_GROUP))
        .select("stage", "reason", "instruction", "input", "output", "detail", "raw", "source_file", "line_number")
        .orderBy("stage", "reason", "_n");
    List<Report.Row> rows = null;
    for (Row r : ranked.collectAsList()) {
      Report.DropGroup last = dropped.isEmpty() ? null : dropped.get(dropped.size() - 1);
      if (last == null || !last.stage().equals(r.getString(0)) || !last.reason().equals(r.getString(1))) {
        rows = new ArrayList<>();
        dropped.add(new Report.DropGroup(r.getString(0), r.getString(1), rows));
      }
      String raw = r.getString(2) == null && r.getString(6) != null ? cut(r.getString(6)) : null;
      String where = r.getString(7) == null ? null : r.getString(7) + (r.isNullAt(8) ? "" : ":" + r.getLong(8));
      rows.add(new Report.Row(null, null, null, cut(r.getString(2)), cut(r.getString(3)), cut(r.getString(4)),
          cut(r.getString(5)), raw, where));
    }
    return new Report.ReportExamples(kept, dropped);
  }

  /**
   * Near-duplicate pairs: the {@value #PER_GROUP} dropped rows scored closest above the threshold (the
   * borderline decisions a reader wants to judge), each with the kept row it duplicates. The kept row is
   * looked up by example id or task id in every date of {@code allExamples} (earlier nights are references
   * too); a reference that is not an example (a seed task, a reference file) shows its place from the detail.
   */
  static List<Report.NearDuplicate> nearDuplicates(Dataset<Row> rejects, Dataset<Row> allExamples) {
    List<Report.NearDuplicate> out = new ArrayList<>();
    List<Row> pairs = rejects.where(col("reason").equalTo(org.instructsynth.core.filter.ReasonCodes.NEAR_DUPLICATE))
        .select(col("instruction"), col("input"), col("output"), col("detail"),
            regexp_extract(col("detail"), "dup_of=(\\S+)", 1).as("dup_of"),
            regexp_extract(col("detail"), "rouge_l=([0-9.]+)", 1).as("score"),
            regexp_extract(col("detail"), "\\((.*)\\)\\s*$", 1).as("where"))
        .where(col("score").notEqual(""))
        .orderBy(col("score").cast("double"), col("dup_of"))
        .limit(PER_GROUP).collectAsList();
    if (pairs.isEmpty()) {
      return out;
    }
    List<String> ids = new ArrayList<>();
    pairs.forEach(p -> ids.add(p.getString(4)));
    Map<String, Row> keptById = new HashMap<>();
    for (Row k : allExamples.where(col("id").isin(ids.toArray()).or(col("task_id").isin(ids.toArray())))
        .select("id", "task_id", "instruction", "input", "output", "run_date").collectAsList()) {
      keptById.putIfAbsent(k.getString(0), k);
      keptById.putIfAbsent(k.getString(1), k);
    }
    for (Row p : pairs) {
      Row k = keptById.get(p.getString(4));
      Report.Kept kept = k != null
          ? new Report.Kept(cut(k.getString(2)), cut(k.getString(3)), cut(k.getString(4)), k.getString(5), null)
          : new Report.Kept(null, null, null, null, p.getString(6).isEmpty() ? p.getString(3) : p.getString(6));
      Report.Row dropped = new Report.Row(null, null, null, cut(p.getString(0)), cut(p.getString(1)), cut(p.getString(2)),
          null, null, null);
      out.add(new Report.NearDuplicate(Double.parseDouble(p.getString(5)), p.getString(4), dropped, kept));
    }
    return out;
  }

  /** At most {@value #MAX_CHARS} characters (code points), with an ellipsis when cut. */
  static String cut(String text) {
    if (text == null) {
      return null;
    }
    if (text.codePointCount(0, text.length()) <= MAX_CHARS) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, MAX_CHARS - 1)) + "…";
  }
}
