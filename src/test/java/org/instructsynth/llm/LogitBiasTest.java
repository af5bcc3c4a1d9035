package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.prompt.AlpacaDefaults;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.pipeline.llm.Requests;
import org.junit.jupiter.api.Test;

/**
 * {@code logit_bias} end to end without a server: sampling -> the wire body of both endpoints -> the
 * canonical JSON (the ledger's request and key) -> back. Alpaca's {@code {"50256": -100}} is the
 * default of its sampling (generate_instruction.py L166).
 */
class LogitBiasTest {
  private static final List<ChatMessage> MESSAGES = List.of(ChatMessage.user("List of 20 tasks:"));

  @Test
  void sentAsAJsonObjectOnBothEndpointsAndPartOfTheKey() throws Exception {
    Map<String, Integer> bias = new LinkedHashMap<>();
    bias.put("50256", -100);
    bias.put("198", 5); // given out of order: the canonical form sorts
    Sampling sampling = Sampling.defaults().withLogitBias(bias);
    for (LlmRequest r : List.of(LlmRequest.chat("m", MESSAGES, sampling, 0), LlmRequest.completion("m", "List:", sampling, 0))) {
      JsonNode wire = LlmRequest.JSON.readTree(r.wireBody());
      assertThat(wire.path("logit_bias").isObject()).as(r.wireBody()).isTrue();
      assertThat(wire.path("logit_bias").path("50256").asInt()).isEqualTo(-100);
      assertThat(wire.path("logit_bias").path("198").asInt()).isEqualTo(5);
      assertThat(r.canonicalJson()).contains("\"logit_bias\":{\"198\":5,\"50256\":-100}");
      LlmRequest back = LlmRequest.fromJson(r.canonicalJson());
      assertThat(back.sampling().logitBias()).isEqualTo(Map.of("50256", -100, "198", 5));
      assertThat(back.requestKey()).isEqualTo(r.requestKey());
      assertThat(back.sampling().extra()).isEmpty(); // not mistaken for a pass-through extra
    }
    LlmRequest without = LlmRequest.chat("m", MESSAGES, Sampling.defaults(), 0);
    assertThat(without.canonicalJson()).doesNotContain("logit_bias"); // empty sends none; old keys unchanged
    assertThat(without.requestKey()).isNotEqualTo(LlmRequest.chat("m", MESSAGES, sampling, 0).requestKey());
    assertThatThrownBy(() -> Sampling.defaults().withLogitBias(Map.of("1", 101)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-100..100");
  }

  @Test
  void simulatorAcceptsAWellFormedBiasAndRefusesOthersAsOpenAiDoes() throws Exception {
    assertThat(org.instructsynth.llm.sim.SimulatedLlmServer.badLogitBias(null)).isNull();
    assertThat(org.instructsynth.llm.sim.SimulatedLlmServer.badLogitBias(LlmRequest.JSON.readTree("{\"50256\": -100}"))).isNull();
    assertThat(org.instructsynth.llm.sim.SimulatedLlmServer.badLogitBias(LlmRequest.JSON.readTree("{\"eot\": -100}")))
        .contains("token eot");
    assertThat(org.instructsynth.llm.sim.SimulatedLlmServer.badLogitBias(LlmRequest.JSON.readTree("{\"1\": 300}")))
        .contains("-100..100");
    assertThat(org.instructsynth.llm.sim.SimulatedLlmServer.badLogitBias(LlmRequest.JSON.readTree("[1]"))).contains("object");
  }

  @Test
  void alpacaSamplingCarriesThePapersBiasThroughRequests() throws Exception {
    LlmRequest r = new Requests(LlmSettings.defaults()).request(null, null, "List of 20 tasks:", AlpacaDefaults.PAPER.sampling(), 0);
    JsonNode wire = LlmRequest.JSON.readTree(r.wireBody());
    assertThat(wire.path("logit_bias").toString()).isEqualTo("{\"50256\":-100}");
    assertThat(wire.path("presence_penalty").asDouble(-1)).isZero(); // OpenAIDecodingArguments, sent explicitly
    assertThat(wire.path("frequency_penalty").asDouble(-1)).isZero();
    AlpacaDefaults cleared = new AlpacaDefaults(3, 20, 1.0, 1.0, 3072, Map.of());
    assertThat(new Requests(LlmSettings.defaults()).request(null, null, "x", cleared.sampling(), 0).wireBody())
        .doesNotContain("logit_bias");
  }
}
