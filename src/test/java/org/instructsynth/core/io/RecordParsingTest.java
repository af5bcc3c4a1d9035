package org.instructsynth.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.SeedTask;
import org.junit.jupiter.api.Test;

class RecordParsingTest {
  @Test
  void instructionRecordsMapFieldsAndDefaultTheInput() throws Exception {
    InstructionRecord r = InstructionRecord.parse("{\"q\":\"Add 2 and 3.\",\"a\":\"5\",\"id\":7}",
        Map.of("instruction", "q", "output", "a"));
    assertThat(r).isEqualTo(new InstructionRecord("7", "Add 2 and 3.", "", "5"));
    assertThat(InstructionRecord.parse("{\"instruction\":\"x\",\"input\":null,\"output\":\"y\"}", Map.of()).input())
        .isEmpty();
  }

  @Test
  void instructionRecordErrorsSayWhatIsWrong() {
    assertThatThrownBy(() -> InstructionRecord.parse("{\"instruction\":42,\"output\":\"y\"}", Map.of()))
        .hasMessage("field 'instruction' must be a string, found a number (42)");
    assertThatThrownBy(() -> InstructionRecord.parse("{\"instruction\":\"x\"}", Map.of()))
        .hasMessage("field 'output' is missing; it must be a string");
    assertThatThrownBy(() -> InstructionRecord.parse("{\"instruction\":\"x\",", Map.of()))
        .hasMessageStartingWith("not valid JSON: ");
    assertThatThrownBy(() -> InstructionRecord.parse("[1,2]", Map.of()))
        .hasMessageContaining("expected a JSON object, found an array");
    assertThatThrownBy(() -> InstructionRecord.parse("{\"instruction\":\"x\",\"output\":\"y\"} trailing", Map.of()))
        .hasMessageStartingWith("not valid JSON: ");
    assertThatThrownBy(() -> InstructionRecord.parse("   ", Map.of())).hasMessageContaining("empty line");
  }

  @Test
  void deepNestingIsAnErrorNotACrash() {
    String deep = "{\"instruction\":\"x\",\"output\":\"y\",\"z\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThatThrownBy(() -> InstructionRecord.parse(deep, Map.of()))
        .isInstanceOf(MalformedRecordException.class).hasMessageStartingWith("not valid JSON");
  }

  @Test
  void seedTasksParseWithOptionalFields() throws Exception {
    SeedTask t = SeedTaskParser.parse("{\"id\":\"s1\",\"name\":\"n\",\"instruction\":\"Classify it.\","
        + "\"instances\":[{\"input\":\"a\",\"output\":\"yes\"}],\"is_classification\":true,"
        + "\"labels\":[\"yes\",\"no\"],\"cluster\":\"clf\"}");
    assertThat(t.isClassification()).isTrue();
    assertThat(t.labels()).containsExactly("yes", "no");
    assertThat(t.taskType()).isEqualTo("classification");
    assertThat(t.language()).isEmpty();
  }

  @Test
  void seedTaskErrorsNameTheField() {
    assertThatThrownBy(() -> SeedTaskParser.parse("{\"id\":\"s\",\"instruction\":\"x\",\"instances\":[]}"))
        .hasMessageContaining("field 'instances' must be a non-empty array");
    assertThatThrownBy(() -> SeedTaskParser.parse(
        "{\"id\":\"s\",\"instruction\":\"x\",\"instances\":[{\"input\":\"\"}]}"))
        .hasMessage("instances[0]: field 'output' is missing; it must be a string");
    assertThatThrownBy(() -> SeedTaskParser.parse(
        "{\"id\":\"s\",\"instruction\":\"x\",\"instances\":[{\"output\":\"o\"}],\"is_classification\":\"no\"}"))
        .hasMessageContaining("field 'is_classification' must be true or false, found a string");
  }

  @Test
  void selfInstructSeedFileLoadsUnchanged() throws Exception {
    Path seeds = Path.of(System.getProperty("shared.dir", "../shared"), "data", "seed_tasks.jsonl");
    assumeTrue(Files.exists(seeds), "skipped: " + seeds + " is absent (the shared data is not on this machine)");
    List<String> lines = Files.readAllLines(seeds);
    assertThat(lines).hasSize(175);
    int classification = 0;
    for (String line : lines) {
      SeedTask t = SeedTaskParser.parse(line);
      assertThat(t.instances()).isNotEmpty();
      classification += t.isClassification() ? 1 : 0;
    }
    assertThat(classification).isPositive();
  }

  @Test
  void linesDecodeStrictly() throws Exception {
    byte[] bom = "\uFEFF{\"a\":1}\r".getBytes(StandardCharsets.UTF_8);
    assertThat(LineDecoder.decode(bom, bom.length)).isEqualTo("{\"a\":1}");
    byte[] bad = {'{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThatThrownBy(() -> LineDecoder.decode(bad, bad.length)).hasMessageContaining("invalid UTF-8 at byte 3");
    assertThat(LineDecoder.lenient(bad, bad.length, 100)).contains("\uFFFD");
    assertThat(LineDecoder.truncate("abcdef", 3)).isEqualTo("abc...[truncated, 6 chars in all]");
  }

  @Test
  void jsonArraysSplitIntoElementsWithLines() {
    byte[] content = "[\n {\"a\": 1},\n {\"a\": 2}\n]\n".getBytes(StandardCharsets.UTF_8);
    List<JsonArrayReader.Element> els = JsonArrayReader.read(content, 100);
    assertThat(els).extracting(JsonArrayReader.Element::json).containsExactly("{\"a\":1}", "{\"a\":2}");
    assertThat(els).extracting(JsonArrayReader.Element::line).containsExactly(2L, 3L);
  }

  @Test
  void aBrokenArrayKeepsWhatCameBeforeAndReportsTheRest() {
    byte[] content = "[{\"a\": 1},\n{\"a\": 2,\n{\"a\": 3}]".getBytes(StandardCharsets.UTF_8);
    List<JsonArrayReader.Element> els = JsonArrayReader.read(content, 100);
    assertThat(els).hasSize(2);
    assertThat(els.get(0).json()).isEqualTo("{\"a\":1}");
    assertThat(els.get(1).error()).startsWith("not valid JSON from here on");
    assertThat(els.get(1).line()).isEqualTo(2);
    assertThat(els.get(1).raw()).startsWith("{\"a\": 2,");
  }

  @Test
  void aTruncatedArrayIsReported() {
    byte[] content = "[{\"a\": 1},".getBytes(StandardCharsets.UTF_8);
    List<JsonArrayReader.Element> els = JsonArrayReader.read(content, 100);
    assertThat(els.get(0).json()).isEqualTo("{\"a\":1}");
    assertThat(els.get(els.size() - 1).error()).isNotNull();
  }

  @Test
  void aFileThatIsNotAnArrayIsOneError() {
    List<JsonArrayReader.Element> els = JsonArrayReader.read("{\"a\":1}".getBytes(StandardCharsets.UTF_8), 100);
    assertThat(els).singleElement().satisfies(e -> assertThat(e.error()).contains("expected a JSON array"));
  }
}
