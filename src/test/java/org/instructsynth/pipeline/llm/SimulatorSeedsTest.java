package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.hadoop.conf.Configuration;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.llm.SimulatorSettings;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * The simulator's seed file reaches tasks that cannot read the configured path (an executor in
 * another working directory or on another machine): the driver reads it, the function carries it,
 * the task reads a local copy. ClusterIT covers the real cluster; this covers the mechanism.
 */
class SimulatorSeedsTest {
  private static LlmSettings withSeeds(String path) {
    return LlmSettings.defaults().toBuilder()
        .simulator(new SimulatorSettings(Duration.ZERO, Duration.ZERO, 0, 0, null, 7, path)).build();
  }

  /** Resolves, inside a task, shipped seeds whose configured path this task cannot read. */
  static final class ResolveInTask implements MapPartitionsFunction<String, String> {
    private final SimulatorSeeds shipped;

    ResolveInTask(SimulatorSeeds shipped) {
      this.shipped = shipped;
    }

    @Override
    public Iterator<String> call(Iterator<String> ignored) {
      return List.of(SimulatorSeeds.resolve(withSeeds(shipped.path()), shipped).simulator().seedTasksPath()).iterator();
    }
  }

  @Test
  void aTaskThatCannotReadTheConfiguredPathReadsTheShippedCopy() throws Exception {
    SparkSession spark = SparkTestSession.get();
    SimulatorSeeds real = SimulatorSeeds.read(withSeeds("sample-data/seeds.jsonl"), spark.sparkContext().hadoopConfiguration());
    // as an executor elsewhere sees it: the configured path does not exist there
    SimulatorSeeds shipped = new SimulatorSeeds("no/such/dir/on/this/executor/seed_tasks.jsonl", real.content());

    String resolved = spark.createDataset(List.of("x"), Encoders.STRING()).coalesce(1)
        .mapPartitions(new ResolveInTask(shipped), Encoders.STRING()).first();

    assertThat(resolved).isNotEqualTo(shipped.path());
    assertThat(Files.readAllLines(Path.of(resolved))).isEqualTo(Files.readAllLines(Path.of("sample-data/seeds.jsonl")));
    assertThat(SimulatedLlmServer.loadSeeds(resolved)).hasSize(35);
  }

  @Test
  void aReadablePathOrARealEndpointIsLeftAlone() {
    Configuration conf = SparkTestSession.get().sparkContext().hadoopConfiguration();
    LlmSettings local = withSeeds("sample-data/seeds.jsonl");
    assertThat(SimulatorSeeds.resolve(local, SimulatorSeeds.read(local, conf))).isSameAs(local);
    LlmSettings builtIn = withSeeds("");
    assertThat(SimulatorSeeds.read(builtIn, conf)).isNull();
    assertThat(SimulatorSeeds.resolve(builtIn, null)).isSameAs(builtIn);
    LlmSettings real = withSeeds("/no/such/file.jsonl").toBuilder().provider(LlmSettings.OPENAI_COMPATIBLE)
        .baseUrl("http://127.0.0.1:1/v1").build();
    assertThat(SimulatorSeeds.read(real, conf)).isNull();
  }
}
