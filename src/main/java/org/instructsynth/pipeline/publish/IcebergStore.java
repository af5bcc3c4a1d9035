package org.instructsynth.pipeline.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.config.OutputConfig;

/**
 * Iceberg tables partitioned by {@code run_date}: each table replaces the date in one snapshot
 * ({@code overwrite(run_date = date)}, which also clears the date when this night's frame is empty)
 * whose summary carries {@value #RUN_ID_PROPERTY}. Without {@code output.catalog} the tables live
 * in a Hadoop catalog under {@code output.path} ({@code <output>/<table>}); with it, in that Spark
 * catalog's {@code output.namespace}. Readers load the snapshot id the last commit record names.
 */
final class IcebergStore implements TableStore {
  static final String RUN_ID_PROPERTY = "instructsynth.run-id";
  private final SparkSession spark;
  private final OutputConfig output;
  private final String runId;
  private final String runDate;
  private final Map<String, CommitRecord.TableCommit> committed = new LinkedHashMap<>();

  IcebergStore(SparkSession spark, OutputConfig output, String runId, String runDate) {
    this.spark = spark;
    this.output = output;
    this.runId = runId;
    this.runDate = runDate;
  }

  /**
   * The catalog name the tables are written through. For the default Hadoop catalog this registers
   * (at run time, once per warehouse) a catalog whose warehouse is the output's parent folder and whose
   * namespace is the output folder's name, so table {@code train} lives at {@code <output>/train}.
   */
  String catalog() {
    if (!output.catalog().isBlank()) {
      return output.catalog();
    }
    return hadoopCatalog(spark, new Path(output.path()));
  }

  /**
   * Registers (once per warehouse, at run time) the Hadoop catalog whose warehouse is {@code root}'s
   * parent folder, so that table {@code t} of the output is {@code <catalog>.`<root name>`.`t`} at
   * {@code <root>/t}; returns its name. Readers go through it too: loading an Iceberg table by path
   * would use Iceberg's default catalog, which is a Hive catalog and needs Hive's jars.
   */
  static String hadoopCatalog(SparkSession spark, Path output) {
    Path root;
    try {
      org.apache.hadoop.fs.FileSystem fs = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
      root = output.makeQualified(fs.getUri(), fs.getWorkingDirectory());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot reach output.path " + output + ": " + e.getMessage(), e);
    }
    String name = String.format(Locale.ROOT, "instructsynth_%08x", root.getParent().toString().hashCode());
    String key = "spark.sql.catalog." + name;
    if (!spark.conf().contains(key)) {
      spark.conf().set(key, "org.apache.iceberg.spark.SparkCatalog");
      spark.conf().set(key + ".type", "hadoop");
      spark.conf().set(key + ".warehouse", root.getParent().toString());
      spark.conf().set(key + ".cache-enabled", "false"); // another JVM may commit between our reads
    }
    return name;
  }

  /** {@code table} of the output at {@code root} in its Hadoop catalog (no {@code output.catalog}). */
  static String hadoopIdentifier(SparkSession spark, Path root, String table) {
    return hadoopCatalog(spark, root) + ".`" + root.getName() + "`.`" + table + "`";
  }

  String identifier(String table) {
    String ns = output.catalog().isBlank() ? new Path(output.path()).getName() : output.namespace();
    return catalog() + ".`" + ns + "`.`" + table + "`";
  }

  @Override
  public void clean(List<CommitRecord> records) {
    // nothing to clean: a table's snapshot no record names is never read; Iceberg's own
    // expire_snapshots / remove_orphan_files procedures reclaim the space (docs/outputs.md).
  }

  @Override
  public void stage(String table, Dataset<Row> rows, StructType schema, PublishHook hook) {
    String id = identifier(table);
    try {
      if (!spark.catalog().tableExists(id)) {
        spark.createDataFrame(List.of(), schema).writeTo(id).partitionedBy(col("run_date")).create();
      }
      rows.writeTo(id).option("snapshot-property." + RUN_ID_PROPERTY, runId)
          .overwrite(col("run_date").equalTo(lit(runDate)));
    } catch (TableAlreadyExistsException | NoSuchTableException e) {
      throw new IllegalStateException("iceberg table " + id + " was created or dropped while this run wrote it: "
          + e.getMessage() + "; is another run writing the same output?", e);
    }
    Row snap = spark.table(id + ".snapshots")
        .where(col("summary").getItem(RUN_ID_PROPERTY).equalTo(lit(runId)))
        .orderBy(col("committed_at").desc()).select("snapshot_id").first();
    long snapshot = snap.getLong(0);
    long n = spark.read().format("iceberg").option("versionAsOf", snapshot).load(id)
        .where(col("run_date").equalTo(lit(runDate))).count();
    String location = output.catalog().isBlank() ? table : id;
    committed.put(table, new CommitRecord.TableCommit(n, TableStore.schemaHash(schema), location, snapshot));
    hook.after("committed:" + table);
  }

  @Override
  public Map<String, CommitRecord.TableCommit> commit(long seq, PublishHook hook) {
    return committed;
  }

}
