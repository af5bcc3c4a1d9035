package org.instructsynth.config;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDate;

/**
 * {@code run.*}: which date partition a run writes, the seed that makes its sampling repeatable, and
 * how runs of the same output and date are kept apart.
 *
 * @param date the {@code run_date} partition; {@code today} in the YAML means the current UTC date
 * @param id the run id; empty means one is made from the start time and the recipe
 * @param seed the seed of every random choice the run makes (template choice, prompt sampling)
 * @param plan build the first LLM stage's requests, count them and estimate tokens and dollars, then
 *     stop without calling or writing anything ({@code --plan} on the command line)
 * @param lockStaleAfter a run lock whose heartbeat is older than this is taken over (its holder is
 *     taken for dead); the holder refreshes it every tenth of this
 * @param waitLock how long to wait for another run of the same output and date to finish before
 *     giving up (exit 3); zero gives up at once ({@code --wait-lock DURATION} on the command line)
 * @param retryFailed call again the requests whose ledger row is a permanent failure ({@code
 *     failed_permanent}, {@code context_length}); normally they are terminal ({@code --retry-failed})
 */
public record RunConfig(LocalDate date, String id, long seed, boolean plan, Duration lockStaleAfter, Duration waitLock,
    boolean retryFailed) implements Serializable {

  public static final Duration DEFAULT_LOCK_STALE_AFTER = Duration.ofMinutes(10);

  /** The settings of a run that does not name the lock or retry keys (defaults). */
  public RunConfig(LocalDate date, String id, long seed, boolean plan) {
    this(date, id, seed, plan, DEFAULT_LOCK_STALE_AFTER, Duration.ZERO, false);
  }
}
