package org.instructsynth.pipeline.llm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.prompt.SamplingParams;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.pipeline.DriverRows;
import org.instructsynth.pipeline.RunContext;

/**
 * Driver-side helper of the generation recipes: turns prompts into {@link LlmRequest}s with a stage's
 * paper sampling, runs them through {@link LlmStage} (ledger first, so a rerun pays nothing), adds the
 * totals to {@link LlmUsage} (whose {@link RunBudget} every call of the run shares), and returns each request's ledger row as an {@link Answer}. Recipes
 * whose per-round prompts depend on earlier answers (Self-Instruct's pool) call it once per round;
 * the requests of one call are made in parallel on the executors.
 */
public final class LlmCalls {
  private static final StructType INPUT = new StructType()
      .add("request_key", DataTypes.StringType, false)
      .add("stage", DataTypes.StringType, false)
      .add("request", DataTypes.StringType, false);

  /**
   * One request's outcome from the ledger.
   *
   * @param status a ledger status ({@link LlmResult}): {@code ok}, {@code failed}, {@code
   *     failed_permanent}, {@code context_length} or {@code skipped_budget}
   */
  public record Answer(String requestKey, String response, String finishReason, String status, Integer httpStatus, String error)
      implements Serializable {
    public boolean ok() {
      return LlmResult.OK.equals(status) && response != null;
    }

    /** The reject reason of a row whose answer is not ok: {@link #CONTEXT_LENGTH} or {@link #LLM_ERROR}. */
    public String reason() {
      return reason(status);
    }

    /** The reject reason of a ledger status that is not ok. */
    public static String reason(String status) {
      return LlmResult.CONTEXT_LENGTH.equals(status) ? CONTEXT_LENGTH : LLM_ERROR;
    }

    /** The reject detail: status, HTTP status and the server's message. */
    public String failure() {
      return String.format(Locale.ROOT, "status=%s http_status=%s error=%s", status, httpStatus == null ? "none" : httpStatus,
          error == null ? "" : error);
    }
  }

  /** Status of an answer whose request is still running in a batch (never written to the ledger). */
  public static final String PENDING_BATCH = "pending_batch";

  /** The answer of a request still running in a batch: it has no ledger row yet, and its reject says so. */
  public static Answer pending(String requestKey) {
    return new Answer(requestKey, null, null, PENDING_BATCH, null, "pending in an LLM batch (llm.mode: batch); rerun the date to collect it");
  }

  /** Reason code of a row whose LLM call failed or was skipped by the budget. */
  public static final String LLM_ERROR = org.instructsynth.core.filter.ReasonCodes.LLM_ERROR;

  /**
   * Reason code of a row whose request does not fit the model's context (the server said so, or
   * {@code llm.context-tokens} ruled it out before calling): the prompt is too long, not the endpoint at fault.
   */
  public static final String CONTEXT_LENGTH = org.instructsynth.core.filter.ReasonCodes.CONTEXT_LENGTH;

  /** The reject reason of a row whose answer is missing ({@link #LLM_ERROR}) or not ok ({@link Answer#reason()}). */
  public static String reason(Answer answer) {
    return answer == null ? LLM_ERROR : answer.reason();
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LlmCalls.class);

  private final RunContext ctx;
  private final LlmSettings settings;
  private final LlmUsage usage;
  private final Requests requests;

  public LlmCalls(RunContext ctx, LlmUsage usage) {
    this.ctx = ctx;
    this.settings = ctx.config().llm();
    this.usage = usage;
    this.requests = new Requests(settings);
  }

  public String model() {
    return settings.model();
  }

  /** As {@link Requests#request} with {@code llm.model}. */
  public LlmRequest request(String system, String prompt, SamplingParams params, int sampleIndex) {
    return requests.request(null, system, prompt, params, sampleIndex);
  }

  /** As {@link Requests#request}; empty {@code model} means {@code llm.model}. */
  public LlmRequest request(String model, String system, String prompt, SamplingParams params, int sampleIndex) {
    return requests.request(model, system, prompt, params, sampleIndex);
  }

  /** As {@link Requests#structured}. */
  public LlmRequest structured(LlmRequest request, String responseFormat) {
    return requests.structured(request, responseFormat);
  }

  /** The serializable request factory behind {@link #request}, for stages that build requests on the executors. */
  public Requests requests() {
    return requests;
  }

  /** Calls what the ledger lacks and returns every request's answer by request key. */
  public Map<String, Answer> call(String stage, List<LlmRequest> requests) {
    Map<String, Answer> out = new HashMap<>();
    if (requests.isEmpty()) {
      return out;
    }
    for (Row r : callFrame(stage, requests).select("request_key", "response", "finish_reason", "status", "http_status", "error")
        .collectAsList()) {
      out.put(r.getAs("request_key"), new Answer(r.getAs("request_key"), r.getAs("response"), r.getAs("finish_reason"),
          r.getAs("status"), r.getAs("http_status"), r.getAs("error")));
    }
    if (settings.calls().batch()) {
      // requests still running in a batch have no ledger row yet: say so in their rejects
      for (LlmRequest r : requests) {
        out.putIfAbsent(r.requestKey(), pending(r.requestKey()));
      }
    }
    return out;
  }

  /**
   * As {@link #call} but returns the ledger rows (ledger schema, one per request key) as a Dataset,
   * for stages that continue in Spark (SELF-GUIDE's distributed vote).
   */
  public Dataset<Row> callFrame(String stage, List<LlmRequest> requests) {
    List<Row> rows = new ArrayList<>();
    for (LlmRequest r : requests) {
      rows.add(RowFactory.create(r.requestKey(), stage, r.canonicalJson()));
    }
    return callFrame(stage, DriverRows.frame(ctx.spark(), rows, INPUT), requests.stream().map(LlmRequest::model).distinct().toList());
  }

  /**
   * Calls what the ledger lacks of {@code requests} (columns {@code request_key}, {@code stage},
   * {@code request}, built on the executors) and returns their ledger rows (ledger schema, one per
   * key), for LLM stages that never bring their requests to the driver ({@link LlmCallStage}).
   *
   * @param models the models the requests use, for the unpriced-model warning
   */
  public Dataset<Row> callFrame(String stage, Dataset<Row> requests, List<String> models) {
    warnUnpriced(models);
    String format = "jsonl".equals(ctx.config().output().format()) ? "json" : "parquet";
    LlmStage.Options options = new LlmStage.Options(settings, ctx.config().output().path(), ctx.runDate(), ctx.config().recipe(), format,
        ctx.config().run().retryFailed());
    if (ctx.config().run().plan()) {
      throw new PlanReady(stage, LlmStage.plan(ctx.spark(), requests, options));
    }
    LlmStage.Result result = LlmStage.run(ctx.spark(), requests, options, EnvLookup.SYSTEM, usage.budget(settings));
    usage.add(stage, result);
    return result.rows();
  }

  /** Whether answers can be pending ({@code llm.mode: batch}): a request without a ledger row is then still running. */
  public boolean batch() {
    return settings.calls().batch();
  }

  /** Logs and reports each model of {@code requests} that has no price: its cost is unknown (null), never $0. */
  private void warnUnpriced(List<String> models) {
    models.stream().distinct().filter(m -> !settings.price(m).known()).forEach(m -> {
      String warning = String.format(Locale.ROOT, "model %s has no price in llm.prices: its calls' cost is unknown (null in the "
          + "ledger and the report, not $0) and llm.budget-usd cannot limit them; add llm.prices.%s: {input: <$ per 1M>, "
          + "output: <$ per 1M>}", m, m);
      if (!usage.warnings().contains(warning)) {
        LOG.warn(warning);
        usage.warn(warning);
      }
    });
  }

  /** Where the ledger lives, for the run's table list. */
  public static String ledgerPath(RunContext ctx) {
    return ctx.config().output().path() + "/" + Ledger.DIR;
  }
}
