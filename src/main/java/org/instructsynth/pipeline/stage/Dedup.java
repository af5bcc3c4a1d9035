package org.instructsynth.pipeline.stage;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.config.DedupConfig;
import org.instructsynth.pipeline.StageRunner;

/** The duplicate-removal stages a recipe runs, as {@code dedup.*} asks. */
public final class Dedup {
  private Dedup() {}

  public static Dataset<Row> apply(StageRunner runner, Dataset<Row> rows, DedupConfig dedup) {
    if (dedup.exact()) {
      rows = runner.run(new ExactDedup(), rows);
    }
    if (dedup.near()) {
      rows = runner.run(new NearDedup(dedup), rows);
    }
    return rows;
  }
}
