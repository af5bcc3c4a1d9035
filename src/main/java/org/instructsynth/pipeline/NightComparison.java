package org.instructsynth.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.instructsynth.config.ReportConfig;
import org.instructsynth.core.io.Json;
import org.instructsynth.pipeline.publish.CommitLog;
import org.instructsynth.pipeline.publish.CommitRecord;

/**
 * Compares a run with the previous night: the newest {@code _runs/<id>/report.json} of the same
 * output whose {@code run_date} is earlier than this run's. Metrics are rows kept, the drop ratio,
 * the duplicate rate, LLM tokens and dollars; a metric is flagged when it drifted more than
 * {@code report.max-relative-change} (counts) or {@code report.max-ratio-change} (ratios).
 */
public final class NightComparison {
  private static final List<String> DUPLICATE_REASONS = List.of(org.instructsynth.core.filter.ReasonCodes.EXACT_DUPLICATE, org.instructsynth.core.filter.ReasonCodes.NEAR_DUPLICATE);

  private NightComparison() {}

  /**
   * The previous night's report, or null when there is none: only reports of the run whose commit is
   * the newest of its date count (a report of a run a later rerun replaced describes rows no reader sees).
   */
  public static JsonNode previous(Configuration conf, String outputPath, String runDate) {
    Map<String, CommitRecord> committed = CommitLog.latestPerDate(new CommitLog(conf, outputPath).all(), Long.MAX_VALUE);
    Path runs = new Path(outputPath, "_runs");
    try {
      FileSystem fs = runs.getFileSystem(conf);
      if (!fs.exists(runs)) {
        return null;
      }
      JsonNode best = null;
      for (FileStatus dir : fs.listStatus(runs)) {
        Path report = new Path(dir.getPath(), "report.json");
        if (!dir.isDirectory() || !fs.exists(report)) {
          continue;
        }
        JsonNode r;
        try (InputStream in = fs.open(report)) {
          r = Json.MAPPER.readTree(in);
        } catch (IOException e) {
          continue; // a damaged old report is not this run's problem; it is simply not compared
        }
        String date = r.path("run_date").asText("");
        CommitRecord c = committed.get(date);
        if (date.compareTo(runDate) >= 0 || c == null || !c.runId().equals(r.path("run_id").asText())) {
          continue;
        }
        if (best == null || date.compareTo(best.path("run_date").asText()) > 0
            || date.equals(best.path("run_date").asText())
                && r.path("finished_at").asText("").compareTo(best.path("finished_at").asText("")) > 0) {
          best = r;
        }
      }
      return best;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list earlier runs under " + runs + ": " + e.getMessage(), e);
    }
  }

  /** Adds {@code comparison} to {@code report} and a warning per flagged metric. */
  public static void compare(ObjectNode report, JsonNode previous, ReportConfig cfg) {
    if (previous == null) {
      return;
    }
    ObjectNode c = report.putObject("comparison");
    c.put("previous_run_date", previous.path("run_date").asText());
    c.put("previous_run_id", previous.path("run_id").asText());
    ArrayNode metrics = c.putArray("metrics");
    ArrayNode warnings = report.withArray("warnings");
    count(metrics, warnings, "rows kept", kept(previous), kept(report), cfg);
    ratio(metrics, warnings, "drop ratio", dropRatio(previous, List.of()), dropRatio(report, List.of()), cfg);
    ratio(metrics, warnings, "duplicate rate", dropRatio(previous, DUPLICATE_REASONS), dropRatio(report, DUPLICATE_REASONS), cfg);
    if (report.has("llm") || previous.has("llm")) {
      count(metrics, warnings, "LLM requests (new calls + ledger answers)", requested(previous), requested(report), cfg);
      String skip = ledgerShareChange(previous, report, cfg);
      if (skip == null) {
        count(metrics, warnings, "LLM tokens (new calls)", tokens(previous), tokens(report), cfg);
        if (cost(previous) != null && cost(report) != null) {
          count(metrics, warnings, "LLM dollars", cost(previous), cost(report), cfg);
        } else {
          skipped(metrics, "LLM dollars", "cost unknown on " + (cost(report) == null ? "this night" : "the previous night")
              + " (a model without a price in llm.prices)");
        }
      } else {
        skipped(metrics, "LLM tokens (new calls)", skip);
        skipped(metrics, "LLM dollars", skip);
      }
    }
  }

  /** LLM requests of a night: new calls plus answers reused from the ledger (what the night asked for). */
  static double requested(JsonNode r) {
    JsonNode llm = r.path("llm");
    return llm.has("requested") ? llm.path("requested").asDouble(0)
        : llm.path("calls").asDouble(0) + llm.path("cached").asDouble(0);
  }

  /**
   * Why tokens and dollars of new calls are not comparable between the two nights, or null when they are:
   * a night that answered a different share of its requests from the ledger (a rerun or replay pays
   * nothing for what it reuses) would show a drift that is only the ledger at work.
   */
  static String ledgerShareChange(JsonNode previous, JsonNode report, ReportConfig cfg) {
    double prevShare = ledgerShare(previous);
    double curShare = ledgerShare(report);
    if (Math.abs(prevShare - curShare) <= cfg.maxRatioChange()) {
      return null;
    }
    return String.format(Locale.ROOT, "not compared: the ledger answered %.0f %% of this night's requests and %.0f %% of the "
        + "previous night's (reused answers cost no tokens); compare LLM requests instead", curShare * 100, prevShare * 100);
  }

  static double ledgerShare(JsonNode r) {
    double requested = requested(r);
    return requested <= 0 ? 0 : r.path("llm").path("cached").asDouble(0) / requested;
  }

  /** Dollars of a night, or null when unknown (null or missing cost, or {@code cost_known: false}). */
  static Double cost(JsonNode r) {
    JsonNode llm = r.path("llm");
    if (!llm.path("cost_usd").isNumber() || !llm.path("cost_known").asBoolean(true)) {
      return llm.isMissingNode() ? 0.0 : null;
    }
    return llm.path("cost_usd").asDouble();
  }

  private static void skipped(ArrayNode metrics, String name, String why) {
    ObjectNode m = metrics.addObject();
    m.put("name", name);
    m.put("flag", false);
    m.put("skipped", why);
  }

  static double kept(JsonNode r) {
    JsonNode s = r.path("splits");
    return s.path("train").asDouble(0) + s.path("eval").asDouble(0) + s.path("eval_unseen").asDouble(0);
  }

  /** Dropped rows (of the given reasons, or all) over the rows that entered the first stage. */
  static double dropRatio(JsonNode r, List<String> reasons) {
    double in = r.path("funnel").path(0).path("rows_in").asDouble(0);
    if (in <= 0) {
      return 0;
    }
    double dropped = 0;
    for (JsonNode d : r.path("drops")) {
      if (reasons.isEmpty() || reasons.contains(d.path("reason").asText())) {
        dropped += d.path("rows").asDouble(0);
      }
    }
    return dropped / in;
  }

  static double tokens(JsonNode r) {
    return r.path("llm").path("prompt_tokens").asDouble(0) + r.path("llm").path("completion_tokens").asDouble(0);
  }

  private static void count(ArrayNode metrics, ArrayNode warnings, String name, double prev, double cur, ReportConfig cfg) {
    boolean flag = prev == 0 ? cur > 0 : Math.abs(cur - prev) / prev > cfg.maxRelativeChange();
    add(metrics, name, prev, cur, flag);
    if (flag) {
      warnings.add(String.format(Locale.ROOT, "%s drifted from %,.0f to %,.0f (more than %.0f %% change)",
          name, prev, cur, cfg.maxRelativeChange() * 100));
    }
  }

  private static void ratio(ArrayNode metrics, ArrayNode warnings, String name, double prev, double cur, ReportConfig cfg) {
    boolean flag = Math.abs(cur - prev) > cfg.maxRatioChange();
    add(metrics, name, prev, cur, flag);
    if (flag) {
      warnings.add(String.format(Locale.ROOT, "%s moved from %.1f %% to %.1f %% (more than %.0f points)",
          name, prev * 100, cur * 100, cfg.maxRatioChange() * 100));
    }
  }

  private static void add(ArrayNode metrics, String name, double prev, double cur, boolean flag) {
    ObjectNode m = metrics.addObject();
    m.put("name", name);
    m.put("previous", prev);
    m.put("current", cur);
    m.put("flag", flag);
  }
}
