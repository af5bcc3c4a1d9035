package org.instructsynth.llm;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * A task's request and token budget: two Bucket4j token buckets on an injectable clock.
 *
 * <p>Requests are counted in thousandths so fractional per-task rates stay exact. Bursts are one
 * second of requests (at least one) and ten seconds of tokens. Each call reserves its estimated
 * tokens (prompt estimate + max_tokens) before it starts and {@link #reconcile} corrects the bucket
 * with the server's {@code usage} afterwards.
 *
 * <p>AIMD: a 429 halves the rate (down to 1/16) for a cool-down; after it, the rate grows back by a
 * quarter of the full rate per quarter cool-down without 429s. Like TCP's one decrease per
 * congestion event, 429s arriving within {@code eventWindow} of the last halving (answers to calls
 * sent before it, e.g. all calls in flight hitting one server-side limit) do not halve again; they
 * only extend the cool-down.
 */
public final class TaskRateLimiter {
  private static final long MILLI = 1000;
  private static final double MIN_FACTOR = 1.0 / 16;

  private final Bucket requests;
  private final Bucket tokens;
  private final long tokenCapacity;
  private final LlmClock clock;
  /** One waiter at a time: the others queue here instead of all waking for each refill. */
  private final java.util.concurrent.locks.ReentrantLock gate = new java.util.concurrent.locks.ReentrantLock(true);
  private final long cooldownNanos;
  private final long eventWindowNanos;
  private double factor = 1.0;
  private long cooldownUntil;
  private long lastHalving = Long.MIN_VALUE / 2;

  public TaskRateLimiter(double requestsPerMinute, double tokensPerMinute, LlmClock clock, Duration cooldown) {
    this(requestsPerMinute, tokensPerMinute, clock, cooldown, Duration.ofSeconds(2));
  }

  public TaskRateLimiter(double requestsPerMinute, double tokensPerMinute, LlmClock clock, Duration cooldown, Duration eventWindow) {
    this.clock = clock;
    this.cooldownNanos = cooldown.toNanos();
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

  public static TaskRateLimiter of(RateShare share, LlmClock clock) {
    return new TaskRateLimiter(share.requestsPerMinute(), share.tokensPerMinute(), clock, Duration.ofSeconds(30));
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
    long now = Math.min(reserved, tokenCapacity);
    if (now > 0) {
      take(tokens, now);
    }
    if (reserved > now) {
      tokens.consumeIgnoringRateLimits(reserved - now);
    }
    return reserved;
  }

  /** Corrects the token bucket once the server reported the real usage. */
  public void reconcile(long reservedTokens, long actualTokens) {
    long diff = actualTokens - reservedTokens;
    if (diff > 0) {
      tokens.consumeIgnoringRateLimits(diff);
    } else if (diff < 0) {
      tokens.addTokens(-diff);
    }
  }

  /** A 429 arrived: halve the rate and (re)start the cool-down. */
  public synchronized void onRateLimited() {
    long now = clock.nanoTime();
    if (now - lastHalving >= eventWindowNanos) {
      factor = Math.max(MIN_FACTOR, currentFactor() / 2);
      lastHalving = now;
    }
    cooldownUntil = now + cooldownNanos;
  }

  /** The fraction of the task's share currently allowed (1 = full rate). */
  public synchronized double currentFactor() {
    long now = clock.nanoTime();
    while (factor < 1.0 && now - cooldownUntil >= 0) {
      factor = Math.min(1.0, factor + 0.25);
      cooldownUntil += Math.max(1, cooldownNanos / 4);
    }
    return factor;
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
