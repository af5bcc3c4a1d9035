package org.instructsynth.config;

import java.io.Serializable;
import java.util.List;
import org.instructsynth.core.prompt.SelfGuideDefaults;
import org.instructsynth.core.filter.NoisePhraseFilter;

/**
 * {@code self-guide.*}: per-task synthetic data (SELF-GUIDE, Zhao et al. 2024). The tasks are seed
 * tasks from {@code input.path}; classification tasks need {@code labels}. The paper values are
 * {@link SelfGuideDefaults#PAPER}, which cites its sources; docs/recipes.md and docs/PARITY.md list the
 * keys and which of them differ from the paper.
 *
 * <p>Volume (SG-2): the paper runs {@code epochs} epochs of {@code prompts-per-epoch} (10) prompts per
 * task. {@code epochs} alone (or neither key: {@link #PAPER_EPOCHS}) runs exactly that many epochs;
 * {@code inputs-per-task} alone runs epochs until a task has that many inputs (at most {@code
 * max-rounds}); both: at most {@code epochs} epochs, a task stopping early once it has {@code
 * inputs-per-task} inputs.
 *
 * @param tasks seed task ids to run; empty runs every task in the file
 * @param inputsPerTask a task gets no more prompts once this many of its inputs passed the input
 *     filters ({@link Integer#MAX_VALUE} when not set: every epoch runs)
 * @param maxRounds the number of epochs (input rounds) at most
 * @param balanceClasses downsample each classification task's examples to its smallest class
 * @param noisePhrases phrases that mark a generated input or answer as noise
 * @param lengthFilter {@code paper} (inputs of classification tasks, outputs of generation tasks,
 *     {@code [int(mean-2sd), int(mean+2sd))}) or {@code all-tasks} (inputs of every task, outputs of
 *     generation tasks, exact inclusive bounds)
 * @param labelMapping {@code after-vote} (paper: the winning answer is mapped to the first label it
 *     contains) or {@code per-sample} (each answer mapped before the vote, exact case-insensitive
 *     match first)
 * @param inputText {@code as-generated} (paper: stripped only) or {@code strip-markers} (also a leading
 *     {@code [input]=} and one pair of enclosing quotes removed)
 * @param outputPrompt {@code paper} (one text of {@code USER:} / {@code ASSISTANT:} lines: the
 *     completions prompt, or one user turn on a chat endpoint) or {@code chat-turns} (a system turn and
 *     one user/assistant turn pair per example)
 * @param settings the paper's sampling and vote settings; a {@code top-k} of 0 is not sent (OpenAI
 *     rejects the field)
 */
public record SelfGuideConfig(
    List<String> tasks, int inputsPerTask, int maxRounds, boolean balanceClasses, List<String> noisePhrases,
    String lengthFilter, String labelMapping, String inputText, String outputPrompt, SelfGuideDefaults settings)
    implements Serializable {

  /** Epochs when neither {@code epochs} nor {@code inputs-per-task} is set: the authors' standalone scripts' 40. */
  public static final int PAPER_EPOCHS = 40;

  public boolean paperLengthFilter() {
    return "paper".equals(lengthFilter);
  }

  public boolean mapAfterVote() {
    return "after-vote".equals(labelMapping);
  }

  public boolean stripInputMarkers() {
    return "strip-markers".equals(inputText);
  }

  public boolean paperOutputPrompt() {
    return "paper".equals(outputPrompt);
  }

  static SelfGuideConfig read(ConfigReader s) {
    SelfGuideDefaults p = SelfGuideDefaults.PAPER;
    List<String> tasks = s.stringList("tasks", List.of());
    boolean target = s.has("inputs-per-task");
    boolean epochs = s.has("epochs");
    if (epochs && s.has("max-rounds")) {
      s.problem("max-rounds", "is the guard of inputs-per-task; with epochs set, epochs is the number of rounds: remove one of them");
    }
    if (!epochs && !target && s.has("max-rounds")) {
      s.problem("max-rounds", "only guards inputs-per-task; set inputs-per-task too, or set epochs (the number of rounds) instead");
    }
    int inputs = target ? s.integer("inputs-per-task", 20, 1, 10_000_000) : Integer.MAX_VALUE;
    int rounds = epochs || !target ? s.integer("epochs", PAPER_EPOCHS, 1, 1_000_000) : s.integer("max-rounds", 10, 1, 1_000_000);
    boolean balance = s.bool("balance-classes", true);
    List<String> noise = s.stringList("noise-phrases", NoisePhraseFilter.DEFAULT_PHRASES);
    String length = s.oneOf("length-filter", "paper", List.of("paper", "all-tasks"));
    String labels = s.oneOf("label-mapping", "after-vote", List.of("after-vote", "per-sample"));
    String inputText = s.oneOf("input-text", "as-generated", List.of("as-generated", "strip-markers"));
    String outputPrompt = s.oneOf("output-prompt", "paper", List.of("paper", "chat-turns"));
    ConfigReader in = s.section("inputs");
    ConfigReader out = s.section("outputs");
    if (s.has("prompts-per-epoch") && in.has("prompts-per-round")) {
      in.problem("prompts-per-round", "is the same setting as self-guide.prompts-per-epoch; remove one of them");
    }
    int perEpoch = s.has("prompts-per-epoch") ? s.integer("prompts-per-epoch", p.promptsPerRound(), 1, 100_000)
        : in.integer("prompts-per-round", p.promptsPerRound(), 1, 100_000);
    SelfGuideDefaults settings = new SelfGuideDefaults(
        in.dbl("temperature", p.inputTemperatureGeneration(), 0, 2),
        in.dbl("temperature-classification", p.inputTemperatureClassification(), 0, 2),
        in.integer("top-k", p.inputTopK(), 0, 100_000),
        in.integer("max-tokens", p.inputMaxTokens(), 1, 1_000_000),
        perEpoch,
        in.integer("max-low-quality-examples", p.maxLowQualityExamples(), 1, 1000),
        s.integer("context-cutoff", p.contextCutoff(), 0, 10_000_000),
        out.integer("samples", p.outputSamples(), 1, 1000),
        out.dbl("temperature", p.outputTemperature(), 0, 2),
        out.integer("top-k", p.outputTopK(), 0, 100_000),
        out.integer("max-tokens", p.outputMaxTokens(), 1, 1_000_000),
        s.dbl("min-agreement", p.minAgreement(), 0, 1));
    return new SelfGuideConfig(tasks, inputs, rounds, balance, noise, length, labels, inputText, outputPrompt, settings);
  }
}
