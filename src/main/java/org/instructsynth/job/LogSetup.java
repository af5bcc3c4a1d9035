package org.instructsynth.job;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.instructsynth.config.LoggingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The driver's log format and run id. {@code conf/log4j2.properties} has two console appenders, {@code text}
 * and {@code json}, and routes the root logger to the one named by the system property {@value #FORMAT_PROPERTY};
 * {@link #apply} sets that property from {@code logging.format} and reloads log4j when it changes. The run id
 * goes into the MDC ({@value #RUN_ID}) on the driver and into the Spark local property {@code mdc.run_id},
 * which Spark copies into the MDC of every task it runs for this thread's jobs.
 */
public final class LogSetup {
  private static final Logger LOG = LoggerFactory.getLogger(LogSetup.class);
  static final String FORMAT_PROPERTY = "instructsynth.log.format";
  public static final String RUN_ID = "run_id";

  private LogSetup() {}

  /** Switches the console layout to {@code logging.format}; a log4j configuration without that appender is left alone. */
  public static void apply(LoggingConfig logging) {
    String wanted = logging.format();
    if (wanted.equals(System.getProperty(FORMAT_PROPERTY, LoggingConfig.TEXT))) {
      return;
    }
    if (!(org.apache.logging.log4j.LogManager.getContext(false) instanceof LoggerContext context)) {
      return;
    }
    Configuration current = context.getConfiguration();
    if (current.getAppender(wanted) == null) {
      LOG.warn("logging.format={} needs conf/log4j2.properties (an appender named '{}'); log4j's configuration is {}. "
          + "Pass -Dlog4j2.configurationFile=conf/log4j2.properties (jobs/run-local.sh does) to get it", wanted, wanted,
          current.getName());
      return;
    }
    System.setProperty(FORMAT_PROPERTY, wanted);
    context.reconfigure();
  }

  /** Puts the run id into the driver thread's MDC (and so into every line it logs). */
  public static void runStarted(String runId) {
    MDC.put(RUN_ID, runId);
  }

  public static void runEnded() {
    MDC.remove(RUN_ID);
  }
}
