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
 * @param failOnDrift a run whose comparison flags a drift exits 5 instead of 0 (tables and report are
 *     still written), so a scheduler can stop the consumers of the night
 */
public record ReportConfig(boolean comparePrevious, double maxRelativeChange, double maxRatioChange, boolean failOnDrift)
    implements Serializable {

  public ReportConfig(boolean comparePrevious, double maxRelativeChange, double maxRatioChange) {
    this(comparePrevious, maxRelativeChange, maxRatioChange, false);
  }
}
