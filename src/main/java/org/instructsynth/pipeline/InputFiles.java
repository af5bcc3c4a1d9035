package org.instructsynth.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.instructsynth.core.UserError;

/**
 * Expands input paths (files, directories, globs; any Hadoop file system) into a sorted list of files.
 * The order is the processing order of the records, so it is made deterministic: paths in the order
 * given, and the files of one directory or glob by name. Hidden files ({@code .x}, {@code _x}) are
 * skipped as Spark does.
 */
public final class InputFiles {
  private InputFiles() {}

  /**
   * @throws InputException when a path matches nothing, naming the path
   */
  public static List<String> expand(Configuration conf, List<String> paths) {
    List<String> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String p : paths) {
      try {
        Path path = new Path(p);
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          missing.add(p);
          continue;
        }
        Arrays.sort(matches, Comparator.comparing(s -> s.getPath().toString()));
        for (FileStatus m : matches) {
          if (m.isDirectory()) {
            FileStatus[] children = fs.listStatus(m.getPath());
            Arrays.sort(children, Comparator.comparing(s -> s.getPath().toString()));
            for (FileStatus c : children) {
              if (c.isFile() && !hidden(c.getPath())) {
                out.add(c.getPath().toString());
              }
            }
          } else if (!hidden(m.getPath())) {
            out.add(m.getPath().toString());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list input path '" + p + "': " + e.getMessage(), e);
      }
    }
    if (!missing.isEmpty()) {
      throw new InputException(
          "input path " + missing + " matches no file. Check input.path (relative paths are resolved"
              + " against the directory the job was started in) or pass --set input.path=FILE.");
    }
    if (out.isEmpty()) {
      throw new InputException("input paths " + paths + " hold no data files (hidden files are skipped).");
    }
    return out;
  }

  private static boolean hidden(Path p) {
    String n = p.getName();
    return n.startsWith(".") || n.startsWith("_");
  }

  /**
   * A problem with the inputs as a whole (not one record), reported to the user and failing the run
   * as a configuration problem (exit 2): the configured paths are wrong.
   */
  public static final class InputException extends UserError {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
      super(Kind.CONFIG, message);
    }
  }
}
