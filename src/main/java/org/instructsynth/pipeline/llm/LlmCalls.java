package org.instructsynth.pipeline.llm;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.pipeline.RunContext;

/**
 * The run's LLM calls for the {@link LlmCallStage}s: the request factory ({@link Requests}), a frame of
 * requests through {@link LlmStage} (ledger first, so a rerun pays nothing), the totals added to {@link
 * LlmUsage} (whose {@link RunBudget} every call of the run shares), and each answer as an {@link Answer}.
 */
public final class LlmCalls {
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

  /** The serializable request factory ({@code llm.*} settings), for stages that build requests on the executors. */
  public Requests requests() {
    return requests;
  }

  /**
   * Calls what the ledger lacks of {@code requests} (columns {@code request_key}, {@code stage},
   * {@code request}, built on the executors) and returns the stage's result, whose {@link
   * LlmStage.Result#rows()} are their ledger rows (ledger schema, one per key), for LLM stages that
   * never bring their requests to the driver ({@link LlmCallStage}); a small stage ran on the driver
   * and also has them as {@link LlmStage.Result#driverRows()}.
   *
   * @param models the models the requests use, for the unpriced-model warning
   */
  public LlmStage.Result callFrame(String stage, Dataset<Row> requests, List<String> models) {
    warnUnpriced(models);
    LlmStage.Options options = options();
    if (ctx.config().run().plan()) {
      throw new PlanReady(stage, LlmStage.plan(ctx.spark(), requests, options));
    }
    LlmStage.Result result = LlmStage.run(ctx.spark(), requests, options, EnvLookup.SYSTEM, usage.budget(settings));
    usage.add(stage, result);
    return result;
  }

  /**
   * Calls what the ledger lacks of a small stage's {@code requests}, already on the driver (at most
   * {@link #driverMaxRequests()}; columns {@code request_key}, {@code stage}, {@code request}), from
   * the driver ({@link DriverLlmBatch}); the result's {@link LlmStage.Result#driverRows()} are their
   * ledger rows.
   */
  public LlmStage.Result callRows(String stage, List<Row> requests, List<String> models) {
    warnUnpriced(models);
    LlmStage.Options options = options();
    LlmStage.Result result = LlmStage.runOnDriver(ctx.spark(), requests, options, EnvLookup.SYSTEM, usage.budget(settings));
    usage.add(stage, result);
    return result;
  }

  /**
   * The most requests a stage calls from the driver ({@code llm.driver-max-requests}); 0 with
   * {@code llm.mode: batch} and with {@code --plan}, whose stages always take the executors' path.
   */
  public int driverMaxRequests() {
    return settings.calls().batch() || ctx.config().run().plan() ? 0 : settings.calls().driverMaxRequests();
  }

  private LlmStage.Options options() {
    String format = "jsonl".equals(ctx.config().output().format()) ? "json" : "parquet";
    return new LlmStage.Options(settings, ctx.config().output().path(), ctx.runDate(), ctx.config().recipe(), format,
        ctx.config().run().retryFailed());
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
