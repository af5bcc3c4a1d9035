package org.instructsynth.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.instructsynth.config.ReportConfig;
import org.instructsynth.core.report.Report;
import org.junit.jupiter.api.Test;

class NightComparisonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ReportConfig CFG = new ReportConfig(true, 0.5, 0.1);

  private static ObjectNode night(String date, long requested, long calls, long cached, long tokens, Double cost) throws Exception {
    ObjectNode r = (ObjectNode) JSON.readTree("{\"run_id\":\"r-" + date + "\",\"run_date\":\"" + date + "\","
        + "\"splits\":{\"train\":160,\"eval\":21},\"funnel\":[{\"stage\":\"load\",\"rows_in\":35}],\"drops\":[]}");
    ObjectNode llm = r.putObject("llm");
    llm.put("requested", requested).put("calls", calls).put("cached", cached).put("prompt_tokens", tokens / 2)
        .put("completion_tokens", tokens - tokens / 2);
    if (cost == null) {
      llm.putNull("cost_usd");
    } else {
      llm.put("cost_usd", cost);
    }
    return r;
  }

  private static JsonNode metric(JsonNode report, String name) {
    for (JsonNode m : report.path("comparison").path("metrics")) {
      if (m.path("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no metric " + name + " in " + report.path("comparison"));
  }

  @Test
  void aReplayNightFromTheLedgerRaisesNoTokenDrift() throws Exception {
    ObjectNode previous = night("2026-11-20", 152, 152, 0, 69_525, 0.05);
    ObjectNode replay = night("2026-11-21", 152, 0, 152, 0, 0.0);
    JsonNode replayCompared = NightComparison.compare(Report.of(replay), previous, CFG).toJson();
    assertThat(replayCompared.path("warnings").toString()).doesNotContain("drifted");
    assertThat(metric(replayCompared, "LLM requests (new calls + ledger answers)").path("flag").asBoolean()).isFalse();
    assertThat(metric(replayCompared, "LLM tokens (new calls)").path("skipped").asText())
        .startsWith("not compared: the ledger answered 100 % of this night's requests and 0 % of the previous night's");
    assertThat(metric(replayCompared, "LLM dollars").has("skipped")).isTrue();
  }

  @Test
  void nightsWithTheSameLedgerShareStillFlagATokenDrift() throws Exception {
    ObjectNode previous = night("2026-11-20", 152, 152, 0, 69_525, 0.05);
    ObjectNode bigger = night("2026-11-21", 400, 400, 0, 190_000, 0.14);
    JsonNode biggerCompared = NightComparison.compare(Report.of(bigger), previous, CFG).toJson();
    assertThat(metric(biggerCompared, "LLM tokens (new calls)").path("flag").asBoolean()).isTrue();
    assertThat(metric(biggerCompared, "LLM requests (new calls + ledger answers)").path("flag").asBoolean()).isTrue();
    assertThat(biggerCompared.path("warnings").toString()).contains("LLM tokens (new calls) drifted from 69,525 to 190,000");
  }

  @Test
  void anUnknownCostIsNotComparedAsZero() throws Exception {
    ObjectNode previous = night("2026-11-20", 152, 152, 0, 69_525, 0.05);
    ObjectNode unpriced = night("2026-11-21", 152, 152, 0, 69_000, null);
    JsonNode unpricedCompared = NightComparison.compare(Report.of(unpriced), previous, CFG).toJson();
    assertThat(metric(unpricedCompared, "LLM dollars").path("skipped").asText()).startsWith("cost unknown on this night");
    assertThat(unpricedCompared.path("warnings").toString()).doesNotContain("dollars");
  }
}
