package org.instructsynth.llm;

import java.time.Duration;
import java.util.Locale;

/**
 * The wait a provider asked for after a retryable answer, bounded by {@code llm.max-retry-after}.
 * For a 429 it is {@link RateLimitHeaders#waitNanos()} ({@code retry-after-ms}, {@code
 * Retry-After}, or the exhausted limit's reset); for 408, 409 and 5xx only {@code
 * retry-after-ms}/{@code Retry-After}. A wait above the bound is refused: the attempt counts as a
 * transient failure and the client waits its own backoff instead, so a {@code Retry-After: 3600}
 * (an exhausted daily quota, a maintenance window) never turns into an hour-long sleep.
 *
 * @param requestedNanos the provider's wait, -1 when it gave none
 * @param maxNanos {@code llm.max-retry-after}
 */
public record ProviderWait(long requestedNanos, long maxNanos) {

  public static ProviderWait of(int code, RateLimitHeaders headers, Duration maxRetryAfter) {
    return new ProviderWait(code == 429 ? headers.waitNanos() : headers.retryAfterNanos(), maxRetryAfter.toNanos());
  }

  /** The provider asked for a wait longer than {@code llm.max-retry-after}. */
  public boolean refused() {
    return requestedNanos > maxNanos;
  }

  /** The wait to obey, or -1 when there is none (no hint, or a refused one): the caller backs off. */
  public long obeyedNanos() {
    return requestedNanos >= 0 && !refused() ? requestedNanos : -1;
  }

  /** Why the wait was not obeyed, and what to do about it. */
  public String refusal() {
    return String.format(Locale.ROOT,
        "the provider asked to wait %.0f s, more than llm.max-retry-after (%.0f s), so this attempt counts as a transient failure "
            + "(retried with backoff within llm.max-retries); a long wait usually means an exhausted quota: check the account's "
            + "limits, or raise llm.max-retry-after to wait it out",
        requestedNanos / 1e9, maxNanos / 1e9);
  }
}
