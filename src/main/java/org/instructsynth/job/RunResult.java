package org.instructsynth.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.report.Report;
import org.instructsynth.pipeline.StageStats;

/**
 * What a run wrote.
 *
 * @param tables table name to the partition path written this run
 * @param reportPath path of {@code report.json}
 * @param report what report.json holds ({@code core.report.Report#toJson})
 */
public record RunResult(
    String runId,
    String runDate,
    String status,
    Map<String, String> tables,
    String runDir,
    String reportPath,
    List<StageStats> stages,
    JsonNode report) {

  /** Rows written to one split this run, from the report. */
  public long rows(String split) {
    Report r = model();
    return r.splits() == null ? 0 : Report.n(r.splits().get(split));
  }

  /** The report as the typed model. */
  public Report model() {
    return Report.of(report);
  }
}
