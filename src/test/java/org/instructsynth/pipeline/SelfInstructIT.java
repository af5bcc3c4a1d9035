package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.text.RougeL;
import org.instructsynth.job.RunResult;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code conf/self-instruct.yaml} end to end on sample-data with the SIMULATED endpoint:
 * non-empty train and eval, every stage in the funnel with its drop reasons, the papers' invariants
 * checked independently on the written rows (ROUGE-L of kept instructions against the seeds and each
 * other at most 0.7, at most 5 instances per task), and a rerun of the same date that makes no LLM
 * call and writes the same rows.
 */
class SelfInstructIT {
  @TempDir Path out;

  @Test
  void selfInstructStyleBootstrapsTasksAndRerunPaysNothing() throws Exception {
    // target 60 (the shipped conf asks for the paper's 100): the suite's time grows with every call.
    RunResult first = TestJobs.run("conf/self-instruct.yaml", out, "run.date=2026-02-01", "self-instruct.target-instructions=60");
    assertThat(first.status()).isEqualTo("complete");
    assertThat(first.rows("train")).isPositive();
    assertThat(first.rows("eval")).isPositive();
    assertThat(first.report().path("simulated_llm").asBoolean()).isTrue();

    List<String> stages = new ArrayList<>();
    first.report().path("funnel").forEach(f -> stages.add(f.path("stage").asText()));
    assertThat(stages).containsSubsequence("load", "generate", "post-filter", "dedup-rouge", "classify", "instances",
        "instance-filter", "filter", "split");
    Map<String, Set<String>> reasons = reasonsByStage(first.report());
    assertThat(reasons.get("dedup-rouge")).containsExactly("near_duplicate");
    assertThat(reasons.get("generate")).isNotEmpty().isSubsetOf("unparseable_response", "truncated", "too_many_items", "llm_error");
    assertThat(reasons.get("post-filter")).isNotEmpty();
    assertThat(reasons.get("instance-filter")).contains("output_equals_input", "empty_output");

    JsonNode llm = first.report().path("llm");
    long calls = llm.path("calls").asLong();
    assertThat(calls).isPositive();
    assertThat(llm.path("cached").asLong()).isZero();
    assertThat(llm.path("failed").asLong()).isZero();
    long ledgerRows = SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString()).count();
    assertThat(ledgerRows).isEqualTo(calls);

    List<Row> train = TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval")).collectAsList();
    Map<String, Integer> perTask = new HashMap<>();
    Set<String> instructions = new HashSet<>();
    long seedRows = 0;
    for (Row r : train) {
      if ("seed".equals(r.<String>getAs("source"))) { // include-seeds defaults to true (--include_seed_tasks)
        seedRows++;
        continue;
      }
      assertThat(r.<String>getAs("source")).isEqualTo("synthesized");
      assertThat(r.<String>getAs("model")).isEqualTo("gpt-3.5-turbo-instruct");
      assertThat(r.<String>getAs("request_key")).hasSize(64);
      assertThat(r.<Integer>getAs("round")).isPositive();
      assertThat(r.<String>getAs("task_type")).isIn("classification", "generation");
      perTask.merge(r.<String>getAs("task_id"), 1, Integer::sum);
      instructions.add(r.<String>getAs("instruction"));
    }
    assertThat(perTask.values()).allMatch(n -> n <= 5);
    assertThat(seedRows).isPositive();

    // Independent check of the ROUGE-L rule with the reference scorer: no kept instruction is above
    // 0.7 against a seed instruction or another kept instruction.
    List<String> seeds = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("sample-data/seeds.jsonl"))) {
      if (!line.isBlank()) {
        seeds.add(Json.MAPPER.readTree(line).path("instruction").asText());
      }
    }
    List<String> kept = new ArrayList<>(instructions);
    for (int i = 0; i < kept.size(); i++) {
      for (String s : seeds) {
        assertThat(RougeL.score(s, kept.get(i)).fmeasure()).as("%s vs seed %s", kept.get(i), s).isLessThanOrEqualTo(0.7);
      }
      for (int j = i + 1; j < kept.size(); j++) {
        assertThat(RougeL.score(kept.get(j), kept.get(i)).fmeasure()).as("%s vs %s", kept.get(i), kept.get(j)).isLessThanOrEqualTo(0.7);
      }
    }

    RunResult again = TestJobs.run("conf/self-instruct.yaml", out, "run.date=2026-02-01", "self-instruct.target-instructions=60");
    assertThat(again.report().path("llm").path("calls").asLong()).isZero();
    assertThat(again.report().path("llm").path("cached").asLong()).isEqualTo(llm.path("requested").asLong());
    assertThat(SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString()).count()).isEqualTo(ledgerRows);
    assertThat(again.rows("train")).isEqualTo(first.rows("train"));
    assertThat(again.rows("eval")).isEqualTo(first.rows("eval"));
    Set<String> idsBefore = new HashSet<>();
    train.forEach(row -> idsBefore.add(row.getAs("id")));
    Set<String> idsAfter = new HashSet<>();
    TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval")).collectAsList()
        .forEach(row -> idsAfter.add(row.getAs("id")));
    assertThat(idsAfter).isEqualTo(idsBefore);
  }

  @Test
  void alpacaStyleGetsInstructionInputAndOutputFromOneCall() throws Exception {
    RunResult r = TestJobs.run("conf/self-instruct.yaml", out, "run.date=2026-02-02", "self-instruct.style=alpaca",
        "self-instruct.target-instructions=40", "filters.blocklist=alpaca");
    assertThat(r.rows("train")).isPositive();
    assertThat(r.rows("eval")).isPositive();
    List<String> stages = new ArrayList<>();
    r.report().path("funnel").forEach(f -> stages.add(f.path("stage").asText()));
    assertThat(stages).containsSubsequence("generate", "post-filter", "dedup-rouge", "filter").doesNotContain("classify", "instances");
    Map<String, Set<String>> reasons = reasonsByStage(r.report());
    // The simulator's Alpaca answers carry defects (a block without its fields, a block cut at max_tokens,
    // too many blocks): which ones a run meets depends on the requests; each is a generate reject.
    assertThat(reasons.get("generate")).isNotEmpty().isSubsetOf("unparseable_response", "truncated", "too_many_items");
    assertThat(reasons.get("post-filter")).contains("blocklisted_keyword", "instruction_too_short");
    // The paper filters Alpaca's instructions only: the conf's filters chain is off, so no output is
    // dropped for chatter, emptiness or equality with the input (AL-9, AL-extra).
    assertThat(reasons.get("filter")).isNull();
    assertThat(reasons.get("pre-filter")).isNull();
    // One example per generated task; every prompt showed only seeds, so no round used the pool.
    long tasks = TestJobs.examples(out, "train").select("task_id").distinct().count()
        + TestJobs.examples(out, "eval").select("task_id").distinct().count();
    assertThat(tasks).isEqualTo(r.rows("train") + r.rows("eval"));

    // What reached the (simulated) endpoint, from the ledger's stored requests: generate_instruction.py's
    // decoding (L159-173, utils.OpenAIDecodingArguments) and 3 seed examples under "List of 20 tasks:".
    List<Row> sent = Tables.readFiles(SparkTestSession.get(), out.resolve("llm_calls").toString(),
        org.instructsynth.pipeline.llm.Ledger.readSchema()).where(col("stage").equalTo("instructions")).collectAsList();
    assertThat(sent).isNotEmpty();
    for (Row row : sent) {
      JsonNode req = Json.MAPPER.readTree(row.<String>getAs("request"));
      assertThat(req.path("logit_bias").toString()).isEqualTo("{\"50256\":-100}");
      assertThat(req.path("temperature").asDouble()).isEqualTo(1.0);
      assertThat(req.path("top_p").asDouble()).isEqualTo(1.0);
      assertThat(req.path("max_tokens").asInt()).isEqualTo(3072);
      assertThat(req.path("presence_penalty").asDouble(-1)).isZero();
      assertThat(req.path("frequency_penalty").asDouble(-1)).isZero();
      assertThat(req.path("stop").toString()).isEqualTo("[\"\\n20\",\"20.\",\"20.\"]");
      // conf/self-instruct.yaml uses the completions endpoint, as the papers did: the prompt is sent as it is
      assertThat(req.has("messages")).isFalse();
      String prompt = req.path("prompt").asText();
      assertThat(prompt.split("###\n", -1)).hasSize(5); // 3 example blocks and the open 4th
      assertThat(prompt).contains("List of 20 tasks:\n###\n1. Instruction: ").endsWith("###\n4. Instruction:")
          .contains("\n3. Output:\n").doesNotContain("\n4. Input:");
    }
  }

  /**
   * The round dedup in driver memory (one index kept across rounds) and the distributed stage (a
   * fresh Spark dedup per round) decide alike: same kept examples, same near-duplicate rejects.
   */
  @Tag("extended")
  @Test
  void driverAndDistributedRoundDedupAgree(@TempDir Path other) {
    String[] common = {"run.date=2026-02-03", "self-instruct.target-instructions=30"};
    TestJobs.run("conf/self-instruct.yaml", out, common);
    String[] distributed = {common[0], common[1], "self-instruct.round-dedup=distributed"};
    TestJobs.run("conf/self-instruct.yaml", other, distributed);
    for (String table : List.of("train", "eval")) {
      assertThat(ids(TestJobs.examples(other, table))).as(table).isEqualTo(ids(TestJobs.examples(out, table)))
          .isNotEmpty();
    }
    Set<String> driverDrops = nearDuplicateOrds(out);
    assertThat(driverDrops).isNotEmpty().isEqualTo(nearDuplicateOrds(other));
  }

  private static Set<String> ids(org.apache.spark.sql.Dataset<Row> rows) {
    Set<String> ids = new HashSet<>();
    rows.select("id").collectAsList().forEach(r -> ids.add(r.getString(0)));
    return ids;
  }

  private static Set<String> nearDuplicateOrds(Path out) {
    Set<String> keys = new HashSet<>();
    TestJobs.rejects(out).where(col("reason").equalTo("near_duplicate")).selectExpr("concat_ws('|', id, source_file, cast(rouge_l_max as string))")
        .collectAsList().forEach(r -> keys.add(r.getString(0)));
    return keys;
  }

  static Map<String, Set<String>> reasonsByStage(JsonNode report) {
    Map<String, Set<String>> out = new HashMap<>();
    report.path("drops").forEach(d -> out.computeIfAbsent(d.path("stage").asText(), k -> new HashSet<>()).add(d.path("reason").asText()));
    return out;
  }
}
