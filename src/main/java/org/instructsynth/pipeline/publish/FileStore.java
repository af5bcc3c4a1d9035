package org.instructsynth.pipeline.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet and JSON Lines: a night is written to {@code _staging/<run_id>/<table>/run_date=<date>/},
 * each staged folder is renamed to {@code <table>/run_date=<date>/_v=<seq>/} (not yet visible: no
 * record names it), then the commit record makes the new versions visible in one step. Versions
 * beyond {@code output.keep-versions} and everything no record names are deleted afterwards and at
 * the start of the next run.
 */
final class FileStore implements TableStore {
  static final String STAGING = "_staging";
  private final SparkSession spark;
  private final Path root;
  private final String format;
  private final String runId;
  private final String runDate;
  private final int keepVersions;
  private final Map<String, StructType> staged = new LinkedHashMap<>();

  FileStore(SparkSession spark, String outputPath, String format, String runId, String runDate, int keepVersions) {
    this.spark = spark;
    this.root = new Path(outputPath);
    this.format = format;
    this.runId = runId;
    this.runDate = runDate;
    this.keepVersions = keepVersions;
  }

  static String versionDir(long seq) {
    return String.format(Locale.ROOT, "_v=%08d", seq);
  }

  @Override
  public void stage(String table, Dataset<Row> rows, StructType schema, PublishHook hook) {
    rows.drop("run_date").write().mode(SaveMode.Overwrite).option("ignoreNullFields", "false")
        .format(sparkFormat(format)).save(stagedDir(table).toString());
    staged.put(table, schema);
    hook.after("staged:" + table);
  }

  @Override
  public Map<String, CommitRecord.TableCommit> commit(long seq, PublishHook hook) {
    Map<String, CommitRecord.TableCommit> out = new LinkedHashMap<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (Map.Entry<String, StructType> t : staged.entrySet()) {
        String rel = t.getKey() + "/run_date=" + runDate + "/" + versionDir(seq);
        Path target = new Path(root, rel);
        fs.mkdirs(target.getParent());
        if (!fs.rename(stagedDir(t.getKey()), target)) {
          throw new IOException("rename of " + stagedDir(t.getKey()) + " to " + target + " failed");
        }
        fs.delete(stagedDir(t.getKey()).getParent(), true); // the emptied <table> folder; staged exports stay
        hook.after("moved:" + t.getKey());
        long rows = spark.read().schema(t.getValue()).format(sparkFormat(format)).load(target.toString()).count();
        out.put(t.getKey(), new CommitRecord.TableCommit(rows, TableStore.schemaHash(t.getValue()), rel, seq));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish the tables of " + runDate + " under " + root + ": "
          + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void clean(List<CommitRecord> records) {
    Map<String, Set<String>> keep = new LinkedHashMap<>();
    Map<String, List<CommitRecord>> byDate = new LinkedHashMap<>();
    records.forEach(r -> byDate.computeIfAbsent(r.runDate(), d -> new ArrayList<>()).add(r));
    byDate.forEach((date, rs) -> {
      Set<String> k = keep.computeIfAbsent(date, d -> new HashSet<>());
      for (CommitRecord r : rs.subList(Math.max(0, rs.size() - keepVersions), rs.size())) {
        r.tables().values().forEach(t -> k.add(t.location()));
      }
    });
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(new Path(root, STAGING), true);
      if (!fs.exists(root)) {
        return;
      }
      for (FileStatus table : fs.listStatus(root)) {
        String name = table.getPath().getName();
        // only the tables this publisher writes: the LLM ledger (llm_calls) and the exports live
        // beside them under their own rules and must never be taken for unpublished data
        if (!table.isDirectory() || !org.instructsynth.pipeline.Tables.all().containsKey(name)
            || org.instructsynth.pipeline.llm.Ledger.DIR.equals(name)) {
          continue;
        }
        for (FileStatus date : fs.listStatus(table.getPath())) {
          String dn = date.getPath().getName();
          if (!date.isDirectory() || !dn.startsWith("run_date=")) {
            continue;
          }
          Set<String> k = keep.get(dn.substring("run_date=".length()));
          for (FileStatus child : fs.listStatus(date.getPath())) {
            String cn = child.getPath().getName();
            boolean version = child.isDirectory() && cn.startsWith("_v=");
            // loose files are a pre-publish layout: removed only once a record supersedes the date
            boolean orphan = version ? k == null || !k.contains(name + "/" + dn + "/" + cn) : k != null;
            if (orphan) {
              fs.delete(child.getPath(), true);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean unpublished data under " + root + ": " + e.getMessage(), e);
    }
  }

  private Path stagedDir(String table) {
    return new Path(new Path(new Path(new Path(root, STAGING), runId), table), "run_date=" + runDate);
  }

  static String sparkFormat(String format) {
    return "jsonl".equals(format) ? "json" : "parquet";
  }
}
