package org.instructsynth.pipeline.dedup;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.config.DedupConfig;
import org.instructsynth.pipeline.StageRunner;

/** The duplicate-removal stages a recipe runs, as {@code dedup.*} asks. */
public final class Dedup {
  private Dedup() {}

  /**
   * {@code dedup-exact} (within the night with {@code dedup.exact}, and against every other committed
   * date with {@code dedup.earlier-runs}, so an id never appears in two dates even with
   * {@code dedup.exact: false}), then {@code dedup-rouge} with {@code dedup.near}.
   */
  public static Dataset<Row> apply(StageRunner runner, Dataset<Row> rows, DedupConfig dedup) {
    if (dedup.exact() || dedup.earlierRuns()) {
      rows = runner.run(new ExactDedup(dedup.exact(), dedup.earlierRuns()), rows);
    }
    if (dedup.near()) {
      rows = runner.run(new NearDedup(dedup), rows);
    }
    return rows;
  }

  /**
   * For recipes that deduplicate inside their own loop (self-instruct, self-guide): only the check
   * against other committed dates, with {@code dedup.earlier-runs}, so their ids stay unique across
   * dates too.
   */
  public static Dataset<Row> acrossDates(StageRunner runner, Dataset<Row> rows, DedupConfig dedup) {
    return dedup.earlierRuns() ? runner.run(new ExactDedup(false, true), rows) : rows;
  }
}
