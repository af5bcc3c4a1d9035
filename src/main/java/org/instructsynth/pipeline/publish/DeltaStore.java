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
    rows.write().format("delta").mode(SaveMode.Overwrite).partitionBy("run_date")
        .option("replaceWhere", "run_date = '" + runDate + "'")
        .option("userMetadata", runId)
        .save(path);
    Row last = DeltaTable.forPath(spark, path).history(1).select("version", "userMetadata").first();
    if (!runId.equals(last.getString(1))) {
      throw new IllegalStateException("delta table " + path + ": the newest commit is not this run's ("
          + last.getString(1) + "); another run wrote the output at the same time");
    }
    long version = last.getLong(0);
    long n = spark.read().format("delta").option("versionAsOf", version).load(path)
        .where(col("run_date").equalTo(lit(runDate))).count();
    committed.put(table, new CommitRecord.TableCommit(n, TableStore.schemaHash(schema), table, version));
    hook.after("committed:" + table);
  }

  @Override
  public Map<String, CommitRecord.TableCommit> commit(long seq, PublishHook hook) {
    return committed;
  }

}
