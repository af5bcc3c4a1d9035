package org.instructsynth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.instructsynth.llm.CallOptions;
import org.instructsynth.llm.Secrets;

/**
 * The {@code llm.*} keys of {@link CallOptions} ({@code mode}, {@code batch-wait}, {@code
 * batch-price-factor}, {@code header-envs}, {@code structured-outputs}, {@code budget-allow-unpriced}, {@code driver-max-requests}) and the credential rules of
 * {@code base-url} and {@code headers}: credentials never come from the configuration.
 */
final class CallConfig {
  static final String USERINFO_PROBLEM = "contains credentials (user:password@ before the host); they would be printed in "
      + "logs, the resolved config and Spark's event log. Remove them from the URL and send them as a header read from "
      + "the environment instead, e.g. llm.header-envs: {Authorization: MY_PROXY_AUTH_ENV} with MY_PROXY_AUTH_ENV='Basic <base64>'";

  private CallConfig() {}

  static CallOptions read(ConfigReader l, CallOptions d) {
    String mode = l.oneOf("mode", d.mode(), List.of(CallOptions.ONLINE, CallOptions.BATCH));
    Duration wait = LlmConfig.duration(l, "batch-wait", d.batchWait());
    double factor = l.dbl("batch-price-factor", d.batchPriceFactor(), 0, 1);
    Map<String, String> headerEnvs = l.stringMap("header-envs", d.headerEnvs());
    headerEnvs.forEach((header, env) -> {
      if (!isEnvName(env)) {
        l.problem("header-envs." + header, "must be the NAME of an environment variable (letters, digits, _), not the header's value");
      }
    });
    boolean structured = l.bool("structured-outputs", d.structuredOutputs());
    boolean allowUnpriced = l.bool("budget-allow-unpriced", d.budgetAllowsUnpriced());
    int driverMax = l.integer("driver-max-requests", d.driverMaxRequests(), 0, 1_000_000);
    return new CallOptions(mode, wait, factor, headerEnvs, structured, allowUnpriced, driverMax);
  }

  /** {@code llm.headers}, refusing every header that carries credentials (its value is never echoed). */
  static Map<String, String> headers(ConfigReader l, Map<String, String> defaults) {
    Map<String, String> headers = l.stringMap("headers", defaults);
    for (String h : headers.keySet()) {
      if (Secrets.isCredentialHeader(h)) {
        l.problem("headers." + h, "carries credentials and must not be written in the configuration (it would be printed "
            + "in logs and the resolved config); move it to llm.header-envs: {" + h + ": SOME_ENV_VAR} and export "
            + "SOME_ENV_VAR where the job runs. The API key itself goes in the variable named by llm.api-key-env");
      }
    }
    return headers;
  }

  /** Whether {@code name} can be the name of an environment variable (letters, digits, _). */
  static boolean isEnvName(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_]*");
  }

  /** True when {@code url} has a userinfo part ({@code user:password@host}). */
  static boolean hasUserInfo(String url) {
    try {
      return new URI(url).getRawUserInfo() != null;
    } catch (URISyntaxException e) {
      int scheme = url.indexOf("://");
      int at = url.indexOf('@');
      int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
      return scheme >= 0 && at > scheme && (slash < 0 || at < slash);
    }
  }
}
