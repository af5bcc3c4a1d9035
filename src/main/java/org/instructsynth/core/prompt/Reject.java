package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.Objects;

/**
 * Why a piece of model output (or a candidate built from it) was not kept.
 *
 * @param reason a stable code from {@link org.instructsynth.core.filter.ReasonCodes}
 * @param detail a short human-readable explanation stating the values involved; may be empty
 * @param raw the raw text concerned (a response, a list item, a block); may be empty
 */
public record Reject(String reason, String detail, String raw) implements Serializable {
  public Reject {
    org.instructsynth.core.filter.ReasonCodes.require(Objects.requireNonNull(reason, "reason"));
    detail = detail == null ? "" : detail;
    raw = raw == null ? "" : raw;
  }
}
