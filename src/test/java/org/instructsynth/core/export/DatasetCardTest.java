package org.instructsynth.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetCardTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static DatasetCard.Facts facts(List<ExportedFile> files) {
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("prompts/distill-judge.txt", PromptFiles.shippedSha256("distill-judge"));
    return new DatasetCard.Facts("distill", "20261121T020000Z-distill-ab12", "2026-11-21", "cc-by-4.0", List.of("en", "zh"),
        List.of("gpt-4o-mini"), Papers.of("distill", false, true), hashes, Map.of("Near dedup", "ROUGE-L F > 0.7"),
        "Alpaca's prompt", "", files, 2);
  }

  private static JsonNode frontMatter(String card) throws Exception {
    assertThat(card).startsWith("---\n");
    int end = card.indexOf("\n---\n", 4);
    assertThat(end).isPositive();
    return YAML.readTree(card.substring(4, end + 1));
  }

  @Test
  void frontMatterHasConfigsPerFormatWithDataFilesPerSplit() throws Exception {
    List<ExportedFile> files = List.of(
        new ExportedFile("messages", "train", 1500, "messages/run_date=2026-11-21/train.jsonl"),
        new ExportedFile("messages", "eval", 170, "messages/run_date=2026-11-21/eval.jsonl"),
        new ExportedFile("messages", "eval_unseen", 0, null),
        new ExportedFile("dpo", "train", 90, "dpo/run_date=2026-11-21/train/*.jsonl"),
        new ExportedFile("dpo", "eval", 0, null));
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("status", "complete").put("simulated_llm", true);
    report.putArray("funnel").addObject().put("stage", "load").put("rows_in", 2000).put("rows_out", 1990).put("dropped", 10);
    report.putObject("llm").put("requested", 10).put("calls", 7).put("cached", 3).put("cost_usd", 0.01234);
    String card = DatasetCard.render(facts(files), report);
    JsonNode fm = frontMatter(card);
    assertThat(fm.path("license").asText()).isEqualTo("cc-by-4.0");
    assertThat(fm.path("task_categories").get(0).asText()).isEqualTo("text-generation");
    assertThat(fm.path("size_categories").get(0).asText()).isEqualTo("1K<n<10K");
    assertThat(fm.path("language").toString()).isEqualTo("[\"en\",\"zh\"]");
    JsonNode configs = fm.path("configs");
    assertThat(configs).hasSize(2);
    assertThat(configs.get(0).path("config_name").asText()).isEqualTo("messages");
    assertThat(configs.get(0).path("default").asBoolean()).isTrue();
    assertThat(configs.get(0).path("data_files")).hasSize(2);
    assertThat(configs.get(0).path("data_files").get(1).path("split").asText()).isEqualTo("eval");
    assertThat(configs.get(0).path("data_files").get(1).path("path").asText()).isEqualTo("messages/run_date=2026-11-21/eval.jsonl");
    assertThat(configs.get(1).path("data_files").get(0).path("path").asText()).isEqualTo("dpo/run_date=2026-11-21/train/*.jsonl");
    assertThat(configs.get(1).has("default")).isFalse();

    assertThat(card).contains("SIMULATED").contains("https://arxiv.org/abs/2304.03277").contains("https://arxiv.org/abs/2305.18290")
        .contains(PromptFiles.shippedSha256("distill-judge")).contains("| load | 2000 | 1990 | 10 |")
        .contains("0.0123").contains("20261121T020000Z-distill-ab12").contains("2 comparison pair(s)");
  }

  @Test
  void aReportWithoutTheExpectedFieldsStillGivesACard() throws Exception {
    String card = DatasetCard.render(facts(List.of(new ExportedFile("messages", "train", 3, "messages/x/train.jsonl"))),
        JsonNodeFactory.instance.objectNode());
    assertThat(frontMatter(card).path("size_categories").get(0).asText()).isEqualTo("n<1K");
    assertThat(card).contains("status `unknown`").doesNotContain("## Funnel").doesNotContain("## Cost")
        .doesNotContain("SIMULATED");
    JsonNode odd = YAML.readTree("funnel: 3\nllm: [1]\nwarnings: {a: 1}\nstatus: {x: 1}\n");
    assertThat(DatasetCard.render(facts(List.of()), odd)).contains("## Provenance");
  }

  @Test
  void sizeCategoriesFollowTheHub() {
    assertThat(DatasetCard.sizeCategory(0)).isEqualTo("n<1K");
    assertThat(DatasetCard.sizeCategory(999)).isEqualTo("n<1K");
    assertThat(DatasetCard.sizeCategory(1_000)).isEqualTo("1K<n<10K");
    assertThat(DatasetCard.sizeCategory(52_002)).isEqualTo("10K<n<100K");
    assertThat(DatasetCard.sizeCategory(1_000_000)).isEqualTo("1M<n<10M");
    assertThat(DatasetCard.sizeCategory(2_000_000_000_000L)).isEqualTo("n>1T");
  }

  @Test
  void promptHashIsTheSha256OfTheFileBytes() throws Exception {
    byte[] bytes;
    try (var in = PromptFiles.class.getResourceAsStream("/prompts/distill-judge.txt")) {
      bytes = in.readAllBytes();
    }
    String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(PromptFiles.shippedSha256("distill-judge")).isEqualTo(expected).hasSize(64);
  }
}
