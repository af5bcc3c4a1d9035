package org.instructsynth.pipeline.recipe;

import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.Seeds;
import org.instructsynth.core.filter.ClassBalanceFilter;
import org.instructsynth.core.filter.Dropped;
import org.instructsynth.core.filter.Filtered;
import org.instructsynth.core.filter.LabelMapping;
import org.instructsynth.core.filter.LengthBounds;
import org.instructsynth.core.filter.RuleSets;
import org.instructsynth.core.filter.SelfConsistencyVote;
import org.instructsynth.core.filter.Verdict;
import org.instructsynth.core.prompt.SamplingParams;
import org.instructsynth.core.prompt.SelfGuideDefaults;
import org.instructsynth.core.prompt.SelfGuidePrompts;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.RowStage;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.Requests;

/**
 * The stages of {@code self-guide} ({@link SelfGuideRecipe}) that run on the executors: the input and
 * output calls, the vote and the class balance. All read columns by name.
 */
final class SelfGuideStages {
  /** The surviving answers of one input ({@code sample}, {@code answer}, {@code request_key}), in sample order. */
  static final String ANSWERS = "_answers";

  private static final StructType ANSWER = new StructType().add("sample", DataTypes.IntegerType)
      .add("answer", DataTypes.StringType).add("request_key", DataTypes.StringType);

  private SelfGuideStages() {}

  private static boolean classification(Row row) {
    return "classification".equals(row.getAs("task_type"));
  }

  /**
   * {@code inputs}: one prompt row's call ({@link SelfInstructCalls#PROMPT}); the answer is the new input.
   * Every prompt is an independent draw (SG-3, IG L160-189: a list of prompts, one sample each): its
   * sample index is its draw number within the task ({@link SelfGuideRecipe#drawIndex}), so two equal
   * prompts are two requests with two ledger keys and independent answers.
   */
  record Inputs(Requests requests, SelfGuideDefaults p, boolean stripMarkers) implements SelfInstructCalls.LlmModel {
    @Override
    public String ledgerStage() {
      return SelfGuideRecipe.INPUTS;
    }

    @Override
    public List<LlmRequest> requests(Row row) {
      int draw = SelfGuideRecipe.drawIndex(row.<Long>getAs(Columns.ORD), p.promptsPerRound());
      return List.of(requests.request(null, null, row.getAs(SelfInstructCalls.PROMPT), p.inputSampling(classification(row)), draw));
    }

    @Override
    public List<Row> parse(Row row, List<LlmRequest> reqs, Map<String, LlmCalls.Answer> answers) {
      String key = reqs.get(0).requestKey();
      WorkRow w = WorkRow.from(row).set("request_key", key);
      LlmCalls.Answer a = answers.get(key);
      if (a == null || !a.ok()) {
        return List.of(SelfInstructCalls.failed(w, a).toRow());
      }
      String input = SelfGuidePrompts.parseInput(a.response(), stripMarkers);
      return List.of(w.set("input", input == null ? "" : input).toRow());
    }
  }

  /**
   * What the output filters and the vote need for one task.
   *
   * @param bounds the output length window (generation tasks), else null
   * @param mapAfterVote map the vote's winner to a label (paper) rather than each answer before the vote
   */
  record TaskRule(SeedTask task, LengthBounds bounds, List<String> noise, boolean mapAfterVote) implements Serializable {
    /** The label rule of this task; {@code per-sample} mapping also matches a label ignoring case. */
    LabelMapping labels() {
      return new LabelMapping(task.labels(), !mapAfterVote);
    }
  }

  /**
   * {@code outputs}: {@code samples} separate requests per input with distinct sample indexes; each
   * answer through {@link RuleSets#selfGuideOutputs} and, for classification, mapped to a label. A
   * dropped answer is a row of its own; an input with surviving answers goes on with them in {@link #ANSWERS}.
   */
  record Outputs(Requests requests, SelfGuideDefaults p, Template template, boolean paperPrompt, Map<String, TaskRule> rules)
      implements SelfInstructCalls.LlmModel {
    @Override
    public String ledgerStage() {
      return SelfGuideRecipe.OUTPUTS;
    }

    @Override
    public StructType schema() {
      return Columns.ANNOTATED.add(ANSWERS, DataTypes.createArrayType(ANSWER));
    }

    @Override
    public List<LlmRequest> requests(Row row) {
      SeedTask task = rules.get(row.<String>getAs("task_id")).task();
      SamplingParams s = p.outputSampling();
      SamplingParams one = new SamplingParams(s.temperature(), s.topP(), s.topK(), s.maxTokens(), s.presencePenalty(),
          s.frequencyPenalty(), s.stop(), 1);
      List<LlmRequest> out = new ArrayList<>();
      for (int sample = 0; sample < p.outputSamples(); sample++) {
        if (paperPrompt) {
          // The paper's one text: the completions prompt, or the one user turn of a chat request.
          out.add(requests.request(null, null, SelfGuidePrompts.outputPrompt(template, task, row.getAs("input")), one, sample));
        } else {
          // Chat turns per example; Requests builds one user turn, so the messages are set here.
          LlmRequest base = requests.request(null, null, "", one, sample);
          out.add(LlmRequest.chat(base.model(), SelfGuidePrompts.outputMessages(template, task, row.getAs("input")),
              base.sampling(), sample));
        }
      }
      return out;
    }

    @Override
    public List<Row> parse(Row row, List<LlmRequest> reqs, Map<String, LlmCalls.Answer> answers) {
      TaskRule rule = rules.get(row.<String>getAs("task_id"));
      WorkRow base = WorkRow.from(row).set("round", null);
      long ord = row.<Long>getAs(Columns.ORD);
      List<Row> out = new ArrayList<>();
      List<Row> survivors = new ArrayList<>();
      for (int sample = 0; sample < reqs.size(); sample++) {
        String key = reqs.get(sample).requestKey();
        WorkRow w = base.copy().set("request_key", key).set(Columns.ORD, ord * 16 + sample);
        LlmCalls.Answer a = answers.get(key);
        if (a == null || !a.ok()) {
          out.add(SelfInstructCalls.failed(w, a).toRowWith((Object) null));
          continue;
        }
        String answer = a.response();
        Verdict v = RuleSets.selfGuideOutputs(Optional.ofNullable(rule.bounds()), rule.noise()).apply("", "", answer);
        String kept = answer.strip();
        if (v.kept() && rule.task().isClassification() && !rule.mapAfterVote()) {
          LabelMapping labels = rule.labels();
          Optional<String> label = labels.label(answer);
          v = label.isPresent() ? v : labels.apply(answer);
          kept = label.orElse(null);
        }
        if (v.dropped()) {
          out.add(w.set("output", answer).drop(v.reason(), v.detail()).toRowWith((Object) null));
        } else {
          survivors.add(RowFactory.create(sample, kept, key));
        }
      }
      if (!survivors.isEmpty()) {
        out.add(base.toRowWith(survivors));
      }
      return out;
    }
  }

  /**
   * {@code vote}: the most frequent surviving answer wins if its share is at least {@code
   * min-agreement}, ties to the shortest ({@link SelfConsistencyVote}); else {@code low_agreement}.
   */
  static Stage vote(double minAgreement, Map<String, TaskRule> rules) {
    return RowStage.map(SelfGuideRecipe.VOTE, row -> decide(minAgreement, rules, row));
  }

  private static Row decide(double minAgreement, Map<String, TaskRule> rules, Row row) {
    List<Row> answers = new ArrayList<>(row.<Row>getList(row.fieldIndex(ANSWERS)));
    answers.sort(Comparator.comparingInt(a -> a.<Integer>getAs("sample")));
    SelfConsistencyVote.Result v =
        new SelfConsistencyVote(minAgreement).vote(answers.stream().map(a -> a.<String>getAs("answer")).toList());
    WorkRow w = WorkRow.from(row);
    String firstKey = answers.get(0).getAs("request_key");
    if (v.winner().isEmpty()) {
      return w.set("request_key", firstKey).drop(v.verdict().reason(), v.verdict().detail()).toRow();
    }
    String winner = v.winner().get();
    String key = answers.stream().filter(a -> SelfConsistencyVote.normalise(a.getAs("answer")).equals(winner))
        .findFirst().map(a -> a.<String>getAs("request_key")).orElse(firstKey);
    w.set("request_key", key);
    String output = winner;
    TaskRule rule = rules.get(row.<String>getAs("task_id"));
    if (rule.task().isClassification() && rule.mapAfterVote()) {
      // SG-22: the winner becomes the first label it contains; a winner naming none is dropped.
      Optional<String> label = rule.labels().label(winner);
      if (label.isEmpty()) {
        Verdict none = rule.labels().apply(winner);
        return w.set("output", winner).drop(none.reason(), none.detail()).toRow();
      }
      output = label.get();
    }
    String id = ContentHash.id(row.getAs("instruction"), row.getAs("input"), output);
    return w.set("output", output).set("id", id).set(Columns.GROUP, id).toRow();
  }

  /**
   * {@code balance}: each classification task's examples downsampled to its smallest class ({@link
   * ClassBalanceFilter}, seeded by run seed and task), in input order; one group per task.
   */
  static Stage balance(boolean enabled, long seed) {
    return RowStage.flatMap(SelfGuideRecipe.BALANCE,
        in -> in.groupBy("task_id").agg(collect_list(struct(Columns.all(Columns.WORK))).as("_rows")),
        group -> perTask(enabled, seed, group).iterator());
  }

  private static List<Row> perTask(boolean enabled, long seed, Row group) {
    List<Row> rows = new ArrayList<>(group.<Row>getList(group.fieldIndex("_rows")));
    rows.sort(Comparator.comparingLong(r -> r.<Long>getAs(Columns.ORD)));
    List<Row> out = new ArrayList<>();
    if (!enabled || !classification(rows.get(0))) {
      rows.forEach(r -> out.add(WorkRow.from(r).toRow()));
      return out;
    }
    Filtered<Row> balanced = new ClassBalanceFilter<Row>(r -> r.getAs("output"),
        Seeds.mix(seed, "balance", group.<String>getAs("task_id"))).apply(rows);
    balanced.kept().forEach(r -> out.add(WorkRow.from(r).toRow()));
    for (Dropped<Row> d : balanced.dropped()) {
      out.add(WorkRow.from(d.item()).drop(d.reason(), d.detail()).toRow());
    }
    return out;
  }

  /**
   * The output rules of each task, by task id: the output length window for generation tasks only
   * (SG-18), the paper's ({@link LengthBounds#of}) or, with {@code paperWindow} false, the inclusive one.
   */
  static Map<String, TaskRule> rules(List<SeedTask> tasks, List<String> noise, boolean paperWindow, boolean mapAfterVote) {
    Map<String, TaskRule> out = new HashMap<>();
    for (SeedTask t : tasks) {
      List<String> outputs = t.instances().stream().map(org.instructsynth.core.Instance::output).toList();
      LengthBounds bounds = t.isClassification() ? null : paperWindow ? LengthBounds.of(outputs) : LengthBounds.inclusive(outputs);
      out.put(t.id(), new TaskRule(t, bounds, List.copyOf(noise), mapAfterVote));
    }
    return out;
  }
}
