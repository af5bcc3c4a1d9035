package org.instructsynth.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.text.RougeScoreTokenizer;
import org.instructsynth.core.text.TokenInterner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncrementalDedupTest {
  private static final RougeScoreTokenizer TOKENIZER = new RougeScoreTokenizer(false);

  /**
   * Offered one at a time with an adaptive order (no corpus up front, several recounts as the kept
   * set doubles past 256, references arriving between batches as generation rounds add them), the
   * decisions equal brute force over the whole sequence.
   */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void adaptiveOrderEqualsBruteForce(long seed) {
    List<String> texts = NearDuplicates.generate(seed, 2500);
    TokenInterner interner = new TokenInterner();
    List<DedupRecord> records = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      boolean reference = i < 20 || i % 97 == 0; // seeds first, then references between rounds
      records.add(new DedupRecord("r" + i, interner.ids(TOKENIZER.tokenize(texts.get(i))), reference));
    }
    for (double[] tf : new double[][] {{0.7, 0.5}, {0.7, 0.7}}) {
      List<DedupDecision> brute = SequentialDedup.bruteForce(records, tf[0], tf[1]);
      IncrementalDedup index = new IncrementalDedup(tf[0], tf[1]);
      List<DedupDecision> got = new ArrayList<>();
      for (DedupRecord r : records) {
        got.add(index.offer(r));
      }
      assertThat(got).isEqualTo(brute);
      long kept = brute.stream().filter(DedupDecision::kept).count();
      assertThat(kept).as("enough kept records to force recounts").isGreaterThan(600);
      assertThat(index.keptCount()).isEqualTo((int) kept);
      assertThat(brute).filteredOn(d -> !d.kept()).hasSizeGreaterThan(200);
    }
  }
}
