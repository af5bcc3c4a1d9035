package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.instructsynth.core.io.Json;
import org.instructsynth.job.RunResult;
import org.instructsynth.testing.ScriptedEndpoint;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden test of {@code distill} (GPT-4-LLM): the shipped {@code conf/distill.yaml} against a
 * scripted loopback OpenAI-compatible server with known answers. The kept and rejected rows below are
 * what the paper's rules give by hand: every given instruction is answered once with Alpaca's prompt
 * structure and kept as it is (no Self-Instruct filter, no near dedup); only what cannot be answered
 * or is the same example twice is dropped, each with its reason.
 */
class DistillGoldenIT {
  private static final Pattern INSTRUCTION = Pattern.compile("### Instruction:\n(.*?)\n\n", Pattern.DOTALL);
  /** The server's answers by instruction; a null answer is cut by max_tokens. */
  private static final Map<String, String> ANSWERS = Map.of(
      "Define entropy.", "Entropy measures how disordered a system is.",
      "¿Cómo se dice gato en inglés?", "Cat.",
      "Name the capital of France.", "Paris.",
      "Summarize the text.", "");

  @TempDir Path dir;

  @Test
  void theGivenSetIsAnsweredOnceAndKeptAsItIs() throws Exception {
    try (ScriptedEndpoint server = ScriptedEndpoint.start(call -> {
      Matcher m = INSTRUCTION.matcher(call.prompt());
      String answer = ANSWERS.getOrDefault(m.find() ? m.group(1) : "", "unexpected");
      return answer.isEmpty() ? ScriptedEndpoint.Reply.cut("Rivers carry water from") : ScriptedEndpoint.Reply.stop(answer);
    })) {
      Path in = dir.resolve("in.jsonl");
      Files.write(in, List.of(
          line("Define entropy.", ""),                                // 3 words: Self-Instruct would drop it; kept
          line("¿Cómo se dice gato en inglés?", ""),                  // non-ASCII first character: kept
          line("Name the capital of France.", ""),
          line("", ""),                                               // empty instruction: pre-filter, no call
          line("Summarize the text.", "Rivers flow to the sea."),     // answer cut at max_tokens: truncated
          line("Name the capital of France.", ""),                    // the same prompt again: one request, exact_duplicate
          "{\"instruction\": \"broken"));                             // not JSON: malformed_input at load

      RunResult r = TestJobs.run("conf/distill.yaml", dir.resolve("out"), "run.date=2026-11-02", "input.path=" + in,
          "llm.provider=openai-compatible", "llm.base-url=" + server.baseUrl(), "llm.api-key-env=", "llm.model=teacher",
          "llm.max-retries=0", "split.min-eval-per-task=0", "export.formats=[]");

      // One request per distinct answerable prompt, as the paper: Alpaca's structure, no system turn,
      // the API's default sampling and distill.max-tokens.
      assertThat(server.calls()).hasSize(4);
      for (ScriptedEndpoint.Call call : server.calls()) {
        JsonNode req = call.body();
        assertThat(req.path("model").asText()).isEqualTo("teacher");
        assertThat(req.path("temperature").asDouble()).isEqualTo(1.0);
        assertThat(req.path("top_p").asDouble()).isEqualTo(1.0);
        assertThat(req.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(req.path("messages")).hasSize(1);
        String prompt = req.path("messages").get(0).path("content").asText();
        assertThat(prompt).startsWith("The request below describes a task").contains("### Instruction:\n").endsWith("### Response:");
        assertThat(prompt.contains("### Input:\nRivers flow to the sea.\n\n")).isEqualTo(prompt.contains("Summarize the text."));
      }
      assertThat(r.report().path("llm").path("calls").asLong()).isEqualTo(4);

      // Kept: the three answered instructions, each once, with the server's answer.
      Map<String, String> kept = new TreeMap<>();
      for (Row row : TestJobs.examples(dir.resolve("out"), "train").unionByName(TestJobs.examples(dir.resolve("out"), "eval"))
          .collectAsList()) {
        assertThat(kept.put(row.getAs("instruction"), row.getAs("output"))).isNull();
      }
      assertThat(kept).containsExactlyInAnyOrderEntriesOf(Map.of(
          "Define entropy.", "Entropy measures how disordered a system is.",
          "¿Cómo se dice gato en inglés?", "Cat.",
          "Name the capital of France.", "Paris."));

      // Rejected: each dropped row with its stage and reason.
      TreeSet<String> rejects = new TreeSet<>();
      for (Row row : TestJobs.rejects(dir.resolve("out")).collectAsList()) {
        rejects.add(row.getAs("stage") + " " + row.getAs("reason") + " " + (row.getAs("instruction") == null ? "" : row.getAs("instruction")));
      }
      assertThat(rejects).containsExactly(
          "answer truncated Summarize the text.",
          "dedup-exact exact_duplicate Name the capital of France.",
          "load malformed_input ",
          "pre-filter empty_instruction ");
      assertThat(TestJobs.rejects(dir.resolve("out")).where(col("stage").equalTo("judge")).count()).isZero();
    }
  }

  private static String line(String instruction, String input) throws Exception {
    return Json.MAPPER.writeValueAsString(Map.of("instruction", instruction, "input", input, "output", "the set's own answer"));
  }
}
