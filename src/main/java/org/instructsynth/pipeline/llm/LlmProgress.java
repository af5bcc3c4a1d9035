package org.instructsynth.pipeline.llm;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.instructsynth.llm.LlmClock;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Live progress of the LLM stage on the driver. Accumulators reach the driver when a task ends;
 * running tasks report theirs with every executor heartbeat ({@code spark.executor.heartbeatInterval},
 * 10 s by default), which this listener keeps per task. A daemon thread logs a line every {@code
 * llm.progress-interval}: calls done of total, request rate against the budget, retries, 429s,
 * tokens, dollars and ETA.
 *
 * <p>While a running task's shared limiter is paused by the provider's rate limit the line ends
 * with "waiting for the provider's rate limit (N s)". The ETA is the calls left at the throughput
 * observed so far (waits included) plus the wait still to go; when no call has finished for much
 * longer than the throughput predicts it says "unknown" and for how long nothing finished.
 */
final class LlmProgress extends SparkListener implements AutoCloseable {
  private final SparkContext sc;
  private final LlmCounters counters;
  private final long total;
  private final double budgetRps;
  private final String label;
  private final Consumer<String> log;
  private final Map<Long, Map<Long, Long>> running = new ConcurrentHashMap<>();
  private final LlmClock clock;
  private final long startNanos;
  private final Thread thread;
  private final boolean onDriver;
  private long lastDone = -1;
  private long lastChangeNanos;

  LlmProgress(SparkContext sc, LlmCounters counters, long total, double budgetRps, String label, long intervalMillis, Consumer<String> log) {
    this(sc, counters, total, budgetRps, label, intervalMillis, log, LlmClock.SYSTEM, false);
  }

  /** Progress of calls made on the driver ({@link DriverLlmBatch}): the counters are added to there. */
  static LlmProgress onDriver(SparkContext sc, LlmCounters counters, long total, double budgetRps, String label, long intervalMillis,
      Consumer<String> log) {
    return new LlmProgress(sc, counters, total, budgetRps, label, intervalMillis, log, LlmClock.SYSTEM, true);
  }

  /**
   * @param clock the time the ETA and waits are measured on (tests pass a fake)
   * @param onDriver the calls are made on the driver, whose accumulators then hold the one caller's values
   */
  LlmProgress(SparkContext sc, LlmCounters counters, long total, double budgetRps, String label, long intervalMillis, Consumer<String> log,
      LlmClock clock, boolean onDriver) {
    this.onDriver = onDriver;
    this.clock = clock;
    this.startNanos = clock.nanoTime();
    this.lastChangeNanos = startNanos;
    this.sc = sc;
    this.counters = counters;
    this.total = total;
    this.budgetRps = budgetRps;
    this.label = label;
    this.log = log;
    sc.addSparkListener(this);
    java.util.Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap(); // the run id, for every progress line
    thread = new Thread(() -> {
      if (mdc != null) {
        org.slf4j.MDC.setContextMap(mdc);
      }
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(Math.max(100, intervalMillis));
          log.accept(line());
        }
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    }, "llm-progress");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t : CollectionConverters.asJava(update.accumUpdates())) {
      Map<Long, Long> values = new HashMap<>();
      for (AccumulableInfo info : CollectionConverters.asJava(t._4())) {
        if (info.update().isDefined() && info.update().get() instanceof Long v) {
          values.put(info.id(), v);
        }
      }
      running.put((Long) t._1(), values);
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    running.remove(end.taskInfo().taskId());
  }

  long value(LongAccumulator acc) {
    long v = acc.value();
    for (Map<Long, Long> task : running.values()) {
      v += task.getOrDefault(acc.id(), 0L);
    }
    return v;
  }

  /**
   * The latest of the running tasks' values of {@code acc} (heartbeats), or 0; for calls made on the
   * driver ({@link DriverLlmBatch}) also its own value, which there is that one caller's, not a merged sum.
   */
  long latest(LongAccumulator acc) {
    long v = onDriver ? acc.value() : 0;
    for (Map<Long, Long> task : running.values()) {
      v = Math.max(v, task.getOrDefault(acc.id(), 0L));
    }
    return v;
  }

  synchronized String line() {
    long now = clock.nanoTime();
    long done = value(counters.done);
    if (done != lastDone) {
      lastDone = done;
      lastChangeNanos = now;
    }
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    double rps = done / seconds;
    long left = Math.max(0, total - done);
    long waitS = (long) Math.ceil(Math.max(0, latest(counters.waitUntilMs) - clock.epochMillis()) / 1000.0);
    long stalledS = (now - lastChangeNanos) / 1_000_000_000L;
    String eta;
    if (left == 0) {
      eta = formatDuration(0);
    } else if (rps <= 0) {
      eta = "unknown";
    } else if (stalledS > Math.max(30, waitS + 5 / rps)) {
      eta = "unknown (no call finished for " + formatDuration(stalledS) + ")";
    } else {
      eta = formatDuration(waitS + (long) Math.ceil(left / rps));
    }
    return String.format(Locale.ROOT,
        "LLM %s: %d/%d calls (%.1f %%), %.2f req/s of %.2f budget, %d failed, %d skipped, %d retries, %d x 429, %d tokens, $%.4f, ETA %s%s",
        label, done, total, total == 0 ? 100.0 : 100.0 * done / total, rps, budgetRps, value(counters.failed), value(counters.skipped),
        value(counters.retries), value(counters.rateLimited), value(counters.tokens), value(counters.costMicroUsd) / 1e6, eta,
        waitS > 0 ? ", waiting for the provider's rate limit (" + waitS + " s)" : "");
  }

  private static String formatDuration(long s) {
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  @Override
  public void close() {
    thread.interrupt();
    sc.removeSparkListener(this);
    running.clear(); // the job is over: the accumulators hold every task's final values
    log.accept(line());
  }

  List<LongAccumulator> accumulators() {
    return counters.all();
  }
}
