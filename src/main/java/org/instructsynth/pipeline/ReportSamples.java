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
      kept.add(new Report.Row(r.getAs("id"), r.getAs("task_name"), r.getAs("split"), cut(r.getAs("instruction")),
          cut(r.getAs("input")), cut(r.getAs("output")), null, null, null));
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
      String stage = r.getAs("stage");
      String reason = r.getAs("reason");
      if (last == null || !last.stage().equals(stage) || !last.reason().equals(reason)) {
        rows = new ArrayList<>();
        dropped.add(new Report.DropGroup(stage, reason, rows));
      }
      String instruction = r.getAs("instruction");
      String rawLine = r.getAs("raw");
      String file = r.getAs("source_file");
      Long line = r.getAs("line_number");
      String raw = instruction == null && rawLine != null ? cut(rawLine) : null;
      String where = file == null ? null : file + (line == null ? "" : ":" + line);
      rows.add(new Report.Row(null, null, null, cut(instruction), cut(r.getAs("input")), cut(r.getAs("output")),
          cut(r.getAs("detail")), raw, where));
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
    pairs.forEach(p -> ids.add(p.getAs("dup_of")));
    Map<String, Row> keptById = new HashMap<>();
    for (Row k : allExamples.where(col("id").isin(ids.toArray()).or(col("task_id").isin(ids.toArray())))
        .select("id", "task_id", "instruction", "input", "output", "run_date").collectAsList()) {
      keptById.putIfAbsent(k.getAs("id"), k);
      keptById.putIfAbsent(k.getAs("task_id"), k);
    }
    for (Row p : pairs) {
      String dupOf = p.getAs("dup_of");
      String where = p.getAs("where");
      Row k = keptById.get(dupOf);
      Report.Kept kept = k != null
          ? new Report.Kept(cut(k.getAs("instruction")), cut(k.getAs("input")), cut(k.getAs("output")), k.getAs("run_date"), null)
          : new Report.Kept(null, null, null, null, where.isEmpty() ? p.getAs("detail") : where);
      Report.Row dropped = new Report.Row(null, null, null, cut(p.getAs("instruction")), cut(p.getAs("input")),
          cut(p.getAs("output")), null, null, null);
      out.add(new Report.NearDuplicate(Double.parseDouble(p.getAs("score")), dupOf, dropped, kept));
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
