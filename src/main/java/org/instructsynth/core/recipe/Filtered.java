package org.instructsynth.core.recipe;

import java.io.Serializable;
import java.util.List;

/** What a filter kept (in input order) and what it dropped, each drop with its reason. */
public record Filtered<T>(List<T> kept, List<Dropped<T>> dropped) implements Serializable {
  public Filtered {
    kept = List.copyOf(kept);
    dropped = List.copyOf(dropped);
  }
}
