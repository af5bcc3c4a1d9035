package org.instructsynth.llm;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * A request, token and in-flight budget on an injectable clock, shared by every call that uses it:
 * in a Spark stage one per executor JVM, shared by all its tasks ({@link SharedLimiters}).
 *
 * <p>Two Bucket4j token buckets hold the rate. Requests are counted in thousandths so fractional
 * rates stay exact. Bursts are one second of requests (at least one) and ten seconds of tokens.
 * Each call reserves its estimated tokens (prompt estimate + max_tokens) before it starts and
 * {@link #reconcile} corrects the bucket with the server's {@code usage} afterwards.
 *
 * <p>Reaching the provider's true limit:
 *
 * <ul>
 *   <li>The provider's {@code x-ratelimit-limit-requests/-tokens} (per minute, for the account)
 *       cap the rate at {@code limit x providerShare} when lower than the configured budget
 *       ({@link #onResponse}); {@code providerShare} is this limiter's part of the account.
 *   <li>A 429 pauses every call of the limiter until the provider's indicated reset ({@link
 *       #onRateLimited}; the pause is charged to the request bucket as debt, so calls resume at the
 *       steady rate, not in a burst) and trims the rate by {@value #STEP_PERCENT} %. 429s arriving
 *       within {@code eventWindow} of the last trim (answers to calls already in flight) do not trim
 *       again. Each {@code recoverEvery} without a 429 gives the step back, up to the full rate.
 * </ul>
 */
public final class TaskRateLimiter {
  static final int STEP_PERCENT = 5;
  private static final double STEP = STEP_PERCENT / 100.0;
  private static final double MIN_TRIM = 0.25;
  private static final long MILLI = 1000;

  private final Bucket requests;
  private final Bucket tokens;
  private final long tokenCapacity;
  private final double milliPerNano;
  private final double requestsPerMinute;
  private final double tokensPerMinute;
  private final double providerShare;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final LlmClock clock;
  /** One waiter at a time: the others queue here instead of all waking for each refill. */
  private final ReentrantLock gate = new ReentrantLock(true);
  private final long recoverEveryNanos;
  private final long eventWindowNanos;
  private final List<LongConsumer> pauseListeners = new CopyOnWriteArrayList<>();
  private double trim = 1.0;
  private double providerRequests = 1.0;
  private double providerTokens = 1.0;
  private long lastTrim = Long.MIN_VALUE / 2;
  private long nextRecovery;
  private long pausedUntil = Long.MIN_VALUE / 2;

  /** A limiter without an in-flight cap that owns the whole provider limit; trims recover every {@code recoverEvery}. */
  public TaskRateLimiter(double requestsPerMinute, double tokensPerMinute, LlmClock clock, Duration recoverEvery) {
    this(requestsPerMinute, tokensPerMinute, 0, 1.0, clock, recoverEvery, Duration.ofSeconds(1));
  }

  /**
   * @param maxInFlight calls at once between {@link #enter} and {@link #exit}; 0 means no cap
   * @param providerShare the part of the provider's account limits this limiter may use (0-1]
   */
  public TaskRateLimiter(double requestsPerMinute, double tokensPerMinute, int maxInFlight, double providerShare, LlmClock clock,
      Duration recoverEvery, Duration eventWindow) {
    this.clock = clock;
    this.requestsPerMinute = requestsPerMinute;
    this.tokensPerMinute = tokensPerMinute;
    this.providerShare = providerShare;
    this.maxInFlight = maxInFlight;
    this.inFlight = maxInFlight > 0 ? new Semaphore(maxInFlight, true) : null;
    this.recoverEveryNanos = Math.max(1, recoverEvery.toNanos());
    this.eventWindowNanos = eventWindow.toNanos();
    TimeMeter meter =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return clock.nanoTime();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    long milliPerMinute = Math.max(1, Math.round(requestsPerMinute * MILLI));
    milliPerNano = milliPerMinute / 60e9;
    long requestCapacity = Math.max(MILLI, milliPerMinute / 60);
    requests = Bucket.builder()
        .addLimit(l -> l.capacity(requestCapacity).refillGreedy(milliPerMinute, Duration.ofMinutes(1)))
        .withCustomTimePrecision(meter)
        .build();
    long tpm = Math.max(1, Math.round(tokensPerMinute));
    tokenCapacity = Math.max(1, tpm / 6);
    tokens = Bucket.builder()
        .addLimit(l -> l.capacity(tokenCapacity).refillGreedy(tpm, Duration.ofMinutes(1)))
        .withCustomTimePrecision(meter)
        .build();
  }

  /** A task's own limiter at its {@link RateShare} (no in-flight cap: {@link PartitionCaller} bounds it). */
  public static TaskRateLimiter of(RateShare share, LlmClock clock) {
    return new TaskRateLimiter(share.requestsPerMinute(), share.tokensPerMinute(), 0, 1.0 / Math.max(1, share.concurrentTasks()), clock,
        Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  /** Calls this limiter lets run at once; 0 when it does not cap them. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Blocks until one of the in-flight slots is free and takes it: a call (with its retries) holds
   * one from start to end. Every {@code enter} must be followed by one {@link #exit}.
   */
  public void enter() throws InterruptedException {
    if (inFlight != null) {
      inFlight.acquire();
    }
  }

  /** The call that {@link #enter}ed is over. */
  public void exit() {
    if (inFlight != null) {
      inFlight.release();
    }
  }

  /**
   * Blocks (on the clock) until one request and {@code estimatedTokens} tokens are available and
   * takes them. A call larger than the token burst waits for a full burst and takes the rest as debt.
   *
   * @return the tokens actually reserved, to pass to {@link #reconcile}
   */
  public long acquire(long estimatedTokens) throws InterruptedException {
    gate.lockInterruptibly();
    try {
      return acquireLocked(estimatedTokens);
    } finally {
      gate.unlock();
    }
  }

  private long acquireLocked(long estimatedTokens) throws InterruptedException {
    long cost = Math.round(MILLI / currentFactor());
    take(requests, MILLI);
    if (cost > MILLI) {
      // A reduced rate charges the difference as debt: later calls wait for it to refill.
      requests.consumeIgnoringRateLimits(cost - MILLI);
    }
    long reserved = Math.max(0, estimatedTokens);
    long charged = Math.round(reserved / tokenFactor());
    long now = Math.min(charged, tokenCapacity);
    if (now > 0) {
      take(tokens, now);
    }
    if (charged > now) {
      tokens.consumeIgnoringRateLimits(charged - now);
    }
    return reserved;
  }

  /** Corrects the token bucket once the server reported the real usage. */
  public void reconcile(long reservedTokens, long actualTokens) {
    long diff = Math.round((actualTokens - reservedTokens) / tokenFactor());
    if (diff > 0) {
      tokens.consumeIgnoringRateLimits(diff);
    } else if (diff < 0) {
      tokens.addTokens(-diff);
    }
  }

  /** Learns the provider's per-minute limits from any response's headers. */
  public synchronized void onResponse(RateLimitHeaders headers) {
    if (headers.limitRequests() > 0) {
      providerRequests = Math.min(1.0, headers.limitRequests() * providerShare / requestsPerMinute);
    }
    if (headers.limitTokens() > 0) {
      providerTokens = Math.min(1.0, headers.limitTokens() * providerShare / tokensPerMinute);
    }
  }

  /**
   * A 429 arrived: trim the rate by one step (once per event) and pause every call until {@code
   * pauseNanos} from now (0: no pause).
   */
  public void onRateLimited(long pauseNanos) {
    long now = clock.nanoTime();
    synchronized (this) {
      currentFactor(); // apply recoveries earned so far before trimming
      if (now - lastTrim >= eventWindowNanos) {
        trim = Math.max(MIN_TRIM, trim * (1 - STEP));
        lastTrim = now;
      }
      nextRecovery = now + recoverEveryNanos;
    }
    if (pauseNanos > 0) {
      pause(now, pauseNanos);
    }
  }

  private void pause(long now, long pauseNanos) {
    long from;
    long until = now + pauseNanos;
    synchronized (this) {
      from = Math.max(now, pausedUntil);
      if (until <= from) {
        return;
      }
      pausedUntil = until;
    }
    // Drain the burst and owe the pause (less the one request that refills by its end): nothing is
    // sent before it ends, then the steady rate resumes instead of a burst.
    requests.tryConsumeAsMuchAsPossible();
    long debt = Math.round((until - from) * milliPerNano) - (from == now ? MILLI : 0);
    if (debt > 0) {
      requests.consumeIgnoringRateLimits(debt);
    }
    long untilEpochMillis = clock.epochMillis() + pauseNanos / 1_000_000;
    for (LongConsumer listener : pauseListeners) {
      listener.accept(untilEpochMillis);
    }
  }

  /** {@code listener} gets the epoch millisecond at which each new pause ends. */
  public void addPauseListener(LongConsumer listener) {
    pauseListeners.add(listener);
  }

  public void removePauseListener(LongConsumer listener) {
    pauseListeners.remove(listener);
  }

  /** The fraction of the configured request rate currently allowed (1 = full rate). */
  public synchronized double currentFactor() {
    long now = clock.nanoTime();
    while (trim < 1.0 && now - nextRecovery >= 0) {
      trim = Math.min(1.0, trim + STEP);
      nextRecovery += recoverEveryNanos;
    }
    return trim * providerRequests;
  }

  private synchronized double tokenFactor() {
    return providerTokens;
  }

  private void take(Bucket bucket, long amount) throws InterruptedException {
    while (true) {
      ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(amount);
      if (probe.isConsumed()) {
        return;
      }
      clock.sleepNanos(Math.max(1, probe.getNanosToWaitForRefill()));
    }
  }
}
