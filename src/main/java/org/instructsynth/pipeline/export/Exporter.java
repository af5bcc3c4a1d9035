package org.instructsynth.pipeline.export;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.storage.StorageLevel;
import org.instructsynth.config.ExportConfig;
import org.instructsynth.config.JobConfig;
import org.instructsynth.core.export.ExportFormat;
import org.instructsynth.core.export.ExportLines;
import org.instructsynth.core.export.ExportedFile;
import org.instructsynth.core.export.UserPrompt;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.core.prompt.Template;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the training-ready exports of one date (issue 14): for every format of {@code export.formats}
 * and every split, JSON Lines under {@code <root>/<format>/run_date=<date>/}, either Spark part files
 * ({@code <split>/part-*.jsonl}) or one {@code <split>.jsonl}. An empty split writes nothing. The
 * lines come from {@link ExportLines}; a comparison goes to the split its instruction's example went to
 * (the same groups as the examples), and one whose example was dropped is left out and counted.
 */
public final class Exporter {
  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
  public static final List<String> SPLITS = List.of("train", "eval", "eval_unseen");
  static final String EXT = ".jsonl";

  private Exporter() {}

  /**
   * @param examples this run's examples with their {@code split} column, as written to the tables
   * @param comparisons this run's comparisons, or null when the recipe writes none
   */
  public static ExportResult write(JobConfig cfg, String runDate, Dataset<Row> examples, Dataset<Row> comparisons,
      ExportSink sink) {
    long started = System.nanoTime();
    ExportConfig ec = cfg.export();
    UserPrompt prompt = userPrompt(cfg);
    ExportLines lines = new ExportLines(prompt, ec.systemPrompt(), ec.conversational());
    FileSystem fs = fs(examples, sink.root());
    String partition = "run_date=" + runDate;

    Map<String, Long> exampleRows = countBySplit(examples);
    Dataset<Row> sided = null;
    Map<String, Long> pairRows = Map.of();
    long unmatched = 0;
    if (comparisons != null && ec.exportFormats().stream().anyMatch(ExportFormat::preference)) {
      sided = withSplit(comparisons, examples).persist(StorageLevel.MEMORY_AND_DISK());
      pairRows = countBySplit(sided);
      unmatched = pairRows.getOrDefault(null, 0L);
      if (unmatched > 0) {
        LOG.info("exports: {} comparison pair(s) left out of the preference exports: their instruction's example was "
            + "dropped by a filter or dedup, so it has no split", unmatched);
      }
    }

    List<ExportedFile> files = new ArrayList<>();
    List<String> written = new ArrayList<>();
    try {
      for (ExportFormat format : ec.exportFormats()) {
        Dataset<Row> source = format.preference() ? sided : examples;
        Map<String, Long> rows = format.preference() ? pairRows : exampleRows;
        if (source == null) {
          continue; // checked by the config; a recipe without comparisons has nothing to export here
        }
        String dir = format.id() + "/" + partition;
        for (String split : SPLITS) {
          long n = rows.getOrDefault(split, 0L);
          if (n == 0) {
            files.add(new ExportedFile(format.id(), split, 0, null));
            continue;
          }
          Dataset<String> text = source.where(col("split").equalTo(split)).map(mapper(format, lines), Encoders.STRING());
          String path = writeLines(fs, text, new Path(sink.root(), dir), split, ec.singleFile());
          files.add(new ExportedFile(format.id(), split, n, dir + "/" + path));
        }
        written.add(dir);
      }
    } finally {
      if (sided != null) {
        sided.unpersist();
      }
    }
    LOG.info("exports: {} under {} in {} ms", files.stream().filter(f -> f.rows() > 0)
        .map(f -> f.format() + "/" + f.split() + " " + f.rows()).toList(), sink.root(),
        (System.nanoTime() - started) / 1_000_000);
    List<String> models = new ArrayList<>(distinct(examples, "model"));
    if (comparisons != null) {
      distinct(comparisons, "judge_model").stream().filter(m -> !models.contains(m)).forEach(models::add);
    }
    return new ExportResult(sink.publishedRoot(), files, written, unmatched, prompt.describe(), distinct(examples, "language"),
        models);
  }

  /** The user turn's rendering: {@code export.prompt-template}, else the recipe's default. */
  static UserPrompt userPrompt(JobConfig cfg) {
    ExportConfig ec = cfg.export();
    if (!ec.promptTemplate().isEmpty()) {
      Template with = Template.compile("export.prompt-template", ec.promptTemplate());
      Template without = ec.promptTemplateNoInput().isEmpty()
          ? with : Template.compile("export.prompt-template-no-input", ec.promptTemplateNoInput());
      return UserPrompt.template(with, without);
    }
    if ("distill".equals(cfg.recipe())) {
      PromptTemplates t = cfg.prompts();
      return UserPrompt.alpaca(t.template(PromptTemplates.DISTILL_TEACHER_INPUT),
          t.template(PromptTemplates.DISTILL_TEACHER_NO_INPUT));
    }
    return UserPrompt.plain();
  }

  /** Comparisons with the split of the example that has the same instruction and input (null when none). */
  static Dataset<Row> withSplit(Dataset<Row> comparisons, Dataset<Row> examples) {
    Dataset<Row> sides = examples
        .select(coalesce(col("instruction"), lit("")).as("_i"), coalesce(col("input"), lit("")).as("_n"), col("split"))
        .groupBy("_i", "_n").agg(min("split").as("split"));
    return comparisons
        .withColumn("_i", coalesce(col("instruction"), lit("")))
        .withColumn("_n", coalesce(col("input"), lit("")))
        .join(sides, List.of("_i", "_n").toArray(String[]::new), "left")
        .select("instruction", "input", "chosen", "rejected", "split");
  }

  private static MapFunction<Row, String> mapper(ExportFormat format, ExportLines lines) {
    if (format.preference()) {
      return r -> lines.preference(format, r.getAs("instruction"), r.getAs("input"), r.getAs("chosen"), r.getAs("rejected"));
    }
    return r -> lines.example(format, r.getAs("instruction"), r.getAs("input"), r.getAs("output"));
  }

  private static List<String> distinct(Dataset<Row> df, String column) {
    TreeSet<String> out = new TreeSet<>();
    for (Row r : df.where(col(column).isNotNull()).select(column).distinct().collectAsList()) {
      out.add(r.getAs(column));
    }
    return new ArrayList<>(out);
  }

  private static Map<String, Long> countBySplit(Dataset<Row> df) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : df.groupBy("split").count().collectAsList()) {
      out.put(r.getAs("split"), r.<Long>getAs("count"));
    }
    return out;
  }

  /**
   * Writes {@code text} under {@code dir}: {@code <split>/part-*.jsonl}, or {@code <split>.jsonl} when
   * {@code single}. Returns the written file or glob relative to {@code dir}.
   */
  static String writeLines(FileSystem fs, Dataset<String> text, Path dir, String split, boolean single) {
    try {
      if (!single) {
        Path target = new Path(dir, split);
        text.write().mode(SaveMode.Overwrite).text(target.toString());
        for (FileStatus f : fs.listStatus(target)) {
          String name = f.getPath().getName();
          if (name.startsWith("part-")) {
            String base = name.endsWith(".txt") ? name.substring(0, name.length() - 4) : name;
            rename(fs, f.getPath(), new Path(target, base + EXT));
          } else {
            fs.delete(f.getPath(), false); // _SUCCESS
          }
        }
        dropChecksums(fs, target);
        return split + "/*" + EXT;
      }
      Path tmp = new Path(dir, "_tmp_" + split);
      text.coalesce(1).write().mode(SaveMode.Overwrite).text(tmp.toString());
      Path file = new Path(dir, split + EXT);
      for (FileStatus f : fs.listStatus(tmp)) {
        if (f.getPath().getName().startsWith("part-")) {
          rename(fs, f.getPath(), file);
        }
      }
      fs.delete(tmp, true);
      dropChecksums(fs, dir);
      return split + EXT;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + split + " export under " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes the hidden {@code .*.crc} files Hadoop's local file system writes beside each file, so an
   * exports folder uploads as it is (to the Hugging Face Hub, say). Other file systems have none.
   */
  static void dropChecksums(FileSystem fs, Path dir) throws IOException {
    if (!(fs instanceof ChecksumFileSystem checksummed)) {
      return;
    }
    FileSystem raw = checksummed.getRawFileSystem();
    for (FileStatus f : raw.listStatus(dir)) {
      if (f.isFile() && checksummed.isChecksumFile(f.getPath())) {
        raw.delete(f.getPath(), false);
      }
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not rename " + from + " to " + to);
    }
  }

  static FileSystem fs(Dataset<Row> any, String root) {
    try {
      return new Path(root).getFileSystem(any.sparkSession().sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + root + ": " + e.getMessage(), e);
    }
  }
}
