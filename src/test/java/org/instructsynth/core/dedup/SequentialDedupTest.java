package org.instructsynth.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.text.RougeScoreTokenizer;
import org.instructsynth.core.text.TokenInterner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequentialDedupTest {
  private static final RougeScoreTokenizer TOKENIZER = new RougeScoreTokenizer(false);

  private static List<DedupRecord> records(List<String> texts, int references) {
    TokenInterner interner = new TokenInterner();
    List<DedupRecord> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out.add(
          new DedupRecord(
              "r" + i, interner.ids(TOKENIZER.tokenize(texts.get(i))), i < references));
    }
    return out;
  }

  @Test
  void sevenInsideThirteenIsDroppedAtSevenTenths() {
    List<DedupRecord> rs =
        records(
            List.of(
                "please give me three short tips for staying very healthy and happy today",
                "give three tips for staying healthy today"),
            0);
    for (List<DedupDecision> ds :
        List.of(SequentialDedup.bruteForce(rs, 0.7, 0.5), SequentialDedup.indexed(rs, 0.7, 0.5))) {
      assertThat(ds.get(0)).isEqualTo(new DedupDecision("r0", true, null, null, null, null));
      assertThat(ds.get(1))
          .isEqualTo(
              new DedupDecision(
                  "r1", false, "r0", 0.7000000000000001, 0.7000000000000001, "r0"));
    }
  }

  @Test
  void exactSevenTenthsIsKeptAndReported() {
    // 10 and 10 tokens sharing an LCS of 7: p = r = 0.7, F = 2*0.7*0.7/1.4.
    String a = "a0 a1 a2 a3 a4 a5 a6 x1 x2 x3";
    String b = "a0 a1 a2 a3 a4 a5 a6 y1 y2 y3";
    double f = 2 * 0.7 * 0.7 / (0.7 + 0.7);
    assertThat(f).isLessThanOrEqualTo(0.7);
    List<DedupRecord> rs = records(List.of(a, b), 0);
    for (List<DedupDecision> ds :
        List.of(SequentialDedup.bruteForce(rs, 0.7, 0.5), SequentialDedup.indexed(rs, 0.7, 0.5))) {
      assertThat(ds.get(1)).isEqualTo(new DedupDecision("r1", true, null, null, f, "r0"));
    }
  }

  @Test
  void droppedRecordsDoNotDropLaterOnes() {
    // r1 is a near-duplicate of r0 (F = 2*10/22); r2 is one of r1 only (LCS 9, F = 2*9/23) and
    // stays because r1 was dropped; its best kept match is r0 (LCS 7 of 10 and 11 tokens).
    String r0 = "t1 t2 t3 t4 t5 t6 t7 t8 t9 t10";
    String r1 = "t1 t2 t3 t4 t5 t6 t7 t8 t9 t10 t11 t12";
    String r2 = "t4 t5 t6 t7 t8 t9 t10 t11 t12 t13 t14";
    List<DedupRecord> rs = records(List.of(r0, r1, r2), 0);
    double p01 = 10.0 / 10;
    double r01 = 10.0 / 12;
    double f01 = 2 * p01 * r01 / (p01 + r01);
    double p02 = 7.0 / 10;
    double r02 = 7.0 / 11;
    double f02 = 2 * p02 * r02 / (p02 + r02);
    for (List<DedupDecision> ds :
        List.of(SequentialDedup.bruteForce(rs, 0.7, 0.5), SequentialDedup.indexed(rs, 0.7, 0.5))) {
      assertThat(ds.get(1)).isEqualTo(new DedupDecision("r1", false, "r0", f01, f01, "r0"));
      assertThat(ds.get(2)).isEqualTo(new DedupDecision("r2", true, null, null, f02, "r0"));
    }
  }

  @Test
  void referencesAreNeverDroppedAndDropLaterRecords() {
    List<DedupRecord> rs = records(List.of("the same text", "the same text", "the same text"), 2);
    List<DedupDecision> ds = SequentialDedup.indexed(rs, 0.7, 0.5);
    assertThat(ds).extracting(DedupDecision::kept).containsExactly(true, true, false);
    assertThat(ds.get(1).nearestId()).isEqualTo("r0");
    assertThat(ds.get(2)).isEqualTo(new DedupDecision("r2", false, "r0", 1.0, 1.0, "r0"));
    assertThat(SequentialDedup.bruteForce(rs, 0.7, 0.5)).isEqualTo(ds);
  }

  @Test
  void emptiesAreKeptAndNeverMatch() {
    List<DedupRecord> rs = records(List.of("", "!!", "", "word"), 0);
    List<DedupDecision> ds = SequentialDedup.indexed(rs, 0.7, 0.5);
    assertThat(ds).allSatisfy(d -> assertThat(d.kept()).isTrue());
    assertThat(ds).allSatisfy(d -> assertThat(d.rougeLMax()).isNull());
    assertThat(SequentialDedup.bruteForce(rs, 0.7, 0.5)).isEqualTo(ds);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void indexedEqualsBruteForce(long seed) {
    List<String> texts = NearDuplicates.generate(seed, 600);
    List<DedupRecord> rs = records(texts, (int) seed * 3);
    for (double[] tf : new double[][] {{0.7, 0.5}, {0.7, 0.7}, {0.5, 0.3}, {0.9, 0.6}}) {
      List<DedupDecision> brute = SequentialDedup.bruteForce(rs, tf[0], tf[1]);
      assertThat(SequentialDedup.indexed(rs, tf[0], tf[1])).isEqualTo(brute);
      assertThat(brute).filteredOn(d -> !d.kept()).hasSizeGreaterThan(50);
    }
  }

  @Test
  void boundsAreInclusive() {
    assertThat(PrefixFilter.minOverlap(13, 0.7)).isEqualTo(7);
    assertThat(PrefixFilter.minOverlap(7, 0.7)).isEqualTo(4); // 0.7*7/1.3 = 3.77
    assertThat(PrefixFilter.prefixLength(13, 0.7)).isEqualTo(7);
    assertThat(PrefixFilter.lengthCompatible(7, 13, 0.7)).isTrue(); // 7/13 == 0.7/1.3
    assertThat(PrefixFilter.lengthCompatible(6, 13, 0.7)).isFalse();
    assertThat(PrefixFilter.minOverlap(0, 0.7)).isZero();
    // short prefix: |x| - ceil(0.7|x|) + 1; 0.7 * 10 = 7 exactly must not round up to 8.
    assertThat(PrefixFilter.shortPrefixLength(10, 0.7)).isEqualTo(4);
    assertThat(PrefixFilter.shortPrefixLength(8, 0.7)).isEqualTo(3); // ceil(5.6) = 6
    assertThat(PrefixFilter.shortPrefixLength(1, 0.7)).isEqualTo(1);
    assertThatThrownBy(() -> SequentialDedup.bruteForce(List.of(), 0.7, 0.8))
        .hasMessageContaining("0.8");
  }
}
