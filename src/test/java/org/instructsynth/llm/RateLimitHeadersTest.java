package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private static RateLimitHeaders parse(Map<String, String> headers) {
    Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ci.putAll(headers);
    return RateLimitHeaders.parse(ci::get, NOW);
  }

  @Test
  void openAiDurationFormats() {
    assertThat(RateLimitHeaders.durationNanos("1s")).isEqualTo(1_000_000_000L);
    assertThat(RateLimitHeaders.durationNanos("6m0s")).isEqualTo(360_000_000_000L);
    assertThat(RateLimitHeaders.durationNanos("20ms")).isEqualTo(20_000_000L);
    assertThat(RateLimitHeaders.durationNanos("1h2m3.5s")).isEqualTo(3_723_500_000_000L);
    assertThat(RateLimitHeaders.durationNanos("59.95s")).isEqualTo(59_950_000_000L);
    assertThat(RateLimitHeaders.durationNanos("250us")).isEqualTo(250_000L);
    assertThat(RateLimitHeaders.durationNanos("0.5")).as("bare seconds").isEqualTo(500_000_000L);
    assertThat(RateLimitHeaders.durationNanos(" 2 ")).isEqualTo(2_000_000_000L);
    for (String bad : new String[] {"soon", "1x", "s", "1s garbage", "", null}) {
      assertThat(RateLimitHeaders.durationNanos(bad)).as(String.valueOf(bad)).isEqualTo(-1);
    }
  }

  @Test
  void readsEveryHeaderOfAnOpenAiAnswer() {
    RateLimitHeaders h = parse(Map.of(
        "x-ratelimit-limit-requests", "60", "x-ratelimit-limit-tokens", "150000",
        "x-ratelimit-remaining-requests", "59", "x-ratelimit-remaining-tokens", "149984",
        "x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s"));
    assertThat(h).isEqualTo(new RateLimitHeaders(60, 150_000, 59, 149_984, 1_000_000_000L, 360_000_000_000L, -1));
    assertThat(parse(Map.of())).isEqualTo(RateLimitHeaders.NONE);
    assertThat(parse(Map.of("x-ratelimit-limit-requests", "lots")).limitRequests()).isEqualTo(-1);
  }

  @Test
  void retryAfterMsThenSecondsThenHttpDate() {
    assertThat(parse(Map.of("retry-after-ms", "1500", "Retry-After", "9")).retryAfterNanos()).isEqualTo(1_500_000_000L);
    assertThat(parse(Map.of("retry-after-ms", "12.5")).retryAfterNanos()).isEqualTo(12_500_000L);
    assertThat(parse(Map.of("retry-after-ms", "bogus", "Retry-After", "9")).retryAfterNanos()).isEqualTo(9_000_000_000L);
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(NOW + 7_000).atOffset(ZoneOffset.UTC));
    assertThat(parse(Map.of("Retry-After", date)).retryAfterNanos()).isEqualTo(7_000_000_000L);
    String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(NOW - 7_000).atOffset(ZoneOffset.UTC));
    assertThat(parse(Map.of("Retry-After", past)).retryAfterNanos()).isZero();
    assertThat(parse(Map.of("Retry-After", "next tuesday")).retryAfterNanos()).isEqualTo(-1);
  }

  @Test
  void a429WaitsForTheExplicitHintElseTheExhaustedLimitsReset() {
    assertThat(parse(Map.of("retry-after-ms", "300", "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "20s"))
        .waitNanos()).isEqualTo(300_000_000L);
    // tokens exhausted, requests not: the token reset counts
    assertThat(parse(Map.of("x-ratelimit-remaining-requests", "12", "x-ratelimit-reset-requests", "200ms",
        "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "1.5s")).waitNanos()).isEqualTo(1_500_000_000L);
    // neither says it is exhausted: the longer reset
    assertThat(parse(Map.of("x-ratelimit-reset-requests", "200ms", "x-ratelimit-reset-tokens", "1s")).waitNanos())
        .isEqualTo(1_000_000_000L);
    assertThat(RateLimitHeaders.NONE.waitNanos()).isEqualTo(-1);
  }

  @Test
  void providerWaitsAboveTheBoundAreRefused() {
    java.time.Duration max = java.time.Duration.ofMinutes(2);
    RateLimitHeaders hour = parse(Map.of("Retry-After", "3600"));
    ProviderWait refused = ProviderWait.of(429, hour, max);
    assertThat(refused.refused()).isTrue();
    assertThat(refused.obeyedNanos()).isEqualTo(-1);
    assertThat(refused.refusal()).contains("3600 s").contains("llm.max-retry-after (120 s)").contains("transient failure");
    assertThat(ProviderWait.of(503, parse(Map.of("Retry-After", "120")), max).obeyedNanos()).isEqualTo(120_000_000_000L);
    // a 503 does not wait for a rate-limit reset, only for an explicit Retry-After
    assertThat(ProviderWait.of(503, parse(Map.of("x-ratelimit-reset-requests", "5s")), max).obeyedNanos()).isEqualTo(-1);
    assertThat(ProviderWait.of(429, parse(Map.of("x-ratelimit-reset-requests", "5s")), max).obeyedNanos()).isEqualTo(5_000_000_000L);
  }
}
