package org.instructsynth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.dedup.DedupDecision;
import org.instructsynth.core.dedup.DedupRecord;
import org.instructsynth.core.dedup.DedupSettings;
import org.instructsynth.core.dedup.SequentialDedup;
import org.instructsynth.core.text.Lcs;
import org.instructsynth.core.text.PackedTokens;
import org.instructsynth.core.text.RougeL;
import org.instructsynth.core.text.RougeScoreTokenizer;
import org.instructsynth.core.text.TokenInterner;
import org.instructsynth.pipeline.dedup.RougeDedup;

/**
 * Benchmark of ROUGE-L scoring and the dedup stage (run by {@code jobs/bench-dedup.sh}); prints a
 * table and exits. Arguments: {@code --data DIR} (holding alpaca_data.json and seed_tasks.jsonl),
 * {@code --sizes 10000,52002,1000000}, {@code --pairs N} (scoring pairs per measurement), {@code
 * --partitions N} (shuffle partitions), {@code --floor F}.
 */
public final class DedupBenchmark {
  private static final StructType INPUT =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("ord", DataTypes.LongType, false)
          .add("text", DataTypes.StringType, false)
          .add("is_reference", DataTypes.BooleanType, false);

  private DedupBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of("../shared/data");
    List<Integer> sizes = List.of(10_000, 52_002);
    long pairs = 2_000_000;
    int partitions = 8;
    double floor = DedupSettings.defaults().similarityFloor();
    boolean check = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--sizes" ->
            sizes =
                args[++i].equals("none")
                    ? List.of()
                    : Arrays.stream(args[i].split(",")).map(String::trim).map(Integer::valueOf).toList();
        case "--pairs" -> pairs = Long.parseLong(args[++i]);
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--floor" -> floor = Double.parseDouble(args[++i]);
        case "--no-check" -> check = false;
        default ->
            throw new IllegalArgumentException(
                "Unknown argument '" + args[i] + "'; expected --data, --sizes, --pairs, --partitions, --floor, --no-check");
      }
    }
    Path alpacaFile = data.resolve("alpaca_data.json");
    Path seedFile = data.resolve("seed_tasks.jsonl");
    if (!Files.isRegularFile(alpacaFile)) {
      System.out.println("SKIPPED: " + alpacaFile + " is absent; every part of this benchmark uses Alpaca.");
      return;
    }
    List<String> alpaca = new ArrayList<>();
    for (JsonNode n : new ObjectMapper().readTree(alpacaFile.toFile())) {
      alpaca.add(n.path("instruction").asText(""));
    }
    List<String> seeds = new ArrayList<>();
    if (Files.isRegularFile(seedFile)) {
      try (BufferedReader r = Files.newBufferedReader(seedFile, StandardCharsets.UTF_8)) {
        ObjectMapper m = new ObjectMapper();
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (!line.isBlank()) {
            seeds.add(m.readTree(line).path("instruction").asText(""));
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "Alpaca instructions: %d, seed tasks (references): %d, cores: %d, max heap: %.1f GB%n",
        alpaca.size(), seeds.size(), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / 1e9);

    // (a) scoring throughput, one thread.
    scoringTable(alpaca, pairs);

    // (b) + (c) dedup in local[2].
    SparkSession spark =
        SparkSession.builder()
            .appName("bench-dedup")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "true")
            .config("spark.sql.shuffle.partitions", String.valueOf(partitions))
            .config("spark.default.parallelism", String.valueOf(partitions))
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.adaptive.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    DedupSettings settings =
        DedupSettings.defaults().withThresholds(DedupSettings.defaults().threshold(), floor);
    List<String[]> rowsOut = new ArrayList<>();
    try {
      for (int size : sizes) {
        rowsOut.add(dedupRun(spark, alpaca, seeds, size, settings, check));
      }
    } finally {
      spark.stop();
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "Dedup, local[2], %d shuffle partitions, threshold %s, floor %s, %d references%n",
        partitions, settings.threshold(), settings.similarityFloor(), seeds.size());
    System.out.println("| records   | input                | wall (s) | peak heap (GB) | dropped | equals in-memory check |");
    System.out.println("|----------:|----------------------|---------:|---------------:|--------:|------------------------|");
    for (String[] r : rowsOut) {
      System.out.printf(Locale.ROOT, "| %9s | %-20s | %8s | %14s | %7s | %-22s |%n", (Object[]) r);
    }
  }

  /**
   * Pairs/s of one thread, three timed runs per layout (median and range): raw strings through
   * {@link RougeL#score(String, String)}; token ids as one {@code int[]} per record; the same ids in
   * one {@link PackedTokens} (the layout the in-memory dedup uses); and packed records each against
   * its next 64 (the access pattern of candidate verification, where pairs are neighbours).
   */
  private static void scoringTable(List<String> alpaca, long pairs) {
    TokenInterner interner = new TokenInterner();
    RougeScoreTokenizer tokenizer = new RougeScoreTokenizer(false);
    String[] texts = alpaca.toArray(String[]::new);
    int[][] ids = new int[texts.length][];
    PackedTokens packed = new PackedTokens(texts.length, texts.length * 16);
    for (int i = 0; i < texts.length; i++) {
      ids[i] = interner.ids(tokenizer.tokenize(texts[i]));
      packed.add(ids[i]);
    }
    // Collect the parsed JSON tree now: otherwise the strings stay interleaved with its garbage and
    // the loops below measure cache misses on a 10x larger heap rather than scoring.
    System.gc();
    Lcs lcs = new Lcs();
    long tokenPairs = pairs * 5;
    String rawRuns = runs(texts.length, pairs, idx -> rawLoop(texts, idx));
    String arrayRuns = runs(texts.length, tokenPairs, idx -> arrayLoop(ids, lcs, idx));
    String packedRuns = runs(texts.length, tokenPairs, idx -> packedLoop(packed, lcs, idx));
    String blockedRuns = runs(-texts.length, tokenPairs, idx -> packedLoop(packed, lcs, idx));
    System.out.println();
    System.out.println("| scoring (1 thread, 3 runs: median (min-max)) | pairs/s                  | target |");
    System.out.println("|-----------------------------------------------|--------------------------|-------:|");
    System.out.printf(Locale.ROOT, "| RougeL.score, raw strings, random pairs       | %-24s | >= 1M  |%n", rawRuns);
    System.out.printf(Locale.ROOT, "| token ids, int[] per record, random pairs     | %-24s | >= 10M |%n", arrayRuns);
    System.out.printf(Locale.ROOT, "| token ids, PackedTokens, random pairs         | %-24s | >= 10M |%n", packedRuns);
    System.out.printf(Locale.ROOT, "| token ids, PackedTokens, each vs its next 64  | %-24s |        |%n", blockedRuns);
  }

  /**
   * Three timed runs of {@code loop} over {@code count} pairs each, after a warm-up: random pairs of
   * {@code n} records, drawn before timing so the clock sees scoring and memory access only, or,
   * with {@code n < 0}, each of the first {@code -n - 64} records against its next 64 in turn.
   */
  private static String runs(int n, long count, ToDoubleFunction<int[][]> loop) {
    double sink = loop.applyAsDouble(pairs(n, Math.min(count, 1_000_000), 1));
    double[] rates = new double[3];
    for (int run = 0; run < rates.length; run++) {
      int[][] idx = pairs(n, count, 2 + run);
      long start = System.nanoTime();
      sink += loop.applyAsDouble(idx);
      rates[run] = count / ((System.nanoTime() - start) / 1e9);
    }
    if (sink < 0) {
      throw new IllegalStateException("negative score sum " + sink);
    }
    Arrays.sort(rates);
    return String.format(Locale.ROOT, "%.2fM (%.2fM-%.2fM)", rates[1] / 1e6, rates[0] / 1e6, rates[2] / 1e6);
  }

  private static int[][] pairs(int n, long count, long seed) {
    int[] a = new int[Math.toIntExact(count)];
    int[] b = new int[a.length];
    if (n < 0) {
      int records = Math.max(1, -n - 64);
      for (int k = 0; k < a.length; k++) {
        int block = k / 64;
        a[k] = block % records;
        b[k] = a[k] + 1 + k % 64;
      }
      return new int[][] {a, b};
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int k = 0; k < a.length; k++) {
      a[k] = random.nextInt(n);
      b[k] = random.nextInt(n);
    }
    return new int[][] {a, b};
  }

  private static double rawLoop(String[] texts, int[][] idx) {
    double sink = 0;
    for (int k = 0; k < idx[0].length; k++) {
      sink += RougeL.score(texts[idx[0][k]], texts[idx[1][k]]).fmeasure();
    }
    return sink;
  }

  private static double arrayLoop(int[][] ids, Lcs lcs, int[][] idx) {
    double sink = 0;
    for (int k = 0; k < idx[0].length; k++) {
      int[] a = ids[idx[0][k]];
      int[] b = ids[idx[1][k]];
      sink += RougeL.fmeasure(lcs.length(a, b), a.length, b.length);
    }
    return sink;
  }

  private static double packedLoop(PackedTokens packed, Lcs lcs, int[][] idx) {
    double sink = 0;
    for (int k = 0; k < idx[0].length; k++) {
      sink += packed.fmeasure(lcs, idx[0][k], idx[1][k]);
    }
    return sink;
  }

  private static String[] dedupRun(
      SparkSession spark,
      List<String> alpaca,
      List<String> seeds,
      int size,
      DedupSettings settings,
      boolean runCheck) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> input;
    String kind;
    List<String> texts = null;
    if (size <= alpaca.size()) {
      kind = size == alpaca.size() ? "Alpaca (all)" : "Alpaca (first " + size + ")";
      texts = alpaca.subList(0, size);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < seeds.size(); i++) {
        rows.add(RowFactory.create("seed-" + i, (long) i, seeds.get(i), true));
      }
      for (int i = 0; i < size; i++) {
        rows.add(RowFactory.create("a-" + i, (long) (seeds.size() + i), texts.get(i), false));
      }
      input = spark.createDataFrame(rows, INPUT);
    } else {
      kind = "perturbed Alpaca";
      Broadcast<ArrayList<String>> base = jsc.broadcast(new ArrayList<>(alpaca));
      Dataset<Row> generated =
          spark.createDataFrame(
              spark.range(0, size).toJavaRDD().mapPartitions(new Perturb(base, seeds.size())),
              INPUT);
      List<Row> seedRows = new ArrayList<>();
      for (int i = 0; i < seeds.size(); i++) {
        seedRows.add(RowFactory.create("seed-" + i, (long) i, seeds.get(i), true));
      }
      input = spark.createDataFrame(seedRows, INPUT).union(generated);
    }
    ScaleBenchmark.resetPeaks();
    long start = System.nanoTime();
    Dataset<Row> out = RougeDedup.run(spark, input, settings);
    List<Row> dropped = out.filter("kept = false").select("id").collectAsList();
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = ScaleBenchmark.peakHeapMb() * 1024 * 1024;
    String check = "not run";
    if (!runCheck) {
      check = "skipped (--no-check)";
    } else if (texts != null && size <= 10_000) {
      check = sameDropped(texts, seeds, dropped, settings, true) ? "brute force: yes" : "brute force: NO";
    } else if (texts != null) {
      check = sameDropped(texts, seeds, dropped, settings, false) ? "indexed: yes" : "indexed: NO";
    }
    System.out.printf(Locale.ROOT, "dedup %d records: %.1f s, %d dropped, %s%n", size, seconds, dropped.size(), check);
    return new String[] {
      String.format(Locale.ROOT, "%,d", size),
      kind,
      String.format(Locale.ROOT, "%.1f", seconds),
      String.format(Locale.ROOT, "%.2f", peak / 1e9),
      String.valueOf(dropped.size()),
      check
    };
  }

  private static boolean sameDropped(
      List<String> texts, List<String> seeds, List<Row> dropped, DedupSettings settings, boolean brute) {
    TokenInterner interner = new TokenInterner();
    RougeScoreTokenizer tokenizer = new RougeScoreTokenizer(settings.useStemmer());
    List<DedupRecord> records = new ArrayList<>();
    for (int i = 0; i < seeds.size(); i++) {
      records.add(new DedupRecord("seed-" + i, interner.ids(tokenizer.tokenize(seeds.get(i))), true));
    }
    for (int i = 0; i < texts.size(); i++) {
      records.add(new DedupRecord("a-" + i, interner.ids(tokenizer.tokenize(texts.get(i))), false));
    }
    List<DedupDecision> expected =
        brute
            ? SequentialDedup.bruteForce(records, settings.threshold(), settings.similarityFloor())
            : SequentialDedup.indexed(records, settings.threshold(), settings.similarityFloor());
    Set<String> want = new HashSet<>();
    for (DedupDecision d : expected) {
      if (!d.kept()) {
        want.add(d.id());
      }
    }
    Set<String> got = new HashSet<>();
    for (Row r : dropped) {
      got.add(r.getString(0));
    }
    return want.equals(got);
  }

  /**
   * Record i of the perturbed set: an Alpaca instruction chosen by a seeded hash of i, with 0 to 3
   * word drops, swaps or insertions (about a third unchanged copies), so many true pairs exist.
   */
  static final class Perturb implements FlatMapFunction<Iterator<Long>, Row> {
    private final Broadcast<ArrayList<String>> base;
    private final long ordOffset;

    Perturb(Broadcast<ArrayList<String>> base, long ordOffset) {
      this.base = base;
      this.ordOffset = ordOffset;
    }

    @Override
    public Iterator<Row> call(Iterator<Long> ids) {
      List<String> texts = base.value();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Row next() {
          long i = ids.next();
          return RowFactory.create("p-" + i, ordOffset + i, Perturbation.text(texts, i), false);
        }
      };
    }
  }
}
