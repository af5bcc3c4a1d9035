package org.instructsynth.pipeline.recipe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.instructsynth.config.JobConfig;
import org.instructsynth.config.SelfGuideConfig;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.Seeds;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.core.io.SeedTaskParser;
import org.instructsynth.llm.Tokens;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.core.prompt.SelfGuideDefaults;
import org.instructsynth.core.prompt.SelfGuidePrompts;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.core.filter.ClassBalanceFilter;
import org.instructsynth.core.filter.LengthBounds;
import org.instructsynth.core.filter.RuleSets;
import org.instructsynth.core.filter.SelfConsistencyVote;
import org.instructsynth.core.filter.Verdict;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.DriverRows;
import org.instructsynth.pipeline.InputFiles;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.WorkRow;
import org.instructsynth.pipeline.dedup.Dedup;
import org.instructsynth.pipeline.llm.LlmCallStage;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.LlmUsage;
import org.instructsynth.pipeline.stage.FilterStage;
import org.instructsynth.pipeline.stage.LoadSeedTasks;
import org.instructsynth.pipeline.stage.SequentialStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code self-guide}: per-task synthetic inputs, then outputs by self-consistency (SELF-GUIDE, Zhao et
 * al. 2024; zhaochenyang20/Prompt2Model-Self-Distill). docs/PARITY.md maps every step to the authors' code.
 *
 * <ol>
 *   <li>{@code inputs}: epochs of {@code prompts-per-epoch} (10) prompts per task, built from the pool
 *       as it was at the start of the epoch: the instruction, every example input shuffled as good
 *       examples and 1 to 10 earlier generated inputs as low-quality ones ({@link
 *       SelfGuidePrompts#inputPrompt}, seeded by run seed, task, epoch and prompt, re-drawn over the
 *       context cutoff); classification tasks draw a target label uniformly. Every prompt is its own
 *       draw ({@link #drawIndex}). Temperature 0.9 (0.7 for classification), {@code top_k} 40, max_tokens 500.
 *   <li>{@code input-filter}: empty, length outside the example inputs' window (classification tasks,
 *       {@link #inputBounds}), noise phrases, exact duplicates of the pool ({@link RuleSets#selfGuideInputs}).
 *   <li>{@code outputs}: {@code samples} (10) separate requests per input with distinct sample
 *       indexes, temperature 0.2, top_k 10, the paper's one-text annotation prompt; each answer through
 *       {@link RuleSets#selfGuideOutputs} (length window of the example outputs for generation tasks).
 *       Runs on the executors.
 *   <li>{@code vote}: a distributed aggregation ({@code groupBy(task, input)} in Spark): the most
 *       frequent surviving answer wins if its share is at least {@code min-agreement} (0.3), ties to
 *       the shortest ({@link SelfConsistencyVote}); else {@code low_agreement}. A classification
 *       winner is mapped to the first label it contains, else {@code no_label}.
 *   <li>{@code balance}: classification tasks downsampled to their smallest class ({@link ClassBalanceFilter}).
 *   <li>{@code filter}: the {@code filters.*} chain (off by default for this recipe).
 * </ol>
 *
 * <p>Every step is a stage the {@link StageRunner} runs, counts and reports ({@link SelfGuideStages}).
 * The input epochs are sequential by method (each epoch's prompts show the task's pool so far): each
 * epoch is a stage list over a frame of its prompts, {@code inputs} then {@code input-filter} (a
 * {@link SequentialStage}: one input at a time against the task's growing pool, on the driver, where
 * the pools live); a stage of every epoch has one line in the funnel.
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
    runner.run(new LoadSeedTasks(cfg.input().paths(), cfg.recipe(), cfg.input().language(), 0), null);
    List<SeedTask> tasks = preFilter(ctx, runner, tasks(ctx, sg));
    LlmCalls calls = new LlmCalls(ctx, usage);
    PromptTemplates templates = cfg.prompts();
    Template genTemplate = templates.template(PromptTemplates.SELF_GUIDE_INPUT);
    Template clfTemplate = templates.template(PromptTemplates.SELF_GUIDE_INPUT_CLF);
    int cutoff = p.contextCutoff();
    java.util.function.Predicate<String> fits = prompt -> cutoff == 0 || Tokens.estimate(prompt) < cutoff;

    // Input rounds: all open tasks' prompts of a round in one frame.
    Map<String, List<String>> pools = new LinkedHashMap<>();
    Map<String, Optional<LengthBounds>> bounds = new HashMap<>();
    tasks.forEach(t -> {
      pools.put(t.id(), new ArrayList<>());
      bounds.put(t.id(), inputBounds(t, sg.paperLengthFilter()));
    });
    List<Row> kept = new ArrayList<>();
    OtherNights nights = OtherNights.load(ctx); // their inputs continue each task's pool
    LlmCallStage inputs = new LlmCallStage(INPUTS, new SelfGuideStages.Inputs(calls.requests(), p, sg.stripInputMarkers()), calls);
    SequentialStage inputFilter = new SequentialStage(INPUT_FILTER, rows -> {
      List<Row> out = new ArrayList<>();
      for (Row r : rows) {
        String task = r.getAs("task_id");
        // One at a time against the growing pool: the same decisions as filtering the list at once.
        Verdict v = RuleSets.selfGuideInputs(bounds.get(task), sg.noisePhrases(), nights.inputsAnd(task, pools.get(task)))
            .apply("", r.getAs("input"), "");
        WorkRow w = WorkRow.from(r);
        if (v.kept()) {
          pools.get(task).add(r.getAs("input"));
          kept.add(w.toRow());
          out.add(w.toRow());
        } else {
          out.add(w.drop(v.reason(), v.detail()).toRow());
        }
      }
      return out;
    });
    for (int round = 1; round <= sg.maxRounds(); round++) {
      List<SeedTask> open = tasks.stream().filter(t -> pools.get(t.id()).size() < sg.inputsPerTask()).toList();
      if (open.isEmpty()) {
        break;
      }
      runner.round(round);
      List<Row> prompts = new ArrayList<>();
      for (SeedTask t : open) {
        long taskSeed = Seeds.mix(nights.promptSeed(cfg.run().seed()), "self-guide", t.id());
        for (int i = 0; i < p.promptsPerRound(); i++) {
          SelfGuidePrompts.InputPrompt prompt = SelfGuidePrompts.inputPrompt(t.isClassification() ? clfTemplate : genTemplate, t,
              nights.inputsAnd(t.id(), pools.get(t.id())), p, taskSeed, round, i, fits);
          long ord = ord(round, tasks.indexOf(t), i);
          prompts.add(taskRow(ctx, t, round, ord).toRowWith(prompt.prompt(), null));
        }
      }
      Dataset<Row> answered = runner.run(inputs, DriverRows.frame(ctx.spark(), prompts, SelfInstructCalls.PROMPT_ROW), prompts.size());
      runner.run(inputFilter, answered);
      LOG.info(String.format(Locale.ROOT, "self-guide input round %d: %d tasks open, %d prompts, pools %s", round, open.size(),
          prompts.size(), pools.values().stream().map(List::size).toList()));
    }
    runner.round(0);

    // Outputs, vote and balance over the kept inputs, on the executors.
    Dataset<Row> rows = DriverRows.frame(ctx.spark(), kept, Columns.ANNOTATED).select(Columns.all(Columns.WORK));
    Map<String, SelfGuideStages.TaskRule> rules =
        SelfGuideStages.rules(tasks, sg.noisePhrases(), sg.paperLengthFilter(), sg.mapAfterVote());
    Template outputTemplate = templates.template(
        sg.paperOutputPrompt() ? PromptTemplates.SELF_GUIDE_OUTPUT : PromptTemplates.SELF_GUIDE_OUTPUT_SYSTEM);
    rows = runner.run(new LlmCallStage(OUTPUTS,
        new SelfGuideStages.Outputs(calls.requests(), p, outputTemplate, sg.paperOutputPrompt(), rules), calls), rows, kept.size());
    rows = runner.run(SelfGuideStages.vote(p.minAgreement(), rules), rows);
    rows = runner.run(SelfGuideStages.balance(sg.balanceClasses(), cfg.run().seed()), rows);
    rows = runner.run(new FilterStage(cfg.filters()), rows);
    return new Output(Dedup.acrossDates(runner, rows, cfg.dedup()), usage, null, List.of());
  }

  /**
   * The input length window of a task: the paper's for classification tasks only (SG-11), or with
   * {@code self-guide.length-filter: all-tasks} the inclusive window for every task.
   */
  static Optional<LengthBounds> inputBounds(SeedTask t, boolean paper) {
    List<String> inputs = t.instances().stream().map(Instance::input).toList();
    if (!paper) {
      return Optional.of(LengthBounds.inclusive(inputs));
    }
    return t.isClassification() ? Optional.of(LengthBounds.of(inputs)) : Optional.empty();
  }

  /** The order key of prompt {@code i} of {@code round} (from 1) for the task at {@code taskIndex}. */
  static long ord(int round, int taskIndex, int i) {
    return (long) round << 40 | (long) taskIndex << 20 | i;
  }

  /**
   * The draw number of a prompt within its task, from its {@link #ord}: {@code (round - 1) * perRound +
   * i}, distinct for every prompt of a task; sent as the request's sample index.
   */
  static int drawIndex(long ord, int perRound) {
    return (int) ((ord >>> 40) - 1) * perRound + (int) (ord & 0xFFFFF);
  }

  /**
   * Tasks whose instruction the filters drop whatever the model writes cost no call: each task is a
   * row of stage {@code pre-filter}, dropped there with the filter's reason; the rest go on.
   */
  private static List<SeedTask> preFilter(RunContext ctx, StageRunner runner, List<SeedTask> tasks) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      rows.add(taskRow(ctx, tasks.get(i), 0, i).toRow());
    }
    Dataset<Row> frame = DriverRows.frame(ctx.spark(), rows, Columns.ANNOTATED).select(Columns.all(Columns.WORK));
    List<String> open = runner.run(new PreCall(ctx.config().filters(), false), frame, tasks.size())
        .select("task_id").as(Encoders.STRING()).collectAsList();
    return tasks.stream().filter(t -> open.contains(t.id())).toList();
  }

  private static WorkRow taskRow(RunContext ctx, SeedTask t, int round, long ord) {
    return new WorkRow().set("recipe", ctx.config().recipe()).set("source", "synthesized").set("model", ctx.config().llm().model())
        .set("round", round == 0 ? null : round)
        .set("language", t.language().isEmpty() ? ctx.config().input().language() : t.language())
        .set("task_id", t.id()).set("task_name", t.name()).set("task_type", t.taskType())
        .set("cluster", t.cluster().isEmpty() ? null : t.cluster()).set("instruction", t.instruction()).set(Columns.ORD, ord);
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
}
