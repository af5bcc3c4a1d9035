package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.ModelPrice;
import org.instructsynth.llm.PartitionCaller;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llm.budget-usd} bounds the whole run: every stage draws on one {@link RunBudget}. */
class LlmRunBudgetTest {
  @Test
  void twoStagesShareOneBudgetUseItUpAndARerunResumesWithoutPayingTwice(@TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    // worst case per call ~ (prompt ~12 + 64) tokens x $2000/1M ~ $0.15: the budget holds about ten calls of 40
    LlmSettings settings = LlmStageTest.settings(201).toBuilder().prices(Map.of("sim-model", new ModelPrice(2000, 2000)))
        .budgetUsd(1.2).partitions(3).build();
    SimulatedLlmServer sim = SimulatedLlmServer.shared(settings.simulator());
    List<LlmRequest> answers = LlmStageTest.requests(20, 0);
    List<LlmRequest> judges = LlmStageTest.requests(20, 100);
    double worst = answers.stream().mapToDouble(r -> PartitionCaller.worstCaseUsd(settings, r)).max().orElseThrow();
    LlmStage.Options options = new LlmStage.Options(settings, out.toString(), "2026-01-01", "distill", "parquet");

    RunBudget run = new RunBudget(settings.budgetUsd());
    LlmStage.Result answer = LlmStage.run(spark, LlmStageTest.frame(spark, answers), options, EnvLookup.SYSTEM, run);
    LlmStage.Result judge = LlmStage.run(spark, LlmStageTest.frame(spark, judges), options, EnvLookup.SYSTEM, run);

    assertThat(answer.budgetUsd()).isEqualTo(1.2);
    assertThat(judge.budgetUsd()).isCloseTo(1.2 - answer.costUsd(), within(1e-9)); // the judge gets what is left
    double spent = answer.costUsd() + judge.costUsd();
    assertThat(run.spentUsd()).isCloseTo(spent, within(1e-9));
    assertThat(spent).isLessThanOrEqualTo(1.2 + 1e-9);
    // calls waited for reservations instead of being skipped: less than one call's worst case is left unspent
    assertThat(1.2 - spent).isLessThan(worst);
    assertThat(answer.skipped() + judge.skipped()).isPositive();
    assertThat(answer.partial() || judge.partial()).isTrue();
    long paid = answer.ok() + judge.ok();
    assertThat(sim.requestCount()).isEqualTo(paid);
    assertThat(paid).isGreaterThanOrEqualTo(7); // 1.2 / worst ~ 7.9; real calls cost less than their worst case

    // a rerun with a larger budget calls only the skipped requests
    LlmStage.Options more = new LlmStage.Options(settings.toBuilder().budgetUsd(100).build(), out.toString(), "2026-01-01", "distill",
        "parquet");
    RunBudget rerun = new RunBudget(100);
    LlmStage.Result answer2 = LlmStage.run(spark, LlmStageTest.frame(spark, answers), more, EnvLookup.SYSTEM, rerun);
    LlmStage.Result judge2 = LlmStage.run(spark, LlmStageTest.frame(spark, judges), more, EnvLookup.SYSTEM, rerun);
    assertThat(answer2.called()).isEqualTo(answer.skipped());
    assertThat(judge2.called()).isEqualTo(judge.skipped());
    assertThat(answer2.skipped() + judge2.skipped()).isZero();
    assertThat(sim.requestCount()).isEqualTo(40);
    Dataset<Row> ledger = spark.read().parquet(out.resolve("llm_calls").toString());
    assertThat(ledger.filter("status = 'ok'").count()).isEqualTo(40);
    assertThat(ledger.filter("status = 'ok'").select("request_key").distinct().count()).isEqualTo(40);
    assertThat(ledger.filter("status = 'skipped_budget'").count()).isEqualTo(answer.skipped() + judge.skipped());
  }
}
