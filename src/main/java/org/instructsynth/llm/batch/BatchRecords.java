package org.instructsynth.llm.batch;

import java.util.List;

/** Where submitted, uncollected batches are remembered between runs (a folder next to the ledger). */
public interface BatchRecords {
  List<PendingBatch> list();

  void save(PendingBatch batch);

  /** Forgets a batch whose results are in the ledger. */
  void remove(PendingBatch batch);
}
