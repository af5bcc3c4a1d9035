package org.instructsynth.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A clock whose sleeps return at once and move time forward; records every sleep. */
final class FakeClock implements LlmClock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final long epochStartMillis;
  final List<Long> sleeps = new ArrayList<>();

  FakeClock(long epochStartMillis) {
    this.epochStartMillis = epochStartMillis;
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long epochMillis() {
    return epochStartMillis + (nanos.get() - 1_000_000_000L) / 1_000_000;
  }

  @Override
  public void sleepNanos(long n) {
    synchronized (sleeps) {
      sleeps.add(n);
    }
    nanos.addAndGet(n);
  }

  long elapsedNanos() {
    return nanos.get() - 1_000_000_000L;
  }

  List<Long> sleeps() {
    synchronized (sleeps) {
      return List.copyOf(sleeps);
    }
  }
}
