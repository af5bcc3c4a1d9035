package org.instructsynth.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.junit.jupiter.api.Test;

/** The shipped conf/log4j2.properties in both formats: every line has the UTC date and time and the run id. */
class LogFormatTest {

  /** What one INFO line of org.instructsynth looks like under conf/log4j2.properties with the given format. */
  private static String logOneLine(String format) throws Exception {
    String before = System.getProperty(LogSetup.FORMAT_PROPERTY);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setProperty(LogSetup.FORMAT_PROPERTY, format);
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LoggerContext context = new LoggerContext("log-format-test-" + format);
    try {
      context.start(ConfigurationFactory.getInstance().getConfiguration(context,
          ConfigurationSource.fromUri(Path.of("conf/log4j2.properties").toUri())));
      ThreadContext.put(LogSetup.RUN_ID, "20261121T021500Z-curate-1a2b");
      context.getLogger("org.instructsynth.pipeline.StageRunner").info("stage load rows in 142");
      context.getLogger("org.apache.spark.SparkContext").info("not shown: Spark logs at WARN");
    } finally {
      ThreadContext.remove(LogSetup.RUN_ID);
      context.stop();
      System.setErr(err);
      if (before == null) {
        System.clearProperty(LogSetup.FORMAT_PROPERTY);
      } else {
        System.setProperty(LogSetup.FORMAT_PROPERTY, before);
      }
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textLinesCarryDateTimeAndRunId() throws Exception {
    String out = logOneLine("text");
    assertThat(out.lines().toList()).hasSize(1);
    assertThat(out).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z INFO  \\[20261121T021500Z-curate-1a2b\\] "
        + "StageRunner: stage load rows in 142\\R");
  }

  @Test
  void jsonLinesAreOneObjectEachWithTimestampLevelRunIdAndMessage() throws Exception {
    String out = logOneLine("json");
    assertThat(out.lines().toList()).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(out);
    assertThat(line.path("@timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    assertThat(line.path("log.level").asText()).isEqualTo("INFO");
    assertThat(line.path("message").asText()).isEqualTo("stage load rows in 142");
    assertThat(line.path("log.logger").asText()).isEqualTo("org.instructsynth.pipeline.StageRunner");
    assertThat(line.path("run_id").asText()).isEqualTo("20261121T021500Z-curate-1a2b");
  }
}
