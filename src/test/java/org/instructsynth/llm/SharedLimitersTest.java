package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedLimitersTest {
  private static final LlmSettings SETTINGS =
      LlmSettings.defaults().toBuilder().requestsPerMinute(120).tokensPerMinute(1e9).maxInFlight(12).partitions(8).build();

  @Test
  void tasksOfOneStageInOneJvmShareOneLimiterAndTogetherStayAtTheLimit() throws InterruptedException {
    FakeClock clock = new FakeClock(0);
    RateShare share = RateShare.of(SETTINGS, 2);
    double local = share.executorFraction(share.taskSlots());
    assertThat(local).as("local mode: the JVM holds the whole budget").isEqualTo(1.0);
    try (SharedLimiters.Lease a = SharedLimiters.lease(SETTINGS, share, local, clock);
        SharedLimiters.Lease b = SharedLimiters.lease(SETTINGS, share, local, clock);
        SharedLimiters.Lease otherStage = SharedLimiters.lease(SETTINGS, RateShare.of(SETTINGS, 2), local, clock)) {
      assertThat(a.limiter()).isSameAs(b.limiter()).isNotSameAs(otherStage.limiter());
      assertThat(a.limiter().maxInFlight()).isEqualTo(12);
      // two tasks taking turns: together they get 120 requests per minute, not 2 x 120
      for (int i = 0; i < 300; i++) {
        a.limiter().acquire(0);
        b.limiter().acquire(0);
      }
      // burst of 2, then 598 at 2 per second
      assertThat(clock.elapsedNanos() / 1e9).isCloseTo(299.0, org.assertj.core.api.Assertions.within(0.01));
    }
    // a lone task (the tail of the stage) gets the whole rate: 120 calls in a minute
    FakeClock tail = new FakeClock(0);
    try (SharedLimiters.Lease alone = SharedLimiters.lease(SETTINGS, RateShare.of(SETTINGS, 2), 1.0, tail)) {
      for (int i = 0; i < 121; i++) {
        alone.limiter().acquire(0);
      }
      assertThat(tail.elapsedNanos() / 1e9).isCloseTo(59.5, org.assertj.core.api.Assertions.within(0.01));
    }
  }

  @Test
  void executorsShareTheClusterBudgetByCoresAndNeverExceedIt() throws InterruptedException {
    RateShare share = RateShare.of(SETTINGS, 6); // 6 cores: executors of 2 and 4 cores
    double small = share.executorFraction(2);
    double large = share.executorFraction(4);
    assertThat(small + large).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(share.executorFraction(64)).as("never more than the whole budget").isEqualTo(1.0);
    assertThat(SharedLimiters.create(SETTINGS, small, new FakeClock(0)).maxInFlight()).isEqualTo(4);
    assertThat(SharedLimiters.create(SETTINGS, large, new FakeClock(0)).maxInFlight()).isEqualTo(8);
    // each executor calls as fast as its limiter lets it for 5 minutes (each on its own clock)
    long total = 0;
    for (double fraction : new double[] {small, large}) {
      FakeClock clock = new FakeClock(0);
      TaskRateLimiter limiter = SharedLimiters.create(SETTINGS, fraction, clock);
      while (true) {
        limiter.acquire(0);
        if (clock.elapsedNanos() > Duration.ofMinutes(5).toNanos()) break;
        total++;
      }
    }
    // 120 rpm x 5 min, plus each executor's one-second burst
    assertThat(total).isLessThanOrEqualTo(600 + 2).isGreaterThanOrEqualTo(598);
  }

  @Test
  void aTaskHearsThePausesOfTheSharedLimiterUntilItsLeaseCloses() {
    FakeClock clock = new FakeClock(1_000_000);
    RateShare share = RateShare.of(SETTINGS, 2);
    List<Long> heard = new ArrayList<>();
    SharedLimiters.Lease lease = SharedLimiters.lease(SETTINGS, share, 1.0, clock);
    try (SharedLimiters.Lease other = SharedLimiters.lease(SETTINGS, share, 1.0, clock)) {
      lease.onPause(heard::add);
      other.limiter().onRateLimited(Duration.ofSeconds(5).toNanos());
      assertThat(heard).containsExactly(1_005_000L);
      lease.close();
      lease.close(); // idempotent
      clock.sleepNanos(Duration.ofSeconds(10).toNanos());
      other.limiter().onRateLimited(Duration.ofSeconds(5).toNanos());
      assertThat(heard).hasSize(1);
    }
  }
}
