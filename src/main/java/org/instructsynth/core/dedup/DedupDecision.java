package org.instructsynth.core.dedup;

/**
 * The outcome for one record of {@link SequentialDedup}.
 *
 * @param id the record id
 * @param kept false iff the record is dropped as a near-duplicate (references are always kept)
 * @param dupOf for a dropped record, the earlier kept record with the highest F (ties: earliest);
 *     null when kept
 * @param dupScore F against {@code dupOf}; null when kept
 * @param rougeLMax the highest F against any earlier kept record when it is {@code >=} the
 *     similarity floor, else null (for dropped records it equals {@code dupScore})
 * @param nearestId the earlier kept record achieving {@code rougeLMax} (ties: earliest); null when
 *     {@code rougeLMax} is null
 */
public record DedupDecision(
    String id, boolean kept, String dupOf, Double dupScore, Double rougeLMax, String nearestId) {

  /**
   * The decision for one record, given its best F against the earlier kept records ({@code best},
   * -1 when there is none) and the record achieving it: dropped as {@link SequentialRule#drops}
   * says; the nearest record is reported when {@code best >= floor}.
   */
  static DedupDecision of(
      String id, boolean reference, double best, String bestId, SequentialRule rule, double floor) {
    String nearest = bestId != null && best >= floor ? bestId : null;
    Double max = nearest == null ? null : best;
    if (rule.drops(reference, best)) {
      return new DedupDecision(id, false, nearest, best, max, nearest);
    }
    return new DedupDecision(id, true, null, null, max, nearest);
  }
}
