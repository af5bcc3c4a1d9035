package org.instructsynth.pipeline.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.instructsynth.llm.batch.BatchRecords;
import org.instructsynth.llm.batch.PendingBatch;

/**
 * Pending batches as small JSON files {@code <ledger>/_batches/<keys-sha256>.json} (Spark's readers
 * skip the leading underscore). Written through a temporary file and a rename, so a crash leaves
 * either the old record or the new one.
 */
final class BatchRecordsDir implements BatchRecords {
  private final Path dir;
  private final FileSystem fs;

  BatchRecordsDir(String ledgerPath, Configuration conf) {
    this.dir = new Path(ledgerPath + "/_batches");
    try {
      this.fs = dir.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + dir + ": " + e.getMessage(), e);
    }
  }

  Path dir() {
    return dir;
  }

  @Override
  public List<PendingBatch> list() {
    List<PendingBatch> out = new ArrayList<>();
    try {
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus f : fs.listStatus(dir)) {
        if (f.getPath().getName().endsWith(".json")) {
          try (InputStream in = fs.open(f.getPath())) {
            out.add(PendingBatch.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          } catch (IllegalArgumentException | UncheckedIOException bad) {
            throw new IllegalStateException("the batch record " + f.getPath() + " cannot be read (" + bad.getMessage()
                + "); it names a submitted batch: check it, and delete it only if that batch is not wanted", bad);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the pending LLM batches in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void save(PendingBatch batch) {
    Path target = file(batch);
    Path tmp = new Path(dir, "." + target.getName() + ".tmp");
    try {
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(batch.toJson().getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename of " + tmp + " to " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("batch " + batch.batchId() + " was submitted but cannot be recorded in " + dir + " ("
          + e.getMessage() + "); a rerun would submit its requests again: fix the output folder's permissions", e);
    }
  }

  @Override
  public void remove(PendingBatch batch) {
    try {
      fs.delete(file(batch), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the collected batch record " + file(batch) + ": " + e.getMessage(), e);
    }
  }

  private Path file(PendingBatch batch) {
    return new Path(dir, batch.keysSha256() + ".json");
  }
}
