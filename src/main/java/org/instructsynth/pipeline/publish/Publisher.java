package org.instructsynth.pipeline.publish;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.config.OutputConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one night's tables, exports and dataset card so they become visible together or not at all
 * (docs/outputs.md, "Publish protocol"): finish a crashed run's export install and clean what it left,
 * write every table ({@link #stage}), then {@link #prepare}: make the staged data ready, and {@link
 * #publish}: write the commit record (the single point of visibility), move the staged exports into
 * place, write the {@code _SUCCESS} marker, and clean superseded versions.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private final SparkSession spark;
  private final OutputConfig output;
  private final String runId;
  private final String runDate;
  private final CommitLog log;
  private final TableStore store;
  private final PublishHook hook;
  private final Map<String, StructType> written = new LinkedHashMap<>();
  private final PublishedExports exports;
  private List<CommitRecord> before;
  private CommitRecord pending;
  private long stagingMs;

  public Publisher(SparkSession spark, OutputConfig output, String runId, String runDate, PublishHook hook) {
    this.spark = spark;
    this.output = output;
    this.runId = runId;
    this.runDate = runDate;
    this.hook = hook;
    this.log = new CommitLog(spark.sparkContext().hadoopConfiguration(), output.path());
    this.exports = new PublishedExports(spark.sparkContext().hadoopConfiguration(), output.path());
    this.store = switch (output.format()) {
      case "iceberg" -> new IcebergStore(spark, output, runId, runDate);
      case "delta" -> new DeltaStore(spark, output.path(), runId, runDate);
      default -> new FileStore(spark, output.path(), output.format(), runId, runDate, output.keepVersions());
    };
  }

  /** Writes one table of the night (conformed, run columns filled); not visible until {@link #commit}. */
  public void stage(String table, Dataset<Row> rows, StructType schema) {
    long start = System.nanoTime();
    begin();
    store.stage(table, rows, schema, hook);
    written.put(table, schema);
    stagingMs += (System.nanoTime() - start) / 1_000_000;
  }

  /** Once per run, before its first write: finish a crashed run's export install, then clean. */
  private void begin() {
    if (before == null) {
      before = log.all();
      exports.recover(before);
      store.clean(before);
      hook.after("cleaned");
    }
  }

  /** Publishes every staged table in one commit record, with no exports; returns it. */
  public CommitRecord commit() {
    prepare();
    return publish(List.of());
  }

  /**
   * The first half of {@link #commit}: makes the staged tables ready to be named by a record (parquet/jsonl:
   * moved to their version folders), without writing it. Nothing becomes visible; {@link #pending()} is
   * the record {@link #publish} will write, which {@link CommittedTables} can read ahead of time (the
   * report and the dataset card are built from it before the night is published).
   */
  public CommitRecord prepare() {
    begin();
    if (output.tableFormat()) {
      // a table an earlier night had and this night lacks gets its date cleared, so the newest
      // record still pins every table (readers of other dates keep seeing them)
      CommitRecord last = CommitLog.latest(before, Long.MAX_VALUE);
      if (last != null) {
        for (String t : last.tables().keySet()) {
          if (!written.containsKey(t)) {
            StructType schema = org.instructsynth.pipeline.Tables.all().get(t);
            if (schema != null) {
              store.stage(t, spark.createDataFrame(List.of(), schema), schema, hook);
              written.put(t, schema);
            }
          }
        }
      }
    }
    long seq = before.stream().mapToLong(CommitRecord::seq).max().orElse(0) + 1;
    pending = new CommitRecord(seq, runId, runDate, output.format(), Instant.now().toString(),
        store.commit(seq, hook), List.of());
    return pending;
  }

  /** The record {@link #prepare} made and {@link #publish} will write; null before prepare and after publish. */
  public CommitRecord pending() {
    return pending;
  }

  /** Every record readers see once {@link #pending()} is written (the read-ahead view of this night). */
  public List<CommitRecord> recordsWithPending() {
    List<CommitRecord> all = new ArrayList<>(log.all());
    if (pending != null) {
      all.add(pending);
    }
    return all;
  }

  /**
   * The second half of {@link #commit}: writes the prepared record listing {@code exportPaths} (the single
   * point of visibility), installs those exports from {@link #exportsStagingRoot()}, marks the date and
   * cleans superseded versions; returns the record.
   */
  public CommitRecord publish(List<String> exportPaths) {
    if (pending == null) {
      throw new IllegalStateException("publish before prepare");
    }
    CommitRecord record = pending.withExports(exportPaths, Instant.now().toString());
    log.write(record);
    pending = null;
    hook.after("recorded");
    exports.install(record);
    hook.after("installed-exports");
    log.markSuccess(record);
    hook.after("marked");
    store.clean(log.all());
    hook.after("cleaned-after");
    LOG.info("published {} tables{} of run_date {} as commit {} ({})", record.tables().size(),
        record.exports().isEmpty() ? "" : " and " + record.exports().size() + " export paths", runDate,
        record.seq(), output.format());
    return record;
  }

  /** Where this run writes its exports and card before {@link #publish} moves them into place. */
  public String exportsStagingRoot() {
    begin(); // a crashed run's staged exports are recovered or removed before this run writes its own
    return exports.staged(runId).toString();
  }

  /** The published {@code <output>/exports}. */
  public String exportsRoot() {
    return exports.published().toString();
  }

  /** Milliseconds spent writing the tables (the part of the publish a plain write also pays). */
  public long stagingMs() {
    return stagingMs;
  }

  public CommitLog log() {
    return log;
  }
}
