package org.instructsynth.llm;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * One {@link TaskRateLimiter} per JVM and stage ({@link RateShare#limiterKey}), shared by all tasks
 * of that stage running in the JVM. It holds the executor's fraction of the cluster budget ({@link
 * RateShare#executorFraction}): requests, tokens and in-flight calls; a task alone at the end of a
 * stage can use all of it. Tasks take a {@link Lease} and close it when they end; a limiter nobody
 * leases is dropped after {@value #IDLE_MINUTES} minutes (so its trims and learned limits survive
 * between the waves of tasks of one stage).
 */
public final class SharedLimiters {
  static final int IDLE_MINUTES = 10;
  private static final long IDLE_NANOS = Duration.ofMinutes(IDLE_MINUTES).toNanos();
  private static final ConcurrentHashMap<String, Entry> LIMITERS = new ConcurrentHashMap<>();

  private SharedLimiters() {}

  private static final class Entry {
    final TaskRateLimiter limiter;
    int leases;
    long lastReleased;

    Entry(TaskRateLimiter limiter) {
      this.limiter = limiter;
    }
  }

  /**
   * The limiter of {@code share}'s stage in this JVM, created on first use with {@code fraction} of
   * the cluster budget of {@code settings}.
   */
  public static Lease lease(LlmSettings settings, RateShare share, double fraction, LlmClock clock) {
    evictIdle(clock.nanoTime());
    Entry entry = LIMITERS.compute(share.limiterKey(), (key, existing) -> {
      Entry e = existing != null ? existing : new Entry(create(settings, fraction, clock));
      e.leases++;
      return e;
    });
    return new Lease(share.limiterKey(), entry.limiter, clock);
  }

  static TaskRateLimiter create(LlmSettings settings, double fraction, LlmClock clock) {
    int inFlight = Math.max(1, (int) Math.floor(settings.maxInFlight() * fraction));
    return new TaskRateLimiter(settings.requestsPerMinute() * fraction, settings.tokensPerMinute() * fraction, inFlight, fraction, clock,
        Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  private static void evictIdle(long now) {
    for (Iterator<Map.Entry<String, Entry>> it = LIMITERS.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Entry> e = it.next();
      LIMITERS.computeIfPresent(e.getKey(), (k, v) -> v.leases == 0 && now - v.lastReleased > IDLE_NANOS ? null : v);
    }
  }

  /** Limiters currently held in this JVM (for tests and diagnostics). */
  static int size() {
    return LIMITERS.size();
  }

  /** A task's use of a shared limiter; closing it removes the task's pause listener. Idempotent. */
  public static final class Lease implements AutoCloseable {
    private final String key;
    private final TaskRateLimiter limiter;
    private final LlmClock clock;
    private LongConsumer listener;
    private boolean closed;

    private Lease(String key, TaskRateLimiter limiter, LlmClock clock) {
      this.key = key;
      this.limiter = limiter;
      this.clock = clock;
    }

    public TaskRateLimiter limiter() {
      return limiter;
    }

    /** Tells {@code onPause} the epoch millisecond at which each pause of the shared limiter ends, until closed. */
    public synchronized void onPause(LongConsumer onPause) {
      if (listener != null) {
        limiter.removePauseListener(listener);
      }
      listener = onPause;
      limiter.addPauseListener(onPause);
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (listener != null) {
        limiter.removePauseListener(listener);
      }
      LIMITERS.computeIfPresent(key, (k, e) -> {
        e.leases--;
        e.lastReleased = clock.nanoTime();
        return e;
      });
    }
  }
}
