package org.instructsynth.config;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * {@code run.*}: which date partition a run writes and the seed that makes its sampling repeatable.
 *
 * @param date the {@code run_date} partition; {@code today} in the YAML means the current UTC date
 * @param id the run id; empty means one is made from the start time and the recipe
 * @param seed the seed of every random choice the run makes (template choice, prompt sampling)
 * @param plan build the first LLM stage's requests, count them and estimate tokens and dollars, then
 *     stop without calling or writing anything ({@code --plan} on the command line)
 * @param retryFailed call again the requests whose ledger row is a permanent failure ({@code
 *     failed_permanent}, {@code context_length}); normally they are terminal ({@code --retry-failed})
 */
public record RunConfig(LocalDate date, String id, long seed, boolean plan,
    boolean retryFailed) implements Serializable {}
