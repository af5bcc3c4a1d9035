package org.instructsynth.pipeline.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The exports and dataset card as part of a night's publish (docs/exports.md, "Published with the
 * tables"). A run writes them under {@code _staging/<run_id>/exports/}; the commit record lists the
 * paths (relative to {@code <output>/exports}), and right after the record is written {@link
 * #install} moves each staged path into {@code <output>/exports/}, replacing the date's earlier
 * folders (and removing the date's folders of formats the night no longer writes). Installing is
 * idempotent: a path whose staged copy is gone was moved already. A crash before the record leaves
 * the published exports untouched (the staged copies are removed by the next run); a crash after it
 * is finished by the next run of any date, which installs what the newest record of each date lists
 * before it cleans the staging area ({@link #recover}). Same for every output.format: exports are
 * files even when the tables are Iceberg or Delta.
 */
final class PublishedExports {
  static final String DIR = "exports";
  private final Configuration conf;
  private final Path output;

  PublishedExports(Configuration conf, String outputPath) {
    this.conf = conf;
    this.output = new Path(outputPath);
  }

  /** {@code <output>/exports}: what users read and upload. */
  Path published() {
    return new Path(output, DIR);
  }

  /** {@code <output>/_staging/<runId>/exports}: where run {@code runId} writes its exports and card. */
  Path staged(String runId) {
    return new Path(new Path(new Path(output, FileStore.STAGING), runId), DIR);
  }

  /** Moves what {@code record} lists from its run's staging folder into {@code <output>/exports}. */
  void install(CommitRecord record) {
    if (record.exports().isEmpty()) {
      return;
    }
    Path from = staged(record.runId());
    Path to = published();
    try {
      FileSystem fs = to.getFileSystem(conf);
      if (!fs.exists(from)) {
        return; // installed already (or cleaned after a complete install)
      }
      for (String rel : record.exports()) {
        Path source = new Path(from, rel);
        Path target = new Path(to, rel);
        if (!fs.exists(source)) {
          continue;
        }
        if (fs.exists(target) && !fs.delete(target, true)) {
          throw new IOException("cannot remove " + target);
        }
        fs.mkdirs(target.getParent());
        if (!fs.rename(source, target)) {
          throw new IOException("rename of " + source + " to " + target + " failed");
        }
      }
      removeDroppedFormats(fs, to, record);
      fs.delete(from, true);
      dropIfEmpty(fs, from.getParent());
      dropIfEmpty(fs, from.getParent().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish the exports of " + record.runDate() + " into " + to + ": "
          + e.getMessage() + "; the next run of this output finishes it", e);
    }
  }

  /** A rerun replaces the date: its folders of formats the new night does not list go. */
  private static void removeDroppedFormats(FileSystem fs, Path root, CommitRecord record) throws IOException {
    String partition = "run_date=" + record.runDate();
    for (FileStatus dir : fs.listStatus(root)) {
      Path date = new Path(dir.getPath(), partition);
      if (dir.isDirectory() && !record.exports().contains(dir.getPath().getName() + "/" + partition)
          && fs.exists(date)) {
        fs.delete(date, true);
      }
    }
  }

  private static void dropIfEmpty(FileSystem fs, Path dir) throws IOException {
    if (fs.exists(dir) && fs.getFileStatus(dir).isDirectory() && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  /**
   * Finishes the install of the newest record of every date (a run that died after writing its record),
   * then removes every staged export folder (runs that died before their record).
   */
  void recover(List<CommitRecord> records) {
    CommitLog.latestPerDate(records, Long.MAX_VALUE).values().forEach(this::install);
    Path staging = new Path(output, FileStore.STAGING);
    try {
      FileSystem fs = staging.getFileSystem(conf);
      if (!fs.exists(staging)) {
        return;
      }
      for (FileStatus run : fs.listStatus(staging)) {
        fs.delete(new Path(run.getPath(), DIR), true);
        dropIfEmpty(fs, run.getPath());
      }
      dropIfEmpty(fs, staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean staged exports under " + staging + ": " + e.getMessage(), e);
    }
  }
}
