package org.instructsynth.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.config.JobConfig;
import org.instructsynth.core.io.Json;
import org.instructsynth.job.Job;
import org.instructsynth.job.RunResult;

/**
 * {@code jobs/bench-stages.sh}: the stage model's two targets (issue 12 item 2), measured in this run.
 * (1) Self-Instruct's per-round overhead: {@code conf/self-instruct.yaml} against the simulated
 * endpoint with zero latency, so a round's wall time is all overhead (driver work and Spark jobs);
 * rounds are timed from the Spark jobs' descriptions ({@code "generate (round r)"}), and the Spark
 * jobs each round starts are counted. (2) {@code distill} of N generated instructions (one answer
 * each, no judge) against the simulated endpoint, with the session's heap (the script gives 4 GB).
 */
public final class StagesBenchmark {
  private static final Pattern ROUND = Pattern.compile("\\(round (\\d+)\\)");

  private StagesBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rounds = 10;
    long instructions = 10_000;
    boolean near = false;
    Path work = Path.of("target/bench-stages");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--instructions" -> instructions = Long.parseLong(args[++i].replace("_", ""));
        case "--near-dedup" -> near = true;
        case "--work" -> work = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --rounds N --instructions N --near-dedup --work DIR");
      }
    }
    SparkSession spark = SparkSession.builder().appName("instruct-synth bench-stages")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    List<String[]> table = new ArrayList<>();
    if (rounds > 0) {
      selfInstructRounds(spark, rounds, work, table);
    }
    if (instructions > 0) {
      distill(spark, instructions, near, work, table);
    }
    spark.stop();
    System.out.println();
    System.out.println(String.format(Locale.ROOT, "%-40s %12s %10s %12s  %s", "run", "rows/calls", "wall_s", "peak_heap_mb", "notes"));
    table.forEach(r -> System.out.println(String.format(Locale.ROOT, "%-40s %12s %10s %12s  %s", (Object[]) r)));
  }

  /** Spark job start times and counts by generation round, from the jobs' descriptions. */
  static final class RoundJobs extends SparkListener {
    final Map<Integer, Long> firstStart = new TreeMap<>();
    final Map<Integer, Integer> jobs = new TreeMap<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart job) {
      String description = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
      Matcher m = description == null ? null : ROUND.matcher(description);
      if (m != null && m.find()) {
        int round = Integer.parseInt(m.group(1));
        firstStart.putIfAbsent(round, job.time());
        jobs.merge(round, 1, Integer::sum);
      }
    }
  }

  /**
   * {@code rounds} rounds of {@code conf/self-instruct.yaml} (5 prompts each) with a target no run
   * reaches; a round lasts from its first Spark job to the next round's first (the last round is
   * not timed, as the instance calls follow it). Zero simulated latency: the time is overhead.
   */
  private static void selfInstructRounds(SparkSession spark, int rounds, Path work, List<String[]> table) {
    JobConfig cfg = ConfigLoader.load(Path.of("conf/self-instruct.yaml"), List.of(
        "output.path=" + work.resolve("self-instruct-" + System.nanoTime()), "run.date=2026-01-01",
        "self-instruct.max-rounds=" + (rounds + 1), "self-instruct.target-instructions=1000000",
        "llm.simulator.min-latency=0ms", "llm.simulator.max-latency=0ms", "report.compare-previous=false"));
    RoundJobs listener = new RoundJobs();
    spark.sparkContext().addSparkListener(listener);
    long t0 = System.nanoTime();
    RunResult r = Job.run(cfg, spark);
    double wall = (System.nanoTime() - t0) / 1e9;
    spark.sparkContext().removeSparkListener(listener);
    List<Integer> timed = new ArrayList<>();
    double sum = 0;
    long jobs = 0;
    List<String> each = new ArrayList<>();
    synchronized (listener) {
      for (Map.Entry<Integer, Long> e : listener.firstStart.entrySet()) {
        Long next = listener.firstStart.get(e.getKey() + 1);
        if (next != null) {
          double s = (next - e.getValue()) / 1000.0;
          timed.add(e.getKey());
          sum += s;
          jobs += listener.jobs.get(e.getKey());
          each.add(String.format(Locale.ROOT, "%.2f", s));
        }
      }
    }
    int n = Math.max(1, timed.size());
    table.add(new String[] {"self-instruct round overhead (latency 0)", Integer.toString(timed.size()) + " rounds",
        String.format(Locale.ROOT, "%.2f", sum / n), "",
        String.format(Locale.ROOT, "mean s per round (target <= 1 s); %.1f Spark jobs per round; rounds: %s; run %.0f s, %d calls",
            jobs / (double) n, String.join(" ", each), wall, r.report().path("llm").path("calls").asLong())});
  }

  /** {@code conf/distill.yaml} without the judge on {@code n} generated instructions. */
  private static void distill(SparkSession spark, long n, boolean near, Path work, List<String[]> table) throws IOException {
    Path input = work.resolve("instructions-" + n + ".jsonl");
    if (!Files.exists(input)) {
      Files.createDirectories(work);
      try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
        for (long i = 0; i < n; i++) {
          w.write(Json.MAPPER.writeValueAsString(Map.of("instruction",
              "Explain in simple words what item number " + i + " of the catalogue is used for.", "input", "", "output", "")));
          w.write('\n');
        }
      }
    }
    JobConfig cfg = ConfigLoader.load(Path.of("conf/distill.yaml"), List.of(
        "input.path=" + input, "output.path=" + work.resolve("distill-" + System.nanoTime()), "run.date=2026-01-01",
        "distill.judge.enabled=false", "dedup.near=" + near, "export.formats=[]",
        "llm.simulator.min-latency=0ms", "llm.simulator.max-latency=0ms", "llm.requests-per-minute=10000000",
        "llm.max-in-flight=64", "llm.partitions=8", "report.compare-previous=false"));
    ScaleBenchmark.resetPeaks();
    long t0 = System.nanoTime();
    RunResult r = Job.run(cfg, spark);
    double wall = (System.nanoTime() - t0) / 1e9;
    long calls = r.report().path("llm").path("calls").asLong();
    table.add(new String[] {"distill, simulated endpoint, no judge", String.format(Locale.ROOT, "%,d", n),
        String.format(Locale.ROOT, "%.0f", wall), Long.toString(ScaleBenchmark.peakHeapMb()),
        String.format(Locale.ROOT, "max heap %d MB; %,d calls; status %s; examples %,d; near dedup %s",
            Runtime.getRuntime().maxMemory() / (1024 * 1024), calls, r.status(), r.rows("train") + r.rows("eval"), near)});
    ScaleBenchmark.stageRows(r, table);
  }
}
