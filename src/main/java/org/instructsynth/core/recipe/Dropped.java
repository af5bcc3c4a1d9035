package org.instructsynth.core.recipe;

import java.io.Serializable;
import java.util.Objects;

/**
 * An item a filter did not keep.
 *
 * @param reason a stable code from {@link org.instructsynth.core.prompt.ReasonCodes}
 * @param detail the values behind the decision, e.g. {@code "length 12 outside [40.5, 210.3]"}
 */
public record Dropped<T>(T item, String reason, String detail) implements Serializable {
  public Dropped {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }
}
