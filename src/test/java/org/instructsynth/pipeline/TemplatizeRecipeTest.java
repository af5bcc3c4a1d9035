package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.core.io.LabelledRecord;
import org.instructsynth.job.RunResult;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatizeRecipeTest {
  private static final List<String> DATASETS = List.of("grammar_correction", "fluency", "clarity", "coherence",
      "simplification", "neutralization", "paraphrase", "sentiment", "formality", "topic");

  @TempDir Path out;

  /** Rows per dataset that have every field the dataset's templates use (counted from the files). */
  private static Map<String, Integer> completeRows() throws Exception {
    Map<String, Integer> n = new HashMap<>();
    for (String d : DATASETS) {
      int ok = 0;
      for (String line : Files.readAllLines(Path.of("sample-data/labelled", d + ".jsonl"))) {
        Map<String, String> f = LabelledRecord.parse(line);
        boolean classification = f.containsKey("label") || f.containsKey("text");
        if (classification ? f.containsKey("text") && f.containsKey("label")
            : f.containsKey("source") && f.containsKey("target")) {
          ok++;
        }
      }
      n.put(d, ok);
    }
    return n;
  }

  private Dataset<Row> all() {
    return TestJobs.examples(out, "train")
        .unionByName(TestJobs.examples(out, "eval"))
        .unionByName(TestJobs.examples(out, "eval_unseen"));
  }

  @Test
  void rendersEveryCompleteRowOnceWithOptionsAndHeldOutClusters() throws Exception {
    RunResult r = TestJobs.run("conf/templatize.yaml", out, "run.date=2026-06-01", "dedup.near=false");
    Map<String, Integer> expected = completeRows();
    Dataset<Row> rows = all().where(col("source").equalTo("templated"));
    for (String d : DATASETS) {
      assertThat(rows.where(col("task_name").equalTo(d)).count()).as(d).isEqualTo((long) expected.get(d));
    }
    // Classification renderings end with FLAN's OPTIONS block unless the template is turned around.
    List<Row> sentiment = rows.where(col("task_name").equalTo("sentiment")).collectAsList();
    assertThat(sentiment).allSatisfy(row -> {
      String text = row.<String>getAs("instruction") + row.<String>getAs("input");
      String output = row.getAs("output");
      if (text.contains("OPTIONS:")) {
        assertThat(text).endsWith("\n\nOPTIONS:\n- positive\n- negative\n- neutral");
        assertThat(output).isIn("positive", "negative", "neutral");
      }
    });
    assertThat(sentiment.stream().filter(x -> x.<String>getAs("instruction").contains("OPTIONS:")).count())
        .isPositive();
    // The held-out cluster goes whole to eval_unseen, and nothing else does.
    assertThat(TestJobs.examples(out, "eval_unseen").select("cluster").distinct().collectAsList())
        .extracting(x -> x.getString(0)).containsExactly("paraphrase");
    assertThat(r.rows("eval_unseen")).isEqualTo((long) expected.get("paraphrase"));
    // The two fluency rows without a field are rejected at render time with the missing slot named.
    List<Row> missing = TestJobs.rejects(out).where(col("reason").equalTo("missing_template_field"))
        .collectAsList();
    assertThat(missing).hasSize(2).allSatisfy(x -> {
      assertThat(x.<String>getAs("task_name")).isEqualTo("fluency");
      assertThat(x.<String>getAs("detail")).containsPattern("needs \\{(source|target)\\}");
    });
    // Min eval rows per task: every non-held-out task with more than 2 groups has at least 2 in eval.
    for (String d : DATASETS) {
      if (!d.equals("paraphrase")) {
        assertThat(TestJobs.examples(out, "eval").where(col("task_name").equalTo(d)).count())
            .as(d).isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void capsAndMixingLimitCountsAndRejectTheRest() throws Exception {
    RunResult r = TestJobs.run("conf/templatize.yaml", out, "run.date=2026-06-02", "templatize.dataset-cap=5",
        "templatize.templates-per-example=3", "templatize.mixing-cap=12", "dedup.exact=false", "dedup.near=false",
        "filters.enabled=false");
    Dataset<Row> rows = all();
    for (String d : DATASETS) {
      // 5 source rows at most, 3 templates each, then at most 12 rendered rows per task.
      long n = rows.where(col("task_name").equalTo(d)).count();
      assertThat(n).as(d).isLessThanOrEqualTo(12).isGreaterThanOrEqualTo(9);
      // The renderings of one source row use distinct templates, so no rendering repeats another.
      Row distinct = rows.where(col("task_name").equalTo(d)).agg(countDistinct(col("id"))).first();
      assertThat(distinct.getLong(0)).isEqualTo(n);
    }
    // The cap applies to loaded source rows (before rendering), so rows missing a field count too;
    // the general set keeps its own cap (30,000 in conf/templatize.yaml).
    long overCap = 0;
    for (String d : DATASETS) {
      overCap += Math.max(0, Files.readAllLines(Path.of("sample-data/labelled", d + ".jsonl")).size() - 5);
    }
    assertThat(TestJobs.rejects(out).where(col("reason").equalTo("over_dataset_cap")).count())
        .isEqualTo(overCap);
    // dedup-exact stays even with dedup.exact false: it keeps ids unique across dates (docs/nightly.md)
    assertThat(r.report().path("funnel").findValuesAsText("stage")).containsExactly(
        "load", "cap", "render", "mix", "filter", "dedup-exact", "split");
  }

  @Test
  void theSameSeedRendersTheSameRows() {
    TestJobs.run("conf/templatize.yaml", out, "run.date=2026-06-03", "templatize.templates-per-example=2",
        "dedup.near=false");
    List<Row> first = all().select("id", "split").orderBy("id").collectAsList();
    TestJobs.run("conf/templatize.yaml", out, "run.date=2026-06-03", "templatize.templates-per-example=2",
        "dedup.near=false");
    assertThat(all().select("id", "split").orderBy("id").collectAsList()).isEqualTo(first);
  }
}
