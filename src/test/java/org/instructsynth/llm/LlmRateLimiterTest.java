package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LlmRateLimiterTest {
  @Test
  void achievedRequestRateMatchesTheBudget() throws InterruptedException {
    FakeClock clock = new FakeClock(0);
    TaskRateLimiter limiter = new TaskRateLimiter(120, 1e9, clock, Duration.ofSeconds(30));
    int calls = 600;
    for (int i = 0; i < calls; i++) {
      limiter.acquire(0);
    }
    // burst of 2 (one second of 2 req/s), then 598 at 2 per second = 299 s
    double minutes = clock.elapsedNanos() / 60e9;
    assertThat(clock.elapsedNanos() / 1e9).isCloseTo(299.0, within(0.01));
    assertThat(calls / minutes).isCloseTo(120.0, within(1.0));
  }

  @Test
  void tokenBudgetBindsWhenCallsAreLarge() throws InterruptedException {
    FakeClock clock = new FakeClock(0);
    TaskRateLimiter limiter = new TaskRateLimiter(1e6, 6000, clock, Duration.ofSeconds(30));
    for (int i = 0; i < 110; i++) {
      limiter.acquire(100);
    }
    // burst 1000 tokens (10 s), then 100 tokens per second: 11,000 - 1,000 = 10,000 tokens = 100 s
    assertThat(clock.elapsedNanos() / 1e9).isCloseTo(100.0, within(0.01));
  }

  @Test
  void reconcileReturnsOverReservedTokens() throws InterruptedException {
    FakeClock clock = new FakeClock(0);
    TaskRateLimiter limiter = new TaskRateLimiter(1e6, 6000, clock, Duration.ofSeconds(30));
    for (int i = 0; i < 110; i++) {
      long reserved = limiter.acquire(100);
      limiter.reconcile(reserved, 50); // the server reported half
    }
    // 110 x 50 = 5,500 tokens: burst 1,000 + 4,500 at 100/s = 45 s (up to one call's rounding)
    assertThat(clock.elapsedNanos() / 1e9).isBetween(44.0, 46.0);
  }

  @Test
  void a429HalvesTheRateForTheCooldownThenRecovers() throws InterruptedException {
    FakeClock clock = new FakeClock(0);
    TaskRateLimiter limiter = new TaskRateLimiter(60, 1e9, clock, Duration.ofSeconds(40));
    limiter.acquire(0); // burst of 1
    limiter.onRateLimited();
    assertThat(limiter.currentFactor()).isEqualTo(0.5);
    long start = clock.elapsedNanos();
    for (int i = 0; i < 10; i++) {
      limiter.acquire(0);
    }
    // 1 req/s at full rate; at half rate each call costs 2 s: 10 calls take ~20 s, not 10 s
    assertThat((clock.elapsedNanos() - start) / 1e9).isBetween(18.0, 21.0);
    clock.sleepNanos(Duration.ofSeconds(40).toNanos());
    assertThat(limiter.currentFactor()).isEqualTo(1.0);
    limiter.onRateLimited();
    limiter.onRateLimited(); // same congestion event (within 2 s): no second halving
    assertThat(limiter.currentFactor()).isEqualTo(0.5);
    clock.sleepNanos(Duration.ofSeconds(3).toNanos());
    limiter.onRateLimited(); // a new event
    assertThat(limiter.currentFactor()).isEqualTo(0.25);
  }
}
