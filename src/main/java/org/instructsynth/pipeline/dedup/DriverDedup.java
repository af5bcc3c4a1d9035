package org.instructsynth.pipeline.dedup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.instructsynth.config.DedupConfig;
import org.instructsynth.core.dedup.ScoreText;
import org.instructsynth.core.dedup.DedupDecision;
import org.instructsynth.core.dedup.DedupRecord;
import org.instructsynth.core.dedup.IncrementalDedup;
import org.instructsynth.core.text.TokenInterner;
import org.instructsynth.core.text.Tokenizer;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.WorkRow;

/**
 * The rounds' ROUGE-L check in driver memory: one {@link IncrementalDedup} for the whole run,
 * holding the references ({@code dedup.reference-paths}, then the seeds) and every instruction
 * kept so far, to which each round offers its candidates in order. Same decisions as {@link
 * NearDedup} (both equal brute force), without a dozen Spark jobs per round, and a round costs its
 * candidates' lookups, not a rebuild over the pool.
 */
public final class DriverDedup {
  private final DedupConfig dedup;
  private final Tokenizer tokenizer;
  private final TokenInterner interner = new TokenInterner();
  private final IncrementalDedup index;
  /** Record key to the id and the place reported in dup_of and nearest_id. */
  private final Map<String, String> idOf = new HashMap<>();
  private final Map<String, String> whereOf = new HashMap<>();
  private int references;

  public DriverDedup(DedupConfig dedup) {
    this.dedup = dedup;
    this.tokenizer = dedup.rouge().tokenizerInstance();
    this.index = new IncrementalDedup(dedup.rouge().threshold(), dedup.rouge().similarityFloor());
  }

  /** Adds a {@link ReferenceSets#SCHEMA} row; references are never dropped. */
  public void reference(Row ref) {
    String key = "ref:" + references++;
    idOf.put(key, ref.getString(0));
    whereOf.put(key, "reference " + ref.getString(1));
    index.offer(new DedupRecord(key, interner.ids(tokenizer.tokenize(ref.getString(3))), true));
  }

  /**
   * Decides the round's candidates in order; kept ones stay in the index.
   *
   * @return per candidate: ord, reason (null = kept), detail, rouge_l_max, nearest_id
   */
  public List<Row> decide(List<Row> candidates) {
    int ordAt = Columns.ANNOTATED.fieldIndex(Columns.ORD);
    List<Row> out = new ArrayList<>();
    for (Row c : candidates) {
      String key = Long.toString(c.getLong(ordAt));
      idOf.put(key, field(c, "id"));
      whereOf.put(key, field(c, Columns.FILE));
      String text = ReferenceSets.text(dedup.field(), field(c, "instruction"), field(c, "input"), field(c, "output"));
      DedupDecision d = index.offer(new DedupRecord(key, interner.ids(tokenizer.tokenize(text)), false));
      String reason = d.kept() ? null : NearDedup.REASON;
      String detail = d.kept() ? null : String.format(Locale.ROOT, "dup_of=%s rouge_l=%s (%s)", idOf.get(d.dupOf()),
          ScoreText.of(d.dupScore(), dedup.rouge().threshold()), whereOf.get(d.dupOf()));
      out.add(RowFactory.create(c.getLong(ordAt), reason, detail, d.rougeLMax(),
          d.nearestId() == null ? null : idOf.get(d.nearestId())));
    }
    return out;
  }

  /** After its round, a kept candidate is reported as a pool reference: its task id and round. */
  public void pooled(long ord, String taskId, int round) {
    String key = Long.toString(ord);
    idOf.put(key, taskId);
    whereOf.put(key, "reference round " + round);
  }

  /** A string column of a schema-less {@link Columns#ANNOTATED} row built by {@link WorkRow}. */
  private static String field(Row annotated, String column) {
    return (String) annotated.get(Columns.ANNOTATED.fieldIndex(column));
  }
}
