package org.instructsynth.pipeline.stage;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.instructsynth.config.TemplatizeConfig;
import org.instructsynth.config.TemplatizeConfig.DatasetConfig;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.Seeds;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.io.LabelledRecord;
import org.instructsynth.core.io.LineDecoder;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.core.templatize.Options;
import org.instructsynth.core.templatize.Template;
import org.instructsynth.core.templatize.TemplateChoice;
import org.instructsynth.core.templatize.TemplateSet;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.InputFiles;
import org.instructsynth.pipeline.LineSource;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;

/**
 * The stages of the {@code templatize} recipe (FLAN; the writing-assistance paper): load labelled
 * rows, cap each dataset, render each kept row with seeded templates (OPTIONS suffix for
 * classification), then examples-proportional mixing with a cap.
 *
 * <p>Between {@link Load} and {@link Render} a source row travels as a work row whose {@code input}
 * column holds the row's fields as JSON and whose {@code instruction} is null; {@link Render} replaces
 * them with the rendered text. Rows of the general instruction set arrive already rendered and pass
 * through.
 */
public final class Templatize {
  public static final String MISSING_FIELD = ReasonCodes.MISSING_TEMPLATE_FIELD;
  public static final String LABEL_NOT_IN_OPTIONS = ReasonCodes.LABEL_NOT_IN_OPTIONS;
  public static final String OVER_DATASET_CAP = ReasonCodes.OVER_DATASET_CAP;
  public static final String OVER_MIXING_CAP = ReasonCodes.OVER_MIXING_CAP;
  static final String RANK_UDF = "instructsynth_seeded_rank";

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
        String rowKey = fields.getOrDefault(ds.idField(), "line-" + line.getLong(1));
        return w.set("input", Json.MAPPER.writeValueAsString(fields))
            .set(Columns.GROUP, ds.name() + ":" + rowKey)
            .toRow();
      } catch (MalformedRecordException e) {
        return w.drop(LoadInstructions.MALFORMED, e.getMessage())
            .set(Columns.RAW, LineDecoder.truncate(text, maxRawChars)).toRow();
      }
    }
  }

  /**
   * Keeps at most {@code cap} rows of each dataset (FLAN caps each dataset at 30,000): a seeded random
   * choice by group, so the same rows are kept on every run with the same seed.
   */
  public static final class Cap implements Stage {
    @Override
    public String name() {
      return "cap";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
      TemplatizeConfig t = ctx.config().templatize();
      Column cap = lit(t.general() == null ? t.datasetCap() : t.general().cap());
      for (DatasetConfig ds : t.datasets()) {
        cap = when(col("task_id").equalTo(ds.name()), lit(ds.cap())).otherwise(cap);
      }
      return capBy(in, ctx, "cap", col(Columns.GROUP), cap, OVER_DATASET_CAP, "dataset cap");
    }
  }

  /**
   * Examples-proportional mixing with limit K (FLAN): dataset i's mixing rate is min(n_i, K) / sum of
   * min(n_j, K), so a mixture of the natural size sum min(n_j, K) takes min(n_i, K) rendered rows from
   * dataset i, chosen at random with the run seed.
   */
  public static final class Mix implements Stage {
    @Override
    public String name() {
      return "mix";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
      int k = ctx.config().templatize().mixingCap();
      return capBy(in, ctx, "mix", col("id"), lit(k), OVER_MIXING_CAP, "mixing cap K");
    }
  }

  private static Dataset<Row> capBy(
      Dataset<Row> in, RunContext ctx, String salt, Column key, Column cap, String reason, String what) {
    ctx.spark().udf().register(RANK_UDF, new SeededRank(), DataTypes.DoubleType);
    Column rank = row_number().over(Window.partitionBy(col("task_id"))
        .orderBy(callUDF(RANK_UDF, lit(ctx.config().run().seed()), lit(salt), key), col(Columns.ORD)));
    return in.withColumn("_n", rank)
        .withColumn("_cap", cap)
        .withColumn(Columns.REASON, when(col("_n").gt(col("_cap")), lit(reason)))
        .withColumn(Columns.DETAIL, when(col("_n").gt(col("_cap")),
            concat(lit(what + " of "), col("_cap").cast("string"), lit(" rows reached for task "), col("task_id"))))
        .withColumn(Columns.RAW, lit(null).cast(DataTypes.StringType))
        .select(Columns.all(Columns.ANNOTATED));
  }

  /** One-line adapter over {@link Seeds#unit}: the seeded position of a row in a random order. */
  static final class SeededRank implements UDF3<Long, String, String, Double> {
    private static final long serialVersionUID = 1L;

    @Override
    public Double call(Long seed, String salt, String key) {
      return Seeds.unit(seed, salt, key == null ? "" : key);
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

  /** Renders each source row with {@code templates-per-example} seeded templates. */
  public static final class Render implements Stage {
    private final Map<String, TemplateSet> templates;

    public Render(Map<String, TemplateSet> templates) {
      this.templates = Map.copyOf(templates);
    }

    @Override
    public String name() {
      return "render";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
      TemplatizeConfig t = ctx.config().templatize();
      Map<String, List<String>> labels = new LinkedHashMap<>();
      Map<String, DatasetConfig> datasets = new LinkedHashMap<>();
      for (DatasetConfig ds : t.datasets()) {
        datasets.put(ds.name(), ds);
        if (ds.classification()) {
          labels.put(ds.name(), ds.labels().isEmpty() ? labelsIn(in, ds) : ds.labels());
        }
      }
      return in.flatMap(
          new RenderRow(templates, datasets, labels, ctx.config().run().seed(), t.templatesPerExample()),
          Encoders.row(Columns.ANNOTATED));
    }

    /** The label space of a classification dataset without configured labels: the labels seen, sorted. */
    private static List<String> labelsIn(Dataset<Row> in, DatasetConfig ds) {
      TreeSet<String> found = new TreeSet<>();
      for (Row r : in.where(col("task_id").equalTo(ds.name()))
          .select(get_json_object(col("input"), "$." + ds.labelField()).as("label")).distinct().limit(1001).collectAsList()) {
        if (r.getAs("label") != null) {
          found.add(r.getAs("label"));
        }
      }
      if (found.size() > 1000) {
        throw org.instructsynth.core.UserError.config("dataset '" + ds.name() + "' has more than 1000 distinct values in '"
            + ds.labelField() + "'; is label-field right? List the labels under templatize.datasets[].labels");
      }
      return new ArrayList<>(found);
    }
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

  /** Renders one source row; rows that are already examples (the general set) pass through. */
  static final class RenderRow implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Map<String, TemplateSet> templates;
    private final Map<String, DatasetConfig> datasets;
    private final Map<String, List<String>> labels;
    private final long seed;
    private final int perExample;

    RenderRow(Map<String, TemplateSet> templates, Map<String, DatasetConfig> datasets,
        Map<String, List<String>> labels, long seed, int perExample) {
      this.templates = templates;
      this.datasets = datasets;
      this.labels = labels;
      this.seed = seed;
      this.perExample = perExample;
    }

    @Override
    public Iterator<Row> call(Row row) throws MalformedRecordException {
      WorkRow base = WorkRow.from(row);
      if (!"templated".equals(row.getAs("source"))) {
        return List.of(base.toRow()).iterator();
      }
      String task = row.getAs("task_id");
      String sourceJson = row.getAs("input");
      DatasetConfig ds = datasets.get(task);
      List<Template> set = templates.get(task).templates();
      Map<String, String> fields = LabelledRecord.parse(sourceJson);
      List<String> options = labels.get(task);
      if (options != null) {
        String label = fields.get(ds.labelField());
        if (label == null || !options.contains(label)) {
          return List.of(base.drop(LABEL_NOT_IN_OPTIONS, "label " + (label == null ? "is missing" : "'" + label + "'")
              + " is not one of " + options + " (field '" + ds.labelField() + "')")
              .set("input", null).set(Columns.RAW, sourceJson).toRow()).iterator();
        }
      }
      List<Row> out = new ArrayList<>();
      for (int idx : TemplateChoice.choose(seed, task, row.getAs(Columns.GROUP), set.size(), perExample)) {
        Template tpl = set.get(idx);
        WorkRow w = WorkRow.from(row).set("template_id", tpl.id());
        try {
          String instruction;
          String input;
          boolean withOptions = options != null && !tpl.turnedAround();
          if (tpl.instruction().isEmpty()) {
            String rendered = Template.render(tpl.input(), fields);
            instruction = withOptions ? Options.append(rendered, options) : rendered;
            input = "";
          } else {
            instruction = Template.render(tpl.instruction(), fields);
            String rendered = Template.render(tpl.input(), fields);
            input = withOptions ? Options.append(rendered, options) : rendered;
          }
          String output = Template.render(tpl.target(), fields);
          out.add(w.set("id", ContentHash.id(instruction, input, output))
              .set("instruction", instruction).set("input", input).set("output", output).toRow());
        } catch (org.instructsynth.core.prompt.Template.MissingSlotException missing) {
          out.add(w.drop(MISSING_FIELD, "template " + tpl.id() + " needs {" + missing.slot()
                  + "} but the row has only " + fields.keySet())
              .set("input", null).set(Columns.RAW, sourceJson).toRow());
        }
      }
      return out.iterator();
    }
  }
}
