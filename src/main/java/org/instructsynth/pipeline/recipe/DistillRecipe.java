package org.instructsynth.pipeline.recipe;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.config.DedupConfig;
import org.instructsynth.config.DistillConfig;
import org.instructsynth.config.JobConfig;
import org.instructsynth.core.filter.FilterSettings;
import org.instructsynth.core.filter.InstructionLengthFilter;
import org.instructsynth.core.filter.LeadingCharacterFilter;
import org.instructsynth.core.prompt.JudgeScores;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.recipe.PreferencePairs;
import org.instructsynth.core.text.Tokenizer;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.StageStats;
import org.instructsynth.pipeline.dedup.Dedup;
import org.instructsynth.pipeline.llm.LlmCallStage;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.LlmUsage;
import org.instructsynth.pipeline.stage.FilterStage;
import org.instructsynth.pipeline.stage.LoadInstructions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code distill}: a teacher answers an instruction set (GPT-4-LLM, Peng et al. 2023). Stages:
 * {@code load} ({@code input.path}, Alpaca format; the set's own outputs are replaced), optional
 * {@code translate} ({@code distill.translate-to}: the translator model translates instruction and
 * input, {@code prompts/distill-translate*.txt}; the teacher then answers the translation, and dedup
 * uses the {@code unicode} tokenizer), {@code pre-filter} (the {@code filters.*} rules that do not
 * look at the answer, {@link PreCall}: a row they drop costs no teacher or judge call), {@code answer}
 * (Alpaca's prompt, {@code prompts/distill-teacher-*.txt}, with {@code distill.system-prompt}; k
 * candidates with a judge), optional {@code judge} (each candidate scored 1-10 with {@code
 * prompts/distill-judge.txt}, parsed by {@link JudgeScores}; the best answer becomes the example and
 * {@link PreferencePairs} gives the {@code comparisons} row, ties skipped), then the {@code filters.*}
 * chain and {@code dedup.*}.
 *
 * <p>Every step is a stage over the frame, the LLM calls too ({@link LlmCallStage}, {@link
 * DistillCalls}): nothing is collected on the driver, so the instruction set may be as large as the
 * cluster holds. Drops: {@code llm_error} (call failed, with status and message), {@code truncated}
 * (answer cut at max_tokens), {@code unparseable_response} (translation or every score unreadable).
 */
public final class DistillRecipe implements Recipe {
  private static final Logger LOG = LoggerFactory.getLogger(DistillRecipe.class);
  static final String TRANSLATE = "translate";
  static final String ANSWER = "answer";
  static final String JUDGE = "judge";

  @Override
  public Output run(StageRunner runner, RunContext ctx) {
    JobConfig cfg = ctx.config();
    DistillConfig d = cfg.distill();
    boolean translating = !d.translateTo().isEmpty();
    LoadInstructions.Naming naming = new LoadInstructions.Naming(cfg.input().taskName(), cfg.input().taskName(),
        cfg.input().cluster(), cfg.input().language(), cfg.recipe(), "distilled");
    Dataset<Row> rows =
        runner.run(new LoadInstructions(cfg.input().paths(), cfg.input().format(), cfg.input().fields(), naming, 0), null);
    LlmUsage usage = new LlmUsage();
    LlmCalls calls = new LlmCalls(ctx, usage);
    PromptTemplates templates = cfg.prompts();
    if (translating) {
      rows = runner.run(new LlmCallStage(TRANSLATE, new DistillCalls.Translate(calls.requests(), d,
          templates.template(PromptTemplates.DISTILL_TRANSLATE), templates.template(PromptTemplates.DISTILL_TRANSLATE_NO_INPUT),
          d.translateTo(), cfg.output().maxRawChars()), calls), rows);
    }
    FilterSettings filters = translating ? withoutEnglishRules(cfg.filters()) : cfg.filters();
    rows = runner.run(new PreCall(filters, true), rows);
    rows = runner.run(new LlmCallStage(ANSWER, new DistillCalls.Answer(calls.requests(), d,
        templates.template(PromptTemplates.DISTILL_TEACHER_INPUT), templates.template(PromptTemplates.DISTILL_TEACHER_NO_INPUT)),
        calls), rows);
    Dataset<Row> comparisons = null;
    if (d.judge() != null) {
      LlmCallStage judge = new LlmCallStage(JUDGE, new DistillCalls.Judge(calls.requests(), d.judge(),
          templates.template(d.judge().together() ? PromptTemplates.DISTILL_JUDGE_ALL : PromptTemplates.DISTILL_JUDGE),
          ctx.runDate()), calls);
      rows = runner.run(judge, rows);
      comparisons = comparisons(runner, judge);
    }
    rows = runner.run(new FilterStage(filters), rows);
    DedupConfig dedup = cfg.dedup();
    if (translating && !Tokenizer.UNICODE.equals(dedup.rouge().tokenizer())) {
      // rouge-score's tokenizer turns Chinese into zero tokens; the translated rows need unicode.
      dedup = dedup.withTokenizer(Tokenizer.UNICODE);
    }
    return new Output(Dedup.apply(runner, rows, dedup), usage, comparisons, List.of());
  }

  /**
   * The judge stage's pairs (its output is persisted by the runner, so this reads no answer twice);
   * repeated instructions in the input give the same pair: one is kept.
   */
  private static Dataset<Row> comparisons(StageRunner runner, LlmCallStage judge) {
    Dataset<Row> pairs = judge.output().where(col(Columns.REASON).isNull()).select(col(DistillCalls.PAIR));
    StageStats stats = runner.stats().get(runner.stats().size() - 1);
    long paired = pairs.where(col(DistillCalls.PAIR).isNotNull()).count();
    LOG.info(String.format(Locale.ROOT, "distill judge: %d instructions judged, %d comparison pairs, %d without a pair (%s: equal scores, or one distinct answer)",
        stats.rowsIn(), paired, stats.rowsOut() - paired, ReasonCodes.SCORE_TIE));
    return pairs.where(col(DistillCalls.PAIR).isNotNull()).select(DistillCalls.PAIR + ".*").dropDuplicates(new String[] {"id"});
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

}
