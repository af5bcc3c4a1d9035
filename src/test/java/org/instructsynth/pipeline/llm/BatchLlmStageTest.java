package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.job.RunResult;
import org.instructsynth.llm.CallOptions;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.ModelPrice;
import org.instructsynth.llm.Sampling;
import org.instructsynth.llm.batch.FakeBatchApi;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
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
    RunResult r = TestJobs.run("conf/distill.yaml", out, "run.date=2026-03-05", "llm.mode=batch", "llm.structured-outputs=true",
        "llm.model=house-model-unpriced");
    assertThat(r.status()).isEqualTo("complete");
    assertThat(r.rows("train")).isPositive();
    JsonNode llm = r.report().path("llm");
    assertThat(llm.path("calls").asLong()).isPositive();
    assertThat(llm.path("failed").asLong()).isZero();
    assertThat(llm.path("cost_usd").isNull()).isTrue();
    assertThat(llm.path("cost_unknown").asBoolean()).isTrue();
    assertThat(r.report().path("warnings").toString()).contains("model house-model-unpriced has no price in llm.prices");
    List<Row> ledger = SparkTestSession.get().read().schema(Ledger.readSchema()).parquet(out.resolve("llm_calls").toString()).collectAsList();
    assertThat(ledger).isNotEmpty().allMatch(row -> row.isNullAt(row.fieldIndex("cost_usd")));
    assertThat(ledger).allMatch(row -> ((String) row.getAs("model")).startsWith("SIMULATED:"));
    List<Row> judged = ledger.stream().filter(row -> "judge".equals(row.getAs("stage"))).toList();
    assertThat(judged).isNotEmpty().allMatch(row -> ((String) row.getAs("request")).contains("\"response_format\":{\"type\":\"json_schema\""));
    assertThat(ledger.stream().filter(row -> !"judge".equals(row.getAs("stage"))))
        .allMatch(row -> !((String) row.getAs("request")).contains("response_format"));
    try (Stream<Path> files = Files.walk(out.resolve("llm_calls/_batches"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".json"))).as("every batch was collected").isEmpty();
    }
  }
}
