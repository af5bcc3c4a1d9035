package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  void a429PausesUntilTheResetAndTrimsASmallStepThenRecoversWithinSeconds() throws InterruptedException {
    FakeClock clock = new FakeClock(0);
    TaskRateLimiter limiter = new TaskRateLimiter(60, 1e9, clock, Duration.ofSeconds(2));
    List<Long> pauses = new ArrayList<>();
    limiter.addPauseListener(pauses::add);
    limiter.acquire(0); // the burst of 1
    limiter.onRateLimited(Duration.ofSeconds(3).toNanos());
    assertThat(limiter.currentFactor()).isCloseTo(0.95, within(1e-9));
    assertThat(pauses).containsExactly(3_000L);
    limiter.acquire(0);
    // nothing passes before the reset, and the call right after it goes at once
    assertThat(clock.elapsedNanos()).isEqualTo(Duration.ofSeconds(3).toNanos());
    // 2 s without a 429 gave the step back
    assertThat(limiter.currentFactor()).isEqualTo(1.0);
    limiter.onRateLimited(0);
    clock.sleepNanos(Duration.ofMillis(500).toNanos());
    limiter.onRateLimited(0); // an answer of the same event (within 1 s): no second trim
    assertThat(limiter.currentFactor()).isCloseTo(0.95, within(1e-9));
    clock.sleepNanos(Duration.ofMillis(1100).toNanos());
    limiter.onRateLimited(0); // a new event
    assertThat(limiter.currentFactor()).isCloseTo(0.95 * 0.95, within(1e-9));
    clock.sleepNanos(Duration.ofSeconds(4).toNanos());
    assertThat(limiter.currentFactor()).isEqualTo(1.0);
    assertThat(pauses).hasSize(1);
  }

  @Test
  void afterAPauseCallsResumeAtTheSteadyRateNotInABurst() throws InterruptedException {
    FakeClock clock = new FakeClock(0);
    TaskRateLimiter limiter = new TaskRateLimiter(600, 1e9, clock, Duration.ofSeconds(2));
    clock.sleepNanos(Duration.ofSeconds(10).toNanos()); // the bucket holds its full burst of 10
    long start = clock.elapsedNanos();
    limiter.onRateLimited(Duration.ofSeconds(2).toNanos());
    limiter.acquire(0);
    assertThat(clock.elapsedNanos() - start).isEqualTo(Duration.ofSeconds(2).toNanos());
    limiter.acquire(0);
    assertThat((clock.elapsedNanos() - start) / 1e9).as("the second call waits one interval, not a burst").isGreaterThanOrEqualTo(2.099);
    for (int i = 0; i < 9; i++) {
      limiter.acquire(0);
    }
    // 11 calls: at 2.0 s, then one per 100 ms (the first paid 5 % more at the trimmed rate)
    assertThat((clock.elapsedNanos() - start) / 1e9).isBetween(2.99, 3.02);
  }

  @Test
  void theProvidersLimitHeadersCapTheRateBelowATooHighBudget() throws InterruptedException {
    FakeClock clock = new FakeClock(0);
    TaskRateLimiter limiter = new TaskRateLimiter(1200, 1e9, clock, Duration.ofSeconds(2));
    limiter.onResponse(new RateLimitHeaders(5000, -1, -1, -1, -1, -1, -1));
    assertThat(limiter.currentFactor()).as("a limit above the budget changes nothing").isEqualTo(1.0);
    limiter.onResponse(new RateLimitHeaders(600, -1, 599, -1, -1, -1, -1));
    assertThat(limiter.currentFactor()).isEqualTo(0.5);
    for (int i = 0; i < 600; i++) {
      limiter.acquire(0);
    }
    // 600 calls at the provider's 10/s (less the burst of 20 milli-requests at 2 per call): ~59 s, not 30 s
    assertThat(clock.elapsedNanos() / 1e9).isBetween(58.0, 60.0);
  }

  @Test
  void theProvidersTokenLimitCapsTheTokenRate() throws InterruptedException {
    FakeClock clock = new FakeClock(0);
    TaskRateLimiter limiter = new TaskRateLimiter(1e6, 6000, clock, Duration.ofSeconds(2));
    limiter.onResponse(new RateLimitHeaders(-1, 3000, -1, -1, -1, -1, -1));
    for (int i = 0; i < 110; i++) {
      limiter.acquire(100);
    }
    // each call is charged twice at the configured 100 tokens/s: 22,000 - burst 1,000 = 210 s
    assertThat(clock.elapsedNanos() / 1e9).isCloseTo(210.0, within(0.01));
  }

  @Test
  void inFlightSlotsAreCapped() throws Exception {
    TaskRateLimiter limiter = new TaskRateLimiter(60, 1e9, 2, 1.0, new FakeClock(0), Duration.ofSeconds(2), Duration.ofSeconds(1));
    assertThat(limiter.maxInFlight()).isEqualTo(2);
    limiter.enter();
    limiter.enter();
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    Thread third = new Thread(() -> {
      try {
        limiter.enter();
        entered.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    third.start();
    assertThat(entered.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)).as("a third call waits for a slot").isFalse();
    limiter.exit();
    assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    third.join();
  }
}
