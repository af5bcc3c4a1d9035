package org.instructsynth.pipeline.publish;

import java.time.Instant;
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
 * Publishes one night's tables so they become visible together or not at all (docs/outputs.md,
 * "Publish protocol"): clean what a crashed run left, write every table ({@link #stage}), then
 * {@link #commit}: make the staged data ready, write the commit record (the single point of
 * visibility), the {@code _SUCCESS} marker, and clean superseded versions.
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
  private List<CommitRecord> before;
  private long stagingMs;

  public Publisher(SparkSession spark, OutputConfig output, String runId, String runDate, PublishHook hook) {
    this.spark = spark;
    this.output = output;
    this.runId = runId;
    this.runDate = runDate;
    this.hook = hook;
    this.log = new CommitLog(spark.sparkContext().hadoopConfiguration(), output.path());
    this.store = switch (output.format()) {
      case "iceberg" -> new IcebergStore(spark, output, runId, runDate);
      case "delta" -> new DeltaStore(spark, output.path(), runId, runDate);
      default -> new FileStore(spark, output.path(), output.format(), runId, runDate, output.keepVersions());
    };
  }

  /** Writes one table of the night (conformed, run columns filled); not visible until {@link #commit}. */
  public void stage(String table, Dataset<Row> rows, StructType schema) {
    long start = System.nanoTime();
    if (before == null) {
      before = log.all();
      store.clean(before);
      hook.after("cleaned");
    }
    store.stage(table, rows, schema, hook);
    written.put(table, schema);
    stagingMs += (System.nanoTime() - start) / 1_000_000;
  }

  /** Publishes every staged table in one commit record; returns it. */
  public CommitRecord commit() {
    if (before == null) {
      before = log.all();
      store.clean(before);
    }
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
    CommitRecord record = new CommitRecord(seq, runId, runDate, output.format(), Instant.now().toString(),
        store.commit(seq, hook));
    log.write(record);
    hook.after("recorded");
    log.markSuccess(record);
    hook.after("marked");
    store.clean(log.all());
    hook.after("cleaned-after");
    LOG.info("published {} tables of run_date {} as commit {} ({})", record.tables().size(), runDate, seq,
        output.format());
    return record;
  }

  /** Milliseconds spent writing the tables (the part of the publish a plain write also pays). */
  public long stagingMs() {
    return stagingMs;
  }

  public CommitLog log() {
    return log;
  }
}
