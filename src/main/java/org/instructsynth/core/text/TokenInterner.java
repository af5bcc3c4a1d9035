package org.instructsynth.core.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns dense int ids (0, 1, 2, ... in first-seen order) to token strings, so texts are
 * tokenised once and compared as {@code int[]} with {@link Lcs}. Equal tokens get equal ids within
 * one interner. Not thread-safe.
 */
public final class TokenInterner {
  private final Map<String, Integer> ids = new HashMap<>();

  public int id(String token) {
    Integer existing = ids.get(token);
    if (existing != null) {
      return existing;
    }
    int id = ids.size();
    ids.put(token, id);
    return id;
  }

  public int[] ids(List<String> tokens) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = id(tokens.get(i));
    }
    return out;
  }

  /** Number of distinct tokens seen. */
  public int size() {
    return ids.size();
  }
}
