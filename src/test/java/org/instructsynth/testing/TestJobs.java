package org.instructsynth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.config.JobConfig;
import org.instructsynth.job.Job;
import org.instructsynth.job.RunResult;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.OutputWriter;

/** Runs a recipe file through {@link Job#run} on the shared session, writing under a test directory. */
public final class TestJobs {
  private TestJobs() {}

  public static RunResult run(String conf, Path out, String... overrides) {
    List<String> all = new ArrayList<>(List.of("output.path=" + out));
    all.addAll(Arrays.asList(overrides));
    JobConfig config = ConfigLoader.load(Path.of(conf), all);
    return Job.run(config, SparkTestSession.get());
  }

  /**
   * Lines {@code [from, to)} of {@code sample-data/instructions.jsonl} written to {@code file}: most
   * behaviour shows on a few rows, and the suite's time grows with every row a recipe run carries.
   */
  public static Path sampleLines(Path file, int from, int to) {
    try {
      return Files.write(file, Files.readAllLines(Path.of("sample-data/instructions.jsonl")).subList(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every row of an examples table, all dates (Parquet or JSON Lines, as written). */
  public static Dataset<Row> examples(Path out, String table) {
    return OutputWriter.readTable(SparkTestSession.get(), out.resolve(table).toString(), Columns.EXAMPLE);
  }

  /** Every row of the rejects table, all dates. */
  public static Dataset<Row> rejects(Path out) {
    return OutputWriter.readTable(SparkTestSession.get(), out.resolve("rejects").toString(), Columns.REJECT);
  }
}
