package org.instructsynth.pipeline.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short exclusive lock on the ledger, the file {@code <ledger>/_lock}, held only while a stage
 * appends its results ({@link LedgerCommit}). Taken by creating the file without overwrite, which
 * is atomic on HDFS and (through {@link Files#createFile}) on the local file system; object stores
 * without an atomic create-if-absent do not make it exclusive. A lock older than {@link #STALE} is
 * left over from a process that died while holding it and is broken with a warning.
 */
final class LedgerLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerLock.class);
  static final String NAME = "_lock";
  static final Duration STALE = Duration.ofMinutes(30);
  static final Duration WAIT = Duration.ofMinutes(20);

  private final FileSystem fs;
  private final Path path;

  private LedgerLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /** Waits up to {@link #WAIT} for the lock of the ledger at {@code ledger}. */
  static LedgerLock acquire(FileSystem fs, Path ledger, String owner) {
    Path path = new Path(ledger, NAME);
    long deadline = System.nanoTime() + WAIT.toNanos();
    long sleep = 20;
    try {
      fs.mkdirs(ledger);
      while (true) {
        if (tryCreate(fs, path, owner)) {
          return new LedgerLock(fs, path);
        }
        FileStatus held = statusOrNull(fs, path);
        if (held != null && System.currentTimeMillis() - held.getModificationTime() > STALE.toMillis()) {
          LOG.warn("breaking the ledger lock {}: it is older than {} min, left by a run that died while appending", path, STALE.toMinutes());
          fs.delete(path, false);
          continue;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "the LLM ledger lock %s has been held for over %d minutes by another run (%s); wait for that run, or, if no run "
                  + "is writing the ledger, delete the file and rerun", path, WAIT.toMinutes(), holder(fs, path)));
        }
        Thread.sleep(sleep);
        sleep = Math.min(500, sleep * 2);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the LLM ledger lock " + path + ": " + e.getMessage()
          + "; the ledger folder must be writable from the driver", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the LLM ledger lock " + path, e);
    }
  }

  private static boolean tryCreate(FileSystem fs, Path path, String owner) throws IOException {
    byte[] text = (owner + "\n").getBytes(StandardCharsets.UTF_8);
    FileSystem raw = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    if (raw instanceof RawLocalFileSystem local) {
      try {
        Files.write(local.pathToFile(path).toPath(), text, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException held) {
        return false;
      }
    }
    try (FSDataOutputStream out = fs.create(path, false)) {
      out.write(text);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException held) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false; // stores that report an existing file with a plain IOException
      }
      throw e;
    }
  }

  private static FileStatus statusOrNull(FileSystem fs, Path path) throws IOException {
    try {
      return fs.getFileStatus(path);
    } catch (java.io.FileNotFoundException released) {
      return null;
    }
  }

  private static String holder(FileSystem fs, Path path) {
    try (var in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the LLM ledger lock " + path + ": " + e.getMessage() + "; delete the file by hand", e);
    }
  }
}
