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
    String id, boolean kept, String dupOf, Double dupScore, Double rougeLMax, String nearestId) {}
