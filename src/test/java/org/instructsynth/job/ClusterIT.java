package org.instructsynth.job;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.core.io.Json;
import org.instructsynth.config.JobConfig;
import org.instructsynth.llm.RateShare;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.StandaloneCluster;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shaded jar on a real Spark standalone cluster (a Master and two one-core Workers, separate
 * JVMs on 127.0.0.1, see {@link StandaloneCluster}), submitted with {@code SparkSubmit} in client
 * mode exactly as {@code spark-submit} would. While the recipe runs, one Worker's executor JVM is
 * killed with SIGKILL (for an LLM recipe: while the LLM stage is calling, seen by its call journal
 * appearing). The run must still exit 0 and write exactly the rows of an uninterrupted run (the
 * same recipe on the shared local session): nothing lost, nothing duplicated. For an LLM recipe the
 * ledger must also hold each request once, and the calls it paid are at most the unique requests
 * plus what the killed task had in flight.
 *
 * <p>Recipes are parameters: {@code conf/curate.yaml} always, {@code conf/self-instruct.yaml} when
 * the tree has it (it runs on the SIMULATED endpoint, one per executor JVM).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("extended")
class ClusterIT {
  private static final String RUN_DATE = "2026-11-21";
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
  private static final Path PROJECT = Path.of(System.getProperty("project.dir", ".")).toAbsolutePath().normalize();

  @TempDir Path dir;
  private StandaloneCluster cluster;

  /**
   * A recipe to run, its extra {@code --set} overrides for both runs and for the cluster run only
   * (settings that cannot change the output, such as the simulator's latency), and whether it calls
   * the LLM (then the executor dies while the LLM stage is calling, else after the load stage), and
   * whether to compare with an uninterrupted run (else counts and uniqueness are checked: the
   * 5-minute budget of this 2-core machine has room for one reference run).
   */
  record Scenario(String name, String conf, List<String> sets, List<String> clusterSets, boolean llm, boolean reference) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> scenarios() {
    List<Arguments> all = new ArrayList<>();
    all.add(Arguments.of(new Scenario("curate", "conf/curate.yaml", List.of(), List.of(), false, true)));
    // The LLM recipe: simulated latency (answers do not depend on it) keeps each LLM call in flight
    // long enough for the kill to land in the middle of a task's calls.
    // llm.driver-max-requests=0: every LLM stage on the executors, so the kill lands on calls (small stages run on the driver)
    all.add(Arguments.of(new Scenario("self-instruct", "conf/self-instruct.yaml", List.of("self-instruct.target-instructions=30", "llm.driver-max-requests=0"),
        List.of("llm.simulator.min-latency=300ms", "llm.simulator.max-latency=600ms"), true, false)));
    // -Dcluster-it.recipes=self-instruct runs only the named scenarios (comma-separated).
    String only = System.getProperty("cluster-it.recipes", "");
    return all.stream().filter(a -> only.isBlank() || List.of(only.split(",")).contains(((Scenario) a.get()[0]).name()));
  }

  @BeforeAll
  void startCluster(@TempDir Path clusterDir) throws Exception {
    long start = System.nanoTime();
    cluster = StandaloneCluster.start(clusterDir, 2);
    System.out.printf(Locale.ROOT, "ClusterIT: Master and 2 Workers up in %d s at %s%n",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), cluster.masterUrl());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void recipeSurvivesALostExecutor(Scenario s) throws Exception {
    assumeTrue(Files.exists(PROJECT.resolve(s.conf())), s.conf() + " is not in this tree yet");
    List<String> sets = new ArrayList<>(List.of("run.date=" + RUN_DATE));
    sets.addAll(s.sets());

    // The uninterrupted reference: the same recipe and overrides on the shared local session.
    Path reference = dir.resolve(s.name() + "-reference");
    if (s.reference()) {
      List<String> refSets = new ArrayList<>(sets);
      refSets.add("run.id=reference");
      long refStart = System.nanoTime();
      TestJobs.run(PROJECT.resolve(s.conf()).toString(), reference, refSets.toArray(String[]::new));
      System.out.printf(Locale.ROOT, "ClusterIT %s: reference run on the local session took %d s%n", s.name(),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - refStart));
    }

    Path out = dir.resolve(s.name() + "-cluster");
    List<String> clusterSets = new ArrayList<>(sets);
    clusterSets.addAll(s.clusterSets());
    clusterSets.add("run.id=cluster");
    clusterSets.add("output.path=" + out);
    String driver = "driver-" + s.name();
    long start = System.nanoTime();
    Process submit = submit(driver, s.conf(), clusterSets);
    int killed;
    try {
      BooleanSupplier when = s.llm() ? () -> journalHasCalls(out) : () -> logged(driver, "StageRunner: stage load");
      StandaloneCluster.await(() -> when.getAsBoolean() || !submit.isAlive(), RUN_TIMEOUT,
          () -> "the run never reached the moment to kill an executor; driver log:\n" + StandaloneCluster.tail(cluster.log(driver), 60));
      killed = cluster.killExecutors(0);
      if (!submit.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("the cluster run did not finish within " + RUN_TIMEOUT + "; driver log:\n"
            + StandaloneCluster.tail(cluster.log(driver), 80));
      }
    } finally {
      if (submit.isAlive()) {
        submit.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    String log = StandaloneCluster.read(cluster.log(driver));
    assertThat(submit.exitValue()).as("spark-submit exit code; driver log:\n%s", StandaloneCluster.tail(cluster.log(driver), 80)).isZero();
    assertThat(killed).as("executors killed on worker 0 while the run was going").isEqualTo(1);
    assertThat(log).as("the driver saw the executor go").contains("Lost executor");
    assertThat(log).doesNotContain("ClassCastException");
    System.out.printf(Locale.ROOT, "ClusterIT %s: cluster run with a killed executor took %d s%n", s.name(),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));

    if (s.reference()) {
      for (String table : List.of("train", "eval", "eval_unseen")) {
        assertSameRows(table, TestJobs.examples(out, table), TestJobs.examples(reference, table));
      }
      assertSameRows("rejects", TestJobs.rejects(out), TestJobs.rejects(reference));
    }
    Dataset<Row> kept = TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval"))
        .unionByName(TestJobs.examples(out, "eval_unseen"));
    long keptRows = kept.count();
    assertThat(keptRows).as("kept rows, each id once").isPositive().isEqualTo(kept.select("id").distinct().count());
    JsonNode report = Json.MAPPER.readTree(out.resolve("_runs/cluster/report.json").toFile());
    assertThat(report.path("status").asText()).isEqualTo("complete");
    long split = -1;
    for (JsonNode stage : report.path("funnel")) {
      if (stage.path("stage").asText().equals("split")) {
        split = stage.path("rows_out").asLong();
      }
    }
    assertThat(keptRows).as("rows written vs rows the split stage counted while running").isEqualTo(split);

    if (s.llm()) {
      assertLedgerPaidOnce(out, report, config(s, sets));
    }
  }

  /** Every row of {@code table} in both runs, compared without the run id (and sorted). */
  private static void assertSameRows(String table, Dataset<Row> actual, Dataset<Row> expected) {
    assertThat(rows(actual)).as("table %s of the run with a killed executor vs the uninterrupted run", table)
        .containsExactlyElementsOf(rows(expected));
  }

  private static List<String> rows(Dataset<Row> table) {
    String[] columns = Arrays.stream(table.columns()).filter(c -> !c.equals("run_id")).toArray(String[]::new);
    return table.selectExpr(columns).collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList());
  }

  /**
   * The ledger holds each request once (the replayed journal rows of the killed task included), the
   * report counts as many calls, and the calls paid (attempts) are at most one per request plus the
   * killed task's calls in flight, which died unjournaled and were made again.
   */
  private static void assertLedgerPaidOnce(Path out, JsonNode report, JobConfig config) {
    Dataset<Row> ledger = SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString())
        .where(col("run_date").equalTo(RUN_DATE));
    long rows = ledger.count();
    long unique = ledger.select("request_key").distinct().count();
    assertThat(rows).as("ledger rows: each request once").isPositive().isEqualTo(unique);
    if (report.has("llm")) {
      assertThat(report.path("llm").path("calls").asLong()).as("calls in the report").isEqualTo(unique);
    }
    long paid = ledger.selectExpr("sum(attempts)").first().getLong(0);
    RateShare share = RateShare.of(config.llm(), 2);
    assertThat(paid).as("calls paid: unique requests plus at most the killed task's calls in flight")
        .isLessThanOrEqualTo(unique + share.maxInFlight());
  }

  private static JobConfig config(Scenario s, List<String> sets) {
    return ConfigLoader.load(PROJECT.resolve(s.conf()), sets);
  }

  private Process submit(String name, String conf, List<String> sets) throws IOException {
    String cp = cluster.classPath();
    List<String> args = new ArrayList<>(List.of(
        "--master", cluster.masterUrl(), "--deploy-mode", "client", "--name", "ClusterIT " + name,
        "--class", "org.instructsynth.job.Main",
        "--conf", "spark.executor.memory=512m", "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
        // SPARK_HOME/jars is empty: Spark reaches the executors through this, the application only as the jar.
        "--conf", "spark.executor.extraClassPath=" + cp,
        "--conf", "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.ui.showConsoleProgress=false",
        "--conf", "spark.sql.shuffle.partitions=2", "--conf", "spark.default.parallelism=2",
        "--conf", "spark.locality.wait=0s",
        "--conf", "spark.sql.sources.partitionOverwriteMode=dynamic",
        StandaloneCluster.applicationJar().toString(), conf));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    // Client mode: this JVM is the driver; SparkSubmit adds the jar through its own class loader.
    return cluster.start(name, List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dlog4j2.configurationFile=" + PROJECT.resolve("conf/log4j2.properties")), "org.apache.spark.deploy.SparkSubmit", args,
        PROJECT.toFile());
  }

  private boolean logged(String name, String text) {
    return StandaloneCluster.read(cluster.log(name)).contains(text);
  }

  /** True once some task of the LLM stage has journaled a finished call. */
  private static boolean journalHasCalls(Path out) {
    Path journal = out.resolve("llm_calls/_journal");
    if (!Files.isDirectory(journal)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(journal)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".jsonl") && size(p) > 0);
    } catch (IOException | UncheckedIOException e) {
      return false; // the stage deleted the journal while we looked
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
