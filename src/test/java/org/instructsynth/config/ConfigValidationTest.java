package org.instructsynth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value is checked once, where the YAML is bound: types, ranges, allowed values, unknown keys
 * (with the closest key of their own section) and the rules between keys, all reported in one
 * {@link ConfigException}. The settings records in {@code core} and {@code llm} no longer check
 * again; these tests hold the messages that used to come from their constructors.
 */
class ConfigValidationTest {
  @TempDir Path dir;

  private List<String> problems(String yaml, String... overrides) throws IOException {
    Path p = dir.resolve("c.yaml");
    Files.writeString(p, yaml);
    ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(p, List.of(overrides)), ConfigException.class);
    assertThat(e).as("expected a ConfigException").isNotNull();
    assertThat(e.getMessage()).startsWith("Invalid configuration '" + p + "': " + e.problems().size() + " problem");
    return e.problems();
  }

  private JobConfig load(String yaml, String... overrides) throws IOException {
    Path p = dir.resolve("ok.yaml");
    Files.writeString(p, yaml);
    return ConfigLoader.load(p, List.of(overrides));
  }

  private static final String CURATE = "recipe: curate\ninput: {path: x.jsonl}\noutput: {path: out}\n";
  private static final String SELF_INSTRUCT = "recipe: self-instruct\ninput: {path: seeds.jsonl}\noutput: {path: out}\n";

  @Test
  void dedupAndFilterRangesAndCrossFieldRulesAreReportedTogether() throws IOException {
    List<String> p = problems(CURATE + """
        dedup: {threshold: 1.0, method: minhash, tokenizer: spaces, max-group-size: 1, max-component-iterations: 0}
        filters: {min-words: 10, max-words: 5, blocklist: vicuna, required-fields: [answer], disabled-rules: [chatterr]}
        """);
    assertThat(p).containsExactlyInAnyOrder(
        "dedup.threshold: must be above 0.0 and below 1.0, found 1.0",
        "dedup.method: must be one of [prefix-filter, brute-force], found 'minhash'.",
        "dedup.tokenizer: must be one of [rouge-score, unicode], found 'spaces'.",
        "dedup.max-group-size: must be between 2 and 1000000, found 1",
        "dedup.max-component-iterations: must be between 1 and 1000000, found 0",
        "filters.max-words: must be at least min-words (10), found 5",
        "filters.blocklist: must be one of [self-instruct, alpaca, none], found 'vicuna'.",
        "filters.required-fields: 'answer' is not a field; use instruction, input or output",
        "filters.disabled-rules: 'chatterr' is not a filter rule; did you mean 'chatter'? Rules: empty-field, "
            + "instruction-length, keyword-blocklist, write-a-program, leading-character, output-equals-input, chatter.");
  }

  @Test
  void theSimilarityFloorIsCheckedAgainstTheThresholdGiven() throws IOException {
    assertThat(problems(CURATE + "dedup: {threshold: 0.6, similarity-floor: 0.65}\n"))
        .containsExactly("dedup.similarity-floor: must be above 0 and at most dedup.threshold (0.6), found 0.65");
  }

  @Test
  void maxComponentIterationsIsARealKeyWithTodaysDefault() throws IOException {
    JobConfig d = load(CURATE);
    assertThat(d.dedup().rouge().maxComponentIterations()).isEqualTo(200);
    assertThat(d.resolved().path("dedup").path("max-component-iterations").asInt()).isEqualTo(200);
    JobConfig set = load(CURATE, "dedup.max-component-iterations=500");
    assertThat(set.dedup().rouge().maxComponentIterations()).isEqualTo(500);
    assertThat(set.dedup().rouge().threshold()).isEqualTo(0.7);
  }

  @Test
  void eachSectionSuggestsItsOwnClosestKey() throws IOException {
    List<String> p = problems(SELF_INSTRUCT + """
        rn: {seed: 1}
        split: {eval-fractoin: 0.2}
        dedup: {treshold: 0.8}
        filters: {min-word: 3}
        report: {compare-previos: false}
        llm:
          requests-per-minut: 60
          sampling: {temprature: 0.2}
          simulator: {rate-492: 0.1}
        self-instruct:
          generation: {num-prompt-instruction: 8}
          instances: {max-instances-per-tsk: 5}
        """);
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("rn: is not a known key in top level; did you mean 'run'?"));
    assertThat(p).anySatisfy(s -> assertThat(s)
        .startsWith("split.eval-fractoin: is not a known key in 'split'; did you mean 'eval-fraction'?"));
    assertThat(p).anySatisfy(s -> assertThat(s)
        .startsWith("dedup.treshold: is not a known key in 'dedup'; did you mean 'threshold'?"));
    assertThat(p).anySatisfy(s -> assertThat(s)
        .startsWith("filters.min-word: is not a known key in 'filters'; did you mean 'min-words'?"));
    assertThat(p).anySatisfy(s -> assertThat(s)
        .startsWith("report.compare-previos: is not a known key in 'report'; did you mean 'compare-previous'?"));
    assertThat(p).anySatisfy(s -> assertThat(s)
        .startsWith("llm.requests-per-minut: is not a known key in 'llm'; did you mean 'requests-per-minute'?"));
    // The optional sampling keys count as known although they have no default (they are not sent).
    assertThat(p).anySatisfy(s -> assertThat(s)
        .startsWith("llm.sampling.temprature: is not a known key in 'llm.sampling'; did you mean 'temperature'?")
        .contains("Valid keys here: temperature, top-p, max-tokens, stop, seed, presence-penalty, frequency-penalty, extra."));
    assertThat(p).anySatisfy(s -> assertThat(s)
        .startsWith("llm.simulator.rate-492: is not a known key in 'llm.simulator'; did you mean 'rate-429'?"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("self-instruct.generation.num-prompt-instruction: is not a "
        + "known key in 'self-instruct.generation'; did you mean 'num-prompt-instructions'?"));
    assertThat(p).anySatisfy(s -> assertThat(s).startsWith("self-instruct.instances.max-instances-per-tsk: is not a "
        + "known key in 'self-instruct.instances'; did you mean 'max-instances-per-task'?"));
    assertThat(p).hasSize(10);
  }

  @Test
  void typeErrorsInsideListsAndMapsNameTheItem() throws IOException {
    List<String> p = problems("""
        recipe: templatize
        output: {path: out}
        input: {fields: {instruction: [a, b]}}
        split: {holdout-clusters: [qa, {name: x}, [y]]}
        templatize:
          datasets:
            - {name: a, path: a.jsonl, templates: t.yaml, cap: many, labls: [x]}
            - 5
        """);
    assertThat(p).containsExactlyInAnyOrder(
        "input.fields.instruction: must be a text value, found a list",
        "split.holdout-clusters[1]: must be a text value (this key is a list of text values), found a mapping",
        "split.holdout-clusters[2]: must be a text value (this key is a list of text values), found a list",
        "templatize.datasets[0].cap: must be a whole number, found 'many'",
        "templatize.datasets[1]: must be a mapping of keys, found '5'",
        "templatize.datasets[0].labls: is not a known key in 'templatize.datasets[0]'; did you mean 'labels'? Valid keys "
            + "here: type, name, path, templates, cluster, label-field, labels, id-field, cap, language, split-field.");
  }

  @Test
  void llmRulesBetweenKeysHaveTheirOwnKey() throws IOException {
    List<String> p = problems(SELF_INSTRUCT + """
        llm:
          simulator: {min-latency: 50ms, max-latency: 10ms, rate-429: 0.7, rate-5xx: 0.5}
          sampling: {extra: {top_k: [1, 2]}}
          requests-per-minute: 0
          budget-usd: -1
          provider: magic
          endpoint: x
          max-in-flight: 0
          prices: {my-model: 5, other: {input: 1, output: cheap}}
        """);
    assertThat(p).containsExactlyInAnyOrder(
        "llm.simulator.max-latency: must be at least min-latency (50ms), found 10ms; the latency is drawn between "
            + "the two (set both equal for a fixed latency)",
        "llm.simulator.rate-5xx: plus rate-429 must be at most 1 (they are shares of the same requests), found 0.5 + 0.7",
        "llm.sampling.extra.top_k: must be a string, number or boolean (it is sent as is), found a list",
        "llm.requests-per-minute: must be between 0.001 and 1.0E7, found 0.0",
        "llm.budget-usd: must be between 0.0 and 1.0E9, found -1.0",
        "llm.provider: must be one of [simulated, openai-compatible], found 'magic'.",
        "llm.endpoint: must be one of [chat, completions], found 'x'.",
        "llm.max-in-flight: must be between 1 and 100000, found 0",
        "llm.prices.my-model: must be {input: <$ per 1M prompt tokens>, output: <$ per 1M completion tokens>, "
            + "cached-input: <$ per 1M cached prompt tokens, optional, default input>}, found '5'",
        "llm.prices.other: must be {input: <$ per 1M prompt tokens>, output: <$ per 1M completion tokens>, "
            + "cached-input: <$ per 1M cached prompt tokens, optional, default input>}, found a mapping");
  }

  @Test
  void selfInstructCountsAreCheckedAgainstEachOther() throws IOException {
    List<String> p = problems(SELF_INSTRUCT + """
        self-instruct:
          generation: {num-prompt-instructions: 4, num-machine-instructions: 5, stop-number: 5}
          alpaca: {num-prompt-instructions: 5, num-tasks: 6}
        """);
    assertThat(p).containsExactlyInAnyOrder(
        "self-instruct.generation.num-machine-instructions: must be at most num-prompt-instructions (4), found 5; "
            + "the prompt shows num-prompt-instructions tasks, this many of them machine-generated",
        "self-instruct.generation.stop-number: must be above num-prompt-instructions + 1 (5), found 5; generation "
            + "stops at this item number, so it must leave room for new items after the examples",
        "self-instruct.alpaca.num-tasks: must be above num-prompt-instructions + 1 (6), found 6; the prompt lists "
            + "num-tasks items, the first num-prompt-instructions of them examples");
    // The same counts within their rules bind unchanged.
    JobConfig ok = load(SELF_INSTRUCT + """
        self-instruct:
          generation: {num-prompt-instructions: 4, num-machine-instructions: 4, stop-number: 6}
          alpaca: {num-prompt-instructions: 5, num-tasks: 7}
        """);
    assertThat(ok.selfInstruct().instructions().numMachineInstructions()).isEqualTo(4);
    assertThat(ok.selfInstruct().instructions().stopNumber()).isEqualTo(6);
    assertThat(ok.selfInstruct().alpaca().numTasks()).isEqualTo(7);
  }

  @Test
  void selfGuideRangesAreReportedWithTheirKeys() throws IOException {
    List<String> p = problems("recipe: self-guide\ninput: {path: t.jsonl}\noutput: {path: out}\n" + """
        self-guide:
          min-agreement: 1.5
          inputs: {max-low-quality-examples: 0, prompts-per-round: 0}
          outputs: {samples: 0}
        """);
    assertThat(p).containsExactlyInAnyOrder(
        "self-guide.min-agreement: must be between 0.0 and 1.0, found 1.5",
        "self-guide.inputs.max-low-quality-examples: must be between 1 and 1000, found 0",
        "self-guide.inputs.prompts-per-round: must be between 1 and 100000, found 0",
        "self-guide.outputs.samples: must be between 1 and 1000, found 0");
  }

  @Test
  void selfGuideVolumeKeysAndOptions() throws IOException {
    assertThat(problems("recipe: self-guide\ninput: {path: t.jsonl}\noutput: {path: out}\n" + """
        self-guide:
          epochs: 2
          max-rounds: 3
          prompts-per-epoch: 5
          inputs: {prompts-per-round: 5}
          length-filter: every-task
        """)).containsExactlyInAnyOrder(
        "self-guide.max-rounds: is the guard of inputs-per-task; with epochs set, epochs is the number of rounds: remove one of them",
        "self-guide.inputs.prompts-per-round: is the same setting as self-guide.prompts-per-epoch; remove one of them",
        "self-guide.length-filter: must be one of [paper, all-tasks], found 'every-task'.");
    assertThat(problems("recipe: self-guide\ninput: {path: t.jsonl}\noutput: {path: out}\nself-guide: {max-rounds: 3}\n"))
        .containsExactly("self-guide.max-rounds: only guards inputs-per-task; set inputs-per-task too, or set epochs (the number of rounds) instead");
  }

  @Test
  void selfGuideVolumeWhichKeyWins() throws IOException {
    String head = "recipe: self-guide\ninput: {path: t.jsonl}\noutput: {path: out}\n";
    SelfGuideConfig paper = load(head).selfGuide(); // SG-2: epochs of 10 prompts, the scripts' 40
    assertThat(List.of(paper.maxRounds(), paper.inputsPerTask(), paper.settings().promptsPerRound()))
        .containsExactly(40, Integer.MAX_VALUE, 10);
    SelfGuideConfig both = load(head + "self-guide: {epochs: 3, inputs-per-task: 15, prompts-per-epoch: 4}\n").selfGuide();
    assertThat(List.of(both.maxRounds(), both.inputsPerTask(), both.settings().promptsPerRound())).containsExactly(3, 15, 4);
    SelfGuideConfig target = load(head + "self-guide: {inputs-per-task: 15}\n").selfGuide();
    assertThat(List.of(target.maxRounds(), target.inputsPerTask())).containsExactly(10, 15);
    // the paper's rules are the defaults; the general filter chain is off for self-guide unless turned on
    assertThat(List.of(paper.lengthFilter(), paper.labelMapping(), paper.inputText(), paper.outputPrompt()))
        .containsExactly("paper", "after-vote", "as-generated", "paper");
    assertThat(paper.settings().contextCutoff()).isEqualTo(3000);
    assertThat(load(head).filters().enabled()).isFalse();
    assertThat(load(head + "filters: {enabled: true}\n").filters().enabled()).isTrue();
  }

  @Test
  void aMalformedOverrideIsReportedWithTheFilesProblems() throws IOException {
    List<String> p = problems(CURATE + "split: {eval-fraction: 2}\n", "dedup", "dedup.threshold=0");
    assertThat(p).containsExactly(
        "--set dedup: expected key.path=value, for example --set split.eval-fraction=0.2",
        "dedup.threshold: must be above 0.0 and below 1.0, found 0.0",
        "split.eval-fraction: must be between 0.0 and 1.0, found 2.0");
  }
}
