package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.DriverRows;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;

/**
 * An LLM call as a stage: build each row's requests, call them, parse the answers, over the frame
 * (nothing that grows with the input is collected on the driver).
 *
 * <ol>
 *   <li>{@link Calls#requests} gives each input row its requests (none: the row is parsed with no answers);
 *   <li>{@link LlmCalls#callFrame} calls what the ledger lacks ({@link LlmStage}: ledger first, so a rerun
 *       pays nothing; the totals go to the run's {@link LlmUsage} under the ledger stage {@link Calls#ledgerStage});
 *   <li>the ledger rows are joined back to their rows, and {@link Calls#parse} turns each row and its
 *       answers into {@link Calls#schema} rows ({@link Columns#ANNOTATED}, plus any column a later stage reads).
 * </ol>
 *
 * <p>A small stage (at most {@code llm.driver-max-requests} rows and requests, e.g. a Self-Instruct
 * round) takes the same three steps on the driver: its rows are read there ({@link DriverRows#rowsOf}
 * for rows the driver built, else one task), {@link LlmCalls#callRows} calls from there ({@link
 * DriverLlmBatch}), the rows are parsed there and handed back with their counts ({@link #knownCounts}):
 * a round's stage starts no Spark job while its keys are new, where the executors' path starts a dozen.
 *
 * <p>An answer missing from the ledger is null, or with {@code llm.mode: batch} an answer of status
 * {@link LlmCalls#PENDING_BATCH} (its batch is still running). The frames the call reads twice are
 * persisted until the runner has materialised the stage's output ({@link #materialized}).
 */
public final class LlmCallStage implements Stage {
  private static final String ROW = "_llm_row";
  private static final String ANSWERS = "_llm_answers";
  /** A request as {@link LlmStage} reads it. */
  private static final StructType DRIVER_REQUEST = new StructType()
      .add("request_key", DataTypes.StringType, false)
      .add("stage", DataTypes.StringType, false)
      .add("request", DataTypes.StringType, false);
  /** A request with the id of the row it came from. */
  private static final StructType REQUEST = new StructType(java.util.stream.Stream.concat(
      java.util.stream.Stream.of(DataTypes.createStructField(ROW, DataTypes.LongType, false)),
      java.util.Arrays.stream(DRIVER_REQUEST.fields())).toArray(org.apache.spark.sql.types.StructField[]::new));

  /** What one LLM stage asks and how it reads the answers; runs on the executors. */
  public interface Calls extends Serializable {
    /** The {@code stage} column of the ledger rows (and the LLM report's per-stage totals). */
    String ledgerStage();

    /** The models the requests use (the unpriced-model warning). */
    List<String> models();

    /** The requests of one input row, in the order {@link #parse} expects them. */
    List<LlmRequest> requests(Row row);

    /**
     * The output rows for one input row.
     *
     * @param requests {@link #requests} of the row
     * @param answers by request key; a key is absent when the ledger has no row for it
     */
    List<Row> parse(Row row, List<LlmRequest> requests, Map<String, LlmCalls.Answer> answers);

    /** The output schema: {@link Columns#ANNOTATED} plus the columns a later stage reads. */
    default StructType schema() {
      return Columns.ANNOTATED;
    }
  }

  private final String name;
  private final Calls calls;
  private final LlmCalls llm;
  private final List<Dataset<Row>> persisted = new ArrayList<>();
  private Dataset<Row> output;
  private Counts counts;

  public LlmCallStage(String name, Calls calls, LlmCalls llm) {
    this.name = name;
    this.calls = calls;
    this.llm = llm;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    counts = null;
    int driverMax = llm.driverMaxRequests();
    if (driverMax > 0) {
      // rows the driver built (a round's prompts) are read from there; else one task reads at most driverMax + 1 rows
      List<Row> head = DriverRows.rowsOf(in);
      if (head == null) {
        head = in.coalesce(1).limit(driverMax + 1).collectAsList();
      }
      if (head.size() <= driverMax) {
        List<Row> out = onDriver(ctx, head, driverMax);
        if (out != null) {
          counts = Counts.of(out, calls.schema());
          output = DriverRows.frame(ctx.spark(), out, calls.schema());
          return output;
        }
      }
    }
    // ids over a persisted upstream frame are stable; persisted here so the join reads the same rows the requests came from
    Dataset<Row> rows = persist(in.withColumn(ROW, monotonically_increasing_id()));
    Dataset<Row> requests = persist(rows.flatMap(new BuildRequests(calls), Encoders.row(REQUEST)));
    LlmStage.Result result;
    try {
      result = llm.callFrame(calls.ledgerStage(), requests.select("request_key", "stage", "request"), calls.models());
    } catch (RuntimeException e) { // --plan's PlanReady, a failure ratio, a user error: the runner never materialises this stage
      materialized();
      throw e;
    }
    if (result.driverRows() != null) { // a small stage: its answers travel with the function, no join
      output = rows.mapPartitions(new Parse(calls, llm.batch(), byKey(result.driverRows())), Encoders.row(calls.schema()));
      return output;
    }
    Dataset<Row> ledger = result.rows();
    Dataset<Row> answers = requests.select(ROW, "request_key")
        .join(ledger.select("request_key", "response", "finish_reason", "status", "http_status", "error"), "request_key")
        .groupBy(ROW)
        .agg(collect_list(struct(col("request_key"), col("response"), col("finish_reason"), col("status"), col("http_status"),
            col("error"))).as(ANSWERS));
    output = rows.join(answers, rows.col(ROW).equalTo(answers.col(ROW)), "left_outer").drop(answers.col(ROW))
        .mapPartitions(new Parse(calls, llm.batch(), null), Encoders.row(calls.schema()));
    return output;
  }

  /**
   * A small stage on the driver: its rows' requests called from there ({@link LlmCalls#callRows}) and
   * parsed there, so its counts are known without a Spark job. Null when the rows ask for more than
   * {@code driverMax} requests (the executors' path then runs).
   */
  private List<Row> onDriver(RunContext ctx, List<Row> rows, int driverMax) {
    List<Row> requests = new ArrayList<>();
    for (Row row : rows) {
      for (LlmRequest r : calls.requests(row)) {
        requests.add(new GenericRowWithSchema(new Object[] {r.requestKey(), calls.ledgerStage(), r.canonicalJson()}, DRIVER_REQUEST));
      }
      if (requests.size() > driverMax) {
        return null;
      }
    }
    LlmStage.Result result;
    try {
      result = llm.callRows(calls.ledgerStage(), requests, calls.models());
    } catch (RuntimeException e) { // a failure ratio, a user error: the runner never materialises this stage
      materialized();
      throw e;
    }
    List<Row> out = new ArrayList<>();
    new Parse(calls, llm.batch(), byKey(result.driverRows())).call(rows.iterator()).forEachRemaining(out::add);
    return out;
  }

  private static Map<String, LlmCalls.Answer> byKey(List<Row> ledgerRows) {
    Map<String, LlmCalls.Answer> answers = new HashMap<>();
    ledgerRows.forEach(r -> answers.put(r.getAs("request_key"), answer(r)));
    return answers;
  }

  @Override
  public Counts knownCounts() {
    return counts;
  }

  /**
   * The frame the last {@link #apply} returned, which the runner persists: every output row with the
   * stage's extra columns (e.g. the judge's comparison pairs), kept and dropped.
   */
  public Dataset<Row> output() {
    if (output == null) {
      throw new IllegalStateException("stage " + name + " has not run yet");
    }
    return output;
  }

  @Override
  public List<String> handsOn() {
    List<String> extra = new ArrayList<>(List.of(calls.schema().fieldNames()));
    extra.removeAll(List.of(Columns.ANNOTATED.fieldNames()));
    return extra;
  }

  /** Releases the frames {@link #apply} persisted once the runner has its output. */
  @Override
  public void materialized() {
    persisted.forEach(Dataset::unpersist);
    persisted.clear();
  }

  private Dataset<Row> persist(Dataset<Row> frame) {
    Dataset<Row> p = frame.persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(p);
    return p;
  }

  /** Each row's requests as {@link #REQUEST} rows. */
  static final class BuildRequests implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Calls calls;

    BuildRequests(Calls calls) {
      this.calls = calls;
    }

    @Override
    public Iterator<Row> call(Row row) {
      long id = row.getAs(ROW);
      List<Row> out = new ArrayList<>();
      for (LlmRequest r : calls.requests(row)) {
        out.add(RowFactory.create(id, r.requestKey(), calls.ledgerStage(), r.canonicalJson()));
      }
      return out.iterator();
    }
  }

  /** The answer in a row with the ledger's {@code request_key}, {@code response}, ... columns. */
  static LlmCalls.Answer answer(Row a) {
    return new LlmCalls.Answer(a.getAs("request_key"), a.getAs("response"), a.getAs("finish_reason"), a.getAs("status"),
        a.getAs("http_status"), a.getAs("error"));
  }

  /** Each row with its answers through {@link Calls#parse}. */
  static final class Parse implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Calls calls;
    private final boolean batch;
    private final Map<String, LlmCalls.Answer> answers;

    /** @param answers every answer by request key (a stage run on the driver), or null: each row carries its own */
    Parse(Calls calls, boolean batch, Map<String, LlmCalls.Answer> answers) {
      this.calls = calls;
      this.batch = batch;
      this.answers = answers;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      return new Iterator<>() {
        private Iterator<Row> current = java.util.Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && input.hasNext()) {
            current = parse(input.next()).iterator();
          }
          return current.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return current.next();
        }
      };
    }

    private List<Row> parse(Row row) {
      List<LlmRequest> requests = calls.requests(row);
      Map<String, LlmCalls.Answer> answers = new HashMap<>();
      if (this.answers != null) {
        for (LlmRequest r : requests) {
          LlmCalls.Answer a = this.answers.get(r.requestKey());
          if (a != null) {
            answers.put(r.requestKey(), a);
          }
        }
      } else {
        List<Row> found = row.getList(row.fieldIndex(ANSWERS));
        if (found != null) {
          found.forEach(a -> answers.put(a.getAs("request_key"), answer(a)));
        }
      }
      if (batch) {
        for (LlmRequest r : requests) {
          answers.putIfAbsent(r.requestKey(), LlmCalls.pending(r.requestKey()));
        }
      }
      return calls.parse(row, requests, answers);
    }
  }
}
