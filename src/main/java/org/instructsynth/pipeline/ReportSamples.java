package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.row_number;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

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
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String[] TEXTS = {"instruction", "input", "output"};

  private ReportSamples() {}

  /** {@code {"kept": [...], "dropped": [{"stage", "reason", "rows": [...]}]}}. */
  static ObjectNode examples(Dataset<Row> examples, Dataset<Row> rejects) {
    ObjectNode out = JSON.objectNode();
    ArrayNode kept = out.putArray("kept");
    for (Row r : examples.orderBy("id").select("id", "task_name", "split", "instruction", "input", "output")
        .limit(PER_GROUP).collectAsList()) {
      ObjectNode e = kept.addObject();
      e.put("id", r.getString(0));
      e.put("task_name", r.getString(1));
      e.put("split", r.getString(2));
      texts(e, r, 3);
    }
    ArrayNode dropped = out.putArray("dropped");
    Dataset<Row> ranked = rejects
        .withColumn("_n", row_number().over(Window.partitionBy("stage", "reason")
            .orderBy(coalesce(col("source_file"), lit("")), coalesce(col("line_number"), lit(0L)), coalesce(col("id"), lit("")))))
        .where(col("_n").leq(PER_GROUP))
        .select("stage", "reason", "instruction", "input", "output", "detail", "raw", "source_file", "line_number")
        .orderBy("stage", "reason", "_n");
    ObjectNode group = null;
    for (Row r : ranked.collectAsList()) {
      if (group == null || !group.path("stage").asText().equals(r.getString(0)) || !group.path("reason").asText().equals(r.getString(1))) {
        group = dropped.addObject();
        group.put("stage", r.getString(0));
        group.put("reason", r.getString(1));
        group.putArray("rows");
      }
      ObjectNode e = ((ArrayNode) group.get("rows")).addObject();
      texts(e, r, 2);
      e.put("detail", cut(r.getString(5)));
      if (r.getString(2) == null && r.getString(6) != null) {
        e.put("raw", cut(r.getString(6)));
      }
      if (r.getString(7) != null) {
        e.put("where", r.getString(7) + (r.isNullAt(8) ? "" : ":" + r.getLong(8)));
      }
    }
    return out;
  }

  /**
   * Near-duplicate pairs: the {@value #PER_GROUP} dropped rows scored closest above the threshold (the
   * borderline decisions a reader wants to judge), each with the kept row it duplicates. The kept row is
   * looked up by example id or task id in every date of {@code allExamples} (earlier nights are references
   * too); a reference that is not an example (a seed task, a reference file) shows its place from the detail.
   */
  static ArrayNode nearDuplicates(Dataset<Row> rejects, Dataset<Row> allExamples) {
    ArrayNode out = JSON.arrayNode();
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
      ObjectNode pair = out.addObject();
      pair.put("score", Double.parseDouble(p.getString(5)));
      pair.put("dup_of", p.getString(4));
      texts(pair.putObject("dropped"), p, 0);
      ObjectNode kept = pair.putObject("kept");
      Row k = keptById.get(p.getString(4));
      if (k != null) {
        texts(kept, k, 2);
        kept.put("run_date", k.getString(5));
      } else {
        kept.put("reference", p.getString(6).isEmpty() ? p.getString(3) : p.getString(6));
      }
    }
    return out;
  }

  private static void texts(ObjectNode e, Row r, int first) {
    for (int i = 0; i < TEXTS.length; i++) {
      String v = r.getString(first + i);
      if (v != null) {
        e.put(TEXTS[i], cut(v));
      }
    }
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
