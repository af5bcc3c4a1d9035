package org.instructsynth.pipeline.recipe;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.Seeds;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.dedup.ReferenceSets;

/**
 * What the other committed dates of this output kept, for a generation recipe that continues from
 * them instead of starting over ({@code dedup.earlier-runs}): their instructions are dedup references
 * and in-context machine examples (Self-Instruct's pool), their inputs per task SELF-GUIDE's pool, and
 * they decide the prompts' random streams ({@link #promptSeed}).
 *
 * <p>Read through {@link ReferenceSets#otherRunRows} (committed dates only; the run's own date
 * excluded by value), collected on the driver in a fixed order (run date, then id), so the prompts
 * are a function of the run's inputs and the committed other nights: a rerun of a date with the same
 * inputs and the same other nights rebuilds the same requests and the ledger answers them; when
 * another night is added, replaced or removed, the prompts (and so the calls) change.
 */
final class OtherNights {
  private final List<Row> rows;
  private final List<String> instructions;
  private final String digest;
  private final Map<String, Set<String>> inputsByTask = new LinkedHashMap<>();

  private OtherNights(List<Row> rows) {
    this.rows = rows;
    Set<String> distinct = new LinkedHashSet<>();
    for (Row r : rows) {
      distinct.add(r.getAs("instruction"));
      if (r.getAs("task_id") != null && r.getAs("input") != null) {
        inputsByTask.computeIfAbsent(r.getAs("task_id"), k -> new LinkedHashSet<>()).add(r.getAs("input"));
      }
    }
    this.instructions = List.copyOf(distinct);
    StringBuilder all = new StringBuilder();
    new TreeSet<>(distinct).forEach(i -> all.append(i).append('\u0000'));
    this.digest = rows.isEmpty() ? "" : ContentHash.id(all.toString());
  }

  /** The other nights of the run's output; none when {@code dedup.earlier-runs} is false. */
  static OtherNights load(RunContext ctx) {
    if (!ctx.config().dedup().earlierRuns()) {
      return new OtherNights(List.of());
    }
    List<Row> rows = ReferenceSets.otherRunRows(ctx.spark(), ctx.config().output().path(), ctx.runDate())
        .select("id", "instruction", "input", "output", "task_id", "ref_where", "run_date")
        .where(col("instruction").isNotNull())
        .orderBy("run_date", "id")
        .collectAsList();
    return new OtherNights(rows);
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Their distinct instructions, in (run date, id) order of first appearance. */
  List<String> instructions() {
    return instructions;
  }

  /**
   * References in {@link ReferenceSets#SCHEMA} for the driver's dedup, one per distinct compared text
   * ({@code field}), {@code ref_ord} from {@code ordBase} on.
   */
  List<Row> references(String field, long ordBase) {
    Map<String, Row> byText = new LinkedHashMap<>();
    for (Row r : rows) {
      String text = ReferenceSets.text(field, r.getAs("instruction"), r.getAs("input"), r.getAs("output"));
      byText.putIfAbsent(text, ReferenceSets.row(r.getAs("id"), r.getAs("ref_where"), ordBase + byText.size(), text));
    }
    return new ArrayList<>(byText.values());
  }

  /**
   * SELF-GUIDE's pool of one task: the inputs other nights kept for it (distinct, in (run date, id)
   * order), then {@code pool}, this night's. Prompts show them as earlier generated inputs and the
   * input filter rejects repeats of them ({@code duplicate_input}).
   */
  List<String> inputsAnd(String taskId, List<String> pool) {
    Set<String> earlier = inputsByTask.get(taskId);
    if (earlier == null) {
      return pool;
    }
    List<String> all = new ArrayList<>(earlier);
    all.addAll(pool);
    return all;
  }

  /**
   * The seed of the prompts' random streams: {@code runSeed} on the first night (so a first night
   * is what it always was), otherwise mixed with a digest of the other nights' instructions, so a
   * new night samples other prompts than the nights before it (Alpaca-style prompts show seeds
   * only and would otherwise repeat them, and the ledger would replay their answers).
   */
  long promptSeed(long runSeed) {
    return rows.isEmpty() ? runSeed : Seeds.mix(runSeed, "other-nights", digest);
  }
}
