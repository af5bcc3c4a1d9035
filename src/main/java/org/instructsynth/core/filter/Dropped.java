package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.Objects;

/**
 * An item a rule did not keep, with the rule's {@link Verdict} (always a drop).
 *
 * @param item what was dropped (an instruction, an instance, a generated input, a row)
 * @param verdict the drop: a reason code from {@link ReasonCodes} and the detail
 */
public record Dropped<T>(T item, Verdict verdict) implements Serializable {
  public Dropped {
    Objects.requireNonNull(verdict, "verdict");
    if (verdict.kept()) {
      throw new IllegalArgumentException("a dropped item needs a drop verdict, got " + verdict);
    }
  }

  public String reason() {
    return verdict.reason();
  }

  public String detail() {
    return verdict.detail() == null ? "" : verdict.detail();
  }
}
