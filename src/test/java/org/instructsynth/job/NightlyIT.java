package org.instructsynth.job;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly operation with an LLM recipe: the second night's input is the first night's plus two new
 * instructions. Only the new ones are paid for (the ledger answers the rest), what night one kept is
 * not written again (earlier nights are dedup references), and night one's partition is untouched.
 */
class NightlyIT {
  @TempDir Path dir;

  /** Two clean sample rows (no planted problem) that are not among the first 20 lines. */
  private static final List<Integer> NEW_LINES = List.of(21, 23);

  @Test
  void aNewNightPaysOnlyForNewInstructionsAndAddsOnlyNewRows() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("sample-data/instructions.jsonl"));
    List<String> night1 = new ArrayList<>(lines.subList(0, 20));
    List<String> night2 = new ArrayList<>(night1);
    NEW_LINES.forEach(n -> night2.add(lines.get(n - 1)));
    Path in1 = dir.resolve("night1.jsonl");
    Path in2 = dir.resolve("night2.jsonl");
    Files.write(in1, night1);
    Files.write(in2, night2);
    Path out = dir.resolve("out");
    String[] common = {"distill.judge.enabled=false", "split.min-eval-per-task=0"};

    RunResult first = TestJobs.run("conf/distill.yaml", out, concat(common, "run.date=2026-09-01", "input.path=" + in1));
    long firstKept = first.rows("train") + first.rows("eval");
    assertThat(firstKept).isPositive();
    List<String> firstIds = ids(out, "2026-09-01");

    RunResult second = TestJobs.run("conf/distill.yaml", out, concat(common, "run.date=2026-09-02", "input.path=" + in2));
    // What the two new instructions cost on their own, in a fresh output (an empty ledger).
    Path onlyNew = dir.resolve("new.jsonl");
    Files.write(onlyNew, night2.subList(night1.size(), night2.size()));
    RunResult alone = TestJobs.run("conf/distill.yaml", dir.resolve("alone"),
        concat(common, "run.date=2026-09-02", "input.path=" + onlyNew));
    long newCalls = alone.report().path("llm").path("calls").asLong();
    assertThat(newCalls).isPositive();
    assertThat(second.report().path("llm").path("calls").asLong()).isEqualTo(newCalls);
    assertThat(second.report().path("llm").path("cached").asLong())
        .isEqualTo(first.report().path("llm").path("calls").asLong());
    // Night two writes only the new instructions; night one's rows are references, not output.
    List<String> secondInstructions = TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval"))
        .where(col("run_date").equalTo("2026-09-02")).select("instruction").collectAsList()
        .stream().map(r -> r.getString(0)).toList();
    assertThat(secondInstructions).hasSize(NEW_LINES.size());
    assertThat(ids(out, "2026-09-01")).isEqualTo(firstIds);
    assertThat(second.report().path("comparison").path("previous_run_date").asText()).isEqualTo("2026-09-01");
  }

  private static List<String> ids(Path out, String date) {
    return TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval"))
        .where(col("run_date").equalTo(date)).select("id").orderBy("id").collectAsList()
        .stream().map(r -> r.getString(0)).toList();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
