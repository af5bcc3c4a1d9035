package org.instructsynth.pipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.StandaloneCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real crash: a child JVM publishing a rerun of a date is halted (as by SIGKILL) between two
 * tables' commits; the date must read all old through the readers users use, and the next run
 * cleans up and publishes all new.
 */
class PublishCrashIT {
  static final String DATE = "2026-11-22";

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"parquet, moved:eval"})
  void aDriverKilledBetweenTwoTablesLeavesTheDateAllOld(String format, String step) throws Exception {
    killBetweenTwoTables(format, step);
  }

  /** The same for the table formats (a child JVM with Iceberg or Delta takes minutes). */
  @Tag("extended")
  @ParameterizedTest
  @CsvSource({"iceberg, committed:eval", "delta, committed:eval"})
  void aDriverKilledBetweenTwoIcebergOrDeltaTablesLeavesTheDateAllOld(String format, String step) throws Exception {
    killBetweenTwoTables(format, step);
  }

  private void killBetweenTwoTables(String format, String step) throws Exception {
    Path out = dir.resolve(format);
    Nights.night(out, format, DATE, 1, PublishHook.NONE);

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(StandaloneCluster.sparkJavaOptions());
    cmd.addAll(SparkTestSession.childJvmOptions());
    cmd.addAll(List.of("-Xmx768m", "-cp", System.getProperty("java.class.path"), CrashingNight.class.getName(),
        out.toString(), format, DATE, "2", step));
    Path log = dir.resolve(format + "-child.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = pb.start();
    assertThat(child.waitFor(300, TimeUnit.SECONDS)).as("child finished").isTrue();
    assertThat(child.exitValue()).as("child halted after %s; log:%n%s", step, tail(log)).isEqualTo(137);

    // the crashed night really wrote part of the date: its data for train exists somewhere
    if (format.equals("parquet")) {
      assertThat(out.resolve("train/run_date=" + DATE + "/_v=00000002").toFile()).isDirectory();
    }
    assertThat(Nights.seen(out, DATE)).as("after the kill").isEqualTo(Nights.expected(DATE, 1));

    Nights.night(out, format, DATE, 3, PublishHook.NONE);
    assertThat(Nights.seen(out, DATE)).as("the next run").isEqualTo(Nights.expected(DATE, 3));
    assertThat(out.resolve(FileStore.STAGING).toFile()).doesNotExist();
  }

  private static String tail(Path log) throws java.io.IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join(File.separator.equals("/") ? "\n" : "\r\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
