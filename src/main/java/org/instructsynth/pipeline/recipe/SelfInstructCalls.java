package org.instructsynth.pipeline.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.Instance;
import org.instructsynth.core.Seeds;
import org.instructsynth.core.filter.Dropped;
import org.instructsynth.core.filter.Filtered;
import org.instructsynth.core.filter.RuleSets;
import org.instructsynth.core.filter.Verdict;
import org.instructsynth.core.prompt.AlpacaPrompts;
import org.instructsynth.core.prompt.InstanceGenDefaults;
import org.instructsynth.core.prompt.Parsed;
import org.instructsynth.core.prompt.Reject;
import org.instructsynth.core.prompt.SamplingParams;
import org.instructsynth.core.prompt.SelfInstructInstances;
import org.instructsynth.core.prompt.SelfInstructPrompts;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.RowStage;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;
import org.instructsynth.pipeline.llm.LlmCallStage;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.Requests;

/**
 * The stages of {@code self-instruct} ({@link SelfInstructRecipe}) that run on the executors: the
 * LLM calls ({@link LlmCallStage.Calls}) and the rule-book stages between them. All read columns by name.
 */
final class SelfInstructCalls {
  /** A round's prompt (built on the driver from the pool) on its prompt row. */
  static final String PROMPT = "_prompt";
  /** The number the model continues the prompt's list with (Self-Instruct's parser). */
  static final String NEXT = "_next";
  /** The parsed instances of a task, handed from {@code instances} to {@code instance-filter}. */
  static final String INSTANCES = "_instances";

  static final StructType PROMPT_ROW = Columns.ANNOTATED.add(PROMPT, DataTypes.StringType).add(NEXT, DataTypes.IntegerType);
  private static final StructType INSTANCE = new StructType().add("input", DataTypes.StringType).add("output", DataTypes.StringType);

  private SelfInstructCalls() {}

  /** LLM calls that all use {@code llm.model} (the records' {@code requests} component). */
  interface LlmModel extends LlmCallStage.Calls {
    Requests requests();

    @Override
    default List<String> models() {
      return List.of(requests().model());
    }
  }

  /** The LLM's reject reason and detail of a call that gave no usable answer. */
  static WorkRow failed(WorkRow w, LlmCalls.Answer a) {
    return w.drop(LlmCalls.reason(a), a == null ? "no ledger row for the request" : a.failure());
  }

  /**
   * {@code generate}: one prompt row's call, its answer parsed into instructions (with Alpaca their
   * input and output); the parser's rejects first, then the items, each with its own {@link Columns#ORD}.
   */
  record Generate(Requests requests, boolean alpaca, SamplingParams sampling, int maxItems, boolean discardOnLength, int maxRawChars)
      implements SelfInstructCalls.LlmModel {
    @Override
    public String ledgerStage() {
      return "instructions";
    }

    @Override
    public List<LlmRequest> requests(Row row) {
      return List.of(requests.request(null, null, row.getAs(PROMPT), sampling, 0));
    }

    @Override
    public List<Row> parse(Row row, List<LlmRequest> reqs, Map<String, LlmCalls.Answer> answers) {
      String key = reqs.get(0).requestKey();
      WorkRow base = WorkRow.from(row).set("request_key", key);
      LlmCalls.Answer a = answers.get(key);
      if (a == null || !a.ok()) {
        return List.of(failed(base, a).toRow());
      }
      List<WorkRow> items = new ArrayList<>();
      List<Reject> rejects;
      if (alpaca) {
        Parsed<AlpacaPrompts.AlpacaTask> parsed = AlpacaPrompts.parse(a.response(), a.finishReason(), maxItems);
        parsed.items().forEach(t -> items.add(base.copy().set("instruction", t.instruction()).set("input", t.input())
            .set("output", t.output())));
        rejects = parsed.rejects();
      } else {
        Parsed<String> parsed = SelfInstructPrompts.parse(a.response(), a.finishReason(), row.<Integer>getAs(NEXT), maxItems,
            discardOnLength);
        parsed.items().forEach(i -> items.add(base.copy().set("instruction", i)));
        rejects = parsed.rejects();
      }
      long ord = row.getAs(Columns.ORD);
      List<Row> out = new ArrayList<>();
      for (Reject r : rejects) {
        out.add(base.copy().set(Columns.ORD, ord + out.size()).drop(r.reason(), r.detail())
            .set(Columns.RAW, DistillCalls.cut(r.raw(), maxRawChars)).toRow());
      }
      for (WorkRow item : items) {
        out.add(item.set(Columns.ORD, ord + out.size()).toRow());
      }
      return out;
    }
  }

  /**
   * {@code post-filter}: the paper's instruction rules ({@link RuleSets#selfInstructInstructions} or
   * {@link RuleSets#alpacaInstructions}) on the normalised instruction; a kept one becomes a task
   * (its id a hash of the instruction, the split group).
   */
  static Stage postFilter(RuleSets.InstructionRules rules) {
    return RowStage.map(SelfInstructRecipe.POST_FILTER, row -> check(rules, row));
  }

  private static Row check(RuleSets.InstructionRules rules, Row row) {
    String instruction = rules.normalise(row.getAs("instruction"));
    Verdict v = rules.apply(instruction);
    WorkRow w = WorkRow.from(row).set("instruction", instruction);
    if (v.dropped()) {
      return w.drop(v.reason(), v.detail()).toRow();
    }
    String input = row.getAs("input") == null ? "" : row.getAs("input");
    String output = row.getAs("output") == null ? "" : row.getAs("output");
    String taskId = "synth_" + ContentHash.id(instruction).substring(0, 16);
    return w.set("input", input).set("output", output).set("id", ContentHash.id(instruction, input, output))
        .set("task_id", taskId).set("task_name", taskId).set(Columns.GROUP, taskId).toRow();
  }

  /**
   * {@code classify}: is the new instruction a classification task ({@code identify_clf_or_not.py})?
   * Every answer decides ({@link SelfInstructInstances#isClassification}); a failed call (the
   * authors store "" and go on with "not classification") is an LLM reject here, as every failed
   * call of the project is, so that {@code --retry-failed} can ask again instead of guessing.
   */
  record Classify(Requests requests, Template check, int maxRawChars) implements SelfInstructCalls.LlmModel {
    @Override
    public String ledgerStage() {
      return SelfInstructRecipe.CLASSIFY;
    }

    @Override
    public List<LlmRequest> requests(Row row) {
      return List.of(requests.request(null, null, SelfInstructInstances.classificationCheckPrompt(check, row.getAs("instruction")),
          InstanceGenDefaults.classificationCheckSampling(), 0));
    }

    @Override
    public List<Row> parse(Row row, List<LlmRequest> reqs, Map<String, LlmCalls.Answer> answers) {
      String key = reqs.get(0).requestKey();
      WorkRow w = WorkRow.from(row);
      LlmCalls.Answer a = answers.get(key);
      if (a == null || !a.ok()) {
        return List.of(failed(w.set("request_key", key), a).toRow());
      }
      // Any answer is a decision (identify_clf_or_not.py): "Yes"/"yes"/"YES" is classification, the rest is not.
      return List.of(w.set("task_type", SelfInstructInstances.isClassification(a.response()) ? "classification" : "generation")
          .toRow());
    }
  }

  /**
   * {@code instances}: output-first for classification, input-first otherwise ({@code
   * generate_instances.py}); the parser's rejects are dropped here, and a task with instances goes
   * on with them in {@link #INSTANCES} and the {@link Columns#ORD} its first instance takes.
   */
  record Instances(Requests requests, InstanceGenDefaults inst, Template outputFirst, Template inputFirst, int maxRawChars)
      implements SelfInstructCalls.LlmModel {
    @Override
    public String ledgerStage() {
      return SelfInstructRecipe.INSTANCES;
    }

    @Override
    public StructType schema() {
      return Columns.ANNOTATED.add(INSTANCES, DataTypes.createArrayType(INSTANCE));
    }

    private static boolean classification(Row row) {
      return "classification".equals(row.getAs("task_type"));
    }

    @Override
    public List<LlmRequest> requests(Row row) {
      boolean clf = classification(row);
      return List.of(requests.request(null, null, SelfInstructInstances.instancePrompt(clf ? outputFirst : inputFirst,
          row.getAs("instruction")), inst.instanceSampling(clf), 0));
    }

    @Override
    public List<Row> parse(Row row, List<LlmRequest> reqs, Map<String, LlmCalls.Answer> answers) {
      String key = reqs.get(0).requestKey();
      WorkRow base = WorkRow.from(row).set("request_key", key);
      LlmCalls.Answer a = answers.get(key);
      if (a == null || !a.ok()) {
        return List.of(failed(base, a).toRowWith((Object) null));
      }
      Parsed<Instance> parsed = classification(row)
          ? SelfInstructInstances.parseClassificationInstances(a.response(), a.finishReason())
          : SelfInstructInstances.parseGenerationInstances(a.response(), a.finishReason());
      long ord = row.<Long>getAs(Columns.ORD) * 64;
      List<Row> out = new ArrayList<>();
      for (Reject r : parsed.rejects()) {
        out.add(base.copy().set(Columns.ORD, ord + out.size()).drop(r.reason(), r.detail())
            .set(Columns.RAW, DistillCalls.cut(r.raw(), maxRawChars)).toRowWith((Object) null));
      }
      if (!parsed.items().isEmpty()) {
        List<Row> instances = parsed.items().stream().map(i -> RowFactory.create(i.input(), i.output())).toList();
        out.add(base.copy().set(Columns.ORD, ord + out.size()).toRowWith(instances));
      }
      return out;
    }
  }

  /**
   * {@code instance-filter}: {@link RuleSets#selfInstructInstances} over one task's instances (its
   * sample seeded by run seed and task); each instance becomes an example row, the dropped ones first.
   */
  static Stage instanceFilter(int maxPerTask, long seed) {
    return RowStage.flatMap(SelfInstructRecipe.INSTANCE_FILTER, task -> expand(maxPerTask, seed, task).iterator());
  }

  private static List<Row> expand(int maxPerTask, long seed, Row task) {
    List<Instance> items = new ArrayList<>();
    for (Row i : task.<Row>getList(task.fieldIndex(INSTANCES))) {
      items.add(new Instance(i.getAs("input"), i.getAs("output")));
    }
    Filtered<Instance> filtered = RuleSets.selfInstructInstances(maxPerTask,
        Seeds.mix(seed, "instances", task.<String>getAs("task_id"))).apply(items);
    long ord = task.getAs(Columns.ORD);
    List<Row> out = new ArrayList<>();
    for (Dropped<Instance> d : filtered.dropped()) {
      out.add(example(task, d.item(), ord + out.size()).drop(d.reason(), d.detail()).toRow());
    }
    for (Instance kept : filtered.kept()) {
      out.add(example(task, kept, ord + out.size()).toRow());
    }
    return out;
  }

  /** A task's example row for one instance. */
  static WorkRow example(Row task, Instance instance, long ord) {
    String instruction = task.getAs("instruction");
    return WorkRow.from(task).set("input", instance.input()).set("output", instance.output())
        .set("id", ContentHash.id(instruction, instance.input(), instance.output())).set(Columns.ORD, ord);
  }
}
