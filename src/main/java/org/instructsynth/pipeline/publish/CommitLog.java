package org.instructsynth.pipeline.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The commit records of one output: {@code _commits/<run_date>/<seq>.json} (newest seq of a date wins),
 * the sensors' marker {@code _commits/<run_date>/_SUCCESS} and {@code _runs/latest}. A record is
 * written under a hidden temporary name and renamed to its final name, which no earlier record has,
 * so readers see a whole record or none.
 */
public final class CommitLog {
  public static final String DIR = "_commits";
  public static final String SUCCESS = "_SUCCESS";
  private final Configuration conf;
  private final Path root;

  public CommitLog(Configuration conf, String outputPath) {
    this.conf = conf;
    this.root = new Path(outputPath);
  }

  public Path root() {
    return root;
  }

  public Configuration conf() {
    return conf;
  }

  /** Every readable record of every date, oldest seq first. */
  public List<CommitRecord> all() {
    Path dir = new Path(root, DIR);
    List<CommitRecord> out = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus date : fs.listStatus(dir)) {
        if (!date.isDirectory()) {
          continue;
        }
        for (FileStatus f : fs.listStatus(date.getPath())) {
          String name = f.getPath().getName();
          if (name.endsWith(".json") && !name.startsWith(".")) {
            CommitRecord r = CommitRecord.parse(readText(fs, f.getPath()));
            if (r != null) {
              out.add(r);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the commit records under " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparingLong(CommitRecord::seq));
    return out;
  }

  /** The newest record per date among records with seq at most {@code asOf}, by date. */
  public static TreeMap<String, CommitRecord> latestPerDate(List<CommitRecord> records, long asOf) {
    TreeMap<String, CommitRecord> out = new TreeMap<>();
    for (CommitRecord r : records) {
      if (r.seq() <= asOf) {
        out.put(r.runDate(), r);
      }
    }
    return out;
  }

  /** The newest record of all dates with seq at most {@code asOf}, or null. */
  public static CommitRecord latest(List<CommitRecord> records, long asOf) {
    CommitRecord best = null;
    for (CommitRecord r : records) {
      if (r.seq() <= asOf) {
        best = r;
      }
    }
    return best;
  }

  /** The newest record of {@code runDate}, or null. */
  public CommitRecord latestOf(String runDate) {
    return latestPerDate(all(), Long.MAX_VALUE).get(runDate);
  }

  /** Writes {@code record} atomically (temporary name, then rename to a name never used before). */
  public void write(CommitRecord record) {
    Path dir = new Path(new Path(root, DIR), record.runDate());
    Path target = new Path(dir, String.format(Locale.ROOT, "%08d.json", record.seq()));
    Path tmp = new Path(dir, "." + target.getName() + ".tmp");
    try {
      FileSystem fs = dir.getFileSystem(conf);
      writeText(fs, tmp, record.toJson());
      if (fs.exists(target) || !fs.rename(tmp, target)) {
        throw new UncheckedIOException(new IOException("cannot publish commit record " + target
            + ": the name is taken or the rename failed; another run may be writing this output"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write commit record " + target + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code _commits/<date>/_SUCCESS} naming the run and record, for Airflow/Dagster sensors. */
  public void markSuccess(CommitRecord record) {
    Path p = new Path(new Path(new Path(root, DIR), record.runDate()), SUCCESS);
    replaceText(p, record.runId() + " " + String.format(Locale.ROOT, "%08d.json", record.seq()) + "\n");
  }

  /** Points {@code _runs/latest} at the newest report (one line: the report path). */
  public void pointLatest(String reportPath) {
    replaceText(new Path(new Path(root, "_runs"), "latest"), reportPath + "\n");
  }

  private void replaceText(Path p, String text) {
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    try {
      FileSystem fs = p.getFileSystem(conf);
      writeText(fs, tmp, text);
      fs.delete(p, false);
      if (!fs.rename(tmp, p)) {
        throw new IOException("rename of " + tmp + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  static void writeText(FileSystem fs, Path p, String text) throws IOException {
    try (OutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  static String readText(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
