package org.instructsynth.core.prompt;

import org.instructsynth.core.filter.ReasonCodes;
import java.io.Serializable;
import java.util.List;

/**
 * The outcome of parsing one model response: the items recovered and what was set aside. A parser
 * never throws on malformed model output; it returns the output as a {@link Reject} instead.
 */
public record Parsed<T>(List<T> items, List<Reject> rejects) implements Serializable {
  public Parsed {
    items = List.copyOf(items);
    rejects = List.copyOf(rejects);
  }

  public static <T> Parsed<T> of(List<T> items, List<Reject> rejects) {
    return new Parsed<>(items, rejects);
  }

  public static <T> Parsed<T> unparseable(String detail, String raw) {
    return new Parsed<>(List.of(), List.of(new Reject(ReasonCodes.UNPARSEABLE_RESPONSE, detail, raw)));
  }

  /** True if no item was recovered. */
  public boolean isEmpty() {
    return items.isEmpty();
  }
}
