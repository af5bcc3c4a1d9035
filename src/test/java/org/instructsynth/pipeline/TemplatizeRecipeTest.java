package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.core.io.LabelledRecord;
import org.instructsynth.core.templatize.TemplateSet;
import org.instructsynth.job.RunResult;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatizeRecipeTest {
  private static final List<String> DATASETS = List.of("grammar_correction", "fluency", "clarity", "coherence",
      "simplification", "neutralization", "paraphrase", "sentiment", "formality", "topic");

  @TempDir Path out;

  /**
   * Rows per dataset that round-robin templating renders: the complete rows (every field the
   * templates use) among the first n - n % T rows, T the dataset's template count (FLAN drops the
   * incomplete last group), counted from the files.
   */
  private static Map<String, Integer> completeRows() throws Exception {
    Map<String, Integer> n = new HashMap<>();
    for (String d : DATASETS) {
      int templates = TemplateSet.parse(d, Files.readString(Path.of("conf/templates", d + ".yaml"))).templates().size();
      List<String> lines = Files.readAllLines(Path.of("sample-data/labelled", d + ".jsonl"));
      int ok = 0;
      for (String line : lines.subList(0, lines.size() - lines.size() % templates)) {
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
    // FLAN v2's one-shot variant (shots=1) on the shipped file: the counts are those of zero-shot
    RunResult r = TestJobs.run("conf/templatize.yaml", out, "run.date=2026-06-01", "templatize.shots=1");
    Map<String, Integer> expected = completeRows();
    Dataset<Row> rows = all().where(col("source").equalTo("templated"));
    for (String d : DATASETS) {
      assertThat(rows.where(col("task_name").equalTo(d)).count()).as(d).isEqualTo((long) expected.get(d));
    }
    // One exemplar, rendered with the row's own template, then the example after FLAN v2's "\n\n\n";
    // the whole prompt is the instruction.
    assertThat(rows.collectAsList()).allSatisfy(row -> {
      String[] shots = row.<String>getAs("instruction").split("\n\n\n", -1);
      assertThat(shots).as(row.<String>getAs("template_id")).hasSize(2);
      assertThat(row.<String>getAs("input")).isEmpty();
    });
    assertThat(rows.where(col("template_id").equalTo("gec-01")).collectAsList()).isNotEmpty().allSatisfy(row ->
        assertThat(row.<String>getAs("instruction").split("\n\n\n")).allSatisfy(
            shot -> assertThat(shot).startsWith("Fix the grammar in this sentence:\n\n")));
    // Classification renderings end with FLAN's OPTIONS block unless the template is turned around.
    List<Row> sentiment = rows.where(col("task_name").equalTo("sentiment")).collectAsList();
    assertThat(sentiment).allSatisfy(row -> {
      String text = row.<String>getAs("instruction") + row.<String>getAs("input");
      String output = row.getAs("output");
      if (text.contains("OPTIONS:")) {
        assertThat(text).endsWith("\nOPTIONS:\n- positive\n- negative\n- neutral");
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

  /**
   * The golden run: two tiny datasets whose every kept and rejected row is written here by hand from
   * FLAN's rules (first-N caps, the given splits and validation[:200], round-robin with
   * drop_remainder, OPTIONS placement, K-rate mixing, no dedup).
   */
  @Test
  void goldenRunGivesExactlyTheRowsFlansRulesGiveByHand() throws Exception {
    Path in = Files.createDirectories(out.resolve("in"));
    Files.write(in.resolve("gec.jsonl"), List.of(
        "{\"id\":\"g1\",\"source\":\"She go home.\",\"target\":\"She goes home.\"}",
        "{\"id\":\"g2\",\"source\":\"They was here.\",\"target\":\"They were here.\"}",
        "{\"id\":\"g3\",\"source\":\"He have it.\"}",
        "{\"id\":\"g4\",\"source\":\"I has two.\",\"target\":\"I have two.\"}",
        "{\"id\":\"g5\",\"source\":\"We is ready.\",\"target\":\"We are ready.\"}",
        "{\"id\":\"g6\",\"source\":\"It rain.\",\"target\":\"It rains.\"}",
        "{\"id\":\"g7\",\"source\":\"You was right.\",\"target\":\"You were right.\"}",
        "{\"id\":\"g8\",\"source\":\"She don't.\",\"target\":\"She doesn't.\"}"));
    Files.writeString(in.resolve("gec.yaml"), """
        templates:
          - id: t1
            input: "Fix the grammar:\\n\\n{source}"
            target: "{target}"
          - id: t2
            instruction: "Correct this sentence."
            input: "{source}"
            target: "{target}"
          - id: t3
            instruction: "Write a sentence with a grammar mistake that corrects to this one."
            input: "{target}"
            target: "{source}"
            turned_around: true
        """);
    Files.write(in.resolve("sent.jsonl"), List.of(
        "{\"id\":\"s1\",\"split\":\"train\",\"text\":\"Loved it.\",\"label\":\"positive\"}",
        "{\"id\":\"s2\",\"split\":\"train\",\"text\":\"Awful service.\",\"label\":\"negative\"}",
        "{\"id\":\"s3\",\"split\":\"train\",\"text\":\"Great value.\",\"label\":\"positive\"}",
        "{\"id\":\"s4\",\"split\":\"validation\",\"text\":\"Too noisy.\",\"label\":\"negative\"}",
        "{\"id\":\"s5\",\"split\":\"validation\",\"text\":\"Very kind staff.\",\"label\":\"positive\"}",
        "{\"id\":\"s6\",\"split\":\"validation\",\"text\":\"Cold food.\",\"label\":\"negative\"}",
        "{\"id\":\"s7\",\"split\":\"test\",\"text\":\"Fast delivery.\",\"label\":\"positive\"}",
        "{\"id\":\"s8\",\"split\":\"train\",\"text\":\"It was fine.\",\"label\":\"meh\"}",
        "{\"id\":\"s9\",\"split\":\"dev\",\"text\":\"Nice.\",\"label\":\"positive\"}",
        "{\"id\":\"s10\",\"split\":\"test\",\"text\":\"Broken on arrival.\",\"label\":\"negative\"}"));
    Files.writeString(in.resolve("sent.yaml"), """
        templates:
          - id: p1
            input: "{text}\\nIs this review positive or negative?\\n{options_}"
            target: "{label}"
          - id: p2
            input: "Review: {text}\\n\\nWhat is the sentiment?"
            target: "{label}"
        """);
    Files.writeString(in.resolve("golden.yaml"), """
        recipe: templatize
        templatize:
          dataset-cap: 7
          validation-cap: 2
          mixing-cap: 2
          datasets:
            - {name: gec, cluster: rewriting, type: generation, path: IN/gec.jsonl, templates: IN/gec.yaml}
            - {name: sent, cluster: classification, type: classification, label-field: label,
               labels: [positive, negative], split-field: split, path: IN/sent.jsonl, templates: IN/sent.yaml}
        filters: {enabled: false}
        split: {eval-fraction: 0.0, min-eval-per-task: 0}
        """.replace("IN", in.toString()));
    RunResult r = TestJobs.run(in.resolve("golden.yaml").toString(), out, "run.date=2026-06-04");

    String opts = "OPTIONS:\n- positive\n- negative";
    // Rendered training rows (round-robin t1, t2, t3 by position; g3 lacks target, g7 is the remainder,
    // g8 is past the first 7): K = 2 draws 2 of gec's 5 and 2 of sent's 3, the rest is not_sampled.
    List<String> gecRendered = List.of(
        "gec|t1|Fix the grammar:\n\nShe go home.||She goes home.",
        "gec|t2|Correct this sentence.|They was here.|They were here.",
        "gec|t1|Fix the grammar:\n\nI has two.||I have two.",
        "gec|t2|Correct this sentence.|We is ready.|We are ready.",
        "gec|t3|Write a sentence with a grammar mistake that corrects to this one.|It rains.|It rain.");
    List<String> sentTrain = List.of(
        "sent|p1|Loved it.\nIs this review positive or negative?\n" + opts + "||positive",
        "sent|p2|Review: Awful service.\n\nWhat is the sentiment?\n\n" + opts + "||negative",
        "sent|p1|Great value.\nIs this review positive or negative?\n" + opts + "||positive");
    // The dataset's own validation (first 2) and test rows go to eval, unmixed, round-robin per split.
    List<String> sentEval = List.of(
        "sent|p1|Too noisy.\nIs this review positive or negative?\n" + opts + "||negative",
        "sent|p2|Review: Very kind staff.\n\nWhat is the sentiment?\n\n" + opts + "||positive",
        "sent|p1|Fast delivery.\nIs this review positive or negative?\n" + opts + "||positive",
        "sent|p2|Review: Broken on arrival.\n\nWhat is the sentiment?\n\n" + opts + "||negative");
    List<String> train = rows(TestJobs.examples(out, "train"));
    List<String> notSampled = rows(TestJobs.rejects(out).where(col("reason").equalTo("not_sampled")));
    assertThat(rows(TestJobs.examples(out, "eval"))).containsExactlyInAnyOrderElementsOf(sentEval);
    assertThat(TestJobs.examples(out, "eval_unseen").count()).isZero();
    assertThat(train.stream().filter(x -> x.startsWith("gec|")).toList()).hasSize(2).isSubsetOf(gecRendered);
    assertThat(train.stream().filter(x -> x.startsWith("sent|")).toList()).hasSize(2).isSubsetOf(sentTrain);
    List<String> drawnOrNot = new java.util.ArrayList<>(train);
    drawnOrNot.addAll(notSampled);
    assertThat(drawnOrNot).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(gecRendered.stream(), sentTrain.stream()).toList());
    assertThat(TestJobs.rejects(out).where(col("reason").equalTo("not_sampled").and(col("task_name").equalTo("gec")))
        .select("detail").distinct().collectAsList()).extracting(x -> x.getString(0)).containsExactly(
            "not drawn: task gec has mixing rate 0.500000 (min(n, K=2) / sum), so a 4-row mixture draws 2 of its 5"
                + " training rows (templatize.mixture-size, mixing-cap)");
    // Every other reject, by stage, reason and source row.
    assertThat(TestJobs.rejects(out).where(col("reason").notEqual("not_sampled"))
        .select(concat_ws("|", col("stage"), col("reason"), col("task_name"),
            regexp_extract(coalesce(col("raw"), col("input")), "\"id\":\"(\\w+)\"", 1)))
        .collectAsList()).extracting(x -> x.getString(0)).containsExactlyInAnyOrder(
            "load|malformed_input|sent|s9",
            "cap|over_dataset_cap|gec|g8",
            "cap|over_dataset_cap|sent|s6",
            "render|missing_template_field|gec|g3",
            "render|template_remainder|gec|g7",
            "render|label_not_in_options|sent|s8");
    assertThat(r.rows("train")).isEqualTo(4);
    // FLAN applies no dedup (dedup-exact runs on ids across dates only) and no filters here.
    assertThat(r.report().path("funnel").findValuesAsText("stage")).containsExactly(
        "load", "cap", "render", "mix", "filter", "dedup-exact", "split");
  }

  /** task|template|instruction|input|output of each row. */
  private static List<String> rows(Dataset<Row> df) {
    return df.select(concat_ws("|", col("task_name"), col("template_id"), col("instruction"), col("input"),
        col("output"))).collectAsList().stream().map(x -> x.getString(0)).toList();
  }

  @Test
  @Tag("extended")
  void theSameSeedRendersTheSameRows() {
    TestJobs.run("conf/templatize.yaml", out, "run.date=2026-06-03", "templatize.templates-per-example=2",
        "templatize.template-choice=random");
    List<Row> first = all().select("id", "split").orderBy("id").collectAsList();
    TestJobs.run("conf/templatize.yaml", out, "run.date=2026-06-03", "templatize.templates-per-example=2",
        "templatize.template-choice=random");
    assertThat(all().select("id", "split").orderBy("id").collectAsList()).isEqualTo(first);
  }
}
