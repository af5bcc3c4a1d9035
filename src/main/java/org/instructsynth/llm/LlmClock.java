package org.instructsynth.llm;

import java.util.concurrent.TimeUnit;

/** Time source and sleeper of the client and rate limiter; tests inject a fake that never sleeps. */
public interface LlmClock {
  long nanoTime();

  long epochMillis();

  void sleepNanos(long nanos) throws InterruptedException;

  LlmClock SYSTEM =
      new LlmClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long epochMillis() {
          return System.currentTimeMillis();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
          if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
          }
        }

        @Override
        public String toString() {
          return "LlmClock.SYSTEM";
        }
      };
}
