package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.List;

/** What a set rule kept (in input order) and what it dropped, each drop with its {@link Verdict}. */
public record Filtered<T>(List<T> kept, List<Dropped<T>> dropped) implements Serializable {
  public Filtered {
    kept = List.copyOf(kept);
    dropped = List.copyOf(dropped);
  }
}
