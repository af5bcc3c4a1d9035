package org.instructsynth.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.assertj.core.groups.Tuple;
import org.instructsynth.core.io.Json;
import org.instructsynth.job.RunResult;
import org.instructsynth.pipeline.llm.Ledger;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.ScriptedEndpoint;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SELF-GUIDE golden run (issue 13): one classification and one generation task, one epoch of 7
 * prompts each, 4 output samples, against a loopback completions endpoint whose answers are scripted
 * per task and draw (input prompts) or per input and sample (output prompts). The kept and rejected
 * rows are the ones the authors' rules give by hand (docs/PARITY.md, SG-*), and every request that
 * reached the endpoint is checked: sampling, examples, sample indexes.
 */
class SelfGuideGoldenIT {
  private static final String CLF = "Is the message spam or not spam?";
  private static final String GEN = "Suggest an activity for the situation.";

  // Example input lengths 31, 24, 31, 27: mean 28.25, sd 2.947 -> window [int(22.36), int(34.14)) = [22, 34).
  private static final String CLF_SEED = "{\"id\":\"clf\",\"name\":\"spam\",\"instruction\":\"" + CLF + "\",\"is_classification\":true,"
      + "\"labels\":[\"not spam\",\"spam\"],\"instances\":["
      + "{\"input\":\"Win a free phone now, reply YES\",\"output\":\"spam\"},"
      + "{\"input\":\"Lunch at noon on Friday?\",\"output\":\"not spam\"},"
      + "{\"input\":\"You won! Send your bank details\",\"output\":\"spam\"},"
      + "{\"input\":\"Can you send me the report?\",\"output\":\"not spam\"}]}";
  // Example output lengths 12, 24, 36: mean 24, sd 9.80 -> window [int(4.40), int(43.60)) = [4, 43).
  private static final String GEN_SEED = "{\"id\":\"gen\",\"name\":\"activity\",\"instruction\":\"" + GEN + "\",\"is_classification\":false,"
      + "\"instances\":["
      + "{\"input\":\"I feel bored at home.\",\"output\":\"Take a walk.\"},"
      + "{\"input\":\"It is raining all day.\",\"output\":\"Read a book by the fire.\"},"
      + "{\"input\":\"Friends are visiting tonight.\",\"output\":\"Cook a big pot of soup with friends.\"}]}";

  /** The generated input of each draw (= sample index of the input request). */
  private static final Map<String, List<String>> INPUTS = Map.of(
      "clf", List.of(
          "Claim your prize today",             // 22 = lower bound: kept (min <= len)
          "Absolutely! Free cash for you",      // 29, in the window: noise_phrase (greeting)
          "Call now to claim a free gift card", // 34 = upper bound: length_outlier (len < max)
          "Are we meeting at noon?",            // kept
          "Claim your prize today",             // duplicate_input (kept earlier in the epoch)
          "Your parcel is waiting, pay $2",     // kept
          "Team lunch moved to Friday"),        // kept
      "gen", List.of(
          "Hi",                                 // 2 chars: kept (no input length filter for generation tasks)
          "Tell me about the input format",     // noise_phrase: the optional list's "input"
          "   ",                                // empty_input (stripped)
          "Plan a picnic",                      // kept
          "\"Plan a trip\"",                    // kept as generated, quotes and all (SG-14)
          "Plan a picnic",                      // duplicate_input
          "Line one\n\nLine two"));             // noise_phrase: "\n\n"

  /** The answers of each kept input, by sample index. */
  private static final Map<String, List<String>> OUTPUTS = Map.of(
      // 3 of 4 "This is spam." -> after the vote mapped to the first label it contains: "spam"
      "Claim your prize today", List.of("This is spam.", "This is spam.", "not spam", "This is spam."),
      // "Of course! spam" is noise; "not spam" wins 2 of 3 survivors
      "Are we meeting at noon?", List.of("not spam", "not spam.", "Of course! spam", "not spam"),
      // "" is empty_output; "It is spam" wins 2 of 3 -> "spam"
      "Your parcel is waiting, pay $2", List.of("It is spam", "It is spam", "unsure", ""),
      // "Maybe" wins 3 of 4 and contains no label: no_label at the vote
      "Team lunch moved to Friday", List.of("Maybe", "Maybe", "spam", "Maybe"),
      // "ab" (2) is below the output window [4, 43): length_outlier; "Short answer one" wins 2 of 3
      "Hi", List.of("ab", "Short answer one", "Short answer one", "Other answer"),
      // two noise answers; a 1-1 tie goes to the shorter "Bring fruit" (share 0.5)
      "Plan a picnic", List.of("Bring sandwiches", "Bring fruit", "Of course! Bring tea", "Line\n\nbreak"),
      // four different answers: share 0.25 < 0.3, low_agreement
      "\"Plan a trip\"", List.of("Pack light", "Book early", "Go by train", "Take a bus"));

  private ScriptedEndpoint server;

  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    server = ScriptedEndpoint.start(call -> ScriptedEndpoint.Reply.stop(answer(call.prompt(), call.sampleIndex())));
  }

  private static String answer(String prompt, int sample) {
    String task = prompt.contains(CLF) ? "clf" : "gen";
    if (prompt.endsWith("[input]=")) {
      return INPUTS.get(task).get(sample);
    }
    String marker = "USER: [input] = ";
    String last = prompt.substring(prompt.lastIndexOf(marker) + marker.length(), prompt.lastIndexOf("\nASSISTANT:"));
    return OUTPUTS.get(last).get(sample);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theAuthorsRulesByHandOnScriptedAnswers() throws Exception {
    Path seeds = Files.write(dir.resolve("seeds.jsonl"), List.of(CLF_SEED, GEN_SEED));
    Path out = dir.resolve("out");
    RunResult r = TestJobs.run("conf/self-guide.yaml", out, "run.date=2026-05-01", "input.path=" + seeds,
        "self-guide.tasks=[]", "self-guide.epochs=1", "self-guide.prompts-per-epoch=7", "self-guide.outputs.samples=4",
        "llm.provider=openai-compatible", "llm.endpoint=completions", "llm.base-url=" + server.baseUrl(),
        "llm.api-key-env=", "llm.model=m", "llm.max-retries=0", "split.min-eval-per-task=0", "export.formats=[]");

    // What reached the endpoint: 7 input draws per task, then 4 samples of each of the 7 kept inputs.
    List<JsonNode> inputs = new ArrayList<>();
    List<JsonNode> outputs = new ArrayList<>();
    Map<String, Set<Integer>> draws = Map.of("clf", new HashSet<>(), "gen", new HashSet<>());
    List<ScriptedEndpoint.Call> calls = server.calls();
    for (int i = 0; i < calls.size(); i++) {
      JsonNode b = calls.get(i).body();
      String prompt = b.path("prompt").asText();
      assertThat(b.has("messages")).isFalse(); // completions endpoint: one text
      assertThat(b.has("n")).isFalse();
      assertThat(b.has("best_of")).isFalse();
      assertThat(b.path("max_tokens").asInt()).isEqualTo(500);
      boolean clf = prompt.contains(CLF);
      if (prompt.endsWith("[input]=")) {
        inputs.add(b);
        draws.get(clf ? "clf" : "gen").add(calls.get(i).sampleIndex());
        assertThat(b.path("temperature").asDouble()).isEqualTo(clf ? 0.7 : 0.9);
        assertThat(b.path("top_k").asInt()).isEqualTo(40);
        // every example input is a good example; one epoch: the pool at its start is empty (N/A)
        String good = prompt.substring(0, prompt.indexOf("=== Earlier generated inputs ==="));
        assertThat(good.split("\\[input\\]=\"", -1)).hasSize(clf ? 5 : 4);
        assertThat(prompt).contains("=== Earlier generated inputs ===\nTheir format or content may be wrong. Use them only for ideas, and do not repeat them.\n\nN/A\n");
      } else {
        outputs.add(b);
        assertThat(b.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(b.path("top_k").asInt()).isEqualTo(10);
        assertThat(calls.get(i).sampleIndex()).isBetween(0, 3);
        // the paper's annotation text: header, instruction turn, one USER/ASSISTANT pair per example, the new input
        assertThat(prompt).startsWith("A conversation between a user and an AI assistant").contains("\nASSISTANT: Okay.\nUSER: [input] = ")
            .endsWith("\nASSISTANT:");
        assertThat(prompt.split("\nUSER: \\[input\\] = ", -1)).hasSize(clf ? 6 : 5);
        assertThat(prompt).contains(clf ? "USER: [input] = Lunch at noon on Friday?\nASSISTANT: not spam\n"
            : "USER: [input] = It is raining all day.\nASSISTANT: Read a book by the fire.\n");
      }
    }
    assertThat(inputs).hasSize(14);
    // SG-3: every draw its own sample index, so the two equal prompts of a task are two requests
    assertThat(draws.get("clf")).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
    assertThat(draws.get("gen")).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
    assertThat(outputs).hasSize(7 * 4);
    long ledger = Tables.readFiles(SparkTestSession.get(), out.resolve(Ledger.DIR).toString(), Ledger.readSchema()).count();
    assertThat(ledger).isEqualTo(calls.size());
    assertThat(r.report().path("llm").path("calls").asLong()).isEqualTo(42);

    // Kept rows: one "spam" of the two is dropped by the class balance (seeded).
    List<Row> kept = TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval")).collectAsList();
    List<Tuple> rows = kept.stream().map(x -> tuple(x.<String>getAs("task_id"), x.<String>getAs("input"), x.<String>getAs("output"))).toList();
    assertThat(rows).hasSize(4).contains(
        tuple("clf", "Are we meeting at noon?", "not spam"), // SG-20 vote 2/3, SG-22 exact label
        tuple("gen", "Hi", "Short answer one"),              // SG-11 no input window for generation; SG-18 "ab" dropped
        tuple("gen", "Plan a picnic", "Bring fruit"));       // SG-20 tie -> shortest
    assertThat(rows).containsAnyOf(
        tuple("clf", "Claim your prize today", "spam"),       // SG-22 "This is spam." -> "spam" after the vote
        tuple("clf", "Your parcel is waiting, pay $2", "spam"));

    List<Tuple> rejects = TestJobs.rejects(out).collectAsList().stream()
        .map(x -> tuple(x.<String>getAs("stage"), x.<String>getAs("reason"), x.<String>getAs("input"), x.<String>getAs("output")))
        .toList();
    assertThat(rejects).filteredOn(t -> !"class_balance".equals(t.toArray()[1])).containsExactlyInAnyOrder(
        tuple("input-filter", "noise_phrase", "Absolutely! Free cash for you", null),     // SG-12 greeting
        tuple("input-filter", "length_outlier", "Call now to claim a free gift card", null), // SG-11 len 34 not < 34
        tuple("input-filter", "duplicate_input", "Claim your prize today", null),         // SG-13
        tuple("input-filter", "noise_phrase", "Tell me about the input format", null),    // SG-12 "input"
        tuple("input-filter", "empty_input", "", null),                                   // SG-10 empty
        tuple("input-filter", "duplicate_input", "Plan a picnic", null),                  // SG-13
        tuple("input-filter", "noise_phrase", "Line one\n\nLine two", null),              // SG-12 "\n\n"
        tuple("outputs", "noise_phrase", "Are we meeting at noon?", "Of course! spam"),   // SG-19
        tuple("outputs", "empty_output", "Your parcel is waiting, pay $2", ""),           // SG-17
        tuple("outputs", "length_outlier", "Hi", "ab"),                                   // SG-18 len 2 < 4
        tuple("outputs", "noise_phrase", "Plan a picnic", "Of course! Bring tea"),        // SG-19
        tuple("outputs", "noise_phrase", "Plan a picnic", "Line\n\nbreak"),               // SG-19 "\n\n"
        tuple("vote", "no_label", "Team lunch moved to Friday", "Maybe"),                 // SG-22 winner names no label
        tuple("vote", "low_agreement", "\"Plan a trip\"", null));                         // SG-20 share 0.25 < 0.3
    assertThat(rejects).filteredOn(t -> "class_balance".equals(t.toArray()[1])).hasSize(1)
        .allMatch(t -> "balance".equals(t.toArray()[0]) && "spam".equals(t.toArray()[3])); // SG-23
  }
}
