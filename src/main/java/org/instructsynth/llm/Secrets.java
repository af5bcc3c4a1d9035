package org.instructsynth.llm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one redactor: every string the LLM stack prints or writes (log lines, exception messages,
 * the ledger's error column, the resolved config, the report) goes through {@link #redact(String)}.
 *
 * <p>It removes the secret values this JVM has read from the environment ({@link #register}: the
 * API key and every {@code llm.header-envs} value), anything shaped like an OpenAI-style key,
 * {@code Bearer}/{@code Basic} credentials and the userinfo of URLs ({@code http://user:pass@host}).
 * Secret values are registered where they are read (driver or executor), so each JVM redacts what
 * it holds; nothing secret is ever shipped to another JVM to be redacted there.
 */
public final class Secrets {
  private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|key|tok)-[A-Za-z0-9_*.\\-]{6,}");
  private static final Pattern SCHEME_CREDENTIAL = Pattern.compile("(?i)\\b(bearer|basic)\\s+(?!\\*\\*\\*)[A-Za-z0-9._~+/=\\-]{4,}");
  private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://)[^/\\s@?#]+@");
  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

  private Secrets() {}

  /**
   * Remembers {@code value} as a secret of this JVM; values shorter than 4 characters are ignored. A
   * value with a scheme ({@code Basic <credentials>}) also registers its credential part, which a
   * server may echo alone.
   */
  public static void register(String value) {
    if (value != null && value.length() >= 4) {
      KNOWN.add(value);
      int space = value.lastIndexOf(' ');
      if (space > 0 && value.length() - space > 8) {
        KNOWN.add(value.substring(space + 1));
      }
    }
  }

  /** {@code text} without any registered secret, key-like token, bearer credential or URL userinfo. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : KNOWN) {
      if (out.contains(secret)) {
        out = out.replace(secret, "***");
      }
    }
    out = USERINFO.matcher(out).replaceAll("$1***@");
    out = SCHEME_CREDENTIAL.matcher(out).replaceAll("$1 ***");
    return KEY_LIKE.matcher(out).replaceAll("$1-***");
  }

  /** As {@link #redact(String)}, also removing {@code key} (registered as a side effect). */
  public static String redact(String text, String key) {
    register(key);
    return redact(text);
  }

  /**
   * True for header names that carry credentials: Authorization, Proxy-Authorization, Cookie and any
   * name containing key, token, secret or auth. Such headers come only from {@code llm.header-envs}.
   */
  public static boolean isCredentialHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("auth") || n.contains("cookie") || n.contains("key") || n.contains("token") || n.contains("secret");
  }

  /**
   * The headers of {@code headerEnvs} (header name -> environment variable name) with their values
   * read with {@code env}; every value is registered as a secret. A variable that is unset is an
   * {@link LlmAuthException} naming the variable, never its value.
   */
  public static Map<String, String> headersFromEnv(Map<String, String> headerEnvs, Function<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : headerEnvs.entrySet()) {
      String value = env.apply(e.getValue());
      if (value == null || value.isEmpty()) {
        throw new LlmAuthException(String.format(Locale.ROOT,
            "environment variable %s (llm.header-envs.%s) is not set where the LLM calls run; %s",
            e.getValue(), e.getKey(), EXPORT_HINT));
      }
      register(value);
      out.put(e.getKey(), value);
    }
    return out;
  }

  /** How to get a secret into the executors' environment without writing it into Spark's conf. */
  public static final String EXPORT_HINT =
      "export it in the environment of the driver and of every executor through the cluster manager's secret "
          + "mechanism (Kubernetes: spark.kubernetes.driver.secretKeyRef.<VAR>=<secret>:<key> and "
          + "spark.kubernetes.executor.secretKeyRef.<VAR>=<secret>:<key>, which name a Secret, not its value; "
          + "YARN or standalone: the NodeManager's or worker's own environment, e.g. yarn.nodemanager.env-whitelist "
          + "or spark-env.sh on each node). Do not use spark.executorEnv.* or spark.yarn.appMasterEnv.*: they put "
          + "the value into the Spark configuration, the UI and the event log";
}
