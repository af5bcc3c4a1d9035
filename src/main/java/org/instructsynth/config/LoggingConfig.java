package org.instructsynth.config;

import java.io.Serializable;
import java.util.List;

/**
 * {@code logging.*}: how the driver's log lines look.
 *
 * @param format {@code text} (one line per event: UTC date and time, level, run id, logger, message) or
 *     {@code json} (one JSON object per line, log4j's {@code JsonTemplateLayout} with the ECS template, for
 *     log shippers); both need {@code conf/log4j2.properties}, which the scripts in {@code jobs/} pass
 */
public record LoggingConfig(String format) implements Serializable {
  public static final String TEXT = "text";
  public static final String JSON = "json";
  public static final List<String> FORMATS = List.of(TEXT, JSON);

  public static LoggingConfig defaults() {
    return new LoggingConfig(TEXT);
  }
}
