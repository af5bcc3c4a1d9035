package org.instructsynth.pipeline.stage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.instructsynth.config.TemplatizeConfig;
import org.instructsynth.config.TemplatizeConfig.DatasetConfig;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.Seeds;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.io.LabelledRecord;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.core.split.GivenSplit;
import org.instructsynth.core.templatize.Options;
import org.instructsynth.core.templatize.Rendering;
import org.instructsynth.core.templatize.RoundRobin;
import org.instructsynth.core.templatize.Template;
import org.instructsynth.core.templatize.TemplateChoice;
import org.instructsynth.core.templatize.TemplateSet;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;

/**
 * Renders each source row with {@code templates-per-example} templates: FLAN's round-robin by the row's
 * position in its dataset's stream (input order, per given split), dropping the incomplete last group
 * as {@code template_remainder}, or a seeded random choice ({@code template-choice: random}).
 * Classification rows get the OPTIONS block ({@code options}); with {@code shots > 0} each example is
 * preceded by exemplars, other training rows of its dataset rendered with the same template.
 */
public final class TemplatizeRender implements Stage {
  /** Exemplars are drawn from the first this many training rows of a dataset. */
  static final int EXEMPLAR_POOL = 64;
  private final Map<String, TemplateSet> templates;

  public TemplatizeRender(Map<String, TemplateSet> templates) {
    this.templates = Map.copyOf(templates);
  }

  @Override
  public String name() {
    return "render";
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    TemplatizeConfig t = ctx.config().templatize();
    Column given = TemplatizeCap.given(in);
    Column stream = TemplatizeCap.stream(given);
    Dataset<Row> positioned = in
        .withColumn("_pos", row_number().over(Window.partitionBy(col("task_id"), stream).orderBy(col(Columns.ORD))))
        .withColumn("_total", count(lit(1)).over(Window.partitionBy(col("task_id"), stream)));
    Map<String, List<String>> labels = new LinkedHashMap<>();
    Map<String, DatasetConfig> datasets = new LinkedHashMap<>();
    Map<String, List<String[]>> pools = new LinkedHashMap<>();
    for (DatasetConfig ds : t.datasets()) {
      datasets.put(ds.name(), ds);
      if (ds.classification()) {
        labels.put(ds.name(), ds.labels().isEmpty() ? labelsIn(in, ds) : ds.labels());
      }
      if (t.shots() > 0) {
        pools.put(ds.name(), pool(in, ds, given));
      }
    }
    return positioned.flatMap(new RenderRow(templates, datasets, labels, pools, ctx.config().run().seed(), t),
        Encoders.row(Columns.ANNOTATED));
  }

  /** The exemplar pool: the first {@value #EXEMPLAR_POOL} training rows (fields JSON, group key). */
  private static List<String[]> pool(Dataset<Row> in, DatasetConfig ds, Column given) {
    List<String[]> out = new ArrayList<>();
    for (Row r : in.where(col("task_id").equalTo(ds.name()).and(given.isNull().or(given.equalTo(GivenSplit.TRAIN))))
        .orderBy(col(Columns.ORD)).limit(EXEMPLAR_POOL).select("input", Columns.GROUP).collectAsList()) {
      out.add(new String[] {r.getString(0), r.getString(1)});
    }
    return out;
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

  /** Renders one source row; rows that are already examples (the general set) pass through. */
  static final class RenderRow implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Map<String, TemplateSet> templates;
    private final Map<String, DatasetConfig> datasets;
    private final Map<String, List<String>> labels;
    private final Map<String, List<String[]>> pools;
    private final long seed;
    private final TemplatizeConfig config;

    RenderRow(Map<String, TemplateSet> templates, Map<String, DatasetConfig> datasets,
        Map<String, List<String>> labels, Map<String, List<String[]>> pools, long seed, TemplatizeConfig config) {
      this.templates = templates;
      this.datasets = datasets;
      this.labels = labels;
      this.pools = pools;
      this.seed = seed;
      this.config = config;
    }

    @Override
    public Iterator<Row> call(Row row) throws MalformedRecordException {
      WorkRow base = WorkRow.from(row);
      if (!"templated".equals(row.getAs("source"))) {
        return List.of(base.toRow()).iterator();
      }
      String task = row.getAs("task_id");
      String sourceJson = row.getAs("input");
      String group = row.getAs(Columns.GROUP);
      DatasetConfig ds = datasets.get(task);
      List<Template> set = templates.get(task).templates();
      Map<String, String> fields = LabelledRecord.parse(sourceJson);
      List<String> options = labels.get(task);
      if (options != null) {
        String label = fields.get(ds.labelField());
        if (label == null || !options.contains(label)) {
          return List.of(base.drop(ReasonCodes.LABEL_NOT_IN_OPTIONS, "label " + (label == null ? "is missing" : "'" + label + "'")
              + " is not one of " + options + " (field '" + ds.labelField() + "')")
              .set("input", null).set(Columns.RAW, sourceJson).toRow()).iterator();
        }
      }
      long pos = row.<Integer>getAs("_pos") - 1L;
      long total = row.<Long>getAs("_total");
      if (config.roundRobin() && RoundRobin.inRemainder(pos, total, set.size())) {
        return List.of(base.drop(ReasonCodes.TEMPLATE_REMAINDER, "row " + (pos + 1) + " of " + total + " in task " + task
            + " is in the last, incomplete group of " + set.size() + " rows, which FLAN's round-robin templating drops"
            + " (templatize.template-choice: random keeps it)").set("input", null).set(Columns.RAW, sourceJson).toRow())
            .iterator();
      }
      int[] chosen = config.roundRobin()
          ? RoundRobin.templates(pos, set.size(), config.templatesPerExample())
          : TemplateChoice.choose(seed, task, group, set.size(), config.templatesPerExample());
      List<Row> out = new ArrayList<>();
      for (int idx : chosen) {
        Template tpl = set.get(idx);
        WorkRow w = WorkRow.from(row).set("template_id", tpl.id());
        try {
          Rendering r = Rendering.of(tpl, fields, block(options, tpl))
              .withExemplars(exemplars(task, group, tpl, options));
          out.add(w.set("id", ContentHash.id(r.instruction(), r.input(), r.output()))
              .set("instruction", r.instruction()).set("input", r.input()).set("output", r.output()).toRow());
        } catch (org.instructsynth.core.prompt.Template.MissingSlotException missing) {
          out.add(w.drop(ReasonCodes.MISSING_TEMPLATE_FIELD, "template " + tpl.id() + " needs {" + missing.slot()
                  + "} but the row has only " + fields.keySet())
              .set("input", null).set(Columns.RAW, sourceJson).toRow());
        }
      }
      return out.iterator();
    }

    private String block(List<String> options, Template tpl) {
      return options == null || tpl.turnedAround() ? "" : Options.text(options, config.options());
    }

    /** {@code shots} other pool rows, a seeded choice per row, rendered with the same template. */
    private List<Rendering> exemplars(String task, String group, Template tpl, List<String> options) {
      List<String[]> pool = pools.get(task);
      if (pool == null || pool.isEmpty()) {
        return List.of();
      }
      List<String[]> others = new ArrayList<>(pool.stream().filter(p -> !p[1].equals(group)).toList());
      SplittableRandom rnd = Seeds.random(seed, "shots", group);
      List<Rendering> out = new ArrayList<>();
      while (out.size() < config.shots() && !others.isEmpty()) {
        String[] pick = others.remove(rnd.nextInt(others.size()));
        try {
          out.add(Rendering.of(tpl, LabelledRecord.parse(pick[0]), block(options, tpl)));
        } catch (org.instructsynth.core.prompt.Template.MissingSlotException | MalformedRecordException skip) {
          // an exemplar without the template's fields is skipped; the next one is tried
        }
      }
      return out;
    }
  }
}
