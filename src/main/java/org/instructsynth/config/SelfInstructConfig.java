package org.instructsynth.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.instructsynth.core.prompt.AlpacaDefaults;
import org.instructsynth.core.prompt.InstanceGenDefaults;
import org.instructsynth.core.prompt.SelfInstructDefaults;

/**
 * {@code self-instruct.*}: bootstrapping instructions from seed tasks (Self-Instruct, Wang et al.
 * 2022; Alpaca, Taori et al. 2023). The seed tasks are {@code input.path}. Every paper value is a
 * key; the defaults are the records {@link SelfInstructDefaults#PAPER}, {@link AlpacaDefaults#PAPER}
 * and {@link InstanceGenDefaults#PAPER}, which cite their source files.
 *
 * @param style {@code self-instruct} (numbered list of 8 instructions, classification check,
 *     instances) or {@code alpaca} (3 seed tasks shown, 20 instruction/input/output blocks per call)
 * @param targetInstructions rounds run until at least this many instructions are kept after the
 *     filters and the ROUGE-L check (bootstrap_instructions.py {@code --num_instructions_to_generate})
 * @param maxRounds guard: stop after this many rounds even when the target is not reached
 * @param promptsPerRound prompts sent per round (bootstrap_instructions.py
 *     {@code --request_batch_size}, 5); each is sampled from its own seeded stream
 * @param includeSeeds also emit the seed tasks' instances as {@code source=seed} rows. Default on for
 *     style {@code self-instruct} (its scripts/prepare_for_finetuning.sh passes
 *     {@code --include_seed_tasks}, so the paper fine-tunes on seeds plus generated data), off for
 *     {@code alpaca} (its released data is generated tasks only)
 * @param roundDedup where each round's ROUGE-L check runs: {@code driver} (exact, in memory, for
 *     pools up to some 100,000 instructions) or {@code distributed} (the {@code dedup-rouge} Spark
 *     stage with the seeds and the pool as references; a dozen Spark jobs per round)
 * @param instructions Self-Instruct's instruction-generation settings
 * @param alpaca Alpaca's instruction-generation settings
 * @param instances the classification check and instance-generation settings
 */
public record SelfInstructConfig(
    String style,
    int targetInstructions,
    int maxRounds,
    int promptsPerRound,
    boolean includeSeeds,
    String roundDedup,
    SelfInstructDefaults instructions,
    AlpacaDefaults alpaca,
    InstanceGenDefaults instances)
    implements Serializable {

  public static final String SELF_INSTRUCT = "self-instruct";
  public static final String ALPACA = "alpaca";
  public static final String DRIVER = "driver";
  public static final String DISTRIBUTED = "distributed";
  /**
   * {@code --num_instructions_to_generate}'s default in both bootstrap_instructions.py (L89-94) and
   * Alpaca's generate_instruction.py (L110); the authors' shipped run script asks for 50,000.
   */
  public static final int DEFAULT_TARGET = 100;

  public boolean isAlpaca() {
    return ALPACA.equals(style);
  }

  static SelfInstructConfig read(ConfigReader s) {
    String style = s.oneOf("style", SELF_INSTRUCT, List.of(SELF_INSTRUCT, ALPACA));
    int target = s.integer("target-instructions", DEFAULT_TARGET, 1, 10_000_000);
    int maxRounds = s.integer("max-rounds", 20, 1, 1_000_000);
    int perRound = s.integer("prompts-per-round", 5, 1, 1_000_000);
    // Self-Instruct's scripts/prepare_for_finetuning.sh passes --include_seed_tasks; Alpaca's data has no seeds.
    boolean includeSeeds = s.bool("include-seeds", !ALPACA.equals(style));
    String roundDedup = s.oneOf("round-dedup", DRIVER, List.of(DRIVER, DISTRIBUTED));

    SelfInstructDefaults p = SelfInstructDefaults.PAPER;
    ConfigReader g = s.section("generation");
    int shown = g.integer("num-prompt-instructions", p.numPromptInstructions(), 1, 100);
    int machine = g.integer("num-machine-instructions", p.numMachineInstructions(), 0, 100);
    int stop = g.integer("stop-number", p.stopNumber(), 3, 1000);
    double temperature = g.dbl("temperature", p.temperature(), 0, 2);
    double topP = g.dbl("top-p", p.topP(), 0, 1);
    double presence = g.dbl("presence-penalty", p.presencePenalty(), -2, 2);
    double frequency = g.dbl("frequency-penalty", p.frequencyPenalty(), -2, 2);
    int maxTokens = g.integer("max-tokens", p.maxTokens(), 1, 1_000_000);
    if (machine > shown) {
      g.problem("num-machine-instructions", "must be at most num-prompt-instructions (" + shown + "), found " + machine
          + "; the prompt shows num-prompt-instructions tasks, this many of them machine-generated");
      machine = Math.min(p.numMachineInstructions(), shown);
    }
    if (stop <= shown + 1) {
      g.problem("stop-number", "must be above num-prompt-instructions + 1 (" + (shown + 1) + "), found " + stop
          + "; generation stops at this item number, so it must leave room for new items after the examples");
      stop = Math.max(p.stopNumber(), shown + 2);
    }
    String onLength = g.oneOf("on-length", p.onLength(),
        List.of(SelfInstructDefaults.DISCARD_RESPONSE, SelfInstructDefaults.DROP_LAST_ITEM));
    boolean clfSeedsOnly = g.bool("classification-seeds-only", p.classificationSeedsOnly());
    SelfInstructDefaults instructions = new SelfInstructDefaults(shown, machine, stop, temperature, topP, presence, frequency,
        maxTokens, onLength, clfSeedsOnly);

    AlpacaDefaults a = AlpacaDefaults.PAPER;
    ConfigReader al = s.section("alpaca");
    int alpacaShown = al.integer("num-prompt-instructions", a.numPromptInstructions(), 1, 100);
    int numTasks = al.integer("num-tasks", a.numTasks(), 3, 1000);
    if (numTasks <= alpacaShown + 1) {
      al.problem("num-tasks", "must be above num-prompt-instructions + 1 (" + (alpacaShown + 1) + "), found " + numTasks
          + "; the prompt lists num-tasks items, the first num-prompt-instructions of them examples");
      numTasks = Math.max(a.numTasks(), alpacaShown + 2);
    }
    AlpacaDefaults alpaca = new AlpacaDefaults(alpacaShown, numTasks,
        al.dbl("temperature", a.temperature(), 0, 2),
        al.dbl("top-p", a.topP(), 0, 1),
        al.integer("max-tokens", a.maxTokens(), 1, 1_000_000),
        logitBias(al, a.logitBias()));

    InstanceGenDefaults i = InstanceGenDefaults.PAPER;
    ConfigReader in = s.section("instances");
    InstanceGenDefaults instances = new InstanceGenDefaults(
        in.integer("max-instances-to-generate", i.maxInstancesToGenerate(), 1, 100),
        in.integer("max-instances-per-task", i.maxInstancesPerTask(), 1, 100),
        in.dbl("temperature", i.temperature(), 0, 2),
        in.dbl("top-p", i.topP(), 0, 1),
        in.dbl("presence-penalty", i.presencePenalty(), -2, 2),
        in.integer("max-tokens-classification", i.maxTokensClassification(), 1, 1_000_000),
        in.integer("max-tokens-generation", i.maxTokensGeneration(), 1, 1_000_000));
    return new SelfInstructConfig(style, target, maxRounds, perRound, includeSeeds, roundDedup, instructions, alpaca, instances);
  }

  /**
   * {@code logit-bias}: a mapping of token id (digits) to a whole number in -100..100, sent as the
   * request's {@code logit_bias}; {@code {}} sends none.
   */
  private static Map<String, Integer> logitBias(ConfigReader al, Map<String, Integer> defaultValue) {
    Map<String, String> text = al.stringMap("logit-bias", null);
    if (text == null) {
      return defaultValue;
    }
    Map<String, Integer> out = new TreeMap<>();
    text.forEach((token, value) -> {
      Integer bias = value.matches("[+-]?\\d{1,3}") ? Integer.valueOf(value) : null;
      if (!token.matches("\\d{1,9}") || bias == null || bias < -100 || bias > 100) {
        al.problem("logit-bias", "must map token ids (digits) to whole numbers in -100..100, found " + token + ": " + value
            + "; token ids are the model's tokenizer's (50256 is <|endoftext|> for GPT-2/GPT-3 only), {} sends none");
      } else {
        out.put(token, bias);
      }
    });
    return out;
  }
}
