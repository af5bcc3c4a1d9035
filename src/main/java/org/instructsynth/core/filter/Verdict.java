package org.instructsynth.core.filter;

import java.io.Serializable;

/**
 * The outcome of one filter on one example: kept, or dropped with a stable reason code and a short
 * human-readable detail that states the measured value.
 *
 * <p>Modelled on datatrove's {@code BaseFilter.filter} contract ({@code huggingface/datatrove
 * src/datatrove/pipeline/filters/base_filter.py}), which returns either {@code True} or
 * {@code (False, reason)}; here the reason is a snake_case code that lands in the rejects table's
 * {@code reason} column and the detail lands in its {@code detail} column.
 *
 * @param kept whether the example passes
 * @param reason a code from {@link ReasonCodes} such as {@code instruction_too_short}; null when kept
 * @param detail the measured value in words, e.g. {@code "2 words, need more than 3"}; null when kept
 */
public record Verdict(boolean kept, String reason, String detail) implements Serializable {

  private static final Verdict KEEP = new Verdict(true, null, null);

  public Verdict {
    if (kept && (reason != null || detail != null)) {
      throw new IllegalArgumentException(
          "A kept verdict has no reason or detail, got reason=" + reason + ", detail=" + detail);
    }
    if (!kept && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("A dropped verdict needs a reason code, got " + reason);
    }
    if (!kept) {
      ReasonCodes.require(reason);
    }
  }

  public static Verdict keep() {
    return KEEP;
  }

  public static Verdict drop(String reason, String detail) {
    return new Verdict(false, reason, detail);
  }

  public boolean dropped() {
    return !kept;
  }
}
