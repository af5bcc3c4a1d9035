package org.instructsynth.pipeline.recipe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.config.DistillConfig;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.core.prompt.DistillPrompts;
import org.instructsynth.core.prompt.JudgeScores;
import org.instructsynth.core.prompt.Parsed;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.prompt.SamplingParams;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.core.recipe.PreferencePairs;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.WorkRow;
import org.instructsynth.pipeline.llm.LlmCallStage;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.Requests;

/**
 * The LLM stages of {@code distill} ({@link DistillRecipe}), each an {@link LlmCallStage.Calls}: what
 * a row asks and how its answers become rows. All run on the executors and read columns by name.
 */
final class DistillCalls {
  /** The answer stage's candidates, handed to the judge stage. */
  static final String CANDIDATES = "_candidates";
  /** The judge stage's chosen/rejected pair ({@link Columns#COMPARISON}), null when the row gives none. */
  static final String PAIR = "_pair";

  private static final StructType CANDIDATE = new StructType()
      .add("source", DataTypes.StringType).add("model", DataTypes.StringType)
      .add("request_key", DataTypes.StringType).add("answer", DataTypes.StringType);

  private DistillCalls() {}

  /** {@code translate}: the translator model translates instruction and input into {@code distill.translate-to}. */
  record Translate(Requests requests, DistillConfig d, Template with, Template without, String language, int maxRawChars)
      implements LlmCallStage.Calls {
    @Override
    public String ledgerStage() {
      return DistillRecipe.TRANSLATE;
    }

    @Override
    public List<String> models() {
      return List.of(model(requests, d.translatorModel()));
    }

    @Override
    public List<LlmRequest> requests(Row row) {
      SamplingParams sampling = new SamplingParams(0.0, null, null, d.maxTokens(), null, null, List.of(), 1);
      return List.of(requests.request(d.translatorModel(), null,
          DistillPrompts.translationPrompt(with, without, d.translateTo(), row.getAs("instruction"), row.getAs("input")), sampling, 0));
    }

    @Override
    public List<Row> parse(Row row, List<LlmRequest> reqs, Map<String, LlmCalls.Answer> answers) {
      String key = reqs.get(0).requestKey();
      WorkRow w = WorkRow.from(row).set("request_key", key).set("language", language);
      LlmCalls.Answer a = answers.get(key);
      if (a == null || !a.ok()) {
        return List.of(w.drop(LlmCalls.reason(a), a == null ? "no ledger row for the request" : a.failure()).toRow());
      }
      String input = row.getAs("input");
      Parsed<DistillPrompts.Translation> t = DistillPrompts.parseTranslation(a.response(), input != null && !input.isBlank());
      if (t.isEmpty()) {
        return List.of(w.drop(t.rejects().get(0).reason(), "translation: " + t.rejects().get(0).detail())
            .set(Columns.RAW, cut(a.response(), maxRawChars)).toRow());
      }
      return List.of(w.set("instruction", t.items().get(0).instruction()).set("input", t.items().get(0).input()).toRow());
    }
  }

  /**
   * {@code answer}: one answer per instruction from the first teacher, or with a judge every
   * teacher's samples as candidates ({@link #CANDIDATES}), which the {@code judge} stage scores.
   */
  record Answer(Requests requests, DistillConfig d, Template with, Template without) implements LlmCallStage.Calls {
    @Override
    public String ledgerStage() {
      return DistillRecipe.ANSWER;
    }

    private List<DistillConfig.Teacher> teachers() {
      return d.judge() == null ? List.of(d.teachers().get(0)) : d.teachers();
    }

    @Override
    public List<String> models() {
      return teachers().stream().map(t -> model(requests, t.model())).distinct().toList();
    }

    @Override
    public StructType schema() {
      return d.judge() == null ? Columns.ANNOTATED : Columns.ANNOTATED.add(CANDIDATES, DataTypes.createArrayType(CANDIDATE));
    }

    @Override
    public List<LlmRequest> requests(Row row) {
      List<ChatMessage> messages = DistillPrompts.teacherMessages(with, without, d.systemPrompt(), row.getAs("instruction"), row.getAs("input"));
      String user = messages.get(messages.size() - 1).content();
      List<LlmRequest> mine = new ArrayList<>();
      for (DistillConfig.Teacher t : teachers()) {
        SamplingParams sampling = new SamplingParams(t.temperature(), t.topP(), null, d.maxTokens(), null, null, List.of(), 1);
        int samples = d.judge() == null ? 1 : t.samples(); // without a judge: one answer per instruction
        for (int s = 0; s < samples; s++) {
          mine.add(requests.request(t.model(), d.systemPrompt(), user, sampling, s));
        }
      }
      return mine;
    }

    @Override
    public List<Row> parse(Row row, List<LlmRequest> reqs, Map<String, LlmCalls.Answer> answers) {
      List<Row> ok = new ArrayList<>();
      String failure = null;
      String failureReason = null;
      for (LlmRequest req : reqs) {
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
          ok.add(new GenericRowWithSchema(new Object[] {req.model() + "#" + req.sampleIndex() + "@" + req.sampling().temperature(),
              req.model(), req.requestKey(), a.response().strip()}, CANDIDATE)); // read by name below and by the judge
        }
      }
      WorkRow w = WorkRow.from(row);
      if (ok.isEmpty() || (d.judge() == null && failureReason != null)) {
        w.set("request_key", reqs.get(0).requestKey()).drop(failureReason, failure);
        return List.of(d.judge() == null ? w.toRow() : withExtra(w, null));
      }
      if (d.judge() == null) {
        Row c = ok.get(0);
        return List.of(example(row, c.getAs("answer"), c.getAs("model"), c.getAs("request_key")).toRow());
      }
      return List.of(withExtra(w, ok));
    }
  }

  /**
   * {@code judge}: the candidates scored 1-10 ({@link JudgeScores}), all in one request ({@code
   * distill.judge.mode: together}, the paper) or one request each; the best becomes the example, and
   * {@link PreferencePairs} gives the {@link #PAIR} (ties none).
   */
  record Judge(Requests requests, DistillConfig.Judge judge, Template rubric, String runDate) implements LlmCallStage.Calls {
    @Override
    public String ledgerStage() {
      return DistillRecipe.JUDGE;
    }

    @Override
    public List<String> models() {
      return List.of(model(requests, judge.model()));
    }

    @Override
    public StructType schema() {
      return Columns.ANNOTATED.add(PAIR, Columns.COMPARISON);
    }

    @Override
    public List<LlmRequest> requests(Row row) {
      SamplingParams sampling = new SamplingParams(judge.temperature(), null, null, judge.maxTokens(), null, null, List.of(), 1);
      List<LlmRequest> mine = new ArrayList<>();
      if (judge.together()) {
        List<String> answers = distinctAnswers(candidates(row)).stream().map(c -> c.<String>getAs("answer")).toList();
        if (answers.size() < 2) {
          return List.of(); // one distinct answer: nothing to compare, no call
        }
        return List.of(requests.structured(requests.request(judge.model(), null,
            DistillPrompts.judgeAllPrompt(rubric, row.getAs("instruction"), row.getAs("input"), answers), sampling, 0),
            JudgeScores.RESPONSE_FORMAT_ALL));
      }
      for (Row c : candidates(row)) {
        mine.add(requests.structured(requests.request(judge.model(), null,
            DistillPrompts.judgePrompt(rubric, row.getAs("instruction"), row.getAs("input"), c.getAs("answer")), sampling, 0),
            JudgeScores.RESPONSE_FORMAT));
      }
      return mine;
    }

    @Override
    public List<Row> parse(Row row, List<LlmRequest> reqs, Map<String, LlmCalls.Answer> answers) {
      List<Row> candidates = judge.together() ? distinctAnswers(candidates(row)) : candidates(row);
      if (reqs.isEmpty()) { // every candidate gave the same answer: it is the example, without a pair
        Row only = candidates.get(0);
        return List.of(withExtra(example(row, only.getAs("answer"), only.getAs("model"), only.getAs("request_key")), null));
      }
      List<PreferencePairs.ScoredAnswer> scored = new ArrayList<>();
      Map<String, Row> bySource = new HashMap<>();
      String problem = null;
      List<Double> together = null;
      if (judge.together()) { // one response rates every candidate: read it once
        LlmCalls.Answer a = answers.get(reqs.get(0).requestKey());
        if (a == null || !a.ok()) {
          problem = "judge call failed: " + (a == null ? "no ledger row" : a.failure());
        } else {
          Parsed<List<Double>> all = JudgeScores.parseAll(a.response(), candidates.size());
          if (all.isEmpty()) {
            problem = "scores: " + all.rejects().get(0).detail() + " in '" + abbreviate(a.response()) + "'";
          } else {
            together = all.items().get(0);
          }
        }
      }
      for (int c = 0; c < candidates.size() && (!judge.together() || together != null); c++) {
        Row cand = candidates.get(c);
        Double value;
        if (together != null) {
          value = together.get(c);
          if (value == null) {
            problem = "no readable score for answer " + (c + 1);
            continue;
          }
        } else {
          LlmCalls.Answer a = answers.get(reqs.get(c).requestKey());
          if (a == null || !a.ok()) {
            problem = "judge call failed: " + (a == null ? "no ledger row" : a.failure());
            continue;
          }
          Parsed<Double> score = JudgeScores.parse(a.response());
          if (score.isEmpty()) {
            problem = "score: " + score.rejects().get(0).detail() + " in '" + abbreviate(a.response()) + "'";
            continue;
          }
          value = score.items().get(0);
        }
        String source = cand.getAs("source") + "/" + c;
        bySource.put(source, cand);
        scored.add(new PreferencePairs.ScoredAnswer(source, cand.getAs("answer"), value));
      }
      if (scored.isEmpty()) {
        return List.of(withExtra(WorkRow.from(row).drop(ReasonCodes.UNPARSEABLE_RESPONSE,
            "no candidate could be scored; last problem: " + problem), null));
      }
      PreferencePairs.ScoredAnswer best = scored.get(0);
      for (PreferencePairs.ScoredAnswer s : scored) {
        if (s.score() > best.score()) {
          best = s;
        }
      }
      Row chosen = bySource.get(best.source());
      WorkRow example = example(row, chosen.getAs("answer"), chosen.getAs("model"), chosen.getAs("request_key"));
      Optional<PreferencePairs.Pair> pair = PreferencePairs.choose(scored);
      if (pair.isEmpty()) {
        return List.of(withExtra(example, null)); // a tie (score_tie): no comparison row
      }
      String instruction = row.getAs("instruction");
      String input = row.getAs("input");
      PreferencePairs.Pair p = pair.get();
      String judgeModel = reqs.get(0).model();
      return List.of(withExtra(example, RowFactory.create(
          ContentHash.id(instruction, input, p.chosen().answer(), p.rejected().answer()), instruction, input, p.chosen().answer(),
          p.rejected().answer(), p.chosen().score(), p.rejected().score(), judgeModel, runDate)));
    }

    private static List<Row> candidates(Row row) {
      return row.getList(row.fieldIndex(CANDIDATES));
    }

    /**
     * The candidates with distinct answers, first of each kept: shown together, the same text twice
     * could get two scores and make a pair whose chosen and rejected sides are equal.
     */
    private static List<Row> distinctAnswers(List<Row> candidates) {
      Map<String, Row> first = new java.util.LinkedHashMap<>();
      for (Row c : candidates) {
        first.putIfAbsent(c.<String>getAs("answer"), c);
      }
      return List.copyOf(first.values());
    }
  }

  /** The example row: the answer as output, with the model and request that wrote it. */
  private static WorkRow example(Row row, String answer, String model, String requestKey) {
    String instruction = row.getAs("instruction");
    String input = row.getAs("input");
    return WorkRow.from(row).set("output", answer).set("model", model).set("request_key", requestKey)
        .set("id", ContentHash.id(instruction, input, answer)).set(Columns.GROUP, ContentHash.id(instruction, input));
  }

  /** {@code w}'s row with one more column's value (a list becomes Spark's array). */
  private static Row withExtra(WorkRow w, Object extra) {
    return w.toRowWith(extra);
  }

  private static String model(Requests requests, String model) {
    return model == null || model.isEmpty() ? requests.model() : model;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  static String cut(String raw, int max) {
    return raw == null || raw.length() <= max ? raw : raw.substring(0, max);
  }
}
