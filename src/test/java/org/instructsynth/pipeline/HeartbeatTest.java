package org.instructsynth.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class HeartbeatTest {

  @Test
  void aLongStepIsReportedWithSparkTaskProgressAndTheRunId() throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<String> lines = new CopyOnWriteArrayList<>();
    List<String> runIds = new CopyOnWriteArrayList<>();
    MDC.put("run_id", "run-hb");
    try (Heartbeat hb = new Heartbeat(spark.sparkContext(), Duration.ofMillis(300), line -> {
      lines.add(line);
      runIds.add(String.valueOf(MDC.get("run_id")));
    })) {
      hb.step("dedup-rouge (round 3)");
      // A Spark job whose tasks take about 2 s, so the tracker has an active stage while the step runs.
      CompletableFuture<Long> job = CompletableFuture.supplyAsync(() -> spark.range(0, 4, 1, 2).toJavaRDD()
          .map(x -> {
            Thread.sleep(2000);
            return x;
          }).count());
      assertThat(job.get()).isEqualTo(4L);
      hb.idle();
      int afterIdle = lines.size();
      Thread.sleep(800);
      assertThat(lines).hasSize(afterIdle); // an idle runner says nothing
    } finally {
      MDC.remove("run_id");
    }
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("still running dedup-rouge (round 3): "));
    assertThat(lines).anySatisfy(l -> assertThat(l).containsPattern("Spark stage \\d+ \\(.*\\): \\d+ of 2 tasks done, \\d+ running"));
    assertThat(runIds).containsOnly("run-hb");
  }

  @Test
  void aShortStepSaysNothing() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (Heartbeat hb = new Heartbeat(SparkTestSession.get().sparkContext(), Duration.ofSeconds(2), lines::add)) {
      hb.step("filter");
      Thread.sleep(500);
      hb.step("split");
      Thread.sleep(500);
    }
    assertThat(lines).isEmpty();
  }
}
