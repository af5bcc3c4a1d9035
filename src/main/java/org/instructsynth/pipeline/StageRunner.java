package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs stages one after another. Each stage's annotated output is persisted once and split into the
 * kept rows (input of the next stage) and the dropped rows (collected for the rejects table), and one
 * progress line is logged per stage with rows in, rows out and elapsed time.
 *
 * <p>Each stage's Spark jobs carry the run id as job group and {@code "<recipe>: <stage>"} as description
 * (the Spark UI's job list), and a {@link Heartbeat} logs the running step every 30 s while it runs longer.
 * Recipes that loop on the driver run a stage list per round ({@link #round}): a stage run again adds its
 * counts and time to its line in the funnel, so the funnel shows each stage once, and every run's drops
 * reach the rejects table.
 */
public final class StageRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

  private final RunContext ctx;
  private final List<StageStats> stats = new ArrayList<>();
  private final List<Dataset<Row>> rejects = new ArrayList<>();
  private final List<Dataset<Row>> persisted = new ArrayList<>();
  private final Heartbeat heartbeat;
  private Long lastRowsOut;
  private String round = "";
  private long lastEmitted;

  public StageRunner(RunContext ctx) {
    this(ctx, Heartbeat.INTERVAL);
  }

  /** As {@link #StageRunner(RunContext)} with another heartbeat interval (tests). */
  public StageRunner(RunContext ctx, java.time.Duration heartbeatInterval) {
    this.ctx = ctx;
    // Spark copies local properties named mdc.* into the MDC of the tasks this thread's jobs run.
    ctx.spark().sparkContext().setLocalProperty("mdc.run_id", ctx.runId());
    this.heartbeat = new Heartbeat(ctx.spark().sparkContext(), heartbeatInterval, LOG::info);
  }

  /**
   * Names what the driver does next: the description of the Spark jobs it starts ({@code "<recipe>: <what>"},
   * job group = run id) and the step the heartbeat reports.
   */
  public void describe(String what) {
    ctx.spark().sparkContext().setJobGroup(ctx.runId(), ctx.config().recipe() + ": " + what, false);
    heartbeat.step(what);
  }

  /**
   * Names the round the next stages belong to ({@code generate (round 3)} in job descriptions, the
   * heartbeat and the progress lines); 0 ends the rounds.
   */
  public void round(int number) {
    round = number == 0 ? "" : " (round " + number + ")";
  }

  /** Runs one stage on {@code in} (null for a loading stage) and returns the rows it kept. */
  public Dataset<Row> run(Stage stage, Dataset<Row> in) {
    return run(stage, in, in == null ? null : lastRowsOut);
  }

  /**
   * Runs one stage on a frame that did not come from the previous stage (a round's prompts built on
   * the driver), whose size the caller knows: the funnel's rows in.
   */
  public Dataset<Row> run(Stage stage, Dataset<Row> in, long rowsIn) {
    return run(stage, in, Long.valueOf(rowsIn));
  }

  private Dataset<Row> run(Stage stage, Dataset<Row> in, Long knownRowsIn) {
    long start = System.nanoTime();
    describe(stage.name() + round);
    Dataset<Row> annotated = persistUntilClose(stage.apply(in, ctx));
    Stage.Counts counts = stage.knownCounts();
    if (counts == null) { // one Spark job, which also materialises the persisted output
      long[] c = annotated.select(col(Columns.REASON).isNull()).javaRDD().aggregate(new long[2],
          (acc, row) -> {
            acc[0]++;
            acc[1] += row.getBoolean(0) ? 1 : 0;
            return acc;
          },
          (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      counts = new Stage.Counts(c[0], c[1]);
    }
    stage.materialized();
    long all = counts.all();
    long kept = counts.kept();
    long rowsIn = knownRowsIn == null ? all : knownRowsIn;
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    add(new StageStats(stage.name(), rowsIn, kept, elapsed));
    lastRowsOut = kept;
    lastEmitted = all;
    LOG.info(String.format(Locale.ROOT, "stage %-10s rows in %,10d  out %,10d  dropped %,8d  %,8d ms%s",
        stage.name(), rowsIn, kept, all - kept, elapsed, round));

    Dataset<Row> dropped =
        annotated
            .where(col(Columns.REASON).isNotNull())
            .withColumn("stage", lit(stage.name()))
            .withColumn("reason", col(Columns.REASON))
            .withColumn("detail", col(Columns.DETAIL))
            .withColumn("raw", col(Columns.RAW))
            .withColumn("source_file", col(Columns.FILE))
            .withColumn("line_number", col(Columns.LINE));
    rejects.add(Columns.conform(dropped, Columns.REJECT));
    List<org.apache.spark.sql.Column> next = new ArrayList<>(List.of(Columns.all(Columns.WORK)));
    stage.handsOn().forEach(c -> next.add(col(c)));
    return annotated.where(col(Columns.REASON).isNull()).select(next.toArray(org.apache.spark.sql.Column[]::new));
  }

  /** The rows the last stage run returned, kept and dropped (a parsing stage emits more than it reads). */
  public long lastEmitted() {
    return lastEmitted;
  }

  /** The last stage run's line of this run (its counts only, not summed over rounds). */
  public long lastRowsOut() {
    return lastRowsOut == null ? 0 : lastRowsOut;
  }

  /** Adds {@code s} to the funnel, or to the line of the stage of the same name (a stage of every round). */
  private void add(StageStats s) {
    for (int i = 0; i < stats.size(); i++) {
      StageStats had = stats.get(i);
      if (had.stage().equals(s.stage())) {
        stats.set(i, new StageStats(s.stage(), had.rowsIn() + s.rowsIn(), had.rowsOut() + s.rowsOut(),
            had.elapsedMs() + s.elapsedMs()));
        return;
      }
    }
    stats.add(s);
  }

  /** Records a step that only annotates (such as the split) so it appears in the funnel. */
  public void record(StageStats s) {
    add(s);
    lastRowsOut = s.rowsOut();
    LOG.info(String.format(Locale.ROOT, "stage %-10s rows in %,10d  out %,10d  dropped %,8d  %,8d ms",
        s.stage(), s.rowsIn(), s.rowsOut(), s.rowsIn() - s.rowsOut(), s.elapsedMs()));
  }

  /** Persists {@code frame}, which several stages read, until {@link #close}. */
  public Dataset<Row> persistUntilClose(Dataset<Row> frame) {
    Dataset<Row> persistedFrame = frame.persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(persistedFrame);
    return persistedFrame;
  }

  public SparkSession spark() {
    return ctx.spark();
  }

  public List<StageStats> stats() {
    return List.copyOf(stats);
  }

  /** Every dropped row so far, in {@link Columns#REJECT} shape (run columns still null). */
  public Dataset<Row> rejects() {
    Dataset<Row> out = null;
    for (Dataset<Row> r : rejects) {
      out = out == null ? r : out.unionByName(r);
    }
    return out == null ? ctx.spark().createDataFrame(List.of(), Columns.REJECT) : out;
  }

  @Override
  public void close() {
    heartbeat.close();
    ctx.spark().sparkContext().clearJobGroup();
    ctx.spark().sparkContext().setLocalProperty("mdc.run_id", null);
    persisted.forEach(Dataset::unpersist);
    persisted.clear();
  }
}
