package org.instructsynth.pipeline;

import org.apache.spark.sql.SparkSession;
import org.instructsynth.config.JobConfig;

/**
 * What every stage of one run may read: the session, the configuration, and the run's identity.
 *
 * @param runDate the {@code run_date} partition, as {@code yyyy-MM-dd}
 */
public record RunContext(SparkSession spark, JobConfig config, String runId, String runDate) {}
