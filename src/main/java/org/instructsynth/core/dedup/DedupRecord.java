package org.instructsynth.core.dedup;

import java.util.Objects;

/**
 * One record for in-memory dedup: its id, its token ids (from one shared interner) and whether it
 * belongs to a reference set (seeds, earlier nights), which is never dropped.
 */
public record DedupRecord(String id, int[] tokens, boolean reference) {
  public DedupRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tokens, "tokens");
  }
}
