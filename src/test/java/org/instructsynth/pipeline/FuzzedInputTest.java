package org.instructsynth.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.instructsynth.config.ConfigException;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.job.RunResult;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzed input: random bytes, truncated JSON, huge lines, deep nesting, wrong types, invalid UTF-8,
 * BOMs and CRLF, mixed with known good rows. Nothing crashes, every bad line is a reject with its
 * line number, and no good row is lost.
 */
class FuzzedInputTest {
  @TempDir Path dir;

  private static String good(int i) {
    return "{\"instruction\": \"Explain fact number " + i + " about the moon in one sentence.\", \"input\": \"\","
        + " \"output\": \"Fact " + i + " is about the moon.\"}";
  }

  private static byte[] junk(Random rnd, int kind) {
    String g = good(1_000_000 + rnd.nextInt(1000));
    return switch (kind) {
      case 0 -> { // random bytes without a newline
        byte[] b = new byte[1 + rnd.nextInt(200)];
        rnd.nextBytes(b);
        for (int i = 0; i < b.length; i++) {
          if (b[i] == '\n' || b[i] == '\r') {
            b[i] = 'x';
          }
        }
        b[0] = '#';
        yield b;
      }
      case 1 -> g.substring(0, 1 + rnd.nextInt(g.length() - 2)).getBytes(StandardCharsets.UTF_8); // truncated
      case 2 -> ("{\"instruction\": \"" + "y".repeat(70_000) + "\", \"output\": \"z\"}").getBytes(StandardCharsets.UTF_8);
      case 3 -> ("{\"instruction\": \"deep\", \"output\": \"o\", \"x\": " + "[".repeat(3000) + "]".repeat(3000) + "}")
          .getBytes(StandardCharsets.UTF_8);
      case 4 -> "{\"instruction\": [\"a\"], \"output\": \"b\"}".getBytes(StandardCharsets.UTF_8); // wrong type
      case 5 -> "{\"instruction\": \"ok\", \"output\": {\"nested\": true}}".getBytes(StandardCharsets.UTF_8);
      case 6 -> { // invalid UTF-8 inside an otherwise good row
        byte[] b = g.getBytes(StandardCharsets.UTF_8);
        b[20] = (byte) 0xC0;
        yield b;
      }
      case 7 -> "[1, 2, 3]".getBytes(StandardCharsets.UTF_8);
      case 8 -> "null".getBytes(StandardCharsets.UTF_8);
      default -> "{\"output\": \"no instruction\"}".getBytes(StandardCharsets.UTF_8);
    };
  }

  @Test
  void randomJunkBetweenGoodRowsIsRejectedLineByLineAndNoGoodRowIsLost() throws Exception {
    for (long seed : new long[] {1, 2, 3}) {
      Random rnd = new Random(seed);
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      Set<Long> badLines = new HashSet<>();
      Set<String> goodInstructions = new HashSet<>();
      int lines = 400;
      for (int i = 1; i <= lines; i++) {
        byte[] line;
        if (rnd.nextDouble() < 0.3) {
          line = junk(rnd, rnd.nextInt(10));
          badLines.add((long) i);
        } else {
          String g = good(i);
          line = ((i == 1 ? "\uFEFF" : "") + g).getBytes(StandardCharsets.UTF_8);
          goodInstructions.add("Explain fact number " + i + " about the moon in one sentence.");
        }
        file.write(line);
        file.write(rnd.nextBoolean() ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
      }
      Path input = dir.resolve("fuzz-" + seed + ".jsonl");
      Files.write(input, file.toByteArray());
      Path out = dir.resolve("out-" + seed);
      RunResult r = TestJobs.run("conf/curate.yaml", out, "input.path=" + input, "run.date=2026-08-01",
          "input.max-record-bytes=65536", "filters.enabled=false", "dedup.exact=false", "dedup.near=false");

      List<Row> rejects = TestJobs.rejects(out).collectAsList();
      Set<Long> rejected = new HashSet<>();
      for (Row row : rejects) {
        assertThat(row.<String>getAs("reason")).isEqualTo("malformed_input");
        assertThat(row.<String>getAs("detail")).isNotBlank();
        rejected.add(row.getAs("line_number"));
      }
      assertThat(rejected).as("seed " + seed).isEqualTo(badLines);
      List<String> kept = new ArrayList<>();
      TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval"))
          .select("instruction").collectAsList().forEach(x -> kept.add(x.getString(0)));
      assertThat(kept).as("seed " + seed).containsExactlyInAnyOrderElementsOf(goodInstructions);
      assertThat(r.report().path("funnel").get(0).path("rows_in").asLong()).isEqualTo(lines);
    }
  }

  @Test
  void theConfigParserNeverFailsWithAnythingButAConfigException() throws Exception {
    Random rnd = new Random(11);
    String base = Files.readString(Path.of("conf/curate.yaml"));
    List<String> samples = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      switch (i % 5) {
        case 0 -> samples.add(base.substring(0, rnd.nextInt(base.length())));
        case 1 -> {
          byte[] b = new byte[rnd.nextInt(300)];
          rnd.nextBytes(b);
          samples.add(new String(b, StandardCharsets.ISO_8859_1));
        }
        case 2 -> {
          char[] c = base.toCharArray();
          String noise = "{}[]:-\"'#\t\n ,&*!|>";
          for (int k = 0; k < 5; k++) {
            c[rnd.nextInt(c.length)] = noise.charAt(rnd.nextInt(noise.length()));
          }
          samples.add(new String(c));
        }
        case 3 -> samples.add("recipe: curate\noutput: {path: o}\ninput: {path: x}\nsplit: " + "[".repeat(rnd.nextInt(2000)));
        default -> samples.add(base.replace("0.1", "[1, 2]").replace("true", "{a: b}").replace("42", "\"x\""));
      }
    }
    int ok = 0;
    for (String s : samples) {
      Path p = dir.resolve("c.yaml");
      Files.writeString(p, s);
      try {
        ConfigLoader.load(p, List.of());
        ok++;
      } catch (ConfigException e) {
        assertThat(e.getMessage()).startsWith("Invalid configuration");
        assertThat(e.problems()).isNotEmpty();
      }
    }
    assertThat(ok).isLessThan(samples.size());
  }
}
