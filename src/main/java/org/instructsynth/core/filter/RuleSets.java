package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.instructsynth.core.Instance;
import org.instructsynth.core.filter.EmptyFieldFilter.Field;
import org.instructsynth.core.text.PythonText;

/**
 * The papers' rule sets as named compositions of the rules in this package; every recipe filters
 * through one of these (docs/rules.md has the table of rule x rule set).
 *
 * <ul>
 *   <li>{@link #selfInstructInstructions()}: Self-Instruct's instruction filter,
 *       {@code yizhongw/self-instruct self_instruct/bootstrap_instructions.py} lines 41-70
 *       ({@code post_process_gpt3_response});
 *   <li>{@link #alpacaInstructions()}: the Alpaca filter, {@code tatsu-lab/stanford_alpaca
 *       generate_instruction.py} lines 44-103;
 *   <li>{@link #selfInstructInstances}: Self-Instruct's instance filter,
 *       {@code self_instruct/prepare_for_finetuning.py} lines 110-138 and 225;
 *   <li>{@link #selfGuideInputs} and {@link #selfGuideOutputs}: SELF-GUIDE's input and output
 *       filters, {@code zhaochenyang20/Prompt2Model-Self-Distill
 *       prompt2model/input_generator/vllm_prompt_based.py} lines 299-313 and
 *       {@code prompt2model/output_annotator/vllm_prompt_based.py} lines 189-198;
 *   <li>{@link #curate}: the configurable {@code filters.*} chain, whose defaults
 *       ({@link #curateDefault()}) are Self-Instruct's instruction rules plus the field rules.
 * </ul>
 */
public final class RuleSets {
  private RuleSets() {}

  /**
   * An instruction rule set: the papers' normalisation (whitespace runs collapsed and the text
   * stripped, Python's {@code re.sub(r"\s+", " ", inst).strip()}; Self-Instruct then
   * {@code str.capitalize()}), then the rules on the normalised text, first drop wins. Kept
   * instructions are used as normalised.
   */
  public record InstructionRules(String name, boolean capitalize, FilterChain chain) implements Serializable {

    /** The instruction as the paper keeps it. */
    public String normalise(String raw) {
      String inst = PythonText.collapseWhitespace(raw == null ? "" : raw);
      return capitalize ? PythonText.capitalize(inst) : inst;
    }

    /** The verdict on an instruction already {@link #normalise normalised}. */
    public Verdict apply(String normalised) {
      return chain.apply(normalised, "", "");
    }
  }

  /**
   * A per-task instance rule set: the per-instance rules (first drop wins), then each set rule over
   * what is left, in order. Drops come in that order too.
   */
  public record InstanceRules(FilterChain perInstance, List<SetFilter<Instance>> setRules) implements Serializable {
    public InstanceRules {
      setRules = List.copyOf(setRules);
    }

    public Filtered<Instance> apply(List<Instance> instances) {
      List<Dropped<Instance>> dropped = new ArrayList<>();
      List<Instance> kept = new ArrayList<>();
      for (Instance inst : instances) {
        Verdict v = perInstance.apply("", inst.input(), inst.output());
        if (v.kept()) {
          kept.add(inst);
        } else {
          dropped.add(new Dropped<>(inst, v));
        }
      }
      for (SetFilter<Instance> rule : setRules) {
        Filtered<Instance> f = rule.apply(kept);
        dropped.addAll(f.dropped());
        kept = f.kept();
      }
      return new Filtered<>(kept, dropped);
    }
  }

  /** Self-Instruct: capitalise; 4..150 words; its 13 keywords; "Write a program"; leading character. */
  public static InstructionRules selfInstructInstructions() {
    return new InstructionRules("self-instruct", true, instructionChain(
        KeywordBlocklistFilter.of("self-instruct", List.of()), WriteAProgramFilter.ignoringCase()));
  }

  /** Alpaca: no capitalising; 4..150 words; 18 keywords; "Write a program" case-sensitive; leading character. */
  public static InstructionRules alpacaInstructions() {
    return new InstructionRules("alpaca", false, instructionChain(
        KeywordBlocklistFilter.of("alpaca", List.of()), WriteAProgramFilter.caseSensitive()));
  }

  private static FilterChain instructionChain(KeywordBlocklistFilter keywords, WriteAProgramFilter program) {
    return new FilterChain(List.of(
        new EmptyFieldFilter(EnumSet.of(Field.INSTRUCTION)),
        new InstructionLengthFilter(FilterSettings.DEFAULT_MIN_WORDS, FilterSettings.DEFAULT_MAX_WORDS),
        keywords,
        program,
        new LeadingCharacterFilter()));
  }

  /**
   * Self-Instruct's instance filter for one task, in source order: output = input, empty output,
   * ending with ':' (per instance); conflicting outputs; exact repeats; at most {@code maxPerTask}
   * (seeded sample from {@code seed}).
   */
  public static InstanceRules selfInstructInstances(int maxPerTask, long seed) {
    return new InstanceRules(
        new FilterChain(List.of(
            new OutputEqualsInputFilter(),
            new EmptyFieldFilter(EnumSet.of(Field.OUTPUT)),
            new EndsWithColonFilter())),
        List.of(new ConflictingOutputsFilter(), new DuplicateInstanceFilter(),
            new InstanceCapFilter<>(maxPerTask, seed)));
  }

  /**
   * SELF-GUIDE's input filter on a generated input (the example's {@code input}), in source order
   * (SG-10, IG L299-313): empty; length outside {@code bounds} (the task's example inputs; the paper
   * has them for classification tasks only); noise phrase; already in {@code pool}.
   */
  public static FilterChain selfGuideInputs(Optional<LengthBounds> bounds, Collection<String> noise, Collection<String> pool) {
    List<ExampleFilter> rules = new ArrayList<>();
    rules.add(new EmptyFieldFilter(EnumSet.of(Field.INPUT)));
    bounds.ifPresent(b -> rules.add(new LengthOutlierFilter(Field.INPUT, b)));
    rules.add(new NoisePhraseFilter(Field.INPUT, noise));
    rules.add(new DuplicateInputFilter(pool));
    return new FilterChain(rules);
  }

  /**
   * SELF-GUIDE's output filter on one sampled answer (the example's {@code output}), in source
   * order: empty; length outside {@code bounds} (the task's example outputs; none for classification
   * tasks, whose answers are labels); noise phrase.
   */
  public static FilterChain selfGuideOutputs(Optional<LengthBounds> bounds, Collection<String> noise) {
    List<ExampleFilter> rules = new ArrayList<>();
    rules.add(new EmptyFieldFilter(EnumSet.of(Field.OUTPUT)));
    bounds.ifPresent(b -> rules.add(new LengthOutlierFilter(Field.OUTPUT, b)));
    rules.add(new NoisePhraseFilter(Field.OUTPUT, noise));
    return new FilterChain(rules);
  }

  /** The {@code filters.*} chain every recipe ends with (stage {@code filter}). */
  public static FilterChain curate(FilterSettings settings) {
    return FilterChain.of(settings);
  }

  /** The curate default: {@link FilterSettings#defaults()}. */
  public static FilterChain curateDefault() {
    return FilterChain.defaults();
  }
}
