package org.instructsynth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
import org.instructsynth.core.dedup.SequentialDedup;
import org.instructsynth.core.text.Lcs;
import org.instructsynth.core.text.RougeL;
import org.instructsynth.core.text.RougeScoreTokenizer;
import org.instructsynth.core.text.TokenInterner;
import org.instructsynth.pipeline.dedup.DedupSettings;
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
    double raw = rawPairsPerSecond(alpaca, pairs);
    double pre = pretokenisedPairsPerSecond(alpaca, pairs * 5);
    double blocked = blockedPairsPerSecond(alpaca, pairs * 5);
    System.out.println();
    System.out.println("| scoring (1 thread)            | this (pairs/s) | rouge_score (pairs/s) | target |");
    System.out.println("|-------------------------------|---------------:|----------------------:|-------:|");
    System.out.printf(Locale.ROOT, "| RougeL.score raw strings      | %,14.0f | ~18,000               | >= 1M  |%n", raw);
    System.out.printf(Locale.ROOT, "| pre-tokenised (int[] + LCS)   | %,14.0f | ~30,000               | >= 10M |%n", pre);
    System.out.printf(Locale.ROOT, "| pre-tokenised, blocked        | %,14.0f | n/a                   |        |%n", blocked);

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
    System.out.println("| records   | input              | wall (s) | peak heap (GB) | dropped | equals in-memory check |");
    System.out.println("|----------:|--------------------|---------:|---------------:|--------:|------------------------|");
    for (String[] r : rowsOut) {
      System.out.printf(Locale.ROOT, "| %9s | %-18s | %8s | %14s | %7s | %-22s |%n", (Object[]) r);
    }
  }

  /**
   * Pairs of random indexes, drawn before timing so the timed loops measure scoring (and the memory
   * access to the records), not the random number generator.
   */
  private static int[][] randomPairs(int n, long pairs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] a = new int[Math.toIntExact(pairs)];
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextInt(n);
      b[i] = random.nextInt(n);
    }
    return new int[][] {a, b};
  }

  private static double rawPairsPerSecond(List<String> texts, long pairs) {
    String[] t = texts.toArray(String[]::new);
    int[][] warm = randomPairs(t.length, 200_000, 1);
    double sink = 0;
    for (int i = 0; i < warm[0].length; i++) {
      sink += RougeL.score(t[warm[0][i]], t[warm[1][i]]).fmeasure();
    }
    int[][] idx = randomPairs(t.length, pairs, 2);
    long start = System.nanoTime();
    for (int i = 0; i < idx[0].length; i++) {
      sink += RougeL.score(t[idx[0][i]], t[idx[1][i]]).fmeasure();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink < 0) {
      throw new IllegalStateException("negative score sum " + sink);
    }
    return pairs / seconds;
  }

  private static double pretokenisedPairsPerSecond(List<String> texts, long pairs) {
    TokenInterner interner = new TokenInterner();
    RougeScoreTokenizer tokenizer = new RougeScoreTokenizer(false);
    int[][] ids = new int[texts.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = interner.ids(tokenizer.tokenize(texts.get(i)));
    }
    Lcs lcs = new Lcs();
    double sink = 0;
    int[][] warm = randomPairs(ids.length, 1_000_000, 3);
    for (int i = 0; i < warm[0].length; i++) {
      int[] a = ids[warm[0][i]];
      int[] b = ids[warm[1][i]];
      sink += RougeL.fmeasure(lcs.length(a, b), a.length, b.length);
    }
    int[][] idx = randomPairs(ids.length, pairs, 4);
    long start = System.nanoTime();
    for (int i = 0; i < idx[0].length; i++) {
      int[] a = ids[idx[0][i]];
      int[] b = ids[idx[1][i]];
      sink += RougeL.fmeasure(lcs.length(a, b), a.length, b.length);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink < 0) {
      throw new IllegalStateException("negative score sum " + sink);
    }
    return pairs / seconds;
  }

  /** Each record against the next 64 records: the access pattern of candidate verification. */
  private static double blockedPairsPerSecond(List<String> texts, long pairs) {
    TokenInterner interner = new TokenInterner();
    RougeScoreTokenizer tokenizer = new RougeScoreTokenizer(false);
    int[][] ids = new int[texts.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = interner.ids(tokenizer.tokenize(texts.get(i)));
    }
    Lcs lcs = new Lcs();
    double sink = 0;
    long done = 0;
    long start = 0;
    for (int round = 0; round < 2; round++) {
      if (round == 1) {
        start = System.nanoTime();
        done = 0;
      }
      for (int i = 0; done < pairs; i = (i + 1) % (ids.length - 65)) {
        int[] a = ids[i];
        for (int j = i + 1; j <= i + 64; j++) {
          int[] b = ids[j];
          sink += RougeL.fmeasure(lcs.length(a, b), a.length, b.length);
        }
        done += 64;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink < 0) {
      throw new IllegalStateException("negative score sum " + sink);
    }
    return done / seconds;
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
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long start = System.nanoTime();
    Dataset<Row> out = RougeDedup.run(spark, input, settings);
    List<Row> dropped = out.filter("kept = false").select("id").collectAsList();
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
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
