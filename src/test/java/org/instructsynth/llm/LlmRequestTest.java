package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.prompt.ChatMessage;
import org.junit.jupiter.api.Test;

class LlmRequestTest {
  private static final List<ChatMessage> MESSAGES = List.of(ChatMessage.system("You are terse."), ChatMessage.user("Name a color."));

  @Test
  void canonicalJsonSortsKeysAndLeavesUnsetParametersOut() {
    Sampling sampling = new Sampling(0.7, null, 64, List.of(), null, null, null, Map.of("top_k", 40));
    LlmRequest request = LlmRequest.chat("m", MESSAGES, sampling, 2);
    assertThat(request.canonicalJson()).isEqualTo(
        "{\"max_tokens\":64,\"messages\":[{\"content\":\"You are terse.\",\"role\":\"system\"},"
            + "{\"content\":\"Name a color.\",\"role\":\"user\"}],\"model\":\"m\",\"sample_index\":2,"
            + "\"temperature\":0.7,\"top_k\":40}");
    assertThat(request.requestKey()).isEqualTo(LlmRequest.sha256(request.canonicalJson())).hasSize(64);
  }

  @Test
  void semanticallyEqualRequestsShareAKeyAndSampleIndexChangesIt() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("top_k", 40);
    a.put("min_p", 0.05);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("min_p", 0.050);
    b.put("top_k", 40L);
    Sampling sa = Sampling.defaults().withExtra(a).withTemperature(1.0);
    Sampling sb = Sampling.defaults().withExtra(b).withTemperature(1.00);
    assertThat(LlmRequest.chat("m", MESSAGES, sa, 0).requestKey()).isEqualTo(LlmRequest.chat("m", MESSAGES, sb, 0).requestKey());
    assertThat(LlmRequest.chat("m", MESSAGES, sa, 0).requestKey()).isNotEqualTo(LlmRequest.chat("m", MESSAGES, sa, 1).requestKey());
    assertThat(LlmRequest.chat("m", MESSAGES, sa, 0).requestKey()).isNotEqualTo(LlmRequest.chat("m2", MESSAGES, sa, 0).requestKey());
  }

  @Test
  void canonicalJsonRoundTrips() {
    Sampling sampling = new Sampling(0.2, 0.5, 100, List.of("\n\n", "###"), 7L, 0.0, 1.5, Map.of("top_k", 20, "flag", true));
    LlmRequest chat = LlmRequest.chat("m", MESSAGES, sampling, 3);
    assertThat(LlmRequest.fromJson(chat.canonicalJson()).requestKey()).isEqualTo(chat.requestKey());
    LlmRequest completion = LlmRequest.completion("m", "1. a\n2.", sampling, 0);
    LlmRequest back = LlmRequest.fromJson(completion.canonicalJson());
    assertThat(back.prompt()).isEqualTo("1. a\n2.");
    assertThat(back.requestKey()).isEqualTo(completion.requestKey());
  }

  @Test
  void wireBodyShiftsTheSeedBySampleIndexAndHasNoSampleIndex() {
    LlmRequest request = LlmRequest.completion("m", "p", Sampling.defaults().withSeed(100L), 3);
    assertThat(request.wireBody()).contains("\"seed\":103").doesNotContain("sample_index");
    assertThat(request.canonicalJson()).contains("\"seed\":100").contains("\"sample_index\":3");
  }

  @Test
  void rejectsNeitherOrBothPromptForms() {
    assertThatThrownBy(() -> new LlmRequest("m", null, null, null, 0)).hasMessageContaining("got neither");
    assertThatThrownBy(() -> new LlmRequest("m", MESSAGES, "p", null, 0)).hasMessageContaining("got both");
    assertThatThrownBy(() -> LlmRequest.fromJson("{not json")).hasMessageContaining("not valid JSON");
  }

  @Test
  void estimatesFourCharactersPerTokenPlusMessageOverhead() {
    // "You are terse." is 14 chars -> 4 tokens, "Name a color." 13 -> 4; 3 + (4+4) + (4+4) = 19
    assertThat(LlmRequest.chat("m", MESSAGES, null, 0).estimatePromptTokens()).isEqualTo(19);
  }

  @Test
  void settingsDefaults() {
    LlmSettings d = LlmSettings.defaults();
    assertThat(d.maxRetries()).isEqualTo(6);
    assertThat(d.maxFailureRatio()).isEqualTo(0.05);
    assertThat(d.connectTimeout().toSeconds()).isEqualTo(10);
    assertThat(d.readTimeout().toSeconds()).isEqualTo(120);
    assertThat(d.callTimeout().toMinutes()).isEqualTo(10);
    assertThat(d.price("gpt-4o-mini").cost(1_000_000, 1_000_000)).isEqualTo(0.75);
    // llm.* values are checked where the YAML is bound (config/ConfigValidationTest, CallConfigTest).
    assertThat(d.toString()).doesNotContain("sk-");
  }

  @Test
  void rateShareDividesTheClusterBudgetByConcurrentTasks() {
    LlmSettings s = LlmSettings.defaults().toBuilder().requestsPerMinute(600).tokensPerMinute(90_000).maxInFlight(32).partitions(8).budgetUsd(4).build();
    RateShare share = RateShare.of(s, 4);
    assertThat(share.concurrentTasks()).isEqualTo(4);
    assertThat(share.requestsPerMinute()).isEqualTo(150.0);
    assertThat(share.tokensPerMinute()).isEqualTo(22_500.0);
    assertThat(share.maxInFlight()).isEqualTo(8);
    assertThat(share.budgetUsd()).isEqualTo(0.5);
    assertThat(RateShare.of(s, 100).concurrentTasks()).isEqualTo(8);
  }

  @Test
  void redactsKeysFromText() {
    assertThat(Secrets.redact("Incorrect API key provided: sk-abc123secretXYZ.", "sk-abc123secretXYZ")).isEqualTo("Incorrect API key provided: ***.");
    assertThat(Secrets.redact("key sk-proj-****abcd was wrong", "other")).isEqualTo("key sk-*** was wrong");
  }
}
