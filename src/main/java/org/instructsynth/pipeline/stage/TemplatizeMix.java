package org.instructsynth.pipeline.stage;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.instructsynth.config.TemplatizeConfig;
import org.instructsynth.core.Seeds;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.split.GivenSplit;
import org.instructsynth.core.templatize.MixingRates;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FLAN's examples-proportional mixing with rate limit K ({@code mixing-cap}): dataset i's rate is
 * min(n_i, K) / sum_j min(n_j, K) over the training rows (rows of a dataset's own validation or test
 * split are eval data and are not mixed, as FLAN's eval mixtures take every example). A mixture of
 * {@code mixture-size} rows (default the natural size sum min(n_i, K)) draws {@link MixingRates#draws}
 * rows of each dataset, a seeded random choice by row id; a dataset never gives a row twice (no
 * epochs). Rows not drawn go to rejects as {@code not_sampled}: a sampling outcome, not a data error.
 */
public final class TemplatizeMix implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(TemplatizeMix.class);
  static final String RANK_UDF = "instructsynth_seeded_rank";

  @Override
  public String name() {
    return "mix";
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    TemplatizeConfig t = ctx.config().templatize();
    Column given = TemplatizeCap.given(in);
    Column mixed = given.isNull().or(given.equalTo(GivenSplit.TRAIN));
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r : in.where(mixed).groupBy("task_id").count().orderBy("task_id").collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> draws = MixingRates.draws(counts, t.mixingCap(), t.mixtureSize());
    Map<String, Double> rates = MixingRates.rates(counts, t.mixingCap());
    long size = draws.values().stream().mapToLong(Long::longValue).sum();
    Column cap = lit(Long.MAX_VALUE);
    Column detail = lit(null).cast(DataTypes.StringType);
    for (Map.Entry<String, Long> e : draws.entrySet()) {
      String task = e.getKey();
      Column isTask = col("task_id").equalTo(task).and(mixed);
      String why = String.format(Locale.ROOT, "not drawn: task %s has mixing rate %.6f (min(n, K=%d) / sum), so a"
          + " %d-row mixture draws %d of its %d training rows (templatize.mixture-size, mixing-cap)",
          task, rates.get(task), t.mixingCap(), size, e.getValue(), counts.get(task));
      cap = when(isTask, lit(e.getValue())).otherwise(cap);
      detail = when(isTask, lit(why)).otherwise(detail);
      LOG.info("mix: task {} rate {} draws {} of {} rows", task, rates.get(task), e.getValue(), counts.get(task));
    }
    in.sparkSession().udf().register(RANK_UDF, new SeededRank(), DataTypes.DoubleType);
    Column rank = row_number().over(Window.partitionBy(col("task_id"), mixed)
        .orderBy(callUDF(RANK_UDF, lit(ctx.config().run().seed()), lit("mix"), col("id")), col("id")));
    return TemplatizeCap.limit(in, rank, cap, ReasonCodes.NOT_SAMPLED, detail);
  }

  /** One-line adapter over {@link Seeds#unit}: the seeded position of a row in a random order. */
  static final class SeededRank implements UDF3<Long, String, String, Double> {
    private static final long serialVersionUID = 1L;

    @Override
    public Double call(Long seed, String salt, String key) {
      return Seeds.unit(seed, salt, key == null ? "" : key);
    }
  }
}
