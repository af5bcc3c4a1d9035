package org.instructsynth.pipeline;

/**
 * One generation round of a recipe that loops on the driver, for the report's per-round curve.
 *
 * @param prompts prompts sent (or answered from the ledger) this round
 * @param generated items parsed from the answers, before any filter
 * @param candidates items that passed the round's filters and reached the ROUGE-L check
 * @param kept candidates kept this round
 * @param pool items kept so far (the pool the next round samples from)
 */
public record RoundStats(int round, long prompts, long generated, long candidates, long kept, long pool) {}
