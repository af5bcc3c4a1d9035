package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.job.RunResult;
import org.instructsynth.llm.CallOptions;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.ModelPrice;
import org.instructsynth.llm.PartitionCaller;
import org.instructsynth.llm.Sampling;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.llm.batch.FakeBatchApi;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** llm.mode: batch through the LLM stage: ledger rows, a pending batch across runs, and a recipe on the simulator. */
class BatchLlmStageTest {
  private static final String ENV = "INSTRUCTSYNTH_BATCH_TEST_KEY";
  private static final String KEY = "sk-batchstage-Vw3Xy8Qa1Bc6";

  @Test
  void aPendingBatchMakesTheRunPartialAndTheRerunCollectsItWithoutANewBatch(@TempDir Path out) throws IOException {
    FakeBatchApi api = new FakeBatchApi(KEY, 0);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(api);
      server.start();
      SparkSession spark = SparkTestSession.get();
      LlmSettings settings = LlmSettings.defaults().toBuilder().provider(LlmSettings.OPENAI_COMPATIBLE)
          .baseUrl(server.url("/v1").toString()).apiKeyEnv(ENV).model("gpt-4o-mini")
          .prices(Map.of("gpt-4o-mini", new ModelPrice(0.15, 0.60, 0.075))).maxFailureRatio(0.5)
          .calls(new CallOptions(CallOptions.BATCH, Duration.ofMillis(400), 0.5, Map.of(), false)).build();
      List<LlmRequest> requests = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        requests.add(LlmRequest.chat("gpt-4o-mini", List.of(ChatMessage.user(i == 2 ? "reject me" : "Name a colour, " + i)),
            Sampling.defaults().withMaxTokens(32), 0));
      }
      LlmStage.Options options = new LlmStage.Options(settings, out.toString(), "2026-02-01", "distill", "json");
      EnvLookup env = name -> ENV.equals(name) ? KEY : null;

      LlmStage.Result first = LlmStage.run(spark, LlmStageTest.frame(spark, requests), options, env);
      assertThat(first.partial()).isTrue();
      assertThat(first.called()).isZero();
      assertThat(first.warnings()).singleElement().asString().contains("6 LLM calls are pending in batch batch_2")
          .contains("Rerun the same date later");
      Path records = out.resolve("llm_calls/_batches");
      try (Stream<Path> files = Files.list(records)) {
        List<Path> list = files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        assertThat(list).hasSize(1);
        assertThat(Files.readString(list.get(0))).contains("\"batch_id\" : \"batch_2\"").contains(requests.get(0).requestKey());
      }

      api.finish();
      LlmStage.Result second = LlmStage.run(spark, LlmStageTest.frame(spark, requests), options, env);
      assertThat(api.batchCreates.get()).isEqualTo(1);
      assertThat(api.requests("POST /v1/files")).hasSize(1);
      assertThat(second.partial()).isFalse();
      assertThat(second.ok()).isEqualTo(5);
      assertThat(second.failed()).isEqualTo(1);
      assertThat(second.costUsd()).isCloseTo(5 * (600 * 0.075 + 400 * 0.0375 + 100 * 0.30) / 1e6,
          org.assertj.core.api.Assertions.within(1e-12));
      try (Stream<Path> files = Files.list(records)) {
        assertThat(files.filter(p -> p.toString().endsWith(".json"))).isEmpty();
      }
      Row ok = second.rows().where(col("status").equalTo(LlmResult.OK)).first();
      assertThat(ok.<Long>getAs("cached_tokens")).isEqualTo(400L);
      assertThat(ok.<Long>getAs("prompt_tokens")).isEqualTo(1000L);
      Row failed = second.rows().where(col("status").equalTo(LlmResult.FAILED)).first();
      assertThat(failed.<String>getAs("error")).contains("This prompt was rejected");
      assertThat(api.authorizations).allMatch(("Bearer " + KEY)::equals);

      LlmStage.Result third = LlmStage.run(spark, LlmStageTest.frame(spark, requests.subList(0, 2)), options, env);
      assertThat(third.cached()).isEqualTo(2);
      assertThat(api.batchCreates.get()).isEqualTo(1);
    }
  }

  @Test
  void aRecipeRunsInBatchModeOnTheSimulatorWithStructuredJudgeCallsAndAnUnpricedModel(@TempDir Path out) throws IOException {
    Path input = TestJobs.sampleLines(Files.createDirectories(out.resolve("in")).resolve("in.jsonl"), 0, 30);
    RunResult r = TestJobs.run("conf/distill.yaml", out.resolve("out"), "run.date=2026-03-05", "llm.mode=batch",
        "distill.teachers=[{samples: 3}]", "distill.judge.enabled=true", "llm.structured-outputs=true", "llm.model=house-model-unpriced", "input.path=" + input,
        // the simulated batch ends on its second status read: poll every 3 s, not every 30 s
        "llm.batch-wait=30s");
    assertThat(r.status()).isEqualTo("complete");
    assertThat(r.rows("train")).isPositive();
    JsonNode llm = r.report().path("llm");
    assertThat(llm.path("calls").asLong()).isPositive();
    assertThat(llm.path("failed").asLong()).isZero();
    assertThat(llm.path("cost_usd").isNull()).isTrue();
    assertThat(llm.path("cost_unknown").asBoolean()).isTrue();
    assertThat(r.report().path("warnings").toString()).contains("model house-model-unpriced has no price in llm.prices");
    List<Row> ledger = SparkTestSession.get().read().schema(Ledger.readSchema()).parquet(out.resolve("out/llm_calls").toString()).collectAsList();
    assertThat(ledger).isNotEmpty().allMatch(row -> row.isNullAt(row.fieldIndex("cost_usd")));
    assertThat(ledger).allMatch(row -> ((String) row.getAs("model")).startsWith("SIMULATED:"));
    List<Row> judged = ledger.stream().filter(row -> "judge".equals(row.getAs("stage"))).toList();
    assertThat(judged).isNotEmpty().allMatch(row -> ((String) row.getAs("request")).contains("\"response_format\":{\"type\":\"json_schema\""));
    assertThat(ledger.stream().filter(row -> !"judge".equals(row.getAs("stage"))))
        .allMatch(row -> !((String) row.getAs("request")).contains("response_format"));
    try (Stream<Path> files = Files.walk(out.resolve("out/llm_calls/_batches"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".json"))).as("every batch was collected").isEmpty();
    }
  }

  @Test
  void aBudgetInBatchModeSubmitsWhatFitsAndLaterRunsCollectAndSubmitTheRestWithoutPayingTwice(@TempDir Path out) throws IOException {
    SparkSession spark = SparkTestSession.get();
    LlmSettings base = LlmStageTest.settings(311).toBuilder().prices(Map.of("sim-model", new ModelPrice(2000, 2000)))
        .calls(new CallOptions(CallOptions.BATCH, Duration.ofSeconds(3), 0.5, Map.of(), false)).build();
    SimulatedLlmServer sim = SimulatedLlmServer.shared(base.simulator());
    List<LlmRequest> requests = LlmStageTest.requests(8, 0);
    List<LlmRequest> sorted = new ArrayList<>(requests);
    sorted.sort(java.util.Comparator.comparing(LlmRequest::requestKey));
    double[] worst = sorted.stream().mapToDouble(r -> PartitionCaller.worstCaseUsd(base, r)).toArray();
    double budget = worst[0] + worst[1] + worst[2] + java.util.Arrays.stream(worst).min().orElseThrow() / 2; // room for three
    List<String> firstThree = sorted.subList(0, 3).stream().map(LlmRequest::requestKey).toList();

    // night 1: three of eight fit; they are submitted, collected within llm.batch-wait and paid; five are skipped_budget
    LlmSettings tight = base.toBuilder().budgetUsd(budget).build();
    RunBudget run1 = new RunBudget(budget);
    LlmStage.Result first = LlmStage.run(spark, LlmStageTest.frame(spark, requests), options(tight, out), EnvLookup.SYSTEM, run1);
    assertThat(sim.batchRequestCount()).isEqualTo(3);
    assertThat(first.ok()).isEqualTo(3);
    assertThat(first.skipped()).isEqualTo(5);
    assertThat(first.partial()).isTrue();
    assertThat(run1.spentUsd()).isPositive().isLessThanOrEqualTo(budget).isCloseTo(first.costUsd(), within(1e-12));
    List<Row> rows = first.rows().collectAsList();
    assertThat(rows.stream().filter(r -> LlmResult.OK.equals(r.getAs("status"))).map(r -> (String) r.getAs("request_key")))
        .containsExactlyInAnyOrderElementsOf(firstThree);
    assertThat(rows.stream().filter(r -> LlmResult.SKIPPED_BUDGET.equals(r.getAs("status")))).hasSize(5)
        .allMatch(r -> ((String) r.getAs("error")).contains("llm.budget-usd"));

    // night 2, a larger budget: the five are submitted; the batch is still running when the wait (0) ends
    LlmSettings more = base.toBuilder().budgetUsd(100).calls(new CallOptions(CallOptions.BATCH, Duration.ZERO, 0.5, Map.of(), false)).build();
    RunBudget run2 = new RunBudget(100);
    LlmStage.Result second = LlmStage.run(spark, LlmStageTest.frame(spark, requests), options(more, out), EnvLookup.SYSTEM, run2);
    assertThat(sim.batchRequestCount()).isEqualTo(8);
    assertThat(second.cached()).isEqualTo(3);
    assertThat(second.called()).isZero();
    assertThat(second.partial()).isTrue();
    assertThat(second.warnings()).singleElement().asString().contains("5 LLM calls are pending");
    assertThat(run2.reservedUsd()).as("the running batch holds its worst case for the rest of the run")
        .isCloseTo(worst[3] + worst[4] + worst[5] + worst[6] + worst[7], within(1e-12));
    assertThat(run2.remaining()).isCloseTo(100 - run2.reservedUsd(), within(1e-9));

    // night 3 collects the recorded batch: nothing is submitted or paid again
    LlmSettings collect = more.toBuilder().calls(base.calls()).build();
    RunBudget run3 = new RunBudget(100);
    LlmStage.Result third = LlmStage.run(spark, LlmStageTest.frame(spark, requests), options(collect, out), EnvLookup.SYSTEM, run3);
    assertThat(sim.batchRequestCount()).isEqualTo(8);
    assertThat(third.ok()).isEqualTo(5);
    assertThat(third.partial()).isFalse();
    assertThat(run3.spentUsd()).isCloseTo(third.costUsd(), within(1e-12));
    assertThat(run3.reservedUsd()).isZero();
    Dataset<Row> ledger = spark.read().schema(Ledger.readSchema()).parquet(out.resolve("llm_calls").toString());
    assertThat(ledger.filter("status = 'ok'").count()).isEqualTo(8);
    assertThat(ledger.filter("status = 'ok'").select("request_key").distinct().count()).isEqualTo(8);
    assertThat(ledger.filter("status = 'duplicate_paid'").count()).isZero();
    try (Stream<Path> files = Files.list(out.resolve("llm_calls/_batches"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".json"))).isEmpty();
    }
  }

  private static LlmStage.Options options(LlmSettings settings, Path out) {
    return new LlmStage.Options(settings, out.toString(), "2026-02-02", "distill", "parquet");
  }

  /** A whole recipe run (minutes on a loaded machine): extended; BatchRunnerTest and the stage test above keep the behaviour in the default suite. */
  @Test
  @Tag("extended")
  void aDistillRunInBatchModeStoppedByTheBudgetIsPartialWithItsSkippedRowsInRejects(@TempDir Path out) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("sample-data/instructions.jsonl")).subList(0, 12);
    Path input = Files.write(out.resolve("in.jsonl"), lines);
    // a worst case of ~$0.0003 per answer (max_tokens 1024 at half of gpt-4o-mini's price): room for a few of the 12
    RunResult r = TestJobs.run("conf/distill.yaml", out.resolve("out"), "input.path=" + input, "run.date=2026-03-06", "llm.mode=batch",
        "llm.batch-wait=3s", "distill.judge.enabled=false", "split.min-eval-per-task=0", "llm.budget-usd=0.001");
    assertThat(r.status()).isEqualTo("partial");
    JsonNode llm = r.report().path("llm");
    long skipped = llm.path("skipped_budget").asLong();
    assertThat(skipped).isPositive();
    assertThat(llm.path("calls").asLong()).isPositive();
    assertThat(llm.path("spent_usd").asDouble()).isPositive().isLessThanOrEqualTo(0.001);
    assertThat(llm.has("batch_held_usd")).as("every submitted batch was collected").isFalse();
    List<Row> rejected = TestJobs.rejects(out.resolve("out")).where(col("reason").equalTo(LlmCalls.LLM_ERROR)).collectAsList();
    assertThat(rejected).hasSize((int) skipped)
        .allMatch(row -> ((String) row.getAs("detail")).startsWith("status=skipped_budget") && ((String) row.getAs("detail")).contains("llm.budget-usd"));
  }
}
