package org.instructsynth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.instructsynth.llm.CallOptions;
import org.instructsynth.llm.LlmAuthException;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.ModelPrice;
import org.instructsynth.llm.Secrets;
import org.junit.jupiter.api.Test;

/** Credentials never come from the configuration; the batch and structured-output keys bind. */
class CallConfigTest {
  private static final Path CONF = Path.of("conf/distill.yaml");

  @Test
  void aBaseUrlWithUserinfoIsRefusedWithoutEchoingIt() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(CONF,
        List.of("llm.provider=openai-compatible", "llm.base-url=http://alice:Hunter2pass@proxy.example:8080/v1")));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("llm.base-url").contains("contains credentials").contains("llm.header-envs")
        .doesNotContain("Hunter2pass").doesNotContain("alice");
  }

  @Test
  void aCredentialHeaderInTheConfigIsRefusedAndPointsToHeaderEnvs() {
    for (String header : List.of("Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "X-Auth-Token", "X-Client-Secret")) {
      ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(CONF,
          List.of("llm.headers." + header + "=Zt9SecretValue")));
      assertThat(e).as(header).isNotNull();
      assertThat(e.getMessage()).contains("llm.headers." + header).contains("llm.header-envs").doesNotContain("Zt9SecretValue");
    }
    JobConfig ok = ConfigLoader.load(CONF, List.of("llm.headers.X-Team=research"));
    assertThat(ok.llm().headers()).containsEntry("X-Team", "research");
  }

  @Test
  void headerEnvsNameVariablesAndTheirValuesComeFromTheEnvironment() {
    JobConfig c = ConfigLoader.load(CONF, List.of("llm.header-envs.Proxy-Authorization=MY_PROXY_AUTH"));
    Map<String, String> envs = c.llm().calls().headerEnvs();
    assertThat(envs).containsExactly(Map.entry("Proxy-Authorization", "MY_PROXY_AUTH"));
    assertThat(ConfigLoader.toYaml(c.resolved())).contains("MY_PROXY_AUTH");
    Map<String, String> headers = Secrets.headersFromEnv(envs, name -> "MY_PROXY_AUTH".equals(name) ? "Basic cHJveHk6cGFzc3dvcmQ=" : null);
    assertThat(headers).containsExactly(Map.entry("Proxy-Authorization", "Basic cHJveHk6cGFzc3dvcmQ="));
    assertThat(Secrets.redact("proxy said cHJveHk6cGFzc3dvcmQ= was wrong")).isEqualTo("proxy said *** was wrong");
    LlmAuthException unset = catchThrowableOfType(LlmAuthException.class, () -> Secrets.headersFromEnv(envs, name -> null));
    assertThat(unset.getMessage()).contains("MY_PROXY_AUTH").contains("secretKeyRef").doesNotContain("spark.executorEnv.MY");

    ConfigException bad = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(CONF,
        List.of("llm.header-envs.Authorization=Bearer sk-abc")));
    assertThat(bad.getMessage()).contains("NAME of an environment variable");
  }

  @Test
  void batchStructuredOutputsAndCachedPricesBind() {
    JobConfig d = ConfigLoader.load(CONF, List.of());
    assertThat(d.llm().calls()).isEqualTo(CallOptions.defaults());
    JobConfig c = ConfigLoader.load(CONF, List.of("llm.mode=batch", "llm.batch-wait=2h", "llm.batch-price-factor=0.4",
        "llm.structured-outputs=true", "llm.prices={my-model: {input: 1.0, output: 4.0, cached-input: 0.25}}"));
    assertThat(c.llm().calls().batch()).isTrue();
    assertThat(c.llm().calls().batchWait()).isEqualTo(Duration.ofHours(2));
    assertThat(c.llm().calls().structuredOutputs()).isTrue();
    assertThat(c.llm().price("my-model")).isEqualTo(new ModelPrice(1.0, 4.0, 0.25));
    assertThat(c.llm().callPrice("my-model")).isEqualTo(new ModelPrice(0.4, 1.6, 0.1));
    assertThat(c.llm().price("gpt-3.5-turbo-instruct")).isEqualTo(new ModelPrice(1.50, 2.00));
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(CONF, List.of("llm.mode=nightly")));
    assertThat(e.getMessage()).contains("llm.mode").contains("batch");
  }

  @Test
  void driverMaxRequestsBindsWithItsDefaultAndRefusesNegatives() {
    assertThat(ConfigLoader.load(CONF, List.of()).llm().calls().driverMaxRequests()).isEqualTo(CallOptions.DRIVER_MAX_REQUESTS);
    assertThat(ConfigLoader.load(CONF, List.of("llm.driver-max-requests=0")).llm().calls().driverMaxRequests()).isZero();
    assertThat(ConfigLoader.load(CONF, List.of("llm.driver-max-requests=250")).llm().calls().driverMaxRequests()).isEqualTo(250);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(CONF, List.of("llm.driver-max-requests=-1")));
    assertThat(e.getMessage()).contains("llm.driver-max-requests");
    ConfigException typo = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(CONF, List.of("llm.driver-max-request=5")));
    assertThat(typo.getMessage()).contains("did you mean 'driver-max-requests'");
  }

  @Test
  void theResolvedConfigIsRedacted() {
    JobConfig c = ConfigLoader.load(CONF, List.of("llm.headers.X-Note=see http://bob:pw1234@host/x and Bearer abcdefgh123"));
    String yaml = ConfigLoader.toYaml(c.resolved());
    assertThat(yaml).contains("http://***@host/x").contains("Bearer ***").doesNotContain("pw1234").doesNotContain("abcdefgh123");
    assertThat(LlmSettings.defaults().calls().batch()).isFalse();
  }
}
