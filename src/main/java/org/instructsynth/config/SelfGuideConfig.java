package org.instructsynth.config;

import java.io.Serializable;
import java.util.List;
import org.instructsynth.core.prompt.SelfGuideDefaults;
import org.instructsynth.core.filter.NoisePhraseFilter;

/**
 * {@code self-guide.*}: per-task synthetic data (SELF-GUIDE, Zhao et al. 2024). The tasks are seed
 * tasks from {@code input.path}; classification tasks need {@code labels}. The paper values are
 * {@link SelfGuideDefaults#PAPER}, which cites its sources.
 *
 * @param tasks seed task ids to run; empty runs every task in the file
 * @param inputsPerTask input rounds run until this many inputs of a task pass the input filters
 * @param maxRounds guard on the input rounds
 * @param balanceClasses downsample each classification task's examples to its smallest class
 * @param noisePhrases phrases that mark a generated input or answer as noise
 * @param settings the paper's sampling and vote settings; a {@code top-k} of 0 is not sent (OpenAI
 *     rejects the field)
 */
public record SelfGuideConfig(
    List<String> tasks, int inputsPerTask, int maxRounds, boolean balanceClasses, List<String> noisePhrases,
    SelfGuideDefaults settings) implements Serializable {

  static SelfGuideConfig read(ConfigReader s) {
    SelfGuideDefaults p = SelfGuideDefaults.PAPER;
    List<String> tasks = s.stringList("tasks", List.of());
    int inputs = s.integer("inputs-per-task", 20, 1, 10_000_000);
    int rounds = s.integer("max-rounds", 10, 1, 1_000_000);
    boolean balance = s.bool("balance-classes", true);
    List<String> noise = s.stringList("noise-phrases", NoisePhraseFilter.DEFAULT_PHRASES);
    ConfigReader in = s.section("inputs");
    ConfigReader out = s.section("outputs");
    SelfGuideDefaults settings = new SelfGuideDefaults(
        in.dbl("temperature", p.inputTemperatureGeneration(), 0, 2),
        in.dbl("temperature-classification", p.inputTemperatureClassification(), 0, 2),
        in.integer("top-k", p.inputTopK(), 0, 100_000),
        in.integer("max-tokens", p.inputMaxTokens(), 1, 1_000_000),
        in.integer("prompts-per-round", p.promptsPerRound(), 1, 100_000),
        in.integer("max-low-quality-examples", p.maxLowQualityExamples(), 1, 1000),
        out.integer("samples", p.outputSamples(), 1, 1000),
        out.dbl("temperature", p.outputTemperature(), 0, 2),
        out.integer("top-k", p.outputTopK(), 0, 100_000),
        out.integer("max-tokens", p.outputMaxTokens(), 1, 1_000_000),
        s.dbl("min-agreement", p.minAgreement(), 0, 1));
    return new SelfGuideConfig(tasks, inputs, rounds, balance, noise, settings);
  }
}
