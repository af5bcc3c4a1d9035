package org.instructsynth.pipeline.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.instructsynth.config.JobConfig;
import org.instructsynth.config.SelfInstructConfig;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.Instance;
import org.instructsynth.core.Seeds;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.prompt.AlpacaPrompts;
import org.instructsynth.core.prompt.InstanceGenDefaults;
import org.instructsynth.core.prompt.Parsed;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.prompt.Reject;
import org.instructsynth.core.prompt.SelfInstructInstances;
import org.instructsynth.core.prompt.SelfInstructPrompts;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.core.filter.Dropped;
import org.instructsynth.core.filter.Filtered;
import org.instructsynth.core.filter.RuleSets;
import org.instructsynth.core.filter.Verdict;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.DriverRows;
import org.instructsynth.pipeline.RoundStats;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.StageStats;
import org.instructsynth.pipeline.WorkRow;
import org.instructsynth.pipeline.dedup.Dedup;
import org.instructsynth.pipeline.dedup.DriverDedup;
import org.instructsynth.pipeline.dedup.NearDedup;
import org.instructsynth.pipeline.dedup.ReferenceSets;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.LlmUsage;
import org.instructsynth.pipeline.stage.FilterStage;
import org.instructsynth.pipeline.stage.LoadSeedTasks;
import org.instructsynth.pipeline.stage.Replay;
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
 * {@link LlmCalls} batch (parallel on the executors); parsing ({@code unparseable_response},
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
 * ({@code filters.*}, stage {@code filter}). The loop's decisions are replayed as stages
 * ({@link Replay}), so the funnel shows every stage and every drop lands in {@code rejects}.
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
  private record Task(String id, String instruction, String input, String output, int round, long ord, String requestKey) {}

  @Override
  public Output run(StageRunner runner, RunContext ctx) {
    JobConfig cfg = ctx.config();
    SelfInstructConfig si = cfg.selfInstruct();
    StageRunner steps = runner;
    LlmUsage usage = new LlmUsage();
    List<RoundStats> rounds = new ArrayList<>();
    Dataset<Row> seedRows =
        runner.run(new LoadSeedTasks(cfg.input().paths(), cfg.recipe(), cfg.input().language(), 0), null);
    List<SeedTask> seeds = seedTasks(seedRows);
    int needed = si.isAlpaca() ? si.alpaca().numPromptInstructions() : si.instructions().numSeedInstructions();
    if (seeds.size() < needed) {
      throw org.instructsynth.core.UserError.config(String.format(Locale.ROOT,
          "self-instruct needs at least %d valid seed tasks in input.path %s, found %d; add seed tasks or check the rejects "
              + "table for malformed_input lines", needed, cfg.input().paths(), seeds.size()));
    }
    LlmCalls calls = new LlmCalls(ctx, usage);
    List<String> stages = si.isAlpaca()
        ? List.of(GENERATE, POST_FILTER, DEDUP)
        : List.of(GENERATE, POST_FILTER, DEDUP, PreCall.STAGE, CLASSIFY, INSTANCES, INSTANCE_FILTER);
    Replay.Log log = new Replay.Log(stages);
    List<Task> kept = generate(ctx, si, seeds, OtherNights.load(ctx), calls, log, steps, rounds);
    if (si.isAlpaca()) {
      for (Task t : kept) {
        log.keep(example(ctx, t, t.input(), t.output(), null, t.requestKey(), t.ord()), GENERATE);
      }
    } else {
      instances(ctx, si, kept, calls, log, steps);
    }

    Dataset<Row> rows = null;
    for (org.instructsynth.pipeline.Stage stage : log.build(runner)) {
      rows = runner.run(stage, rows); // the first replay stage loads (rows in = every candidate)
    }
    rows = runner.run(new FilterStage(cfg.filters()), rows);
    if (si.includeSeeds()) {
      long before = rows.count();
      rows = rows.unionByName(seedRows);
      long after = rows.count();
      runner.record(new StageStats("add-seeds", before, after, 0));
    }
    return new Output(Dedup.acrossDates(runner, rows, cfg.dedup()), usage, null, rounds);
  }

  /** The rounds: prompts, calls, parsing, post-filter and ROUGE-L against seeds and the pool. */
  private List<Task> generate(RunContext ctx, SelfInstructConfig si, List<SeedTask> seeds, OtherNights nights, LlmCalls calls,
      Replay.Log log, StageRunner steps, List<RoundStats> rounds) {
    JobConfig cfg = ctx.config();
    long seed = nights.promptSeed(cfg.run().seed());
    PromptTemplates templates = PromptTemplates.classpath();
    Template template = templates.template(si.isAlpaca() ? PromptTemplates.ALPACA_INSTRUCTIONS : PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS);
    RuleSets.InstructionRules rules = si.isAlpaca() ? RuleSets.alpacaInstructions() : RuleSets.selfInstructInstructions();
    List<String> seedInstructions = seeds.stream().map(SeedTask::instruction).toList();
    List<Row> references = new ArrayList<>();
    if (!cfg.dedup().referencePaths().isEmpty() && SelfInstructConfig.DRIVER.equals(si.roundDedup())) {
      references.addAll(ReferenceSets.load(ctx.spark(), cfg.dedup().referencePaths(), cfg.dedup().field()).collectAsList());
    }
    for (SeedTask s : seeds) {
      references.add(RowFactory.create(s.id(), "seed task " + s.id(), MEMORY_REF_ORD + references.size(),
          ReferenceSets.text(cfg.dedup().field(), s.instruction(), first(s).input(), first(s).output())));
    }
    DriverDedup driver = null;
    if (cfg.dedup().near() && SelfInstructConfig.DRIVER.equals(si.roundDedup())) {
      driver = new DriverDedup(cfg.dedup());
      references.forEach(driver::reference);
      // Other nights' kept instructions (the distributed stage reads them itself, dedup.earlier-runs).
      nights.references(cfg.dedup().field(), MEMORY_REF_ORD + references.size()).forEach(driver::reference);
    }
    List<Task> pool = new ArrayList<>();
    for (int round = 1; round <= si.maxRounds() && pool.size() < si.targetInstructions(); round++) {
      // Build this round's prompts.
      long clock = System.nanoTime();
      List<LlmRequest> requests = new ArrayList<>();
      List<Integer> nextNumbers = new ArrayList<>();
      List<String> machine = new ArrayList<>(nights.instructions()); // the pool continues from other nights
      pool.forEach(t -> machine.add(t.instruction()));
      for (int p = 0; p < si.promptsPerRound(); p++) {
        if (si.isAlpaca()) {
          AlpacaPrompts.AlpacaPrompt prompt = AlpacaPrompts.build(template, seeds, si.alpaca(), seed, round, p);
          requests.add(calls.request(null, prompt.prompt(), si.alpaca().sampling(), 0));
          nextNumbers.add(prompt.nextNumber());
        } else {
          SelfInstructPrompts.InstructionPrompt prompt =
              SelfInstructPrompts.build(template, seedInstructions, machine, si.instructions(), seed, round, p);
          requests.add(calls.request(null, prompt.prompt(), si.instructions().sampling(), 0));
          nextNumbers.add(prompt.nextNumber());
        }
      }
      steps.describe(GENERATE + " (round " + round + ")");
      Map<String, LlmCalls.Answer> answers = calls.call("instructions", requests);
      long generated = 0;

      // Parse and post-filter; candidates go to the ROUGE-L check.
      List<WorkRow> candidates = new ArrayList<>();
      List<Task> candidateTasks = new ArrayList<>();
      for (int p = 0; p < requests.size(); p++) {
        String key = requests.get(p).requestKey();
        long promptOrd = ((long) round << 40) | ((long) p << 20);
        WorkRow base = new WorkRow().set("recipe", cfg.recipe()).set("source", "synthesized").set("model", calls.model())
            .set("request_key", key).set("round", round).set("language", cfg.input().language())
            .set(Columns.ORD, promptOrd).set(Columns.FILE, "round " + round + " prompt " + p);
        LlmCalls.Answer answer = answers.get(key);
        if (answer == null || !answer.ok()) {
          log.add(base.copy().drop(LlmCalls.reason(answer), answer == null ? "no ledger row for the request" : answer.failure()),
              GENERATE, GENERATE);
          continue;
        }
        List<String> instructions = new ArrayList<>();
        List<Instance> bodies = new ArrayList<>();
        List<Reject> rejects;
        if (si.isAlpaca()) {
          Parsed<AlpacaPrompts.AlpacaTask> parsed = AlpacaPrompts.parse(answer.response(), answer.finishReason(),
              si.alpaca().numPromptInstructions());
          parsed.items().forEach(t -> {
            instructions.add(t.instruction());
            bodies.add(new Instance(t.input(), t.output()));
          });
          rejects = parsed.rejects();
        } else {
          Parsed<String> parsed = SelfInstructPrompts.parse(answer.response(), answer.finishReason(), nextNumbers.get(p),
              si.instructions().maxNewInstructionsPerCall());
          instructions.addAll(parsed.items());
          parsed.items().forEach(i -> bodies.add(new Instance("", "")));
          rejects = parsed.rejects();
        }
        generated += instructions.size() + rejects.size();
        int item = 0;
        for (Reject r : rejects) {
          log.add(base.copy().set(Columns.ORD, promptOrd + item++).drop(r.reason(), r.detail()).set(Columns.RAW, raw(ctx, r.raw())),
              GENERATE, GENERATE);
        }
        clock = log.time(GENERATE, clock);
        // Drops first, then the kept instructions with their blocks' bodies, each in input order.
        List<String> normalised = instructions.stream().map(rules::normalise).toList();
        List<Verdict> verdicts = normalised.stream().map(rules::apply).toList();
        for (int i = 0; i < verdicts.size(); i++) {
          if (verdicts.get(i).dropped()) {
            log.add(base.copy().set(Columns.ORD, promptOrd + item++).set("instruction", normalised.get(i))
                .drop(verdicts.get(i).reason(), verdicts.get(i).detail()), GENERATE, POST_FILTER);
          }
        }
        clock = log.time(POST_FILTER, clock);
        for (int i = 0; i < verdicts.size(); i++) {
          if (verdicts.get(i).dropped()) {
            continue;
          }
          String inst = normalised.get(i);
          Instance body = bodies.get(i);
          long ord = promptOrd + item++;
          String taskId = "synth_" + ContentHash.id(inst).substring(0, 16);
          candidates.add(base.copy().set(Columns.ORD, ord).set("instruction", inst).set("input", body.input())
              .set("output", body.output()).set("id", ContentHash.id(inst, body.input(), body.output()))
              .set("task_id", taskId).set("task_name", taskId).set(Columns.GROUP, taskId));
          candidateTasks.add(new Task(taskId, inst, body.input(), body.output(), round, ord, key));
        }
      }

      // ROUGE-L against the seeds and everything kept so far (references), sequentially within the round.
      clock = log.time(GENERATE, clock);
      steps.describe(DEDUP + " (round " + round + ")");
      int keptThisRound = 0;
      if (!candidates.isEmpty()) {
        Map<Long, Task> byOrd = new LinkedHashMap<>();
        candidateTasks.forEach(t -> byOrd.put(t.ord(), t));
        Map<Long, WorkRow> rowByOrd = new LinkedHashMap<>();
        List<Row> work = new ArrayList<>();
        for (WorkRow w : candidates) {
          Row r = w.toRow();
          rowByOrd.put(r.getLong(Columns.ANNOTATED.fieldIndex(Columns.ORD)), w);
          work.add(r);
        }
        List<Row> decided;
        if (!cfg.dedup().near()) {
          decided = new ArrayList<>();
          for (Row r : work) {
            decided.add(RowFactory.create(r.getLong(Columns.ANNOTATED.fieldIndex(Columns.ORD)), null, null, null, null));
          }
        } else if (driver != null) {
          decided = driver.decide(work);
        } else {
          Dataset<Row> batch = DriverRows.frame(ctx.spark(), work, Columns.ANNOTATED).select(Columns.all(Columns.WORK));
          Dataset<Row> refs = DriverRows.frame(ctx.spark(), references, ReferenceSets.SCHEMA);
          decided = new NearDedup(cfg.dedup(), refs).apply(batch, ctx)
              .select(Columns.ORD, Columns.REASON, Columns.DETAIL, "rouge_l_max", "nearest_id").collectAsList();
        }
        decided = new ArrayList<>(decided);
        decided.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
        for (Row d : decided) {
          long ord = d.getLong(0);
          WorkRow w = rowByOrd.get(ord).set("rouge_l_max", d.isNullAt(3) ? null : d.getDouble(3))
              .set("nearest_id", d.isNullAt(4) ? null : d.getString(4));
          Task t = byOrd.get(ord);
          if (!d.isNullAt(1)) {
            log.add(w.drop(d.getString(1), d.getString(2)), GENERATE, DEDUP);
            continue;
          }
          keptThisRound++;
          pool.add(t);
          if (driver != null) {
            driver.pooled(t.ord(), t.id(), t.round()); // already in the driver's index
          } else {
            references.add(RowFactory.create(t.id(), "round " + t.round(), MEMORY_REF_ORD + references.size(),
                ReferenceSets.text(cfg.dedup().field(), t.instruction(), t.input(), t.output())));
          }
          if (si.isAlpaca()) {
            continue; // logged as an example by the caller
          }
          log.add(w, GENERATE, DEDUP); // replaced by its classification row next
        }
      }
      log.time(DEDUP, clock);
      LOG.info(String.format(Locale.ROOT, "self-instruct round %d: %d prompts, %d candidates, %d kept, pool %d of %d",
          round, requests.size(), candidates.size(), keptThisRound, pool.size(), si.targetInstructions()));
      rounds.add(new RoundStats(round, requests.size(), generated, candidates.size(), keptThisRound, pool.size()));
    }
    if (pool.size() < si.targetInstructions()) {
      LOG.warn(String.format(Locale.ROOT,
          "self-instruct stopped after self-instruct.max-rounds=%d with %d of %d instructions; raise max-rounds or "
              + "prompts-per-round, or lower target-instructions", si.maxRounds(), pool.size(), si.targetInstructions()));
    }
    return pool;
  }

  /** The classification check, instance generation and the instance filters (Self-Instruct style). */
  private void instances(RunContext ctx, SelfInstructConfig si, List<Task> tasks, LlmCalls calls, Replay.Log log, StageRunner steps) {
    JobConfig cfg = ctx.config();
    PromptTemplates templates = PromptTemplates.classpath();
    InstanceGenDefaults inst = si.instances();
    long clock = System.nanoTime();
    PreCall pre = new PreCall(cfg.filters(), false);
    tasks = tasks.stream().filter(t -> !pre.drops(taskRow(ctx, t, calls.model()), t.instruction(), "", log, PreCall.STAGE)).toList();
    Template check = templates.template(PromptTemplates.SELF_INSTRUCT_CLF_CHECK);
    List<LlmRequest> checks = new ArrayList<>();
    for (Task t : tasks) {
      checks.add(calls.request(null, SelfInstructInstances.classificationCheckPrompt(check, t.instruction()),
          InstanceGenDefaults.classificationCheckSampling(), 0));
    }
    steps.describe(CLASSIFY);
    Map<String, LlmCalls.Answer> checkAnswers = calls.call("classify", checks);

    Template outputFirst = templates.template(PromptTemplates.SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST);
    Template inputFirst = templates.template(PromptTemplates.SELF_INSTRUCT_INSTANCES_INPUT_FIRST);
    List<Task> classified = new ArrayList<>();
    List<Boolean> isClassification = new ArrayList<>();
    List<LlmRequest> instanceRequests = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      WorkRow base = taskRow(ctx, t, calls.model());
      LlmCalls.Answer a = checkAnswers.get(checks.get(i).requestKey());
      if (a == null || !a.ok()) {
        log.add(base.set("request_key", checks.get(i).requestKey())
            .drop(LlmCalls.reason(a), a == null ? "no ledger row for the request" : a.failure()), PreCall.STAGE, CLASSIFY);
        continue;
      }
      Parsed<Boolean> parsed = SelfInstructInstances.parseClassificationCheck(a.response());
      if (parsed.isEmpty()) {
        Reject r = parsed.rejects().get(0);
        log.add(base.set("request_key", checks.get(i).requestKey()).drop(r.reason(), "classification check: " + r.detail())
            .set(Columns.RAW, raw(ctx, r.raw())), PreCall.STAGE, CLASSIFY);
        continue;
      }
      boolean clf = parsed.items().get(0);
      log.add(base.set("task_type", clf ? "classification" : "generation"), PreCall.STAGE, CLASSIFY);
      classified.add(t);
      isClassification.add(clf);
      instanceRequests.add(calls.request(null,
          SelfInstructInstances.instancePrompt(clf ? outputFirst : inputFirst, t.instruction()), inst.instanceSampling(clf), 0));
    }
    clock = log.time(CLASSIFY, clock);
    steps.describe(INSTANCES);
    Map<String, LlmCalls.Answer> instanceAnswers = calls.call("instances", instanceRequests);

    for (int i = 0; i < classified.size(); i++) {
      Task t = classified.get(i);
      boolean clf = isClassification.get(i);
      String key = instanceRequests.get(i).requestKey();
      WorkRow base = taskRow(ctx, t, calls.model()).set("task_type", clf ? "classification" : "generation").set("request_key", key);
      LlmCalls.Answer a = instanceAnswers.get(key);
      if (a == null || !a.ok()) {
        log.add(base.drop(LlmCalls.reason(a), a == null ? "no ledger row for the request" : a.failure()), INSTANCES, INSTANCES);
        continue;
      }
      Parsed<Instance> parsed = clf
          ? SelfInstructInstances.parseClassificationInstances(a.response(), a.finishReason())
          : SelfInstructInstances.parseGenerationInstances(a.response(), a.finishReason());
      int n = 0;
      for (Reject r : parsed.rejects()) {
        log.add(base.copy().set(Columns.ORD, t.ord() * 64 + n++).drop(r.reason(), r.detail()).set(Columns.RAW, raw(ctx, r.raw())),
            INSTANCES, INSTANCES);
      }
      clock = log.time(INSTANCES, clock);
      Filtered<Instance> filtered = RuleSets.selfInstructInstances(inst.maxInstancesPerTask(),
          Seeds.mix(cfg.run().seed(), "instances", t.id())).apply(parsed.items());
      for (Dropped<Instance> d : filtered.dropped()) {
        log.add(example(ctx, t, d.item().input(), d.item().output(), clf, key, t.ord() * 64 + n++).drop(d.reason(), d.detail()),
            INSTANCES, INSTANCE_FILTER);
      }
      for (Instance kept : filtered.kept()) {
        log.keep(example(ctx, t, kept.input(), kept.output(), clf, key, t.ord() * 64 + n++), INSTANCES);
      }
      clock = log.time(INSTANCE_FILTER, clock);
    }
  }

  private static WorkRow taskRow(RunContext ctx, Task t, String model) {
    return new WorkRow().set("recipe", ctx.config().recipe()).set("source", "synthesized").set("model", model)
        .set("request_key", t.requestKey()).set("round", t.round()).set("language", ctx.config().input().language())
        .set("instruction", t.instruction()).set("task_id", t.id()).set("task_name", t.id()).set(Columns.GROUP, t.id())
        .set(Columns.ORD, t.ord());
  }

  private static WorkRow example(RunContext ctx, Task t, String input, String output, Boolean clf, String requestKey, long ord) {
    WorkRow w = taskRow(ctx, t, ctx.config().llm().model())
        .set("input", input).set("output", output).set("id", ContentHash.id(t.instruction(), input, output))
        .set("request_key", requestKey).set(Columns.ORD, ord);
    return clf == null ? w : w.set("task_type", clf ? "classification" : "generation");
  }

  private static String raw(RunContext ctx, String raw) {
    int max = ctx.config().output().maxRawChars();
    return raw == null || raw.length() <= max ? raw : raw.substring(0, max);
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
