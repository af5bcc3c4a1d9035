package org.instructsynth.config;

import java.io.Serializable;

/**
 * {@code report.*}: the night-over-night comparison in the run report.
 *
 * @param comparePrevious compare this run with the latest run of an earlier date in the same output
 * @param maxRelativeChange flag counts (rows kept, tokens, dollars) that changed by more than this
 *     share of the previous value (0.5 = 50 %)
 * @param maxRatioChange flag ratios (drop ratio, duplicate rate) that moved by more than this many
 *     points (0.1 = 10 percentage points)
 */
public record ReportConfig(boolean comparePrevious, double maxRelativeChange, double maxRatioChange)
    implements Serializable {}
