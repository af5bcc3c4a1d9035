package org.instructsynth.job;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The few file operations a {@link RunLock} needs, each atomic on the output's file system: create a
 * file only if it does not exist, replace its content, read it, delete it.
 *
 * <p>On HDFS (and S3A with conditional writes) {@code FileSystem.create} with overwrite off is atomic.
 * Hadoop's local file system checks for the file and then opens it, which two processes can both pass,
 * so local paths use {@code java.nio} instead: {@code CREATE_NEW} (O_EXCL) and an atomic rename for
 * replacement.
 */
abstract class LockFiles {
  /** Creates {@code p} with {@code content}; false when it already exists. */
  abstract boolean createNew(Path p, byte[] content) throws IOException;

  /** Replaces the content of {@code p} (readers never see the file missing). */
  abstract void replace(Path p, byte[] content) throws IOException;

  /** The content of {@code p}, or null when it does not exist. */
  abstract byte[] read(Path p) throws IOException;

  /** The modification time of {@code p} in epoch milliseconds, 0 when it does not exist. */
  abstract long modified(Path p) throws IOException;

  /** Deletes {@code p}; false when it did not exist. */
  abstract boolean delete(Path p) throws IOException;

  /** Creates the directory {@code dir} and its parents. */
  abstract void mkdirs(Path dir) throws IOException;

  static LockFiles on(Path p, Configuration conf) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      return new Local(local.getRaw() instanceof RawLocalFileSystem raw ? raw : new RawLocalFileSystem());
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return new Local(raw);
    }
    return new Hadoop(fs);
  }

  /** Local paths through java.nio: O_EXCL create and rename-over replacement. */
  static final class Local extends LockFiles {
    private final RawLocalFileSystem fs;

    Local(RawLocalFileSystem fs) {
      this.fs = fs;
    }

    private java.nio.file.Path nio(Path p) {
      return fs.pathToFile(p).toPath();
    }

    @Override
    boolean createNew(Path p, byte[] content) throws IOException {
      try {
        Files.write(nio(p), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    void replace(Path p, byte[] content) throws IOException {
      java.nio.file.Path target = nio(p);
      java.nio.file.Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid()
          + "." + Thread.currentThread().getId() + ".tmp");
      Files.write(tmp, content);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    byte[] read(Path p) throws IOException {
      try {
        return Files.readAllBytes(nio(p));
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    long modified(Path p) throws IOException {
      try {
        return Files.getLastModifiedTime(nio(p)).toMillis();
      } catch (NoSuchFileException e) {
        return 0;
      }
    }

    @Override
    boolean delete(Path p) throws IOException {
      return Files.deleteIfExists(nio(p));
    }

    @Override
    void mkdirs(Path dir) throws IOException {
      Files.createDirectories(nio(dir));
    }
  }

  /** Any other Hadoop file system: create with overwrite off, which HDFS and S3A do atomically. */
  static final class Hadoop extends LockFiles {
    private final FileSystem fs;

    Hadoop(FileSystem fs) {
      this.fs = fs;
    }

    @Override
    boolean createNew(Path p, byte[] content) throws IOException {
      try (FSDataOutputStream out = fs.create(p, false)) {
        out.write(content);
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      } catch (IOException e) {
        // HDFS reports a file being created by another client this way; S3A's conditional write at close.
        if (fs.exists(p)) {
          return false;
        }
        throw e;
      }
    }

    @Override
    void replace(Path p, byte[] content) throws IOException {
      try (FSDataOutputStream out = fs.create(p, true)) {
        out.write(content);
      }
    }

    @Override
    byte[] read(Path p) throws IOException {
      try (FSDataInputStream in = fs.open(p)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
      } catch (FileNotFoundException e) {
        return null;
      }
    }

    @Override
    long modified(Path p) throws IOException {
      try {
        return fs.getFileStatus(p).getModificationTime();
      } catch (FileNotFoundException e) {
        return 0;
      }
    }

    @Override
    boolean delete(Path p) throws IOException {
      return fs.delete(p, false);
    }

    @Override
    void mkdirs(Path dir) throws IOException {
      fs.mkdirs(dir);
    }
  }
}
