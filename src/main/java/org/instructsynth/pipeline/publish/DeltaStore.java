package org.instructsynth.pipeline.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Delta tables at {@code <output>/<table>}, partitioned by {@code run_date}: each table replaces
 * the date in one commit ({@code replaceWhere run_date = date}, also for an empty frame) whose
 * {@code userMetadata} is the run id. Readers load the version the last commit record names.
 */
final class DeltaStore implements TableStore {
  private final SparkSession spark;
  private final String outputPath;
  private final String runId;
  private final String runDate;
  private final Map<String, CommitRecord.TableCommit> committed = new LinkedHashMap<>();

  DeltaStore(SparkSession spark, String outputPath, String runId, String runDate) {
    this.spark = spark;
    this.outputPath = outputPath;
    this.runId = runId;
    this.runDate = runDate;
  }

  @Override
  public void clean(List<CommitRecord> records) {
    // nothing to clean: versions no record names are never read; VACUUM reclaims space (docs/outputs.md).
  }

  @Override
  public void stage(String table, Dataset<Row> rows, StructType schema, PublishHook hook) {
    String path = new Path(outputPath, table).toString();
    long before = DeltaTable.isDeltaTable(spark, path) ? DeltaTable.forPath(spark, path).history(1).first().getLong(0) : -1;
    rows.write().format("delta").mode(SaveMode.Overwrite).partitionBy("run_date")
        .option("replaceWhere", "run_date = '" + runDate + "'")
        .option("userMetadata", runId)
        .save(path);
    long version = ownVersion(path, before);
    long n = rowsOfDate(path, version);
    if (version == before && n != 0) {
      throw new IllegalStateException("delta table " + path + ": no commit of run " + runId + " after version " + before
          + " although the date has rows there; another run wrote the output at the same time");
    }
    committed.put(table, new CommitRecord.TableCommit(n, TableStore.schemaHash(schema), table, version));
    hook.after("committed:" + table);
  }

  /**
   * The version this run's write made: the newest commit after {@code before} whose userMetadata is the
   * run id (runs of other dates may commit to the same table meanwhile). With none, {@code before}:
   * Delta commits nothing when an empty frame replaces a date that has no rows, and the caller checks
   * that the date is indeed empty there.
   */
  private long ownVersion(String path, long before) {
    List<Row> mine = DeltaTable.forPath(spark, path).history()
        .where(col("version").gt(lit(before)).and(col("userMetadata").equalTo(lit(runId))))
        .select("version").collectAsList();
    long version = before;
    for (Row r : mine) {
      version = Math.max(version, r.getLong(0));
    }
    if (version < 0) {
      throw new IllegalStateException("delta table " + path + ": the first write of run " + runId + " made no commit");
    }
    return version;
  }

  private long rowsOfDate(String path, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path)
        .where(col("run_date").equalTo(lit(runDate))).count();
  }

  @Override
  public Map<String, CommitRecord.TableCommit> commit(long seq, PublishHook hook) {
    return committed;
  }

}
