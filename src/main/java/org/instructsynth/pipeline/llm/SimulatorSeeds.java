package org.instructsynth.pipeline.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.SimulatorSettings;

/**
 * Gets the SIMULATED endpoint's {@code llm.simulator.seed-tasks} file to the executors. Each executor
 * JVM starts its own simulator (answers depend only on the request, so they agree), and each reads
 * the seed tasks itself; on a cluster the configured path (relative to the driver's working
 * directory, or a file of the driver's machine) means nothing there. So the driver reads the file
 * (a Hadoop path, as every path in the config) and the stage's function carries its bytes; a task
 * that cannot read the configured path writes them to a local file once per JVM and reads that.
 *
 * <p>Not {@code SparkContext.addFile}: on the standalone cluster of ClusterIT the file was not at
 * the path {@code SparkFiles.get} returned on the executors (their working directory), most likely
 * because Spark 4 fetches added files per session; carrying the bytes has no such dependency.
 *
 * @param path the configured seed file
 * @param content its bytes as the driver read them
 */
record SimulatorSeeds(String path, byte[] content) implements Serializable {
  /** Local copies by path, length and content hash: one per JVM and file. */
  private static final ConcurrentHashMap<String, java.nio.file.Path> COPIES = new ConcurrentHashMap<>();

  /** On the driver: the seed file to carry to the tasks, or null for a real endpoint or the built-in seeds. */
  static SimulatorSeeds read(LlmSettings settings, Configuration hadoopConf) {
    String path = seedPath(settings);
    if (path.isEmpty()) {
      return null;
    }
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(hadoopConf);
      try (InputStream in = fs.open(p)) {
        return new SimulatorSeeds(path, in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the SIMULATED endpoint's llm.simulator.seed-tasks " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * In a task: {@code settings} when the configured path is readable here (local mode, shared file
   * systems) or nothing was shipped, else settings pointing at a local copy of the shipped bytes.
   */
  static LlmSettings resolve(LlmSettings settings, SimulatorSeeds shipped) {
    String path = seedPath(settings);
    if (shipped == null || path.isEmpty() || !path.equals(shipped.path()) || Files.isReadable(java.nio.file.Path.of(path))) {
      return settings;
    }
    String key = path + "#" + shipped.content().length + "#" + java.util.Arrays.hashCode(shipped.content());
    java.nio.file.Path copy = COPIES.computeIfAbsent(key, k -> {
      try {
        java.nio.file.Path f = Files.createTempFile("instruct-synth-simulator-seeds-", ".jsonl");
        f.toFile().deleteOnExit();
        return Files.write(f, shipped.content());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the SIMULATED endpoint's seed tasks to a local file: " + e.getMessage(), e);
      }
    });
    SimulatorSettings s = settings.simulator();
    return settings.toBuilder().simulator(new SimulatorSettings(s.minLatency(), s.maxLatency(), s.rate429(), s.rate5xx(), s.retryAfter(),
        s.seed(), copy.toString())).build();
  }

  private static String seedPath(LlmSettings settings) {
    return LlmSettings.SIMULATED.equals(settings.provider()) ? settings.simulator().seedTasksPath() : "";
  }
}
