package org.instructsynth.pipeline;

/**
 * One generation round of a recipe that loops on the driver, for the report's per-round curve.
 *
 * @param prompts prompts sent (or answered from the ledger) this round
 * @param generated rows the round's generate stage emitted: items parsed from the answers and the parser's rejects,
 *     before any filter (and one row per failed call)
 * @param candidates items that passed the round's filters and reached the ROUGE-L check
 * @param kept candidates kept this round
 * @param pool items kept so far (the pool the next round samples from)
 */
public record RoundStats(int round, long prompts, long generated, long candidates, long kept, long pool) {}
