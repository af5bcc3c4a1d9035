package org.instructsynth.core.split;

import java.util.List;
import java.util.Locale;

/**
 * A split the input gives (a dataset's own train / validation / test), carried in the row's split
 * group key so that the split stage keeps it instead of hashing the group. Input values map to our
 * tables: {@code train} to train, {@code validation} and {@code test} to eval.
 */
public final class GivenSplit {
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";
  public static final List<String> VALUES = List.of(TRAIN, VALIDATION, TEST);
  private static final String MARK = "\u001Fsplit=";

  private GivenSplit() {}

  /** The input's split name, lower-cased and trimmed, or null when it is not one of {@link #VALUES}. */
  public static String parse(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    return VALUES.contains(v) ? v : null;
  }

  /** A group key that carries the given split ({@link #VALUES}) in front of {@code key}. */
  public static String group(String split, String key) {
    return MARK + split + "\u001F" + key;
  }

  /** The given split of a group key made by {@link #group}, or null for an ordinary key. */
  public static String of(String groupKey) {
    if (groupKey == null || !groupKey.startsWith(MARK)) {
      return null;
    }
    int end = groupKey.indexOf('\u001F', MARK.length());
    return end < 0 ? null : groupKey.substring(MARK.length(), end);
  }

  /** The examples table a given split goes to: train for train, eval for validation and test; else null. */
  public static String table(String groupKey) {
    String given = of(groupKey);
    return given == null ? null : TRAIN.equals(given) ? "train" : "eval";
  }
}
