package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The client package {@code llm} (and {@code llm.batch}) never reaches into the simulator {@code llm.sim}. */
class LlmLayerTest {
  private static final Path LLM = Path.of("src/main/java/org/instructsynth/llm");

  @Test
  void clientCodeDoesNotUseTheSimulatorPackage() throws IOException {
    List<String> uses = new ArrayList<>();
    try (Stream<Path> files = Files.walk(LLM)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(LLM.resolve("sim"))).toList()) {
        for (String line : Files.readAllLines(f)) {
          String code = line.strip();
          if (!code.startsWith("*") && !code.startsWith("/") && code.contains("org.instructsynth.llm.sim")) {
            uses.add(LLM.relativize(f) + ": " + code);
          }
        }
      }
    }
    assertThat(Files.isDirectory(LLM.resolve("sim"))).as("the simulator package exists where this test looks").isTrue();
    assertThat(uses).as("code in llm that imports or names llm.sim").isEmpty();
  }
}
