package org.instructsynth.pipeline.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.config.OutputConfig;
import org.instructsynth.job.SqlShell;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.OutputWriter;
import org.instructsynth.pipeline.Tables;
import org.instructsynth.testing.SparkTestSession;

/**
 * Small nights for the publish tests: night {@code n} writes {@code n+i} rows to the i-th table (so
 * every night and table has its own count) and stamps them with its run id; and the state readers
 * see, through the same readers users use (Tables.read, OutputWriter.readTable, sql.sh's views).
 */
final class Nights {
  static final Map<String, StructType> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("train", Columns.EXAMPLE);
    TABLES.put("eval", Columns.EXAMPLE);
    TABLES.put("rejects", Columns.REJECT);
  }

  private Nights() {}

  static SparkSession spark() {
    return SparkTestSession.get();
  }

  static OutputConfig output(Path out, String format) {
    return new OutputConfig(out.toString(), format, 2000);
  }

  /**
   * Writes and commits night {@code n} of {@code date} with its exports and card ({@link #exports}, staged
   * and published like a run's); the hook may stop it anywhere.
   */
  static CommitRecord night(Path out, String format, String date, int n, PublishHook hook) {
    OutputWriter w = new OutputWriter(spark(), output(out, format), runId(date, n), date, hook);
    int i = 0;
    for (Map.Entry<String, StructType> t : TABLES.entrySet()) {
      w.write(t.getKey(), rows(n + i++, t.getKey()), t.getValue());
    }
    Path staged = Path.of(w.exportsStagingRoot());
    Map<String, String> files = exports(date, n);
    boolean newest = newestCard(out.resolve("exports"), date);
    List<String> written = new ArrayList<>();
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        if (f.getKey().equals("README.md") && !newest) {
          continue;
        }
        Path p = staged.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue());
        String top = f.getKey().contains("/run_date=") ? f.getKey().substring(0, f.getKey().lastIndexOf('/')) : f.getKey();
        if (!written.contains(top)) {
          written.add(top);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    w.prepare();
    return w.publish(written);
  }

  /**
   * The exports night {@code n} of {@code date} writes (path under exports/ to content): {@code messages}
   * always, {@code alpaca} only on odd nights (a rerun that drops a format), the date's card, and the root
   * card when no later date has one.
   */
  static Map<String, String> exports(String date, int n) {
    Map<String, String> m = new TreeMap<>();
    String id = runId(date, n);
    m.put("messages/run_date=" + date + "/train.jsonl", "{\"night\":\"" + id + "\"}\n");
    m.put("messages/run_date=" + date + "/eval.jsonl", "{\"night\":\"" + id + "\",\"split\":\"eval\"}\n");
    if (n % 2 == 1) {
      m.put("alpaca/run_date=" + date + "/train.jsonl", "{\"night\":\"" + id + "\",\"f\":\"alpaca\"}\n");
    }
    m.put("_cards/run_date=" + date + "/README.md", "card of " + id + "\n");
    m.put("README.md", "card of " + id + "\n");
    return m;
  }

  /** What a reader of {@code <out>/exports} sees of {@code date}: every file of the date, and the root card. */
  static Map<String, String> seenExports(Path out, String date) {
    Map<String, String> m = new TreeMap<>();
    Path root = out.resolve("exports");
    if (!Files.isDirectory(root)) {
      return m;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (rel.contains("/run_date=" + date + "/") || rel.equals("README.md")) {
          m.put(rel, Files.readString(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  /** {@link #exports} of night {@code n} as a reader sees it, with the root card of night {@code rootNight} of {@code rootDate}. */
  static Map<String, String> expectedExports(String date, int n, String rootDate, int rootNight) {
    Map<String, String> m = exports(date, n);
    m.put("README.md", exports(rootDate, rootNight).get("README.md"));
    return m;
  }

  private static boolean newestCard(Path exports, String date) {
    try (Stream<Path> s = Files.list(exports.resolve("_cards"))) {
      return s.map(p -> p.getFileName().toString().substring("run_date=".length())).noneMatch(d -> d.compareTo(date) > 0);
    } catch (java.nio.file.NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String runId(String date, int n) {
    return "run-" + date + "-n" + n;
  }

  static Dataset<Row> rows(int count, String table) {
    Dataset<Row> ids = spark().range(count).selectExpr("concat('" + table + "-', id) AS id",
        "concat('instruction ', id) AS instruction", "'' AS input", "'out' AS output");
    return table.equals("rejects")
        ? ids.selectExpr("id AS record_id", "'filter' AS stage", "'too_short' AS reason")
        : ids;
  }

  /**
   * What readers see of {@code date}: per table "runId:count" (or "absent"), the same through
   * Tables.read, OutputWriter.readTable and sql.sh's views (or an assertion error naming the difference).
   */
  static Map<String, String> seen(Path out, String date) {
    return seen(out, date, true);
  }

  /** {@link #seen(Path, String)}; with {@code allReaders} false only through Tables.read (faster). */
  static Map<String, String> seen(Path out, String date, boolean allReaders) {
    Map<String, String> viaTables = new LinkedHashMap<>();
    Map<String, String> viaReadTable = new LinkedHashMap<>();
    Map<String, String> viaViews = new LinkedHashMap<>();
    for (Map.Entry<String, StructType> t : TABLES.entrySet()) {
      viaTables.put(t.getKey(), describe(Tables.read(spark(), out.resolve(t.getKey()).toString(), t.getValue()), date));
    }
    if (!allReaders) {
      return viaTables;
    }
    List<String> views = SqlShell.register(spark(), out.toString());
    for (Map.Entry<String, StructType> t : TABLES.entrySet()) {
      viaReadTable.put(t.getKey(), describe(OutputWriter.readTable(spark(), out.resolve(t.getKey()).toString(), t.getValue()), date));
      viaViews.put(t.getKey(), views.contains(t.getKey()) ? describe(spark().table(t.getKey()), date) : "absent");
    }
    if (!viaTables.equals(viaReadTable) || !viaTables.equals(viaViews)) {
      throw new AssertionError("readers disagree: Tables.read " + viaTables + ", readTable " + viaReadTable
          + ", sql.sh views " + viaViews);
    }
    return viaTables;
  }

  /** What readers would see if night {@code n} of {@code date} were the visible one (or none: n = 0). */
  static Map<String, String> expected(String date, int n) {
    Map<String, String> m = new LinkedHashMap<>();
    int i = 0;
    for (String t : TABLES.keySet()) {
      m.put(t, n == 0 ? "absent" : runId(date, n) + ":" + (n + i));
      i++;
    }
    return m;
  }

  private static String describe(Dataset<Row> df, String date) {
    if (df == null) {
      return "absent";
    }
    Map<String, Long> byRun = new java.util.TreeMap<>();
    for (Row r : df.where(col("run_date").equalTo(date)).select("run_id").collectAsList()) {
      byRun.merge(r.getString(0), 1L, Long::sum);
    }
    if (byRun.isEmpty()) {
      return "absent";
    }
    StringBuilder sb = new StringBuilder();
    byRun.forEach((run, n) -> sb.append(sb.length() == 0 ? "" : "+").append(run).append(':').append(n));
    return sb.toString();
  }
}
