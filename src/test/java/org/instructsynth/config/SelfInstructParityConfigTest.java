package org.instructsynth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.instructsynth.core.prompt.SelfInstructDefaults;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's Self-Instruct / Alpaca keys: the code defaults (the shipped conf with the keys removed)
 * are the papers', and the options bind and are checked. Pure config binding, no Spark.
 */
class SelfInstructParityConfigTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static ObjectNode shipped() throws Exception {
    return (ObjectNode) YAML.readTree(Files.readString(Path.of("conf/self-instruct.yaml")));
  }

  @Test
  void codeDefaultsAreThePapersWhenTheKeysAreAbsent() throws Exception {
    ObjectNode root = shipped();
    ObjectNode si = (ObjectNode) root.get("self-instruct");
    si.remove(List.of("target-instructions", "include-seeds"));
    root.remove("filters");
    ((ObjectNode) si.get("generation")).remove(List.of("on-length", "classification-seeds-only"));
    ((ObjectNode) si.get("alpaca")).remove("logit-bias");
    SelfInstructConfig c = ConfigLoader.bind(root, "test").selfInstruct();
    assertThat(c.alpaca().logitBias()).isEqualTo(java.util.Map.of("50256", -100)); // generate_instruction.py L166
    assertThat(c.targetInstructions()).isEqualTo(100); // --num_instructions_to_generate, both repos
    assertThat(c.instructions().onLength()).isEqualTo("discard-response"); // bootstrap_instructions.py L42-43
    assertThat(c.instructions().discardResponseOnLength()).isTrue();
    assertThat(c.instructions().classificationSeedsOnly()).isFalse();
    assertThat(c.instructions()).isEqualTo(SelfInstructDefaults.PAPER);
    assertThat(c.includeSeeds()).isTrue(); // scripts/prepare_for_finetuning.sh --include_seed_tasks
    // no filter after the papers' own rules: the filters chain is off for self-instruct unless configured
    assertThat(ConfigLoader.bind(root, "test").filters().enabled()).isFalse();
    // the shipped conf states the same values
    SelfInstructConfig conf = ConfigLoader.load(Path.of("conf/self-instruct.yaml"), List.of()).selfInstruct();
    assertThat(conf.targetInstructions()).isEqualTo(100);
    assertThat(conf.includeSeeds()).isTrue();
  }

  @Test
  void optionsBindAndBadValuesSayWhatIsAllowed() {
    SelfInstructConfig c = ConfigLoader.load(Path.of("conf/self-instruct.yaml"),
        List.of("self-instruct.generation.on-length=drop-last-item", "self-instruct.generation.classification-seeds-only=true"))
        .selfInstruct();
    assertThat(c.instructions().discardResponseOnLength()).isFalse();
    assertThat(c.instructions().classificationSeedsOnly()).isTrue();
    // AL-6: Alpaca's logit_bias is the default; {} clears it, another tokenizer's id replaces it.
    assertThat(ConfigLoader.load(Path.of("conf/self-instruct.yaml"), List.of()).selfInstruct().alpaca().logitBias())
        .isEqualTo(java.util.Map.of("50256", -100));
    assertThat(ConfigLoader.load(Path.of("conf/self-instruct.yaml"), List.of("self-instruct.alpaca.logit-bias={}"))
        .selfInstruct().alpaca().sampling().logitBias()).isEmpty();
    assertThat(ConfigLoader.load(Path.of("conf/self-instruct.yaml"), List.of("self-instruct.alpaca.logit-bias={\"100257\": -100}"))
        .selfInstruct().alpaca().logitBias()).isEqualTo(java.util.Map.of("100257", -100));
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("conf/self-instruct.yaml"),
        List.of("self-instruct.alpaca.logit-bias={\"eot\": -500}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("logit-bias").hasMessageContaining("-100..100");
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("conf/self-instruct.yaml"),
        List.of("self-instruct.generation.on-length=drop-all")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("on-length")
        .hasMessageContaining("discard-response").hasMessageContaining("drop-last-item");
  }
}
