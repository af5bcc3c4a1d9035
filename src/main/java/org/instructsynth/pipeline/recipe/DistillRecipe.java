package org.instructsynth.pipeline.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.instructsynth.config.DedupConfig;
import org.instructsynth.config.DistillConfig;
import org.instructsynth.config.JobConfig;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.filter.FilterSettings;
import org.instructsynth.core.filter.InstructionLengthFilter;
import org.instructsynth.core.filter.LeadingCharacterFilter;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.core.prompt.DistillPrompts;
import org.instructsynth.core.prompt.JudgeScores;
import org.instructsynth.core.prompt.Parsed;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.prompt.SamplingParams;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.core.recipe.PreferencePairs;
import org.instructsynth.core.text.Tokenizer;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.DriverRows;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.WorkRow;
import org.instructsynth.pipeline.dedup.Dedup;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.LlmUsage;
import org.instructsynth.pipeline.stage.FilterStage;
import org.instructsynth.pipeline.stage.LoadInstructions;
import org.instructsynth.pipeline.stage.Replay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code distill}: a teacher answers an instruction set (GPT-4-LLM, Peng et al. 2023). Stages:
 * {@code load} ({@code input.path}, Alpaca format; the set's own outputs are replaced), optional
 * {@code translate} ({@code distill.translate-to}: the translator model translates instruction and
 * input, {@code prompts/distill-translate*.txt}; the teacher then answers the translation, and dedup
 * uses the {@code unicode} tokenizer), {@code answer} (Alpaca's prompt, {@code
 * prompts/distill-teacher-*.txt}, with {@code distill.system-prompt}; k candidates with a judge),
 * optional {@code judge} (each candidate scored 1-10 with {@code prompts/distill-judge.txt},
 * parsed by {@link JudgeScores}; the best answer becomes the example and {@link PreferencePairs}
 * gives the {@code comparisons} row, ties skipped), then the {@code filters.*} chain and
 * {@code dedup.*}. The chain's rules that do not look at the answer run first, as stage
 * {@code pre-filter} ({@link PreCall}): a row they drop costs no teacher or judge call.
 *
 * <p>Drops: {@code llm_error} (call failed, with status and message), {@code truncated} (answer cut at
 * max_tokens), {@code unparseable_response} (translation or every score unreadable). The loop runs on
 * the driver over the collected instruction set (fine for sets of some 100,000 rows; the calls
 * themselves run on the executors) and is replayed as stages ({@link Replay}).
 */
public final class DistillRecipe implements Recipe {
  private static final Logger LOG = LoggerFactory.getLogger(DistillRecipe.class);
  static final String TRANSLATE = "translate";
  static final String ANSWER = "answer";
  static final String JUDGE = "judge";

  private final LlmUsage usage = new LlmUsage();
  private Dataset<Row> comparisons;

  @Override
  public LlmUsage llmUsage() {
    return usage;
  }

  @Override
  public Dataset<Row> comparisons() {
    return comparisons;
  }

  /** One instruction on its way: the loaded row and the text the teacher sees. */
  private record Item(WorkRow row, String instruction, String input) {}

  /** One candidate answer. */
  private record Candidate(String source, String model, String requestKey, String answer) {}

  @Override
  public Dataset<Row> run(StageRunner runner, RunContext ctx) {
    JobConfig cfg = ctx.config();
    DistillConfig d = cfg.distill();
    boolean translating = !d.translateTo().isEmpty();
    String language = translating ? d.translateTo() : cfg.input().language();
    LoadInstructions.Naming naming = new LoadInstructions.Naming(cfg.input().taskName(), cfg.input().taskName(),
        cfg.input().cluster(), cfg.input().language(), cfg.recipe(), "distilled");
    Dataset<Row> loaded =
        runner.run(new LoadInstructions(cfg.input().paths(), cfg.input().format(), cfg.input().fields(), naming, 0), null);
    List<Row> rows = loaded.orderBy(Columns.ORD).collectAsList();

    List<String> stages = new ArrayList<>();
    if (translating) {
      stages.add(TRANSLATE);
    }
    stages.add(PreCall.STAGE);
    stages.add(ANSWER);
    if (d.judge() != null) {
      stages.add(JUDGE);
    }
    Replay.Log log = new Replay.Log(stages);
    LlmCalls calls = new LlmCalls(ctx, usage);
    PromptTemplates templates = PromptTemplates.classpath();

    // Translation.
    List<Item> items = new ArrayList<>();
    if (translating) {
      Template with = templates.template(PromptTemplates.DISTILL_TRANSLATE);
      Template without = templates.template(PromptTemplates.DISTILL_TRANSLATE_NO_INPUT);
      SamplingParams sampling = new SamplingParams(0.0, null, null, d.maxTokens(), null, null, List.of(), 1);
      List<LlmRequest> requests = new ArrayList<>();
      for (Row r : rows) {
        requests.add(calls.request(d.translatorModel(), null,
            DistillPrompts.translationPrompt(with, without, d.translateTo(), r.getAs("instruction"), r.getAs("input")), sampling, 0));
      }
      Map<String, LlmCalls.Answer> answers = calls.call(TRANSLATE, requests);
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        String key = requests.get(i).requestKey();
        WorkRow w = WorkRow.from(r).set("request_key", key).set("language", language);
        LlmCalls.Answer a = answers.get(key);
        if (a == null || !a.ok()) {
          log.add(w.drop(LlmCalls.reason(a), a == null ? "no ledger row for the request" : a.failure()), TRANSLATE, TRANSLATE);
          continue;
        }
        String input = r.getAs("input");
        Parsed<DistillPrompts.Translation> t = DistillPrompts.parseTranslation(a.response(), input != null && !input.isBlank());
        if (t.isEmpty()) {
          log.add(w.drop(t.rejects().get(0).reason(), "translation: " + t.rejects().get(0).detail())
              .set(Columns.RAW, raw(ctx, a.response())), TRANSLATE, TRANSLATE);
          continue;
        }
        DistillPrompts.Translation tr = t.items().get(0);
        w.set("instruction", tr.instruction()).set("input", tr.input());
        log.add(w.copy(), TRANSLATE, TRANSLATE); // replaced by its answer row next
        items.add(new Item(w, tr.instruction(), tr.input()));
      }
    } else {
      for (Row r : rows) {
        items.add(new Item(WorkRow.from(r).set("language", language), r.getAs("instruction"), r.getAs("input")));
      }
    }

    // Rows the filters drop whatever the answer cost no teacher or judge call.
    FilterSettings filters = translating ? withoutEnglishRules(cfg.filters()) : cfg.filters();
    PreCall pre = new PreCall(filters, true);
    items = items.stream().filter(it -> !pre.drops(it.row().copy(), it.instruction(), it.input(), log, PreCall.STAGE)).toList();

    // Answers: one per instruction, or every teacher's samples as candidates for the judge.
    Template with = templates.template(PromptTemplates.DISTILL_TEACHER_INPUT);
    Template without = templates.template(PromptTemplates.DISTILL_TEACHER_NO_INPUT);
    List<DistillConfig.Teacher> teachers = d.judge() == null ? List.of(d.teachers().get(0)) : d.teachers();
    List<List<LlmRequest>> perItem = new ArrayList<>();
    List<LlmRequest> all = new ArrayList<>();
    for (Item item : items) {
      List<ChatMessage> messages = DistillPrompts.teacherMessages(with, without, d.systemPrompt(), item.instruction(), item.input());
      String user = messages.get(messages.size() - 1).content();
      List<LlmRequest> mine = new ArrayList<>();
      for (DistillConfig.Teacher t : teachers) {
        SamplingParams sampling = new SamplingParams(t.temperature(), t.topP(), null, d.maxTokens(), null, null, List.of(), 1);
        int samples = d.judge() == null ? 1 : t.samples(); // without a judge: one answer per instruction
        for (int s = 0; s < samples; s++) {
          mine.add(calls.request(t.model(), d.systemPrompt(), user, sampling, s));
        }
      }
      perItem.add(mine);
      all.addAll(mine);
    }
    Map<String, LlmCalls.Answer> answers = calls.call(ANSWER, all);
    String firstStage = PreCall.STAGE; // a translated row was logged up to translate and is replaced here
    List<Item> answered = new ArrayList<>();
    List<List<Candidate>> candidates = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      List<Candidate> ok = new ArrayList<>();
      String failure = null;
      String failureReason = null;
      for (LlmRequest req : perItem.get(i)) {
        LlmCalls.Answer a = answers.get(req.requestKey());
        if (a == null || !a.ok()) {
          failureReason = LlmCalls.reason(a);
          failure = a == null ? "no ledger row for the request" : a.failure();
        } else if ("length".equals(a.finishReason())) {
          failureReason = failureReason == null ? ReasonCodes.TRUNCATED : failureReason;
          failure = failure == null ? "finish_reason=length: answer cut at max_tokens " + d.maxTokens() : failure;
        } else if (a.response().isBlank()) {
          failureReason = failureReason == null ? ReasonCodes.EMPTY_OUTPUT : failureReason;
          failure = failure == null ? "empty answer" : failure;
        } else {
          ok.add(new Candidate(req.model() + "#" + req.sampleIndex() + "@" + req.sampling().temperature(), req.model(), req.requestKey(),
              a.response().strip()));
        }
      }
      WorkRow w = item.row().copy();
      if (ok.isEmpty() || (d.judge() == null && failureReason != null)) {
        log.add(w.set("request_key", perItem.get(i).get(0).requestKey()).drop(failureReason, failure), firstStage, ANSWER);
        continue;
      }
      if (d.judge() == null) {
        Candidate c = ok.get(0);
        log.keep(example(item, c), firstStage);
      } else {
        log.add(w.copy(), firstStage, ANSWER); // replaced by its judged row next
        answered.add(item);
        candidates.add(ok);
      }
    }

    if (d.judge() != null) {
      judge(ctx, d, calls, templates, answered, candidates, log);
    }

    Dataset<Row> out = null;
    for (org.instructsynth.pipeline.Stage stage : log.build(runner)) {
      out = runner.run(stage, out);
    }
    out = runner.run(new FilterStage(filters), out);
    DedupConfig dedup = cfg.dedup();
    if (translating && !Tokenizer.UNICODE.equals(dedup.rouge().tokenizer())) {
      // rouge-score's tokenizer turns Chinese into zero tokens; the translated rows need unicode.
      dedup = dedup.withTokenizer(Tokenizer.UNICODE);
    }
    return Dedup.apply(runner, out, dedup);
  }

  private void judge(RunContext ctx, DistillConfig d, LlmCalls calls, PromptTemplates templates, List<Item> items,
      List<List<Candidate>> candidates, Replay.Log log) {
    Template rubric = templates.template(PromptTemplates.DISTILL_JUDGE);
    DistillConfig.Judge judge = d.judge();
    SamplingParams sampling = new SamplingParams(judge.temperature(), null, null, judge.maxTokens(), null, null, List.of(), 1);
    List<LlmRequest> requests = new ArrayList<>();
    List<List<LlmRequest>> perItem = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<LlmRequest> mine = new ArrayList<>();
      for (Candidate c : candidates.get(i)) {
        mine.add(calls.structured(calls.request(judge.model(), null,
            DistillPrompts.judgePrompt(rubric, items.get(i).instruction(), items.get(i).input(), c.answer()), sampling, 0),
            JudgeScores.RESPONSE_FORMAT));
      }
      perItem.add(mine);
      requests.addAll(mine);
    }
    Map<String, LlmCalls.Answer> answers = calls.call(JUDGE, requests);
    String judgeModel = requests.isEmpty() ? calls.model() : requests.get(0).model();
    List<Row> pairs = new ArrayList<>();
    int ties = 0;
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      List<PreferencePairs.ScoredAnswer> scored = new ArrayList<>();
      Map<String, Candidate> bySource = new java.util.HashMap<>();
      String problem = null;
      for (int c = 0; c < candidates.get(i).size(); c++) {
        Candidate cand = candidates.get(i).get(c);
        LlmCalls.Answer a = answers.get(perItem.get(i).get(c).requestKey());
        if (a == null || !a.ok()) {
          problem = "judge call failed: " + (a == null ? "no ledger row" : a.failure());
          continue;
        }
        Parsed<Double> score = JudgeScores.parse(a.response());
        if (score.isEmpty()) {
          problem = "score: " + score.rejects().get(0).detail() + " in '" + abbreviate(a.response()) + "'";
          continue;
        }
        String source = cand.source() + "/" + c;
        bySource.put(source, cand);
        scored.add(new PreferencePairs.ScoredAnswer(source, cand.answer(), score.items().get(0)));
      }
      if (scored.isEmpty()) {
        log.add(item.row().copy().drop(ReasonCodes.UNPARSEABLE_RESPONSE, "no candidate could be scored; last problem: " + problem),
            JUDGE, JUDGE);
        continue;
      }
      PreferencePairs.ScoredAnswer best = scored.get(0);
      for (PreferencePairs.ScoredAnswer s : scored) {
        if (s.score() > best.score()) {
          best = s;
        }
      }
      log.keep(example(item, bySource.get(best.source())), JUDGE);
      Optional<PreferencePairs.Pair> pair = PreferencePairs.choose(scored);
      if (pair.isEmpty()) {
        ties++;
        continue;
      }
      PreferencePairs.Pair p = pair.get();
      pairs.add(RowFactory.create(ContentHash.id(item.instruction(), item.input(), p.chosen().answer(), p.rejected().answer()),
          item.instruction(), item.input(), p.chosen().answer(), p.rejected().answer(), p.chosen().score(), p.rejected().score(),
          judgeModel, ctx.runDate()));
    }
    LOG.info(String.format(Locale.ROOT, "distill judge: %d instructions judged, %d comparison pairs, %d skipped (%s: equal scores)",
        items.size(), pairs.size(), ties, ReasonCodes.SCORE_TIE));
    // Repeated instructions in the input give the same pair: keep one.
    comparisons = DriverRows.frame(ctx.spark(), pairs, Columns.COMPARISON).dropDuplicates(new String[] {"id"});
  }

  /**
   * Self-Instruct's word-count and ASCII-start rules assume English: a Chinese instruction is one
   * whitespace "word" and starts with a non-ASCII character. For translated rows they are switched
   * off (the rest of the chain applies).
   */
  static FilterSettings withoutEnglishRules(FilterSettings f) {
    List<String> disabled = new ArrayList<>(f.disabledRules());
    for (String rule : List.of(InstructionLengthFilter.NAME, LeadingCharacterFilter.NAME)) {
      if (!disabled.contains(rule)) {
        disabled.add(rule);
      }
    }
    return new FilterSettings(f.enabled(), f.minWords(), f.maxWords(), f.blocklist(), f.extraBlocklist(), f.chatterPhrases(),
        f.chatterCheckInstruction(), f.requiredFields(), disabled);
  }

  private static WorkRow example(Item item, Candidate c) {
    return item.row().copy().set("output", c.answer()).set("model", c.model()).set("request_key", c.requestKey())
        .set("instruction", item.instruction()).set("input", item.input())
        .set("id", ContentHash.id(item.instruction(), item.input(), c.answer()))
        .set(Columns.GROUP, ContentHash.id(item.instruction(), item.input()));
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static String raw(RunContext ctx, String raw) {
    int max = ctx.config().output().maxRawChars();
    return raw == null || raw.length() <= max ? raw : raw.substring(0, max);
  }
}
