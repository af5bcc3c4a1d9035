package org.instructsynth.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.slf4j.MDC;

/**
 * A driver-side thread that reports the running step every {@code interval} while it runs longer than
 * that: its name, elapsed time and, when Spark has active stages, their task progress from the status
 * tracker ({@code "still running dedup-rouge: 2 min 30 s; Spark stage 41 (collect at ...): 7 of 16 tasks
 * done, 2 running"}). Quiet steps (shorter than the interval) log nothing. The thread copies the MDC
 * of the thread that started it, so its lines carry the run id.
 */
public final class Heartbeat implements AutoCloseable {
  public static final Duration INTERVAL = Duration.ofSeconds(30);

  private final SparkContext sc;
  private final Consumer<String> sink;
  private final ScheduledExecutorService timer;
  private final long intervalNanos;
  private volatile String step;
  private volatile long stepStartNanos;

  public Heartbeat(SparkContext sc, Duration interval, Consumer<String> sink) {
    this.sc = sc;
    this.sink = sink;
    this.intervalNanos = interval.toNanos();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(() -> {
        if (mdc != null) {
          MDC.setContextMap(mdc);
        }
        r.run();
      }, "instruct-synth-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long ms = interval.toMillis();
    timer.scheduleAtFixedRate(this::beat, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The step now running (a stage, or a recipe's step such as {@code generate (round 3)}). */
  public void step(String name) {
    stepStartNanos = System.nanoTime();
    step = name;
  }

  /** No step is running (between stages). */
  public void idle() {
    step = null;
  }

  private void beat() {
    try {
      String s = step;
      if (s == null) {
        return;
      }
      long elapsed = System.nanoTime() - stepStartNanos;
      if (elapsed < intervalNanos) {
        return;
      }
      sink.accept(line(s, elapsed / 1_000_000));
    } catch (RuntimeException e) {
      // a status line is never worth failing the run for; the next beat tries again
    }
  }

  String line(String name, long elapsedMs) {
    StringBuilder b = new StringBuilder("still running ").append(name).append(": ").append(duration(elapsedMs));
    List<String> stages = sparkProgress();
    if (stages.isEmpty()) {
      b.append("; no Spark stage active (driver-side work)");
    } else {
      b.append("; ").append(String.join("; ", stages));
    }
    return b.toString();
  }

  private List<String> sparkProgress() {
    List<String> out = new ArrayList<>();
    if (sc.isStopped()) {
      return out;
    }
    JavaSparkStatusTracker tracker = JavaSparkContext.fromSparkContext(sc).statusTracker();
    for (int id : tracker.getActiveStageIds()) {
      SparkStageInfo info = tracker.getStageInfo(id);
      if (info != null) {
        out.add(String.format(Locale.ROOT, "Spark stage %d (%s): %,d of %,d tasks done, %,d running%s", id, info.name(),
            info.numCompletedTasks(), info.numTasks(), info.numActiveTasks(),
            info.numFailedTasks() > 0 ? ", " + info.numFailedTasks() + " failed" : ""));
      }
    }
    return out;
  }

  static String duration(long ms) {
    long s = ms / 1000;
    return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
