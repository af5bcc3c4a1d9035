package org.instructsynth.config;

import java.io.Serializable;
import java.util.List;

/**
 * {@code split.*}: stable hash split into train, eval and eval_unseen.
 *
 * @param seed changes every bucket when changed; keep it fixed across nights
 * @param evalFraction share of groups that go to eval
 * @param minEvalPerTask every task with more groups than this gets at least this many in eval
 * @param holdoutClusters task clusters that go whole to {@code eval_unseen} (FLAN's held-out clusters)
 */
public record SplitConfig(
    long seed, double evalFraction, int minEvalPerTask, List<String> holdoutClusters)
    implements Serializable {}
