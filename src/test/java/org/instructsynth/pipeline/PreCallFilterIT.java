package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.instructsynth.core.io.Json;
import org.instructsynth.job.RunResult;
import org.instructsynth.pipeline.llm.Ledger;
import org.instructsynth.testing.ScriptedEndpoint;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distill against a loopback OpenAI-compatible server that records every request it receives: an
 * over-long (some 900 KB) instruction and a blocklisted one reach neither the teacher nor the judge;
 * they are rejects of stage {@code pre-filter} with the filter's reason codes, and the ledger holds
 * exactly the requests the server saw.
 */
class PreCallFilterIT {
  private static final String LONG_MARK = "overlongmarker";
  private ScriptedEndpoint server;

  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    // One answer serves teacher and judge: it reads as a score and as a short answer; answers differ,
    // so each candidate gets its own judge request.
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    server = ScriptedEndpoint.start(call -> ScriptedEndpoint.Reply.stop("Score: 7, answer " + n.incrementAndGet()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void rowsTheFiltersDropCostNoTeacherOrJudgeCall() throws Exception {
    String longInstruction = "Summarize " + LONG_MARK + " " + "this text carefully ".repeat(45_000); // ~900 KB
    List<String> lines = List.of(
        json("Explain why the sky looks blue during the day.", ""),
        json(longInstruction, ""),
        json("Draw a map of the neighbourhood around the school.", ""),
        json("Name the capital city of each country in the list.", "Canada, Kenya, Australia"));
    assertThat(lines.get(1).length()).isGreaterThan(850_000);
    Path in = dir.resolve("in.jsonl");
    Files.write(in, lines);
    Path out = dir.resolve("out");

    // Self-Instruct's instruction rules on (distill's default filters only empty fields), three samples
    // of one teacher and a judge request per candidate.
    RunResult r = TestJobs.run("conf/distill.yaml", out, "run.date=2026-10-05", "input.path=" + in,
        "filters.disabled-rules=[]", "filters.blocklist=alpaca", "distill.teachers=[{samples: 3}]", "distill.judge.enabled=true",
        "distill.judge.mode=each",
        "llm.provider=openai-compatible", "llm.base-url=" + server.baseUrl(), "llm.api-key-env=", "llm.model=m",
        "llm.max-retries=0", "split.min-eval-per-task=0");

    // Two instructions survive: 3 teacher candidates and 3 judge calls each, nothing for the others.
    List<String> bodies = server.calls().stream().map(ScriptedEndpoint.Call::raw).toList();
    assertThat(bodies).hasSize(12);
    assertThat(bodies).noneMatch(b -> b.contains(LONG_MARK)).noneMatch(b -> b.contains("Draw a map"));
    assertThat(r.report().path("llm").path("calls").asLong()).isEqualTo(12);
    long ledger = org.instructsynth.pipeline.Tables.readFiles(SparkTestSession.get(), out.resolve(Ledger.DIR).toString(), Ledger.readSchema())
        .count();
    assertThat(ledger).isEqualTo(bodies.size());

    Map<String, String> reasons = new HashMap<>();
    for (Row row : TestJobs.rejects(out).where(col("stage").equalTo("pre-filter")).collectAsList()) {
      String instruction = row.getAs("instruction");
      reasons.put(instruction.contains(LONG_MARK) ? "long" : instruction, row.getAs("reason"));
    }
    assertThat(reasons).containsEntry("long", "instruction_too_long")
        .containsEntry("Draw a map of the neighbourhood around the school.", "blocklisted_keyword").hasSize(2);
    assertThat(r.rows("train") + r.rows("eval")).isEqualTo(2);
  }

  private static String json(String instruction, String input) throws Exception {
    return Json.MAPPER.writeValueAsString(Map.of("instruction", instruction, "input", input, "output", "old"));
  }
}
