package org.instructsynth.pipeline.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes exports straight into {@code <output>/exports}, replacing the date's earlier exports first. */
public final class DirectExportSink implements ExportSink {
  public static final String DIR = "exports";
  private final Configuration hadoop;
  private final String root;

  public DirectExportSink(Configuration hadoop, String outputPath) {
    this.hadoop = hadoop;
    this.root = new Path(outputPath, DIR).toString();
  }

  @Override
  public String root() {
    return root;
  }

  @Override
  public String publishedRoot() {
    return root;
  }

  @Override
  public void clearDate(String runDate) {
    Path p = new Path(root);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        return;
      }
      for (FileStatus format : fs.listStatus(p)) {
        Path date = new Path(format.getPath(), "run_date=" + runDate);
        if (format.isDirectory() && fs.exists(date)) {
          fs.delete(date, true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace the exports of " + runDate + " under " + root + ": " + e.getMessage(), e);
    }
  }
}
