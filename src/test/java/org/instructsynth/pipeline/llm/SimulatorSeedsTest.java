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
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.SimulatorSettings;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * The simulator's seed file reaches tasks that cannot read the configured path (an executor in
 * another working directory or on another machine): the driver ships it and the task reads the copy.
 * ClusterIT covers the real cluster; this covers the mechanism on the local session.
 */
class SimulatorSeedsTest {
  private static LlmSettings withSeeds(String path) {
    return LlmSettings.defaults().toBuilder()
        .simulator(new SimulatorSettings(Duration.ZERO, Duration.ZERO, 0, 0, null, 7, path)).build();
  }

  /** Resolves, inside a task, settings whose seed path this task cannot read. */
  static final class ResolveInTask implements MapPartitionsFunction<String, String> {
    @Override
    public Iterator<String> call(Iterator<String> paths) {
      return List.of(SimulatorSeeds.resolve(withSeeds(paths.next())).simulator().seedTasksPath()).iterator();
    }
  }

  @Test
  void aTaskThatCannotReadTheConfiguredPathReadsTheShippedCopy() throws Exception {
    SparkSession spark = SparkTestSession.get();
    SimulatorSeeds.ship(spark.sparkContext(), withSeeds("sample-data/seed_tasks.jsonl"));
    SimulatorSeeds.ship(spark.sparkContext(), withSeeds("sample-data/seed_tasks.jsonl")); // once per context

    String resolved = spark.createDataset(List.of("/no/such/dir/on/this/executor/seed_tasks.jsonl"), Encoders.STRING()).coalesce(1)
        .mapPartitions(new ResolveInTask(), Encoders.STRING()).first();

    assertThat(resolved).isNotEqualTo("/no/such/dir/on/this/executor/seed_tasks.jsonl").endsWith("seed_tasks.jsonl");
    assertThat(Files.readAllLines(Path.of(resolved))).isEqualTo(Files.readAllLines(Path.of("sample-data/seed_tasks.jsonl")));
  }

  @Test
  void aReadablePathOrARealEndpointIsLeftAlone() {
    LlmSettings local = withSeeds("sample-data/seed_tasks.jsonl");
    assertThat(SimulatorSeeds.resolve(local)).isSameAs(local);
    LlmSettings builtIn = withSeeds("");
    assertThat(SimulatorSeeds.resolve(builtIn)).isSameAs(builtIn);
    LlmSettings real = withSeeds("/no/such/file.jsonl").toBuilder().provider(LlmSettings.OPENAI_COMPATIBLE)
        .baseUrl("http://127.0.0.1:1/v1").build();
    assertThat(SimulatorSeeds.resolve(real)).isSameAs(real);
  }
}
