package org.instructsynth.pipeline.export;

/**
 * Where a run's exports and dataset card are written: the small interface the exporter needs from
 * the output layout. {@link DirectExportSink} writes into {@code <output>/exports} itself; a publish
 * step that stages a night's files and renames them into place gives a sink whose {@link #root()} is
 * its staging folder, and moves what {@link ExportResult#written()} lists (paths relative to the root)
 * when it commits the night.
 */
public interface ExportSink {
  /** The Hadoop directory that stands for {@code <output>/exports} while this run writes. */
  String root();

  /** The published {@code <output>/exports} folder: read (never written) to tell whether a date is the newest. */
  String publishedRoot();

  /**
   * Removes what an earlier run of {@code runDate} left under {@link #root()} ({@code <format>/run_date=D}
   * folders and the date's card), so a rerun replaces the date. A staging sink starts empty: nothing to do.
   */
  void clearDate(String runDate);
}
