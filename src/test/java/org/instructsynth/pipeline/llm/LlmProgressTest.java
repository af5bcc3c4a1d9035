package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

class LlmProgressTest {
  @Test
  void linesCombineFinishedTasksWithRunningTasksHeartbeats() {
    SparkContext sc = SparkTestSession.get().sparkContext();
    LlmCounters counters = new LlmCounters(sc);
    counters.done.add(25);
    counters.failed.add(1);
    counters.retries.add(3);
    counters.rateLimited.add(2);
    counters.tokens.add(1000);
    counters.costMicroUsd.add(12_345);
    List<String> lines = new ArrayList<>();
    try (LlmProgress progress = new LlmProgress(sc, counters, 100, 10.0, "self-instruct", 60_000, lines::add)) {
      assertThat(progress.line()).contains("LLM self-instruct: 25/100 calls (25.0 %)").contains("of 10.00 budget").contains("1 failed")
          .contains("3 retries").contains("2 x 429").contains("1000 tokens").contains("$0.0123");

      // a running task (id 7) reports 5 more calls and 500 tokens with its heartbeat
      List<AccumulableInfo> infos = List.of(
          new AccumulableInfo(counters.done.id(), Option.apply("llm.done"), Option.apply((Object) 5L), Option.empty(), true, false, Option.empty()),
          new AccumulableInfo(counters.tokens.id(), Option.apply("llm.tokens"), Option.apply((Object) 500L), Option.empty(), true, false, Option.empty()));
      Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> update =
          new Tuple4<>(7L, 1, 0, CollectionConverters.asScala(infos).toSeq());
      progress.onExecutorMetricsUpdate(new SparkListenerExecutorMetricsUpdate("0",
          CollectionConverters.asScala(List.of(update)).toSeq(), scala.collection.immutable.Map$.MODULE$.empty()));
      assertThat(progress.line()).contains("30/100 calls (30.0 %)").contains("1500 tokens");
    }
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("25/100 calls");
  }

  /** A clock the test moves by hand. */
  private static final class ManualClock implements org.instructsynth.llm.LlmClock {
    long nanos = 5_000_000_000L;
    final long epochStart = 1_800_000_000_000L;

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public long epochMillis() {
      return epochStart + nanos / 1_000_000;
    }

    @Override
    public void sleepNanos(long n) {
      nanos += n;
    }
  }

  private static SparkListenerExecutorMetricsUpdate heartbeat(long taskId, List<AccumulableInfo> infos) {
    Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> update =
        new Tuple4<>(taskId, 1, 0, CollectionConverters.asScala(infos).toSeq());
    return new SparkListenerExecutorMetricsUpdate("0", CollectionConverters.asScala(List.of(update)).toSeq(),
        scala.collection.immutable.Map$.MODULE$.empty());
  }

  private static AccumulableInfo info(org.apache.spark.util.LongAccumulator acc, long value) {
    return new AccumulableInfo(acc.id(), Option.apply(acc.name().get()), Option.apply((Object) value), Option.empty(), true, false, Option.empty());
  }

  @Test
  void aProviderWaitIsShownAndCountedInTheEta() {
    SparkContext sc = SparkTestSession.get().sparkContext();
    LlmCounters counters = new LlmCounters(sc);
    ManualClock clock = new ManualClock();
    try (LlmProgress progress = new LlmProgress(sc, counters, 60, 1.0, "distill", 600_000, line -> {}, clock, false)) {
      clock.sleepNanos(58_000_000_000L); // 58 calls in 58 s: 1 per second
      counters.done.add(58);
      assertThat(progress.line()).contains("58/60 calls").endsWith("ETA 0m02s");
      // a running task reports that its shared limiter waits for the provider's reset, 90 s from now
      progress.onExecutorMetricsUpdate(heartbeat(3, List.of(info(counters.waitUntilMs, clock.epochMillis() + 90_000))));
      assertThat(progress.line()).contains("ETA 1m32s").endsWith(", waiting for the provider's rate limit (90 s)");
      clock.sleepNanos(30_000_000_000L);
      assertThat(progress.line()).contains("waiting for the provider's rate limit (60 s)");
      // the wait is over and still nothing finishes: the ETA says it does not know, and why
      clock.sleepNanos(100_000_000_000L);
      assertThat(progress.line()).doesNotContain("waiting").endsWith("ETA unknown (no call finished for 2m10s)");
      counters.done.add(1);
      assertThat(progress.line()).contains("59/60 calls").doesNotContain("unknown");
    }
  }

  @Test
  void onTheDriverTheCallersOwnWaitIsShown() {
    SparkContext sc = SparkTestSession.get().sparkContext();
    LlmCounters counters = new LlmCounters(sc);
    ManualClock clock = new ManualClock();
    try (LlmProgress progress = new LlmProgress(sc, counters, 5, 1.0, "self-instruct", 600_000, line -> {}, clock, true)) {
      counters.done.add(2);
      assertThat(progress.line()).contains("2/5 calls").doesNotContain("waiting");
      // the driver's shared limiter pauses for the provider's reset (CallLlmPartition's lease calls waitingUntil)
      counters.waitingUntil(clock.epochMillis() + 45_000);
      assertThat(progress.line()).endsWith(", waiting for the provider's rate limit (45 s)");
    }
    // on the executors the same accumulator is a merged sum at the end: only heartbeats count there
    LlmCounters merged = new LlmCounters(sc);
    merged.waitUntilMs.add(clock.epochMillis() + 45_000);
    try (LlmProgress progress = new LlmProgress(sc, merged, 5, 1.0, "self-instruct", 600_000, line -> {}, clock, false)) {
      assertThat(progress.line()).doesNotContain("waiting");
    }
  }
}
