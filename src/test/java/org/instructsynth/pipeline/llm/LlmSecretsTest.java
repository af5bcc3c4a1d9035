package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API key reaches the server as a bearer token and nothing else: no file, log, message or toString. */
class LlmSecretsTest {
  private static final String ENV = "INSTRUCTSYNTH_TEST_API_KEY";
  private static final String CANARY = "sk-canary-Zq81xW3vLp0RmT6y";
  private static final EnvLookup ENV_LOOKUP = name -> ENV.equals(name) ? CANARY : null;

  private final List<String> authorizations = new ArrayList<>();
  private MockWebServer server;
  private StringWriter logs;
  private WriterAppender appender;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String auth = request.getHeaders().get("Authorization");
        synchronized (authorizations) {
          authorizations.add(auth);
        }
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        if (body.contains("unauthorized")) {
          return new MockResponse.Builder().code(401)
              .body("{\"error\":{\"message\":\"Incorrect API key provided: " + auth.substring(7) + "\",\"code\":\"invalid_api_key\"}}").build();
        }
        if (body.contains("echo")) {
          // a badly behaved server that echoes the credentials in its error body
          return new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"bad request from " + auth + "\"}}").build();
        }
        return new MockResponse.Builder().code(200).body(
            "{\"model\":\"m\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}").build();
      }
    });
    server.start();
    logs = new StringWriter();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender = WriterAppender.newBuilder().setName("secrets-capture").setTarget(logs)
        .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%throwable").build()).build();
    appender.start();
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    config.getLoggerConfig("org.instructsynth").setLevel(Level.DEBUG);
    context.updateLoggers();
  }

  @AfterEach
  void stop() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender("secrets-capture");
    context.getConfiguration().getLoggerConfig("org.instructsynth").setLevel(Level.INFO);
    context.updateLoggers();
    appender.stop();
    server.close();
  }

  private LlmSettings settings() {
    return LlmSettings.defaults().toBuilder()
        .provider(LlmSettings.OPENAI_COMPATIBLE)
        .baseUrl(server.url("/v1").toString())
        .apiKeyEnv(ENV)
        .model("m")
        .requestsPerMinute(60_000)
        .maxFailureRatio(1.0)
        .maxRetries(1)
        .partitions(2)
        .build();
  }

  @Test
  void theKeyIsSentAsBearerAndAppearsNowhereElse(@TempDir Path out) throws IOException {
    SparkSession spark = SparkTestSession.get();
    List<LlmRequest> requests = LlmStageTest.requests(10, 0);
    requests.add(LlmRequest.completion("m", "please echo", null, 0));
    LlmSettings settings = settings();
    List<String> texts = new ArrayList<>();
    // both formats, on the executors (driver-max-requests 0) and on the driver (the default for 11 requests)
    List<String[]> runs = new ArrayList<>();
    for (int driverMax : new int[] {0, settings.calls().driverMaxRequests()}) {
      runs.add(new String[] {"json", Integer.toString(driverMax)});
      runs.add(new String[] {"parquet", Integer.toString(driverMax)});
    }
    for (String[] run : runs) {
      String format = run[0];
      int driverMax = Integer.parseInt(run[1]);
      LlmSettings path = settings.toBuilder().calls(settings.calls().withDriverMaxRequests(driverMax)).build();
      LlmStage.Options options = new LlmStage.Options(path, out.resolve(format + "-" + driverMax).toString(), "2026-01-01", "distill", format);
      LlmStage.Result result = LlmStage.run(spark, LlmStageTest.frame(spark, requests), options, ENV_LOOKUP);
      assertThat(result.ok()).isEqualTo(10);
      assertThat(result.failed()).isEqualTo(1);
      for (Row row : result.rows().collectAsList()) {
        texts.add(row.toString());
      }
      for (Row row : spark.read().format(format).load(options.ledgerPath()).collectAsList()) {
        texts.add(row.toString());
      }
      texts.add(result.toString());
      texts.add(options.toString());
    }
    assertThat(authorizations).hasSize(44).allMatch(("Bearer " + CANARY)::equals);
    texts.add(settings.toString());
    texts.add(spark.sparkContext().getConf().toDebugString());
    texts.add(spark.conf().getAll().toString());
    assertThat(String.join("\n", texts)).contains("bad request from Bearer ***").doesNotContain(CANARY).doesNotContain("Zq81xW3v");

    List<Path> files;
    try (Stream<Path> walk = Files.walk(out)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThan(4);
    for (Path file : files) {
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(content).as(file.toString()).doesNotContain(CANARY).doesNotContain("Zq81xW3v");
    }
    assertThat(logs.toString()).contains("LLM stage done").doesNotContain(CANARY).doesNotContain("Zq81xW3v");
  }

  @Test
  void aRejectedKeyFailsTheStageWithoutPrintingIt(@TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    List<LlmRequest> requests = List.of(LlmRequest.completion("m", "unauthorized", null, 0));
    LlmStage.Options options = new LlmStage.Options(settings(), out.toString(), "2026-01-01", "distill", "json");
    Throwable thrown = catchThrowable(() -> LlmStage.run(spark, LlmStageTest.frame(spark, requests), options, ENV_LOOKUP));
    assertThat(thrown).isNotNull();
    StringBuilder chain = new StringBuilder();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      chain.append(t).append('\n');
    }
    assertThat(chain.toString()).contains("rejected the credentials with HTTP 401").contains(ENV).doesNotContain(CANARY).doesNotContain("Zq81xW3v");
    assertThat(logs.toString()).doesNotContain(CANARY).doesNotContain("Zq81xW3v");
  }
}
