package org.instructsynth.llm;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rate-limit headers of one response, as OpenAI and compatible gateways send them. A value
 * the response lacks (or that does not parse) is -1.
 *
 * <ul>
 *   <li>{@code x-ratelimit-limit-requests}, {@code x-ratelimit-limit-tokens}: the account's
 *       limits per minute.
 *   <li>{@code x-ratelimit-remaining-requests}, {@code x-ratelimit-remaining-tokens}: what is left.
 *   <li>{@code x-ratelimit-reset-requests}, {@code x-ratelimit-reset-tokens}: time until the limit
 *       is replenished, in Go's duration format ({@code 1s}, {@code 6m0s}, {@code 20ms}, {@code
 *       1h2m3.5s}) or a bare number of seconds.
 *   <li>{@code retry-after-ms} (milliseconds), else {@code Retry-After} (seconds or an HTTP date).
 * </ul>
 *
 * @param retryAfterNanos the provider's explicit wait ({@code retry-after-ms}, else {@code
 *     Retry-After}), or -1
 */
public record RateLimitHeaders(long limitRequests, long limitTokens, long remainingRequests, long remainingTokens,
    long resetRequestsNanos, long resetTokensNanos, long retryAfterNanos) {

  public static final RateLimitHeaders NONE = new RateLimitHeaders(-1, -1, -1, -1, -1, -1, -1);

  private static final System.Logger LOG = System.getLogger(RateLimitHeaders.class.getName());
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?)(ns|us|µs|ms|s|m|h)");

  /**
   * Reads the headers with {@code header} (case-insensitive lookup, null when absent); {@code
   * nowEpochMillis} turns an HTTP-date {@code Retry-After} into a wait.
   */
  public static RateLimitHeaders parse(Function<String, String> header, long nowEpochMillis) {
    return new RateLimitHeaders(
        count(header.apply("x-ratelimit-limit-requests")),
        count(header.apply("x-ratelimit-limit-tokens")),
        count(header.apply("x-ratelimit-remaining-requests")),
        count(header.apply("x-ratelimit-remaining-tokens")),
        durationNanos(header.apply("x-ratelimit-reset-requests")),
        durationNanos(header.apply("x-ratelimit-reset-tokens")),
        retryAfterNanos(header.apply("retry-after-ms"), header.apply("Retry-After"), nowEpochMillis));
  }

  /**
   * How long a rate-limited (429) request should wait: the explicit {@code retry-after-ms} /
   * {@code Retry-After}, else the reset of the exhausted limit (requests and/or tokens with nothing
   * remaining; the longer one), else the longer of both resets; -1 when the response says nothing.
   */
  public long waitNanos() {
    if (retryAfterNanos >= 0) {
      return retryAfterNanos;
    }
    long wait = -1;
    if (remainingRequests == 0) wait = Math.max(wait, resetRequestsNanos);
    if (remainingTokens == 0) wait = Math.max(wait, resetTokensNanos);
    return wait >= 0 ? wait : Math.max(resetRequestsNanos, resetTokensNanos);
  }

  /** Go/OpenAI durations ({@code 6m0s}, {@code 20ms}, {@code 1h2m3.5s}) or a bare number of seconds; -1 if unparseable. */
  static long durationNanos(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      return Math.max(0, Math.round(Double.parseDouble(v) * 1e9));
    } catch (NumberFormatException notSeconds) {
      // Go's format below
    }
    Matcher m = GO_DURATION.matcher(v);
    int at = 0;
    double nanos = 0;
    while (m.find() && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      at = m.end();
    }
    if (at == 0 || at != v.length()) {
      LOG.log(System.Logger.Level.DEBUG, "ignoring unparseable rate-limit reset duration {0}", value);
      return -1;
    }
    return Math.round(nanos);
  }

  private static long count(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      LOG.log(System.Logger.Level.DEBUG, "ignoring unparseable rate-limit count {0}", value);
      return -1;
    }
  }

  private static long retryAfterNanos(String ms, String after, long nowEpochMillis) {
    if (ms != null) {
      try {
        return Math.max(0, Math.round(Double.parseDouble(ms.trim()) * 1e6));
      } catch (NumberFormatException ignored) {
        LOG.log(System.Logger.Level.DEBUG, "ignoring unparseable retry-after-ms header {0}", ms);
      }
    }
    if (after != null) {
      try {
        return Math.max(0, Math.round(Double.parseDouble(after.trim()) * 1e9));
      } catch (NumberFormatException notSeconds) {
        try {
          long at = ZonedDateTime.parse(after.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
          return Math.max(0, (at - nowEpochMillis) * 1_000_000);
        } catch (DateTimeParseException e) {
          LOG.log(System.Logger.Level.DEBUG, "ignoring unparseable Retry-After header {0}", after);
        }
      }
    }
    return -1;
  }
}
