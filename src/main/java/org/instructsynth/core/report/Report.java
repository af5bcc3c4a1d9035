package org.instructsynth.core.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.io.Json;

/**
 * A run's {@code report.json} as typed records, read and written by Jackson with the file's field names
 * (snake case). Every field may be absent (a report of a run stopped early, or one written by an older
 * version), so numbers are boxed and lists may be null; the {@code n(...)} and {@code list(...)} helpers
 * read them with a default. Fields this model does not name (another part of the job may add some) are
 * kept in {@link #other()} and written back, so a report read and written again is the same JSON.
 *
 * <p>The model sits in {@code core} because every layer that touches the report needs it without an
 * upward import: {@code pipeline.RunReport}, {@code pipeline.llm.LlmUsage} and {@code job.Job} build it
 * ({@link ReportBuilder}) and Jackson writes it, {@code core.export.DatasetCard} and the
 * {@code report} package read it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"run_id", "recipe", "run_date", "status", "started_at", "finished_at", "elapsed_ms", "simulated_llm",
    "input", "output", "drops", "tasks", "splits", "funnel", "warnings", "examples", "near_duplicates", "histograms",
    "comparisons_rows", "llm", "rounds", "comparison", "exports", "publish", "alerts"})
public record Report(String runId, String recipe, String runDate, String status, String startedAt, String finishedAt,
    Long elapsedMs, Boolean simulatedLlm, Input input, Output output, List<Drop> drops, List<Task> tasks,
    Map<String, Long> splits, List<FunnelStage> funnel, List<String> warnings, ReportExamples examples,
    List<NearDuplicate> nearDuplicates, List<Histogram> histograms, Llm llm, List<Round> rounds, Publish publish,
    Long comparisonsRows, Comparison comparison, Exports exports, List<Alert> alerts,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

  public Report {
    other = other == null ? new LinkedHashMap<>() : other;
  }

  /** Reads a report; fields of the wrong type are an {@link IllegalArgumentException} naming them. */
  public static Report of(JsonNode json) {
    try {
      return Json.MAPPER.treeToValue(json, Report.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("report.json does not have the report's shape: " + e.getOriginalMessage(), e);
    }
  }

  /** This report as JSON (the shape of report.json). */
  public JsonNode toJson() {
    return Json.MAPPER.valueToTree(this);
  }

  /** {@code v}, or 0 when absent. */
  public static long n(Long v) {
    return v == null ? 0 : v;
  }

  /** {@code v}, or an empty list when absent. */
  public static <T> List<T> list(List<T> v) {
    return v == null ? List.of() : v;
  }

  /** Rows written to train, eval and eval_unseen. */
  public long keptRows() {
    return splits == null ? 0 : splits.values().stream().mapToLong(Report::n).sum();
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Input(List<String> paths) {}

  /** @param tables table name to its location */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Output(String path, String format, Map<String, String> tables) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Drop(String stage, String reason, Long rows) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"task_name", "cluster", "train", "eval", "eval_unseen"})
  public record Task(String taskName, String cluster, Long train, Long eval, Long evalUnseen) {
    public long total() {
      return n(train) + n(eval) + n(evalUnseen);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunnelStage(String stage, Long rowsIn, Long rowsOut, Long dropped, Long elapsedMs) {}

  /** Up to 5 kept rows, and up to 5 rows per drop reason. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ReportExamples(List<Row> kept, List<DropGroup> dropped) {}

  /** One example or rejected row (texts cut); {@code raw} and {@code where} for a line that could not be read. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Row(String id, String taskName, String split, String instruction, String input, String output,
      String detail, String raw, String where) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DropGroup(String stage, String reason, List<Row> rows) {}

  /** A near-duplicate drop with what it duplicates: a kept row (with its run date) or a named reference. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NearDuplicate(Double score, String dupOf, Row dropped, Kept kept) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Kept(String instruction, String input, String output, String runDate, String reference) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Histogram(String name, String unit, List<Bin> bins) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Bin(Number lo, Number hi, Long count) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Round(Long round, Long prompts, Long generated, Long candidates, Long kept, Long pool) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Publish(Long commitSeq, Long writeMs, Long commitMs) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Comparison(String previousRunDate, String previousRunId, List<Metric> metrics) {}

  /** One compared figure; {@code skipped} says why it was not compared. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "previous", "current", "flag", "skipped"})
  public record Metric(String name, Number previous, Number current, Boolean flag, String skipped) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"root", "files", "unmatched_comparisons", "written"})
  public record Exports(String root, List<ExportFile> files, Long unmatchedComparisons, List<String> written) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ExportFile(String format, String split, Long rows, String path) {}

  /** {@code level} is {@code error} or {@code warning}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Alert(String level, String text) {}
}
