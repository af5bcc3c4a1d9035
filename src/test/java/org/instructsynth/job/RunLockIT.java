package org.instructsynth.job;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.core.io.Json;
import org.instructsynth.pipeline.llm.Ledger;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.StandaloneCluster;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three runs of one recipe, output and date in three JVMs, as a retried scheduler task and a manual
 * rerun would start them. Two start together with {@code --wait-lock} (one in this JVM, one in a
 * child JVM started as spark-submit would): one runs, the other waits and then runs, paying for
 * nothing the first paid for. A third, started in another child JVM while the lock is held and
 * without {@code --wait-lock}, exits 3 at once naming the holder, without a stack trace.
 */
class RunLockIT {
  private static final Pattern RUN_LINE = Pattern.compile("(?m)^run (\\S+) \\((\\w+), run_date (\\S+)\\)");
  @TempDir Path dir;

  @Test
  void runsOfOneOutputAndDateNeverOverlapAndNothingIsPaidTwice() throws Exception {
    Path in = TestJobs.sampleLines(dir.resolve("in.jsonl"), 0, 8);
    Path out = dir.resolve("out");
    List<String> common = List.of("conf/distill.yaml", "--set", "output.path=" + out, "--set", "input.path=" + in,
        "--set", "run.date=2026-10-01", "--set", "distill.judge.enabled=false", "--set", "split.min-eval-per-task=0");
    // "a" runs in this JVM (already warm: one cold child JVM fewer for the suite), "b" in a child JVM.
    FutureTask<RunResult> a = new FutureTask<>(() -> TestJobs.run("conf/distill.yaml", out, "input.path=" + in,
        "run.date=2026-10-01", "distill.judge.enabled=false", "split.min-eval-per-task=0", "run.wait-lock=20m"));
    Thread inThisJvm = new Thread(a, "run-a");
    inThisJvm.setDaemon(true);
    Process b = start("b", common, "--wait-lock", "20m");
    inThisJvm.start();
    Path lock = out.resolve("_locks").resolve("run_date=2026-10-01.lock");
    StandaloneCluster.await(() -> Files.exists(lock) && StandaloneCluster.read(lock).contains("run_id"),
        java.time.Duration.ofMinutes(10), () -> "no run took the lock; b: " + log("b"));

    Process c = start("c", common);
    assertThat(c.waitFor(3, TimeUnit.MINUTES)).as("the third run gives up at once").isTrue();
    String cErr = log("c");
    assertThat(c.exitValue()).as(cErr).isEqualTo(3);
    assertThat(cErr).contains("instruct-synth: another run holds the lock of this output and date: run ")
        .contains("--wait-lock").doesNotContain("\tat ").doesNotContain("Exception in thread");
    Matcher holder = Pattern.compile("holds the lock of this output and date: run (\\S+) on host").matcher(cErr);
    assertThat(holder.find()).isTrue();

    // Generous: the two runs are sequential, and CI machines can be slow.
    RunResult first = a.get(12, TimeUnit.MINUTES);
    assertThat(b.waitFor(12, TimeUnit.MINUTES)).as("b finishes: %s", log("b")).isTrue();
    assertThat(first.status()).isEqualTo("complete");
    assertThat(b.exitValue()).as(log("b")).isZero();
    List<String> ids = List.of(first.runId(), runId(log("b")));
    assertThat(ids).contains(holder.group(1));
    assertThat(lock).as("released").doesNotExist();

    // The two runs did not overlap: one started after the other finished.
    List<JsonNode> reports = new ArrayList<>();
    for (String id : ids) {
      reports.add(Json.MAPPER.readTree(out.resolve("_runs").resolve(id).resolve("report.json").toFile()));
    }
    reports.sort((x, y) -> x.path("started_at").asText().compareTo(y.path("started_at").asText()));
    assertThat(Instant.parse(reports.get(1).path("started_at").asText()))
        .isAfterOrEqualTo(Instant.parse(reports.get(0).path("finished_at").asText()));
    // The first paid for every request, the second for none: the ledger answered it.
    long paid = reports.get(0).path("llm").path("calls").asLong();
    assertThat(paid).isPositive();
    assertThat(reports.get(1).path("llm").path("calls").asLong()).isZero();
    assertThat(reports.get(1).path("llm").path("cached").asLong()).isEqualTo(paid);
    Dataset<Row> ledger = SparkTestSession.get().read().schema(Ledger.readSchema())
        .parquet(out.resolve(Ledger.DIR).toString()).where(col("status").equalTo("ok"));
    assertThat(ledger.count()).isEqualTo(paid);
    assertThat(ledger.select("request_key").distinct().count()).as("no request paid twice").isEqualTo(paid);
    // No duplicate rows in the date's tables.
    Dataset<Row> rows = TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval"))
        .where(col("run_date").equalTo("2026-10-01"));
    assertThat(rows.count()).isPositive().isEqualTo(rows.select("id").distinct().count());
  }

  private Process start(String name, List<String> args, String... more) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(StandaloneCluster.sparkJavaOptions());
    command.addAll(SparkTestSession.childJvmOptions());
    command.addAll(List.of("-Xmx768m", "-Dspark.master=local[2]",
        "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.driver.host=127.0.0.1",
        "-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    command.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    return p;
  }

  private String log(String name) {
    return Stream.of(".out", ".err").map(s -> dir.resolve(name + s)).filter(Files::exists)
        .map(StandaloneCluster::read).reduce("", (x, y) -> x + y);
  }

  private static String runId(String log) {
    Matcher m = RUN_LINE.matcher(log);
    assertThat(m.find()).as(log).isTrue();
    assertThat(m.group(2)).isEqualTo("complete");
    return m.group(1);
  }
}
