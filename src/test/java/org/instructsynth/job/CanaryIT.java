package org.instructsynth.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.llm.SimulatorSettings;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.StandaloneCluster;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary: a real job in its own JVM (as spark-submit would start it) with the API key and a
 * Proxy-Authorization header in its environment, Spark's event log on, and an endpoint that echoes
 * the credentials in some error bodies. Nothing the run wrote (output folder with ledger and _runs,
 * event log, the JVM's stdout and stderr) may contain a canary. A second start with credentials in
 * the base URL is refused without printing them.
 */
class CanaryIT {
  private static final String KEY = "sk-canary-key-7Hq2Lw9Xz4Tb";
  private static final String PROXY_CREDENTIAL = "Y2FuYXJ5OnByb3h5LTVKbTh3UQ";
  private static final String PROXY = "Basic " + PROXY_CREDENTIAL;
  private static final String URL_PASSWORD = "CanaryPw-3Rk8vN";
  private static final List<String> CANARIES = List.of(KEY, "7Hq2Lw9Xz4Tb", PROXY_CREDENTIAL, URL_PASSWORD);

  @Test
  void noCredentialReachesAnythingTheRunWrote(@TempDir Path tmp) throws Exception {
    SimulatedLlmServer sim = SimulatedLlmServer.shared(SimulatorSettings.defaults());
    OkHttpClient http = new OkHttpClient();
    AtomicInteger calls = new AtomicInteger();
    List<String> wrongCredentials = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (MockWebServer endpoint = new MockWebServer()) {
      endpoint.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String auth = request.getHeaders().get("Authorization");
          String proxy = request.getHeaders().get("Proxy-Authorization");
          if (!("Bearer " + KEY).equals(auth) || !PROXY.equals(proxy)) {
            wrongCredentials.add(auth + " / " + proxy);
            return new MockResponse.Builder().code(401).body("{\"error\":{\"message\":\"Incorrect API key provided: " + auth + "\"}}").build();
          }
          if (calls.incrementAndGet() % 7 == 0) {
            // a badly behaved server echoing every credential it was sent
            return new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"bad request from " + auth
                + " via proxy credentials " + proxy + " (" + PROXY_CREDENTIAL + ")\"}}").build();
          }
          Request forward = new Request.Builder().url(sim.baseUrl() + request.getUrl().encodedPath().substring(3))
              .header("X-Sample-Index", String.valueOf(request.getHeaders().get("X-Sample-Index")))
              .post(RequestBody.create(request.getBody().utf8(), MediaType.get("application/json"))).build();
          try (Response r = http.newCall(forward).execute()) {
            return new MockResponse.Builder().code(r.code()).addHeader("Content-Type", "application/json").body(r.body().string()).build();
          } catch (IOException e) {
            return new MockResponse.Builder().code(502).body("{\"error\":{\"message\":\"forwarding failed\"}}").build();
          }
        }
      });
      endpoint.start();
      Path out = tmp.resolve("out");
      Path events = Files.createDirectories(tmp.resolve("events"));
      Path log = tmp.resolve("job.log");
      // 60 sample lines: enough calls for every 7th to fail (the whole sample only took longer)
      Path input = TestJobs.sampleLines(tmp.resolve("in.jsonl"), 0, 60);
      int exit = job(tmp, log, events, List.of("--set", "output.path=" + out, "--set", "run.date=2026-04-01",
          "--set", "input.path=" + input,
          "--set", "distill.judge.enabled=false", "--set", "llm.provider=openai-compatible",
          "--set", "llm.base-url=" + endpoint.url("/v1"), "--set", "llm.api-key-env=CANARY_API_KEY",
          "--set", "llm.header-envs.Proxy-Authorization=CANARY_PROXY_AUTH", "--set", "llm.max-failure-ratio=0.5",
          "--set", "llm.max-retries=0"));
      String jobLog = Files.readString(log);
      assertThat(exit).as(jobLog).isZero();
      assertThat(wrongCredentials).isEmpty();
      assertThat(calls.get()).isGreaterThan(20);

      Path refusedLog = tmp.resolve("refused.log");
      int refused = job(tmp, refusedLog, events, List.of("--set", "output.path=" + tmp.resolve("out2"),
          "--set", "llm.provider=openai-compatible",
          "--set", "llm.base-url=http://canaryuser:" + URL_PASSWORD + "@127.0.0.1:" + endpoint.getPort() + "/v1"));
      assertThat(refused).isNotZero();
      assertThat(Files.readString(refusedLog)).contains("llm.base-url").contains("contains credentials");

      List<Path> written = new ArrayList<>();
      for (Path root : List.of(out, events, log, refusedLog)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(Files::isRegularFile).forEach(written::add);
        }
      }
      assertThat(written).anyMatch(p -> p.startsWith(events)).anyMatch(p -> p.toString().contains("llm_calls"))
          .anyMatch(p -> p.toString().endsWith("config.yaml")).anyMatch(p -> p.toString().endsWith("report.json"));
      String eventLog = "";
      boolean redactedEcho = false;
      for (Path file : written) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String canary : CANARIES) {
          assertThat(content).as(file + " contains a canary").doesNotContain(canary);
        }
        redactedEcho |= content.contains("bad request from Bearer ***");
        if (file.startsWith(events)) {
          eventLog += content;
        }
      }
      assertThat(eventLog).as("the event log was written and read").contains("SparkListenerApplicationEnd")
          .contains("CANARY_PROXY_AUTH");
      assertThat(redactedEcho).as("the ledger kept the server's echo, redacted").isTrue();
    }
  }

  private static int job(Path tmp, Path log, Path events, List<String> overrides) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(StandaloneCluster.sparkJavaOptions());
    command.addAll(SparkTestSession.childJvmOptions());
    command.addAll(List.of("-Xmx1g", "-Dspark.master=local[2]", "-Dspark.eventLog.enabled=true",
        "-Dspark.eventLog.compress=false", "-Dspark.eventLog.dir=" + events.toUri(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), Path.of("conf/distill.yaml").toAbsolutePath().toString()));
    command.addAll(overrides);
    ProcessBuilder pb = new ProcessBuilder(command).directory(new File(System.getProperty("project.dir", "."))).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("CANARY_API_KEY", KEY);
    pb.environment().put("CANARY_PROXY_AUTH", PROXY);
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the job did not finish in 15 minutes; log: " + log);
    }
    return p.exitValue();
  }
}
