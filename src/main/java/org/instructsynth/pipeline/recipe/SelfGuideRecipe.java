package org.instructsynth.pipeline.recipe;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.config.JobConfig;
import org.instructsynth.config.SelfGuideConfig;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.Seeds;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.core.io.SeedTaskParser;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.core.prompt.SelfGuideDefaults;
import org.instructsynth.core.prompt.SelfGuidePrompts;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.core.filter.ClassBalanceFilter;
import org.instructsynth.core.filter.Dropped;
import org.instructsynth.core.filter.Filtered;
import org.instructsynth.core.filter.LabelMapping;
import org.instructsynth.core.filter.LengthBounds;
import org.instructsynth.core.filter.RuleSets;
import org.instructsynth.core.filter.SelfConsistencyVote;
import org.instructsynth.core.filter.Verdict;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.DriverRows;
import org.instructsynth.pipeline.InputFiles;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.WorkRow;
import org.instructsynth.pipeline.dedup.Dedup;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.LlmUsage;
import org.instructsynth.pipeline.stage.FilterStage;
import org.instructsynth.pipeline.stage.LoadSeedTasks;
import org.instructsynth.pipeline.stage.Replay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code self-guide}: per-task synthetic inputs, then outputs by self-consistency (SELF-GUIDE, Zhao et
 * al. 2024; zhaochenyang20/Prompt2Model-Self-Distill).
 *
 * <ol>
 *   <li>{@code inputs}: rounds of {@code prompts-per-round} (10) prompts per task, each with the
 *       instruction, every example input shuffled as good examples and 1 to 10 earlier generated
 *       inputs as low-quality ones ({@link SelfGuidePrompts#inputPrompt}, seeded by run seed, task,
 *       round and prompt); classification tasks draw a target label uniformly. Temperature 0.9 (0.7
 *       for classification), {@code top_k} 40 (sent as an extra), max_tokens 500.
 *   <li>{@code input-filter}: empty, noise phrases, length outside mean ± 2 sd of the example inputs,
 *       exact duplicates of the pool ({@link RuleSets#selfGuideInputs}).
 *   <li>{@code outputs}: {@code samples} (10) separate requests per input with distinct sample
 *       indexes, temperature 0.2, top_k 10; each answer through {@link RuleSets#selfGuideOutputs}
 *       (length window of the example outputs for generation tasks) and, for classification, mapped
 *       to a label ({@code no_label} otherwise). Runs on the executors.
 *   <li>{@code vote}: a distributed aggregation ({@code groupBy(task, input)} in Spark): the most
 *       frequent surviving answer wins if its share is at least {@code min-agreement} (0.3), ties to
 *       the shortest ({@link SelfConsistencyVote}); else {@code low_agreement}.
 *   <li>{@code balance}: classification tasks downsampled to their smallest class ({@link ClassBalanceFilter}).
 *   <li>{@code filter}: the {@code filters.*} chain.
 * </ol>
 */
public final class SelfGuideRecipe implements Recipe {
  private static final Logger LOG = LoggerFactory.getLogger(SelfGuideRecipe.class);
  static final String INPUTS = "inputs";
  static final String INPUT_FILTER = "input-filter";
  static final String OUTPUTS = "outputs";
  static final String VOTE = "vote";
  static final String BALANCE = "balance";


  @Override
  public Output run(StageRunner runner, RunContext ctx) {
    LlmUsage usage = new LlmUsage();
    JobConfig cfg = ctx.config();
    SelfGuideConfig sg = cfg.selfGuide();
    SelfGuideDefaults p = sg.settings();
    Dataset<Row> seedRows = runner.run(new LoadSeedTasks(cfg.input().paths(), cfg.recipe(), cfg.input().language(), 0), null);
    Replay.Log log = new Replay.Log(List.of(PreCall.STAGE, INPUTS, INPUT_FILTER, OUTPUTS, VOTE, BALANCE));
    List<SeedTask> tasks = preFilter(ctx, tasks(ctx, sg), log);
    LlmCalls calls = new LlmCalls(ctx, usage);
    PromptTemplates templates = PromptTemplates.classpath();
    Template genTemplate = templates.template(PromptTemplates.SELF_GUIDE_INPUT);
    Template clfTemplate = templates.template(PromptTemplates.SELF_GUIDE_INPUT_CLF);

    // Input rounds, all tasks' prompts of a round in one batch.
    Map<String, List<String>> pools = new LinkedHashMap<>();
    Map<String, Long> inputOrd = new HashMap<>();
    tasks.forEach(t -> pools.put(t.id(), new ArrayList<>()));
    OtherNights nights = OtherNights.load(ctx); // their inputs continue each task's pool
    for (int round = 1; round <= sg.maxRounds(); round++) {
      List<SeedTask> open = tasks.stream().filter(t -> pools.get(t.id()).size() < sg.inputsPerTask()).toList();
      if (open.isEmpty()) {
        break;
      }
      List<LlmRequest> requests = new ArrayList<>();
      List<SeedTask> owner = new ArrayList<>();
      for (SeedTask t : open) {
        long taskSeed = Seeds.mix(nights.promptSeed(cfg.run().seed()), "self-guide", t.id());
        for (int i = 0; i < p.promptsPerRound(); i++) {
          SelfGuidePrompts.InputPrompt prompt = SelfGuidePrompts.inputPrompt(t.isClassification() ? clfTemplate : genTemplate, t,
              nights.inputsAnd(t.id(), pools.get(t.id())), p, taskSeed, round, i);
          requests.add(calls.request(null, prompt.prompt(), p.inputSampling(t.isClassification()), 0));
          owner.add(t);
        }
      }
      Map<String, LlmCalls.Answer> answers = calls.call(INPUTS, requests);
      Map<String, List<String>> candidates = new LinkedHashMap<>();
      Map<String, List<String>> candidateKeys = new LinkedHashMap<>();
      for (int i = 0; i < requests.size(); i++) {
        SeedTask t = owner.get(i);
        String key = requests.get(i).requestKey();
        LlmCalls.Answer a = answers.get(key);
        if (a == null || !a.ok()) {
          log.add(taskRow(ctx, t, round, key, (long) round << 40 | i).drop(LlmCalls.reason(a),
              a == null ? "no ledger row for the request" : a.failure()), INPUTS, INPUTS);
          continue;
        }
        candidates.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(SelfGuidePrompts.parseInput(a.response()));
        candidateKeys.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(key);
      }
      for (SeedTask t : open) {
        List<String> mine = candidates.getOrDefault(t.id(), List.of());
        List<String> keys = candidateKeys.getOrDefault(t.id(), List.of());
        LengthBounds bounds = LengthBounds.of(t.instances().stream().map(Instance::input).toList());
        // One at a time against the growing pool: the same decisions as filtering the list at once.
        for (int i = 0; i < mine.size(); i++) {
          long ord = (long) round << 40 | (long) tasks.indexOf(t) << 20 | i;
          String input = mine.get(i) == null ? "" : mine.get(i);
          Verdict v = RuleSets.selfGuideInputs(bounds, sg.noisePhrases(), nights.inputsAnd(t.id(), pools.get(t.id())))
              .apply("", input, "");
          if (v.kept()) {
            pools.get(t.id()).add(input);
            inputOrd.put(t.id() + "\u0000" + input, ord);
            log.add(taskRow(ctx, t, round, keys.get(i), ord).set("input", input), INPUTS, INPUT_FILTER);
          } else {
            log.add(taskRow(ctx, t, round, keys.get(i), ord).set("input", input).drop(v.reason(), v.detail()),
                INPUTS, INPUT_FILTER);
          }
        }
      }
      LOG.info(String.format(Locale.ROOT, "self-guide input round %d: %d tasks open, %d prompts, pools %s", round, open.size(),
          requests.size(), pools.values().stream().map(List::size).toList()));
    }

    // Outputs: samples per input as separate requests; filters and label mapping on the executors.
    Template system = templates.template(PromptTemplates.SELF_GUIDE_OUTPUT_SYSTEM);
    List<Row> meta = new ArrayList<>();
    List<LlmRequest> requests = new ArrayList<>();
    Map<String, TaskRule> rules = new HashMap<>();
    for (SeedTask t : tasks) {
      rules.put(t.id(), new TaskRule(t.isClassification() ? null : LengthBounds.of(t.instances().stream().map(Instance::output).toList()),
          t.labels(), sg.noisePhrases()));
      for (String input : pools.get(t.id())) {
        List<ChatMessage> messages = SelfGuidePrompts.outputMessages(system, t, input);
        for (int s = 0; s < p.outputSamples(); s++) {
          LlmRequest r = chatRequest(calls, messages, p, s);
          requests.add(r);
          meta.add(RowFactory.create(r.requestKey(), t.id(), input, s));
        }
      }
    }
    StructType metaSchema = new StructType().add("request_key", DataTypes.StringType).add("task_id", DataTypes.StringType)
        .add("input", DataTypes.StringType).add("sample", DataTypes.IntegerType);
    Dataset<Row> answers = calls.callFrame(OUTPUTS, requests)
        .join(DriverRows.frame(ctx.spark(), meta, metaSchema), "request_key");
    StructType judged = new StructType().add("task_id", DataTypes.StringType).add("input", DataTypes.StringType)
        .add("sample", DataTypes.IntegerType).add("request_key", DataTypes.StringType).add("answer", DataTypes.StringType)
        .add("reason", DataTypes.StringType).add("detail", DataTypes.StringType);
    Dataset<Row> filtered = answers.map(new FilterAnswer(rules), Encoders.row(judged)).persist();
    for (Row r : filtered.where(col("reason").isNotNull()).collectAsList()) {
      SeedTask t = byId(tasks, r.getString(0));
      long ord = inputOrd.getOrDefault(t.id() + "\u0000" + r.getString(1), 0L) * 16 + r.getInt(2);
      log.add(taskRow(ctx, t, 0, r.getString(3), ord).set("input", r.getString(1)).set("output", r.getString(4))
          .drop(r.getString(5), r.getString(6)), OUTPUTS, OUTPUTS);
    }
    // The distributed vote: one group per (task, input).
    StructType voted = new StructType().add("task_id", DataTypes.StringType).add("input", DataTypes.StringType)
        .add("winner", DataTypes.StringType).add("request_key", DataTypes.StringType).add("survivors", DataTypes.IntegerType)
        .add("reason", DataTypes.StringType).add("detail", DataTypes.StringType);
    List<Row> votes = filtered.where(col("reason").isNull())
        .groupBy("task_id", "input")
        .agg(collect_list(struct(col("sample"), col("answer"), col("request_key"))).as("answers"))
        .map(new Vote(p.minAgreement()), Encoders.row(voted))
        .collectAsList();
    filtered.unpersist();
    Map<String, List<Row>> winners = new LinkedHashMap<>();
    for (Row v : votes) {
      SeedTask t = byId(tasks, v.getString(0));
      long ord = inputOrd.getOrDefault(t.id() + "\u0000" + v.getString(1), 0L);
      WorkRow w = taskRow(ctx, t, 0, v.getString(3), ord).set("input", v.getString(1));
      // Each surviving answer of the input is one row entering the vote; the winner continues as the example.
      for (int i = 1; i < v.getInt(4); i++) {
        log.add(w.copy().set(Columns.ORD, ord * 16 + i), OUTPUTS, OUTPUTS);
      }
      if (v.getString(5) != null) {
        log.add(w.drop(v.getString(5), v.getString(6)), OUTPUTS, VOTE);
      } else {
        winners.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(v);
      }
    }
    for (SeedTask t : tasks) {
      List<Row> mine = new ArrayList<>(winners.getOrDefault(t.id(), List.of()));
      mine.sort(Comparator.comparingLong(v -> inputOrd.getOrDefault(t.id() + "\u0000" + v.getString(1), 0L)));
      Filtered<Row> balanced = t.isClassification() && sg.balanceClasses()
          ? new ClassBalanceFilter<Row>(v -> v.getString(2), Seeds.mix(cfg.run().seed(), "balance", t.id())).apply(mine)
          : new Filtered<>(mine, List.of());
      for (Row v : balanced.kept()) {
        log.keep(example(ctx, t, v, inputOrd), OUTPUTS);
      }
      for (Dropped<Row> d : balanced.dropped()) {
        log.add(example(ctx, t, d.item(), inputOrd).drop(d.reason(), d.detail()), OUTPUTS, BALANCE);
      }
    }

    Dataset<Row> rows = null;
    for (org.instructsynth.pipeline.Stage stage : log.build(runner)) {
      rows = runner.run(stage, rows);
    }
    rows = runner.run(new FilterStage(cfg.filters()), rows);
    return new Output(Dedup.acrossDates(runner, rows, cfg.dedup()), usage, null, List.of());
  }

  /**
   * Tasks whose instruction the filters drop whatever the model writes cost no call: each task is a
   * row of stage {@code pre-filter}, dropped there with the filter's reason or replaced by its inputs.
   */
  private static List<SeedTask> preFilter(RunContext ctx, List<SeedTask> tasks, Replay.Log log) {
    PreCall pre = new PreCall(ctx.config().filters(), false);
    List<SeedTask> open = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      SeedTask t = tasks.get(i);
      WorkRow row = taskRow(ctx, t, 0, null, i);
      if (!pre.drops(row, t.instruction(), "", log, PreCall.STAGE)) {
        log.add(row, PreCall.STAGE, PreCall.STAGE); // replaced by its inputs
        open.add(t);
      }
    }
    return open;
  }

  private static LlmRequest chatRequest(LlmCalls calls, List<ChatMessage> messages, SelfGuideDefaults p, int sample) {
    // The output chat has example turns; LlmCalls.request builds one user turn, so build it here.
    org.instructsynth.core.prompt.SamplingParams s = p.outputSampling();
    LlmRequest base = calls.request(null, "", new org.instructsynth.core.prompt.SamplingParams(s.temperature(), s.topP(), s.topK(),
        s.maxTokens(), s.presencePenalty(), s.frequencyPenalty(), s.stop(), 1), sample);
    return LlmRequest.chat(base.model(), messages, base.sampling(), sample);
  }

  private static WorkRow taskRow(RunContext ctx, SeedTask t, int round, String key, long ord) {
    return new WorkRow().set("recipe", ctx.config().recipe()).set("source", "synthesized").set("model", ctx.config().llm().model())
        .set("request_key", key).set("round", round == 0 ? null : round)
        .set("language", t.language().isEmpty() ? ctx.config().input().language() : t.language())
        .set("task_id", t.id()).set("task_name", t.name()).set("task_type", t.taskType())
        .set("cluster", t.cluster().isEmpty() ? null : t.cluster()).set("instruction", t.instruction()).set(Columns.ORD, ord);
  }

  private static WorkRow example(RunContext ctx, SeedTask t, Row vote, Map<String, Long> inputOrd) {
    long ord = inputOrd.getOrDefault(t.id() + "\u0000" + vote.getString(1), 0L);
    String input = vote.getString(1);
    String output = vote.getString(2);
    String id = ContentHash.id(t.instruction(), input, output);
    return taskRow(ctx, t, 0, vote.getString(3), ord).set("input", input).set("output", output).set("id", id)
        .set(Columns.GROUP, id);
  }

  private static SeedTask byId(List<SeedTask> tasks, String id) {
    return tasks.stream().filter(t -> t.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no task " + id));
  }

  /** The seed tasks to run, parsed with their labels (malformed lines are rejected by the load stage). */
  private static List<SeedTask> tasks(RunContext ctx, SelfGuideConfig sg) {
    List<String> files = InputFiles.expand(ctx.spark().sparkContext().hadoopConfiguration(), ctx.config().input().paths());
    List<SeedTask> out = new ArrayList<>();
    for (String line : ctx.spark().read().textFile(files.toArray(String[]::new)).collectAsList()) {
      if (line.isBlank()) {
        continue;
      }
      try {
        SeedTask t = SeedTaskParser.parse(line);
        if (sg.tasks().isEmpty() || sg.tasks().contains(t.id())) {
          out.add(t);
        }
      } catch (MalformedRecordException e) {
        // reported by the load stage as malformed_input
        continue;
      }
    }
    for (String id : sg.tasks()) {
      if (out.stream().noneMatch(t -> t.id().equals(id))) {
        throw org.instructsynth.core.UserError.config("self-guide.tasks names '" + id + "', which is not a valid seed task in "
            + ctx.config().input().paths() + "; use ids from that file");
      }
    }
    for (SeedTask t : out) {
      if (t.instances().isEmpty() || (t.isClassification() && t.labels().isEmpty())) {
        throw org.instructsynth.core.UserError.config("self-guide task '" + t.id() + "' needs example instances"
            + (t.isClassification() ? " and 'labels' (it is a classification task)" : "") + "; fix the seed file or leave it out of self-guide.tasks");
      }
    }
    return out;
  }

  /** What the output filters need for one task. */
  record TaskRule(LengthBounds bounds, List<String> labels, List<String> noise) implements Serializable {}

  /** One ledger row to one judged answer: the output filters and, for classification, the label. */
  static final class FilterAnswer implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Map<String, TaskRule> rules;

    FilterAnswer(Map<String, TaskRule> rules) {
      this.rules = new HashMap<>(rules);
    }

    @Override
    public Row call(Row r) {
      String task = r.getAs("task_id");
      String input = r.getAs("input");
      int sample = r.<Integer>getAs("sample");
      String key = r.getAs("request_key");
      if (!LlmResult.OK.equals(r.getAs("status"))) {
        return RowFactory.create(task, input, sample, key, null, LlmCalls.Answer.reason(r.getAs("status")),
            "status=" + r.getAs("status") + " http_status=" + r.getAs("http_status") + " error=" + r.getAs("error"));
      }
      String answer = r.getAs("response");
      TaskRule rule = rules.get(task);
      Verdict v = RuleSets.selfGuideOutputs(Optional.ofNullable(rule.bounds()), rule.noise()).apply("", "", answer);
      if (v.dropped()) {
        return RowFactory.create(task, input, sample, key, answer, v.reason(), v.detail());
      }
      if (rule.bounds() == null) {
        LabelMapping labels = new LabelMapping(rule.labels());
        Optional<String> label = labels.label(answer);
        if (label.isEmpty()) {
          Verdict none = labels.apply(answer);
          return RowFactory.create(task, input, sample, key, answer, none.reason(), none.detail());
        }
        return RowFactory.create(task, input, sample, key, label.get(), null, null);
      }
      return RowFactory.create(task, input, sample, key, answer.strip(), null, null);
    }
  }

  /** The self-consistency vote over one input's surviving answers, in sample order. */
  static final class Vote implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final double minAgreement;

    Vote(double minAgreement) {
      this.minAgreement = minAgreement;
    }

    @Override
    public Row call(Row g) {
      List<Row> answers = new ArrayList<>(g.getList(2));
      answers.sort(Comparator.comparingInt(a -> a.getInt(0)));
      List<String> texts = answers.stream().map(a -> a.getString(1)).toList();
      SelfConsistencyVote.Result v = new SelfConsistencyVote(minAgreement).vote(texts);
      if (v.winner().isEmpty()) {
        return RowFactory.create(g.getString(0), g.getString(1), null, answers.get(0).getString(2), answers.size(),
            v.verdict().reason(), v.verdict().detail());
      }
      String winner = v.winner().get();
      String key = answers.stream().filter(a -> SelfConsistencyVote.normalise(a.getString(1)).equals(winner)).findFirst().map(a -> a.getString(2))
          .orElse(answers.get(0).getString(2));
      return RowFactory.create(g.getString(0), g.getString(1), winner, key, answers.size(), null, null);
    }
  }
}
