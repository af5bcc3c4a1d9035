package org.instructsynth.pipeline.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.config.JobConfig;
import org.instructsynth.config.SelfInstructConfig;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.filter.RuleSets;
import org.instructsynth.core.prompt.AlpacaPrompts;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.core.prompt.SelfInstructPrompts;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.DriverRows;
import org.instructsynth.pipeline.RoundStats;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.StageStats;
import org.instructsynth.pipeline.WorkRow;
import org.instructsynth.pipeline.dedup.Dedup;
import org.instructsynth.pipeline.dedup.DriverDedup;
import org.instructsynth.pipeline.dedup.NearDedup;
import org.instructsynth.pipeline.dedup.ReferenceSets;
import org.instructsynth.pipeline.llm.LlmCallStage;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.LlmUsage;
import org.instructsynth.pipeline.stage.FilterStage;
import org.instructsynth.pipeline.stage.LoadSeedTasks;
import org.instructsynth.pipeline.stage.SequentialStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code self-instruct}: bootstrap instructions from seed tasks with an LLM (Self-Instruct, Wang et al.
 * 2022, yizhongw/self-instruct {@code bootstrap_instructions.py}, {@code identify_clf_or_not.py},
 * {@code generate_instances.py}, {@code prepare_for_finetuning.py}); with {@code self-instruct.style:
 * alpaca}, Stanford Alpaca's variant ({@code generate_instruction.py}).
 *
 * <p>Rounds run on the driver until {@code self-instruct.target-instructions} instructions are kept
 * or {@code max-rounds} is reached, because each round's prompts sample the pool kept so far. Every
 * round: {@code prompts-per-round} prompts, each sampled from its own stream {@code (run.seed, round,
 * prompt)} (so a rerun builds the same requests and the ledger answers them: zero new calls); one
 * LLM batch (an {@link LlmCallStage}, parallel on the executors); parsing ({@code unparseable_response},
 * {@code truncated}, {@code too_many_items}, {@code llm_error}); {@link RuleSets#selfInstructInstructions} or
 * {@link RuleSets#alpacaInstructions} (the papers' post-processing, with their keyword list); and the ROUGE-L check (F &gt;
 * {@code dedup.threshold} against the seed instructions, {@code dedup.reference-paths} and every
 * instruction kept so far, sequentially within the round): exact {@code IncrementalDedup} in driver
 * memory by default (one index for the whole run, {@link DriverDedup}), or the distributed {@link
 * NearDedup} stage with those as in-memory references ({@code self-instruct.round-dedup:
 * distributed}); both give the brute-force decisions.
 *
 * <p>With {@code dedup.earlier-runs}, a night continues from the other committed nights ({@link
 * OtherNights}): their kept instructions start the machine pool the prompts sample from, are
 * references of the ROUGE-L check, and decide the prompts' random stream; the final examples are
 * checked against the other dates' rows ({@code dedup-exact}), so no id is written twice.
 *
 * <p>Self-Instruct style then asks the LLM whether each new instruction is a classification task
 * (seeds keep their {@code is_classification}), generates instances output-first for classification
 * and input-first otherwise, and applies {@link RuleSets#selfInstructInstances}; a task whose instruction
 * the {@code filters.*} chain drops whatever the instances are is dropped before those calls
 * ({@link PreCall}, stage {@code pre-filter}). Alpaca style gets input
 * and output in the same blocks. Finally the examples pass the configured filter chain
 * ({@code filters.*}, stage {@code filter}).
 *
 * <p>Each round is a stage list over a frame of its prompts, run, counted and reported by the {@link
 * StageRunner} like any other stage (a stage of every round has one line in the funnel): {@code
 * generate} ({@link LlmCallStage}: call and parse on the executors), {@code post-filter}, {@code
 * dedup-rouge} ({@link SequentialStage} on the driver's index, or {@link NearDedup}). Only the pool
 * (the round's kept instructions, small by the method) comes back to the driver, for the next round's
 * prompts. The instance generation is then one stage list over the kept tasks: {@code pre-filter},
 * {@code classify}, {@code instances}, {@code instance-filter} ({@link SelfInstructCalls}).
 *
 * <p>Rows: {@code source=synthesized}, {@code model}, {@code request_key} (the call that wrote the
 * output), {@code round}; the task id is a hash of the instruction and is the split group, so a
 * task's instances never straddle train and eval. Seeds are emitted as {@code source=seed} rows only
 * with {@code self-instruct.include-seeds: true}.
 */
public final class SelfInstructRecipe implements Recipe {
  private static final Logger LOG = LoggerFactory.getLogger(SelfInstructRecipe.class);

  static final String GENERATE = "generate";
  static final String POST_FILTER = "post-filter";
  static final String DEDUP = "dedup-rouge";
  static final String CLASSIFY = "classify";
  static final String INSTANCES = "instances";
  static final String INSTANCE_FILTER = "instance-filter";

  /** The in-memory references' {@code ref_ord} start, above any file's {@code fileIndex << 40}. */
  private static final long MEMORY_REF_ORD = 1L << 55;

  /** A generated task that passed the ROUGE-L check. */
  private record Task(String id, String instruction, String input, String output, int round, long ord, String requestKey) {
    static Task of(Row kept) {
      return new Task(kept.getAs("task_id"), kept.getAs("instruction"), kept.getAs("input"), kept.getAs("output"),
          kept.<Integer>getAs("round"), kept.<Long>getAs(Columns.ORD), kept.getAs("request_key"));
    }
  }

  @Override
  public Output run(StageRunner runner, RunContext ctx) {
    JobConfig cfg = ctx.config();
    SelfInstructConfig si = cfg.selfInstruct();
    LlmUsage usage = new LlmUsage();
    List<RoundStats> rounds = new ArrayList<>();
    Dataset<Row> seedRows =
        runner.run(new LoadSeedTasks(cfg.input().paths(), cfg.recipe(), cfg.input().language(), 0), null);
    List<SeedTask> seeds = seedTasks(seedRows);
    boolean clfOnly = !si.isAlpaca() && si.instructions().classificationSeedsOnly();
    if (clfOnly) { // bootstrap_instructions.py --use_clf_seed_tasks_only: the other seeds are neither shown nor references
      seeds = seeds.stream().filter(SeedTask::isClassification).toList();
    }
    int needed = si.isAlpaca() ? si.alpaca().numPromptInstructions() : si.instructions().numSeedInstructions();
    if (seeds.size() < needed) {
      throw org.instructsynth.core.UserError.config(String.format(Locale.ROOT,
          "self-instruct needs at least %d valid %sseed tasks in input.path %s, found %d; add seed tasks%s or check the rejects "
              + "table for malformed_input lines", needed, clfOnly ? "classification " : "", cfg.input().paths(), seeds.size(),
          clfOnly ? " marked \"is_classification\": true, set self-instruct.generation.classification-seeds-only: false," : ""));
    }
    LlmCalls calls = new LlmCalls(ctx, usage);
    List<Task> kept = generate(ctx, si, seeds, OtherNights.load(ctx), calls, runner, rounds);
    runner.round(0);
    List<Row> taskRows = new ArrayList<>();
    for (Task t : kept) {
      WorkRow w = taskRow(ctx, t);
      taskRows.add((si.isAlpaca() ? w.set("input", t.input()).set("output", t.output())
          .set("id", ContentHash.id(t.instruction(), t.input(), t.output())) : w).toRow());
    }
    Dataset<Row> tasks = DriverRows.frame(ctx.spark(), taskRows, Columns.ANNOTATED).select(Columns.all(Columns.WORK));
    Dataset<Row> rows = si.isAlpaca()
        ? runner.run(new FilterStage(cfg.filters()), tasks, kept.size())
        : runner.run(new FilterStage(cfg.filters()), instances(ctx, si, tasks, kept.size(), calls, runner));
    if (si.includeSeeds()) {
      long before = runner.lastRowsOut();
      rows = rows.unionByName(seedRows);
      runner.record(new StageStats("add-seeds", before, before + seedRows.count(), 0));
    }
    return new Output(Dedup.acrossDates(runner, rows, cfg.dedup()), usage, null, rounds);
  }

  /** The rounds: each a stage list over its prompts (generate, post-filter, dedup-rouge); returns the pool. */
  private List<Task> generate(RunContext ctx, SelfInstructConfig si, List<SeedTask> seeds, OtherNights nights, LlmCalls calls,
      StageRunner runner, List<RoundStats> rounds) {
    JobConfig cfg = ctx.config();
    long seed = nights.promptSeed(cfg.run().seed());
    PromptTemplates templates = cfg.prompts();
    Template template = templates.template(si.isAlpaca() ? PromptTemplates.ALPACA_INSTRUCTIONS
        : si.instructions().classificationSeedsOnly() ? PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS_CLF
        : PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS);
    List<String> seedInstructions = seeds.stream().map(SeedTask::instruction).toList();
    List<Row> references = new ArrayList<>();
    boolean onDriver = SelfInstructConfig.DRIVER.equals(si.roundDedup());
    if (!cfg.dedup().referencePaths().isEmpty() && onDriver) {
      references.addAll(ReferenceSets.load(ctx.spark(), cfg.dedup().referencePaths(), cfg.dedup().field()).collectAsList());
    }
    for (SeedTask s : seeds) {
      references.add(ReferenceSets.row(s.id(), "seed task " + s.id(), MEMORY_REF_ORD + references.size(),
          ReferenceSets.text(cfg.dedup().field(), s.instruction(), first(s).input(), first(s).output())));
    }
    DriverDedup driver = null;
    if (cfg.dedup().near() && onDriver) {
      driver = new DriverDedup(cfg.dedup());
      references.forEach(driver::reference);
      // Other nights' kept instructions (the distributed stage reads them itself, dedup.earlier-runs).
      nights.references(cfg.dedup().field(), MEMORY_REF_ORD + references.size()).forEach(driver::reference);
    }
    LlmCallStage generate = new LlmCallStage(GENERATE, new SelfInstructCalls.Generate(calls.requests(), si.isAlpaca(),
        si.isAlpaca() ? si.alpaca().sampling() : si.instructions().sampling(),
        si.isAlpaca() ? si.alpaca().numPromptInstructions() : si.instructions().maxNewInstructionsPerCall(),
        !si.isAlpaca() && si.instructions().discardResponseOnLength(), cfg.output().maxRawChars()), calls);
    Stage post =
        SelfInstructCalls.postFilter(si.isAlpaca() ? RuleSets.alpacaInstructions() : RuleSets.selfInstructInstructions());
    List<Task> pool = new ArrayList<>();
    for (int round = 1; round <= si.maxRounds() && pool.size() < si.targetInstructions(); round++) {
      runner.round(round);
      List<String> machine = new ArrayList<>(nights.instructions()); // the pool continues from other nights
      pool.forEach(t -> machine.add(t.instruction()));
      List<Row> prompts = new ArrayList<>();
      for (int p = 0; p < si.promptsPerRound(); p++) {
        WorkRow base = new WorkRow().set("recipe", cfg.recipe()).set("source", "synthesized").set("model", calls.model())
            .set("round", round).set("language", cfg.input().language())
            .set(Columns.ORD, ((long) round << 40) | ((long) p << 20)).set(Columns.FILE, "round " + round + " prompt " + p);
        if (si.isAlpaca()) {
          AlpacaPrompts.AlpacaPrompt prompt = AlpacaPrompts.build(template, seeds, si.alpaca(), seed, round, p);
          prompts.add(base.toRowWith(prompt.prompt(), prompt.nextNumber()));
        } else {
          SelfInstructPrompts.InstructionPrompt prompt =
              SelfInstructPrompts.build(template, seedInstructions, machine, si.instructions(), seed, round, p);
          prompts.add(base.toRowWith(prompt.prompt(), prompt.nextNumber()));
        }
      }
      Dataset<Row> parsed =
          runner.run(generate, DriverRows.frame(ctx.spark(), prompts, SelfInstructCalls.PROMPT_ROW), prompts.size());
      long generated = runner.lastEmitted();
      Dataset<Row> candidates = runner.run(post, parsed);
      long candidateCount = runner.lastRowsOut();
      int before = pool.size();
      if (driver != null || !cfg.dedup().near()) {
        DriverDedup index = driver;
        runner.run(new SequentialStage(DEDUP, rows -> decide(index, rows, pool)), candidates);
      } else {
        Dataset<Row> refs = DriverRows.frame(ctx.spark(), references, ReferenceSets.SCHEMA);
        List<Row> keptRows = new ArrayList<>(runner.run(new NearDedup(cfg.dedup(), refs), candidates).collectAsList());
        keptRows.sort(java.util.Comparator.comparingLong(r -> r.<Long>getAs(Columns.ORD)));
        for (Row r : keptRows) {
          Task t = Task.of(r);
          pool.add(t);
          references.add(ReferenceSets.row(t.id(), "round " + t.round(), MEMORY_REF_ORD + references.size(),
              ReferenceSets.text(cfg.dedup().field(), t.instruction(), t.input(), t.output())));
        }
      }
      int keptThisRound = pool.size() - before;
      LOG.info(String.format(Locale.ROOT, "self-instruct round %d: %d prompts, %d candidates, %d kept, pool %d of %d",
          round, prompts.size(), candidateCount, keptThisRound, pool.size(), si.targetInstructions()));
      rounds.add(new RoundStats(round, prompts.size(), generated, candidateCount, keptThisRound, pool.size()));
    }
    if (pool.size() < si.targetInstructions()) {
      LOG.warn(String.format(Locale.ROOT,
          "self-instruct stopped after self-instruct.max-rounds=%d with %d of %d instructions; raise max-rounds or "
              + "prompts-per-round, or lower target-instructions", si.maxRounds(), pool.size(), si.targetInstructions()));
    }
    return pool;
  }

  /**
   * The ROUGE-L check of one round in the driver's index (null: {@code dedup.near: false}, all kept),
   * sequentially in order; kept candidates join the pool and the index.
   */
  private static List<Row> decide(DriverDedup driver, List<Row> rows, List<Task> pool) {
    List<DriverDedup.Decision> decided =
        driver == null ? null : driver.decide(rows.stream().map(r -> WorkRow.from(r).toRow()).toList());
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      WorkRow w = WorkRow.from(rows.get(i));
      DriverDedup.Decision d = decided == null ? null : decided.get(i);
      if (d != null) {
        w.set("rouge_l_max", d.rougeLMax()).set("nearest_id", d.nearestId());
        if (d.reason() != null) {
          out.add(w.drop(d.reason(), d.detail()).toRow());
          continue;
        }
      }
      Task t = Task.of(rows.get(i));
      pool.add(t);
      if (driver != null) {
        driver.pooled(t.ord(), t.id(), t.round()); // already in the driver's index
      }
      out.add(w.toRow());
    }
    return out;
  }

  /** The stages of the instance generation over the kept tasks (Self-Instruct style); returns the examples. */
  private static Dataset<Row> instances(RunContext ctx, SelfInstructConfig si, Dataset<Row> tasks, long taskCount, LlmCalls calls,
      StageRunner runner) {
    JobConfig cfg = ctx.config();
    PromptTemplates templates = cfg.prompts();
    int maxRaw = cfg.output().maxRawChars();
    Dataset<Row> rows = runner.run(new PreCall(cfg.filters(), false), tasks, taskCount);
    rows = runner.run(new LlmCallStage(CLASSIFY, new SelfInstructCalls.Classify(calls.requests(),
        templates.template(PromptTemplates.SELF_INSTRUCT_CLF_CHECK), maxRaw), calls), rows);
    rows = runner.run(new LlmCallStage(INSTANCES, new SelfInstructCalls.Instances(calls.requests(), si.instances(),
        templates.template(PromptTemplates.SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST),
        templates.template(PromptTemplates.SELF_INSTRUCT_INSTANCES_INPUT_FIRST), maxRaw), calls), rows);
    return runner.run(SelfInstructCalls.instanceFilter(si.instances().maxInstancesPerTask(), cfg.run().seed()), rows);
  }

  /** A kept task's row: the input of the instance stages (with Alpaca, with its input and output, the example). */
  private static WorkRow taskRow(RunContext ctx, Task t) {
    return new WorkRow().set("recipe", ctx.config().recipe()).set("source", "synthesized").set("model", ctx.config().llm().model())
        .set("request_key", t.requestKey()).set("round", t.round()).set("language", ctx.config().input().language())
        .set("instruction", t.instruction()).set("task_id", t.id()).set("task_name", t.id()).set(Columns.GROUP, t.id())
        .set(Columns.ORD, t.ord());
  }

  private static Instance first(SeedTask s) {
    return s.instances().isEmpty() ? new Instance("", "") : s.instances().get(0);
  }

  /** Groups the loaded seed rows (one per instance) back into tasks, in file order. */
  static List<SeedTask> seedTasks(Dataset<Row> seedRows) {
    Map<String, List<Instance>> instances = new LinkedHashMap<>();
    Map<String, Row> firstRow = new LinkedHashMap<>();
    for (Row r : seedRows.orderBy(Columns.ORD, "id").select("task_id", "task_name", "instruction", "input", "output", "task_type",
        "cluster", "language").collectAsList()) {
      String id = r.getAs("task_id");
      firstRow.putIfAbsent(id, r);
      instances.computeIfAbsent(id, k -> new ArrayList<>()).add(new Instance(r.getAs("input"), r.getAs("output")));
    }
    List<SeedTask> out = new ArrayList<>();
    firstRow.forEach((id, r) -> out.add(new SeedTask(id, r.getAs("task_name"), r.getAs("instruction"), instances.get(id),
        "classification".equals(r.getAs("task_type")), List.of(), r.getAs("cluster"), r.getAs("language"))));
    return out;
  }
}
