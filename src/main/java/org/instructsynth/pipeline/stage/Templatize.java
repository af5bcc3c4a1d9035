package org.instructsynth.pipeline.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.config.TemplatizeConfig;
import org.instructsynth.config.TemplatizeConfig.DatasetConfig;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.io.LabelledRecord;
import org.instructsynth.core.io.LineDecoder;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.core.split.GivenSplit;
import org.instructsynth.core.templatize.TemplateSet;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.InputFiles;
import org.instructsynth.pipeline.LineSource;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;

/**
 * Loading for the {@code templatize} recipe (FLAN; the writing-assistance paper): labelled rows and
 * the template files. Then {@link TemplatizeCap} (first rows per dataset and split),
 * {@link TemplatizeRender} (templates, OPTIONS, few-shot) and {@link TemplatizeMix}
 * (examples-proportional mixing rates).
 *
 * <p>Between {@link Load} and {@link TemplatizeRender} a source row travels as a work row whose
 * {@code input} column holds the row's fields as JSON and whose {@code instruction} is null; the render
 * stage replaces them with the rendered text. A dataset's own split ({@code split-field}) travels in
 * the group key ({@link GivenSplit}). Rows of the general instruction set arrive already rendered and
 * pass through.
 */
public final class Templatize {
  public static final String MISSING_FIELD = ReasonCodes.MISSING_TEMPLATE_FIELD;
  public static final String LABEL_NOT_IN_OPTIONS = ReasonCodes.LABEL_NOT_IN_OPTIONS;
  public static final String OVER_DATASET_CAP = ReasonCodes.OVER_DATASET_CAP;
  public static final String NOT_SAMPLED = ReasonCodes.NOT_SAMPLED;
  public static final String TEMPLATE_REMAINDER = ReasonCodes.TEMPLATE_REMAINDER;

  private Templatize() {}

  /** Loads every dataset's labelled rows and the optional general instruction set. */
  public static final class Load implements Stage {
    @Override
    public String name() {
      return "load";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
      TemplatizeConfig t = ctx.config().templatize();
      var cfg = ctx.config();
      Dataset<Row> out = null;
      int fileOffset = 0;
      for (DatasetConfig ds : t.datasets()) {
        List<String> files = InputFiles.expand(ctx.spark().sparkContext().hadoopConfiguration(), List.of(ds.path()));
        Dataset<Row> lines = LineSource.read(
            ctx.spark(), files, "jsonl", cfg.input().maxRecordBytes(), cfg.output().maxRawChars(), fileOffset);
        fileOffset += files.size();
        Dataset<Row> rows =
            lines.map(new ParseLabelled(ds, ctx.config().recipe(), cfg.output().maxRawChars()),
                Encoders.row(Columns.ANNOTATED));
        out = out == null ? rows : out.unionByName(rows);
      }
      if (t.general() != null) {
        LoadInstructions general = new LoadInstructions(
            List.of(t.general().path()), "auto", Map.of(),
            new LoadInstructions.Naming("general", "general", "general", "en", ctx.config().recipe(), "curated"),
            fileOffset);
        out = out.unionByName(general.apply(null, ctx));
      }
      return out;
    }
  }

  /** Parses one labelled line; the row's fields travel as JSON in {@code input} until rendering. */
  static final class ParseLabelled implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final DatasetConfig ds;
    private final String recipe;
    private final int maxRawChars;

    ParseLabelled(DatasetConfig ds, String recipe, int maxRawChars) {
      this.ds = ds;
      this.recipe = recipe;
      this.maxRawChars = maxRawChars;
    }

    @Override
    public Row call(Row line) throws JsonProcessingException {
      WorkRow w = LineSource.workRow(line)
          .set("task_id", ds.name())
          .set("task_name", ds.name())
          .set("task_type", ds.type())
          .set("cluster", ds.cluster())
          .set("language", ds.language())
          .set("recipe", recipe)
          .set("source", "templated");
      String text = LineSource.text(line);
      if (text == null) {
        return LineSource.unreadable(w, line);
      }
      try {
        Map<String, String> fields = LabelledRecord.parse(text);
        String rowKey = ds.name() + ":" + fields.getOrDefault(ds.idField(), "line-" + line.getLong(1));
        if (ds.givesSplits()) {
          String split = GivenSplit.parse(fields.get(ds.splitField()));
          if (split == null) {
            return w.drop(LoadInstructions.MALFORMED, "field '" + ds.splitField() + "' is "
                    + (fields.containsKey(ds.splitField()) ? "'" + fields.get(ds.splitField()) + "'" : "missing")
                    + "; expected one of " + GivenSplit.VALUES + " (templatize.datasets[].split-field)")
                .set(Columns.RAW, LineDecoder.truncate(text, maxRawChars)).toRow();
          }
          rowKey = GivenSplit.group(split, rowKey);
        }
        return w.set("input", Json.MAPPER.writeValueAsString(fields))
            .set(Columns.GROUP, rowKey)
            .toRow();
      } catch (MalformedRecordException e) {
        return w.drop(LoadInstructions.MALFORMED, e.getMessage())
            .set(Columns.RAW, LineDecoder.truncate(text, maxRawChars)).toRow();
      }
    }
  }

  /**
   * Reads and checks every dataset's template file; called before any data is read so a missing or
   * broken template file fails the run at once.
   */
  public static Map<String, TemplateSet> loadTemplates(RunContext ctx) {
    Map<String, TemplateSet> templates = new LinkedHashMap<>();
    for (DatasetConfig ds : ctx.config().templatize().datasets()) {
      templates.put(ds.name(), TemplateSet.parse(ds.name(), readText(ctx.spark(), ds.templates())));
    }
    return templates;
  }

  static String readText(SparkSession spark, String file) {
    Path p = new Path(file);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var in = fs.open(p)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read templates file '" + file + "' (" + e.getMessage()
          + "); check templatize.datasets[].templates", e);
    }
  }
}
