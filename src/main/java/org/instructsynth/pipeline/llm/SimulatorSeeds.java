package org.instructsynth.pipeline.llm;

import java.nio.file.Files;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.SimulatorSettings;

/**
 * Gets the SIMULATED endpoint's {@code llm.simulator.seed-tasks} file to the executors. Each executor
 * JVM starts its own simulator (answers depend only on the request, so they agree), and each reads
 * the seed tasks itself; on a cluster the configured path (relative to the driver's working
 * directory, or a local file of the driver's machine) means nothing there. So the driver ships the
 * file with {@link SparkContext#addFile} and a task that cannot read the configured path reads the
 * shipped copy.
 */
final class SimulatorSeeds {
  private SimulatorSeeds() {}

  /** On the driver: ships the simulator's seed file once per SparkContext; no-op for a real endpoint. */
  static void ship(SparkContext sc, LlmSettings settings) {
    String path = seedPath(settings);
    if (path.isEmpty()) {
      return;
    }
    String name = new org.apache.hadoop.fs.Path(path).getName();
    boolean shipped = scala.jdk.javaapi.CollectionConverters.asJava(sc.listFiles()).stream().anyMatch(f -> f.endsWith("/" + name));
    if (!shipped) {
      sc.addFile(path);
    }
  }

  /**
   * In a task: the settings with the seed file pointing at a readable copy, the configured path when
   * it is readable here (local mode, shared file systems), else the copy {@link #ship} distributed.
   */
  static LlmSettings resolve(LlmSettings settings) {
    String path = seedPath(settings);
    if (path.isEmpty() || Files.isReadable(java.nio.file.Path.of(path))) {
      return settings;
    }
    String name = new org.apache.hadoop.fs.Path(path).getName();
    java.nio.file.Path copy = java.nio.file.Path.of(SparkFiles.get(name));
    if (!Files.isReadable(copy)) {
      throw new IllegalStateException("the SIMULATED endpoint's llm.simulator.seed-tasks '" + path + "' is not readable on this executor, "
          + "nor was it shipped to " + copy + "; give a path every node can read");
    }
    SimulatorSettings s = settings.simulator();
    return settings.toBuilder().simulator(new SimulatorSettings(s.minLatency(), s.maxLatency(), s.rate429(), s.rate5xx(), s.retryAfter(),
        s.seed(), copy.toString())).build();
  }

  private static String seedPath(LlmSettings settings) {
    return LlmSettings.SIMULATED.equals(settings.provider()) ? settings.simulator().seedTasksPath() : "";
  }
}
