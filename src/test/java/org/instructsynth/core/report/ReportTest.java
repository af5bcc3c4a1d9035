package org.instructsynth.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import org.instructsynth.core.io.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** report.json read into the typed model and written again is the same JSON, field for field. */
class ReportTest {

  static JsonNode resource(String name) throws IOException {
    try (InputStream in = ReportTest.class.getResourceAsStream("/report/" + name)) {
      return Json.MAPPER.readTree(in);
    }
  }

  /** The model's JSON, through text, as a reader of the file would get it. */
  static JsonNode written(Report r) throws IOException {
    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(r));
  }

  @Test
  void aReportBuiltByTheWritersRoundTrips() throws IOException {
    Report built = ReportFixtures.full();
    JsonNode json = written(built);
    assertThat(written(Report.of(json))).isEqualTo(json);
    assertThat(Report.of(json).llm()).isEqualTo(built.llm());
    assertThat(Report.of(json).nearDuplicates()).isEqualTo(built.nearDuplicates());
  }

  @ParameterizedTest
  @ValueSource(strings = {"report-zero-kept.json", "report-self-instruct.json"})
  void aReportRoundTripsThroughTheModel(String name) throws IOException {
    JsonNode json = resource(name);
    Report r = Report.of(json);
    assertThat(written(r)).isEqualTo(json);
    assertThat(r.runId()).isEqualTo(json.path("run_id").asText());
    assertThat(Report.list(r.funnel())).hasSize(json.path("funnel").size());
  }

  @Test
  void fieldsTheModelDoesNotNameAreKeptInPlaceOfBeingLost() throws IOException {
    ObjectNode json = (ObjectNode) written(ReportFixtures.full());
    json.putObject("batch").put("pending", 3);
    ((ObjectNode) json.path("llm")).put("budget_left_usd", 1.5);
    Report r = Report.of(json);
    assertThat(r.other()).containsKey("batch");
    assertThat(r.llm().other()).containsKey("budget_left_usd");
    assertThat(written(r)).isEqualTo(json);
  }

  @Test
  void aNullCostIsUnknownAndStaysNull() throws IOException {
    JsonNode json = Json.MAPPER.readTree("{\"run_id\":\"r\",\"recipe\":\"x\",\"run_date\":\"d\","
        + "\"llm\":{\"calls\":3,\"cost_usd\":null,\"cost_per_kept_example\":null}}");
    Report r = Report.of(json);
    assertThat(r.llm().costIsUnknown()).isTrue();
    assertThat(r.funnel()).isNull();
    assertThat(Report.list(r.funnel())).isEmpty();
    assertThat(written(r)).isEqualTo(json);
  }

  @Test
  void aFieldOfTheWrongTypeIsNamed() throws IOException {
    JsonNode json = Json.MAPPER.readTree("{\"run_id\":\"r\",\"funnel\":{\"stage\":\"load\"}}");
    assertThatThrownBy(() -> Report.of(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("report.json does not have the report's shape");
  }
}
