package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.instructsynth.core.io.Json;
import org.instructsynth.job.RunResult;
import org.instructsynth.pipeline.llm.Ledger;
import org.instructsynth.testing.ScriptedEndpoint;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden Self-Instruct run (issue 13): {@code conf/self-instruct.yaml} as shipped, on the
 * completions endpoint as the paper, against a loopback OpenAI-compatible server with scripted
 * answers. Two rounds of one prompt each: the kept and rejected rows are exactly those the authors'
 * scripts give by hand (bootstrap_instructions.py, identify_clf_or_not.py, generate_instances.py,
 * prepare_for_finetuning.py with --include_seed_tasks), and every request that reached the server
 * carries the paper's sampling, stop sequences and number of examples.
 */
class SelfInstructGoldenIT {
  private ScriptedEndpoint server;

  @TempDir Path dir;

  /** 8 seeds (round 1 shows all 8: no machine instruction exists yet), 3 of them classification. */
  private static final String[][] SEEDS = {
    {"Suggest a name for a new bakery that sells only bread.", "", "Crumb & Crust", "false"},
    {"Give two reasons why people keep houseplants.", "", "They brighten a room and they are calming to care for.", "false"},
    {"Decide whether the review is positive or negative.", "Review: Lovely staff and great coffee.", "Positive", "true"},
    {"Is the given animal a mammal, bird, or fish?", "Animal: salmon", "Fish", "true"},
    {"Explain how a bicycle gear works to a child.", "", "Small gears make pedalling easy; big gears make you go fast.", "false"},
    {"Translate the greeting into Spanish.", "Good evening", "Buenas noches", "false"},
    {"Which season comes after winter?", "", "Spring", "true"},
    {"List three ways to save energy at home.", "", "Switch off lights, wash at 30 degrees, seal draughty windows.", "false"},
  };

  private static final String CLF = "Tell me if the given number is prime or composite.";
  private static final String GEN = "Rewrite the sentence so it sounds more formal.";

  /** Round 1 continues "9." with items 9..15 (finish_reason stop). */
  private static final String ROUND_1 = " " + CLF + "\n"
      + "10. Draw a picture of a cat sitting on a mat.\n"
      + "11. write a program that sorts numbers.\n"
      + "12. Fix it now.\n"
      + "13. \"Quote the famous line.\"\n"
      + "14. " + GEN + "\n"
      + "15. Give two reasons why people keep houseplants at home.";
  /** Round 2 (its prompt shows round 1's two kept instructions) is cut by max_tokens. */
  private static final String ROUND_2 = " Name three fruits that are yellow.\n10. Summarize the";

  private static final String CLF_INSTANCES = "Class label: Prime\nNumber: 7\nClass label: Composite\nNumber: 12\n"
      + "Class label: Prime\nNumber: 7";
  private static final String GEN_INSTANCES = "Example 1\nSentence: gonna be late, sorry.\nOutput: I apologise, but I will be late.\n"
      + "Example 2\nThanks a lot.\nOutput: Thanks a lot.\n"
      + "Example 3\nSentence: Please note:\nOutput: Note the following:\n"
      + "Example 4\nSentence: see ya\nOutput: Goodbye for";

  @BeforeEach
  void start() throws Exception {
    server = ScriptedEndpoint.start(call -> {
      String prompt = call.prompt();
      if (prompt.startsWith("Write a list of new and varied")) {
        boolean round2 = prompt.contains(CLF);
        return round2 ? ScriptedEndpoint.Reply.cut(ROUND_2) : ScriptedEndpoint.Reply.stop(ROUND_1);
      } else if (prompt.endsWith("Is it classification?")) {
        // identify_clf_or_not.py reads "Yes" only: "yes." is not a classification task.
        return ScriptedEndpoint.Reply.stop(prompt.endsWith(CLF + "\nIs it classification?") ? " Yes" : "yes.");
      } else if (prompt.startsWith("For each classification task")) {
        return ScriptedEndpoint.Reply.stop(CLF_INSTANCES);
      } else if (prompt.startsWith("Come up with examples")) {
        return ScriptedEndpoint.Reply.cut(GEN_INSTANCES);
      }
      throw new IllegalArgumentException("unexpected prompt");
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RunResult run(Path out, String... extra) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < SEEDS.length; i++) {
      String[] s = SEEDS[i];
      lines.add(Json.MAPPER.writeValueAsString(Map.of("id", "seed_task_" + i, "name", "seed_" + i, "instruction", s[0],
          "instances", List.of(Map.of("input", s[1], "output", s[2])), "is_classification", Boolean.parseBoolean(s[3]))));
    }
    Path seeds = dir.resolve("seeds.jsonl");
    Files.write(seeds, lines);
    List<String> overrides = new ArrayList<>(List.of("run.date=2026-11-30", "input.path=" + seeds,
        "self-instruct.max-rounds=2", "self-instruct.prompts-per-round=1",
        "llm.provider=openai-compatible", "llm.base-url=" + server.baseUrl(), "llm.api-key-env=", "llm.model=m",
        "llm.endpoint=completions", "llm.max-retries=0", "split.min-eval-per-task=0"));
    overrides.addAll(List.of(extra));
    return TestJobs.run("conf/self-instruct.yaml", out, overrides.toArray(String[]::new));
  }

  @Test
  void keptAndRejectedRowsAreTheAuthorsAndRequestsCarryThePapersSettings() throws Exception {
    Path out = dir.resolve("out");
    RunResult r = run(out);
    assertThat(r.status()).isEqualTo("complete");

    // --- kept rows (train + eval), written by hand from the authors' rules ---
    List<String> kept = new ArrayList<>();
    for (Row row : TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval")).collectAsList()) {
      kept.add(String.join(" | ", row.<String>getAs("source"), row.<String>getAs("task_type"), row.<String>getAs("instruction"),
          row.<String>getAs("input"), row.<String>getAs("output")));
    }
    List<String> expectedKept = new ArrayList<>(List.of(
        // item 9, classification ("Yes"), output-first: first two instances kept (the third repeats the first)
        "synthesized | classification | " + CLF + " | Number: 7 | Prime",
        "synthesized | classification | " + CLF + " | Number: 12 | Composite",
        // item 14, "yes." is not "Yes": input-first; Example 1 kept (2: output = input, 3: ends with ":", 4: cut)
        "synthesized | generation | " + GEN + " | Sentence: gonna be late, sorry. | I apologise, but I will be late."));
    // prepare_for_finetuning.sh --include_seed_tasks: every seed instance joins the data
    for (String[] s : SEEDS) {
      expectedKept.add("seed | " + ("true".equals(s[3]) ? "classification" : "generation") + " | " + s[0] + " | " + s[1] + " | " + s[2]);
    }
    assertThat(kept).containsExactlyInAnyOrderElementsOf(expectedKept);

    // --- rejected rows, one per rule that dropped something ---
    List<String> rejects = new ArrayList<>();
    for (Row row : TestJobs.rejects(out).collectAsList()) {
      String what = row.<String>getAs("instruction") == null || row.<String>getAs("stage").equals("generate")
          || row.<String>getAs("stage").equals("instances") ? row.<String>getAs("raw") : row.<String>getAs("instruction");
      String io = row.<String>getAs("stage").equals("instance-filter") ? " | " + row.getAs("input") + " | " + row.getAs("output") : "";
      rejects.add(row.getAs("stage") + " | " + row.getAs("reason") + " | " + what + io);
    }
    assertThat(rejects).containsExactlyInAnyOrder(
        // bootstrap_instructions.py L42-43: round 2 ended with finish_reason length, the whole response is discarded
        "generate | truncated | Name three fruits that are yellow.",
        "generate | truncated | Summarize the",
        // L55-56: "draw" / "picture" are in the keyword list
        "post-filter | blocklisted_keyword | Draw a picture of a cat sitting on a mat.",
        // L61-62 after capitalize(): "write a program" became "Write a program"
        "post-filter | starts_with_write_a_program | Write a program that sorts numbers.",
        // L52-53: 3 words <= 3
        "post-filter | instruction_too_short | Fix it now.",
        // L64-65: first character in string.punctuation
        "post-filter | starts_with_punctuation | \"quote the famous line.\"",
        // L195-206: ROUGE-L F vs seed 1 = 2*(7/9*7/7)/(7/9+7/7) = 0.875 > 0.7
        "dedup-rouge | near_duplicate | Give two reasons why people keep houseplants at home.",
        // prepare_for_finetuning.py L157-159: finish_reason length drops the last instance
        "instances | truncated | input: Sentence: see ya\noutput: Goodbye for",
        // L127-140: input == output; output ends with ":"
        "instance-filter | output_equals_input | " + GEN + " | Thanks a lot. | Thanks a lot.",
        "instance-filter | ends_with_colon | " + GEN + " | Sentence: Please note: | Note the following:",
        // L110-125: the exact repeat goes (set())
        "instance-filter | duplicate_instance | " + CLF + " | Number: 7 | Prime");

    // --- what reached the endpoint: 2 generate, 2 classify, 2 instance calls, all on /v1/completions ---
    assertThat(server.calls()).hasSize(6);
    assertThat(r.report().path("llm").path("calls").asLong()).isEqualTo(6);
    long ledger = Tables.readFiles(SparkTestSession.get(), out.resolve(Ledger.DIR).toString(), Ledger.readSchema()).count();
    assertThat(ledger).isEqualTo(6);
    Pattern numbered = Pattern.compile("(?m)^\\d+\\. ");
    int generate = 0;
    int classify = 0;
    int instances = 0;
    for (String b : server.calls().stream().map(ScriptedEndpoint.Call::raw).toList()) {
      JsonNode req = Json.MAPPER.readTree(b);
      String prompt = req.path("prompt").asText();
      assertThat(req.has("messages")).isFalse();
      assertThat(req.has("logit_bias")).as("Self-Instruct sends no logit_bias").isFalse();
      assertThat(req.path("frequency_penalty").asDouble(-1)).isZero();
      if (prompt.startsWith("Write a list of new and varied tasks:\n")) {
        generate++;
        // bootstrap_instructions.py L173-187
        assertThat(req.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(req.path("top_p").asDouble()).isEqualTo(0.5);
        assertThat(req.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(req.path("presence_penalty").asDouble()).isEqualTo(2.0);
        assertThat(req.path("stop").toString()).isEqualTo("[\"\\n\\n\",\"\\n16\",\"16.\",\"16 .\"]");
        // L25-28: 8 examples numbered 1..8, then "9." with nothing after it
        assertThat(numbered.matcher(prompt).results().count()).isEqualTo(8);
        assertThat(prompt).endsWith("\n9.");
        if (prompt.contains(CLF)) { // round 2: the 2 machine instructions kept in round 1, 6 seeds
          assertThat(prompt).contains(". " + GEN + "\n");
        }
      } else if (prompt.endsWith("Is it classification?")) {
        classify++;
        // identify_clf_or_not.py L46-51; 31 examples + the task
        assertThat(req.path("max_tokens").asInt()).isEqualTo(3);
        assertThat(req.path("temperature").asDouble()).isZero();
        assertThat(req.path("top_p").asDouble()).isZero();
        assertThat(req.path("presence_penalty").asDouble(-1)).isZero();
        assertThat(req.path("stop").toString()).isEqualTo("[\"\\n\",\"Task\"]");
        assertThat(prompt.split("Is it classification\\?", -1)).hasSize(33);
      } else {
        instances++;
        boolean clf = prompt.startsWith("For each classification task");
        // generate_instances.py L141-155 (max_tokens per task here; per batch of 5 there)
        assertThat(req.path("temperature").asDouble()).isZero();
        assertThat(req.path("top_p").asDouble()).isZero();
        assertThat(req.path("presence_penalty").asDouble()).isEqualTo(1.5);
        assertThat(req.path("max_tokens").asInt()).isEqualTo(clf ? 300 : 350);
        assertThat(req.path("stop").toString()).isEqualTo("[\"Example 6\",\"Task:\"]");
        assertThat(prompt.split("\n\nTask: ", -1)).hasSize(clf ? 18 : 13); // header + 16 / 11 examples + the task
        assertThat(prompt).endsWith("\n\nTask: " + (clf ? CLF : GEN) + "\n");
      }
    }
    assertThat(List.of(generate, classify, instances)).containsExactly(2, 2, 2);
    // the ledger stores what was sent: its request JSON has the same sampling as the wire body
    for (Row row : Tables.readFiles(SparkTestSession.get(), out.resolve(Ledger.DIR).toString(), Ledger.readSchema())
        .where(col("stage").equalTo("instructions")).collectAsList()) {
      JsonNode req = Json.MAPPER.readTree(row.<String>getAs("request"));
      assertThat(req.path("stop").toString()).isEqualTo("[\"\\n\\n\",\"\\n16\",\"16.\",\"16 .\"]");
      assertThat(req.path("presence_penalty").asDouble()).isEqualTo(2.0);
    }
  }

  /**
   * {@code --use_clf_seed_tasks_only}: only the 3 classification seeds exist, so the prompt shows 3
   * and the check that 6 are needed fails as a user error; with num-prompt-instructions 3 (and no
   * machine examples) the prompt uses the classification header and shows only those seeds.
   */
  @Tag("extended")
  @Test
  void classificationSeedsOnlyShowsClassificationSeedsUnderItsHeader() throws Exception {
    Path out = dir.resolve("clf");
    run(out, "self-instruct.generation.classification-seeds-only=true", "self-instruct.generation.num-prompt-instructions=3",
        "self-instruct.generation.num-machine-instructions=0", "self-instruct.max-rounds=1");
    List<String> prompts = new ArrayList<>();
    for (String b : server.calls().stream().map(ScriptedEndpoint.Call::raw).toList()) {
      String p = Json.MAPPER.readTree(b).path("prompt").asText();
      if (p.startsWith("Write a list of new and varied classification tasks,")) {
        prompts.add(p);
      }
    }
    assertThat(prompts).hasSize(1);
    for (String[] s : SEEDS) {
      assertThat(prompts.get(0).contains(s[0])).as(s[0]).isEqualTo("true".equals(s[3]));
    }
    assertThat(prompts.get(0)).startsWith("Write a list of new and varied classification tasks, naming the possible output labels "
        + "where you can.\n1. ").endsWith("\n4.");
  }
}
