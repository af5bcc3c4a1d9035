package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.ModelPrice;
import org.instructsynth.llm.Sampling;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.llm.SimulatorSettings;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class LlmStageTest {
  static final StructType INPUT = new StructType()
      .add("request_key", DataTypes.StringType).add("stage", DataTypes.StringType).add("request", DataTypes.StringType);

  /** Settings with a simulator of their own (distinct seed), so request counts are per test. */
  static LlmSettings settings(long simSeed) {
    return LlmSettings.defaults().toBuilder()
        .model("sim-model")
        .prices(Map.of("sim-model", new ModelPrice(1.0, 2.0)))
        .requestsPerMinute(60_000)
        .tokensPerMinute(1e8)
        .maxInFlight(8)
        .partitions(3)
        .simulator(new SimulatorSettings(Duration.ZERO, Duration.ZERO, 0, 0, Duration.ofMillis(10), simSeed, ""))
        .build();
  }

  /**
   * {@link #settings(long)} with {@code llm.driver-max-requests} (0: the executors' path; the tests' few
   * requests otherwise run on the driver) and a seed of its own per path.
   */
  static LlmSettings settings(long simSeed, int driverMaxRequests) {
    LlmSettings s = settings(simSeed + 1000L * driverMaxRequests);
    return s.toBuilder().calls(s.calls().withDriverMaxRequests(driverMaxRequests)).build();
  }

  static List<LlmRequest> requests(int n, int offset) {
    List<LlmRequest> list = new ArrayList<>();
    for (int i = offset; i < offset + n; i++) {
      list.add(LlmRequest.chat("sim-model", List.of(ChatMessage.user("Give three tips for topic " + i + ".")),
          Sampling.defaults().withMaxTokens(64), i % 2));
    }
    return list;
  }

  static Dataset<Row> frame(SparkSession spark, List<LlmRequest> requests) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      LlmRequest r = requests.get(i);
      rows.add(RowFactory.create(r.requestKey(), i % 3 == 0 ? "instances" : "instructions", r.canonicalJson()));
    }
    return spark.createDataFrame(rows, INPUT);
  }

  @ParameterizedTest(name = "driver-max-requests {0}")
  @ValueSource(ints = {0, 1000})
  void callsMissingRequestsWritesTheLedgerAndPaysNothingOnRerun(int driverMax, @TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    LlmSettings settings = settings(101, driverMax);
    SimulatedLlmServer sim = SimulatedLlmServer.shared(settings.simulator());
    List<LlmRequest> requests = requests(30, 0);
    LlmStage.Options options = new LlmStage.Options(settings, out.toString(), "2026-01-01", "self-instruct", "parquet");

    LlmStage.Result first = LlmStage.run(spark, frame(spark, requests), options);
    assertThat(first.requested()).isEqualTo(30);
    assertThat(first.cached()).isZero();
    assertThat(first.called()).isEqualTo(30);
    assertThat(first.ok()).isEqualTo(30);
    assertThat(first.partial()).isFalse();
    assertThat(first.perStage()).containsOnlyKeys("instances", "instructions");
    assertThat(first.perStage().get("instances").requested()).isEqualTo(10);
    assertThat(first.perStage().get("instructions").requested()).isEqualTo(20);
    assertThat(sim.requestCount()).isEqualTo(30);
    long expectedPrompt = requests.stream().mapToLong(LlmRequest::estimatePromptTokens).sum();
    assertThat(first.promptTokens()).isPositive();
    assertThat(first.costUsd()).isCloseTo((first.promptTokens() * 1.0 + first.completionTokens() * 2.0) / 1e6,
        org.assertj.core.api.Assertions.within(1e-12));

    Dataset<Row> ledger = spark.read().parquet(out.resolve("llm_calls").toString());
    assertThat(ledger.columns()).containsExactlyInAnyOrder(Ledger.SCHEMA.fieldNames());
    assertThat(ledger.count()).isEqualTo(30);
    assertThat(out.resolve("llm_calls/run_date=2026-01-01")).isDirectory();
    assertThat(out.resolve("llm_calls/_journal/2026-01-01-self-instruct")).doesNotExist(); // removed once the ledger committed
    List<Row> rows = first.rows().collectAsList();
    assertThat(rows).hasSize(30);
    assertThat(rows.stream().map(r -> r.<String>getAs("request_key")).collect(Collectors.toSet()))
        .isEqualTo(requests.stream().map(LlmRequest::requestKey).collect(Collectors.toSet()));
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo("ok");
      assertThat(r.<String>getAs("model")).isEqualTo("SIMULATED:sim-model");
      assertThat(r.<String>getAs("recipe")).isEqualTo("self-instruct");
      assertThat(r.<String>getAs("run_date")).isEqualTo("2026-01-01");
      assertThat(r.<Integer>getAs("attempts")).isEqualTo(1);
      assertThat(r.<String>getAs("response")).isNotEmpty();
    });

    LlmStage.Result again = LlmStage.run(spark, frame(spark, requests), options);
    assertThat(again.called()).isZero();
    assertThat(again.cached()).isEqualTo(30);
    assertThat(sim.requestCount()).isEqualTo(30);
    assertThat(again.rows().count()).isEqualTo(30);

    // a later night with 5 new requests calls only those, and finds the old ones under the old date
    List<LlmRequest> more = new ArrayList<>(requests);
    more.addAll(requests(5, 30));
    LlmStage.Options nextDay = new LlmStage.Options(settings, out.toString(), "2026-01-02", "self-instruct", "parquet");
    LlmStage.Result third = LlmStage.run(spark, frame(spark, more), nextDay);
    assertThat(third.called()).isEqualTo(5);
    assertThat(third.cached()).isEqualTo(30);
    assertThat(sim.requestCount()).isEqualTo(35);
    assertThat(third.rows().count()).isEqualTo(35);
    assertThat(expectedPrompt).isPositive();
  }

  @Test
  void jsonLedgerAndPlan(@TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    LlmSettings settings = settings(102);
    List<LlmRequest> requests = requests(12, 0);
    LlmStage.Options options = new LlmStage.Options(settings, out.toString(), "2026-01-01", "distill", "json");

    LlmStage.Plan plan = LlmStage.plan(spark, frame(spark, requests), options);
    assertThat(plan.toCall()).isEqualTo(12);
    long prompt = requests.stream().mapToLong(LlmRequest::estimatePromptTokens).sum();
    assertThat(plan.estimatedPromptTokens()).isEqualTo(prompt);
    assertThat(plan.maxCompletionTokens()).isEqualTo(12 * 64);
    assertThat(plan.maxCostUsd()).isCloseTo((prompt * 1.0 + 12 * 64 * 2.0) / 1e6, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(SimulatedLlmServer.shared(settings.simulator()).requestCount()).isZero();

    LlmStage.run(spark, frame(spark, requests.subList(0, 8)), options);
    assertThat(spark.read().json(out.resolve("llm_calls").toString()).count()).isEqualTo(8);
    LlmStage.Plan after = LlmStage.plan(spark, frame(spark, requests), options);
    assertThat(after.cached()).isEqualTo(8);
    assertThat(after.toCall()).isEqualTo(4);
  }

  @ParameterizedTest(name = "driver-max-requests {0}")
  @ValueSource(ints = {0, 1000})
  void budgetStopsNewCallsAndMarksTheRunPartial(int driverMax, @TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    // worst case per call ~ (prompt ~12 + 64) tokens x $2000/1M ~ $0.15; the budget allows a few calls per partition
    LlmSettings settings = settings(103, driverMax).toBuilder().prices(Map.of("sim-model", new ModelPrice(2000, 2000))).budgetUsd(1.2).partitions(2).build();
    List<LlmRequest> requests = requests(40, 0);
    LlmStage.Options options = new LlmStage.Options(settings, out.toString(), "2026-01-01", "self-instruct", "parquet");
    LlmStage.Result result = LlmStage.run(spark, frame(spark, requests), options);
    assertThat(result.partial()).isTrue();
    assertThat(result.skipped()).isPositive();
    assertThat(result.ok() + result.skipped()).isEqualTo(40);
    assertThat(result.costUsd()).isLessThanOrEqualTo(1.2);
    assertThat(SimulatedLlmServer.shared(settings.simulator()).requestCount()).isEqualTo(result.ok());
    assertThat(result.rows().filter("status = 'skipped_budget'").count()).isEqualTo(result.skipped());

    LlmSettings more = settings.toBuilder().budgetUsd(0).build(); // no limit
    LlmStage.Result rest = LlmStage.run(spark, frame(spark, requests),
        new LlmStage.Options(more, out.toString(), "2026-01-01", "self-instruct", "parquet"));
    assertThat(rest.called()).isEqualTo(result.skipped());
    assertThat(rest.partial()).isFalse();
    assertThat(rest.rows().filter("status = 'ok'").count()).isEqualTo(40);
  }

  @ParameterizedTest(name = "driver-max-requests {0}")
  @ValueSource(ints = {0, 1000})
  void failureRatioAboveTheLimitThrowsAfterWritingTheLedger(int driverMax, @TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    LlmSettings settings = settings(104, driverMax).toBuilder().maxRetries(0)
        .simulator(new SimulatorSettings(Duration.ZERO, Duration.ZERO, 0, 1.0, null, 104, "")).build();
    LlmStage.Options options = new LlmStage.Options(settings, out.toString(), "2026-01-01", "self-instruct", "parquet");
    assertThatThrownBy(() -> LlmStage.run(spark, frame(spark, requests(6, 0)), options))
        .isInstanceOf(LlmFailureRatioException.class)
        .hasMessageContaining("6 of the stage's 6 LLM requests failed in this run (100.0 %), more than llm.max-failure-ratio 5.0 %")
        .hasMessageContaining(out.resolve("llm_calls").toString());
    Dataset<Row> ledger = spark.read().parquet(out.resolve("llm_calls").toString());
    assertThat(ledger.filter("status = 'failed'").count()).isEqualTo(6);
    assertThat(ledger.filter("http_status in (500, 503) and error like '%SIMULATED server error%'").count()).isEqualTo(6);
  }

  @ParameterizedTest(name = "driver-max-requests {0}")
  @ValueSource(ints = {0, 1000})
  void aRequestKeyThatIsNotTheHashOfTheRequestBecomesAFailedRow(int driverMax, @TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    LlmSettings settings = settings(105, driverMax).toBuilder().maxFailureRatio(1.0).build();
    LlmRequest r = requests(1, 0).get(0);
    Dataset<Row> input = spark.createDataFrame(List.of(RowFactory.create("not-the-key", "instructions", r.canonicalJson())), INPUT);
    LlmStage.Result result = LlmStage.run(spark, input, new LlmStage.Options(settings, out.toString(), "2026-01-01", "x", "parquet"));
    assertThat(result.failed()).isEqualTo(1);
    Row row = result.rows().collectAsList().get(0);
    assertThat(row.<String>getAs("error")).contains("request_key not-the-key is not the SHA-256 of the canonical request");
    assertThat(SimulatedLlmServer.shared(settings.simulator()).requestCount()).isZero();
    assertThat(Set.of(row.<String>getAs("status"))).containsExactly("failed");
  }
}
