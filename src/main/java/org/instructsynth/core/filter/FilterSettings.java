package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every knob of the example filters, as bound from the recipe's {@code filters:} block (kebab-case
 * keys in YAML: {@code enabled}, {@code min-words}, {@code max-words}, {@code blocklist},
 * {@code extra-blocklist}, {@code chatter-phrases}, {@code chatter-check-instruction},
 * {@code required-fields}, {@code disabled-rules}).
 *
 * <p>The values are checked once, where the recipe is bound ({@code config/ConfigLoader}: every
 * problem reported at once, with its key); the constructor only normalises: lists are copied,
 * {@code null} lists become their default, the blocklist name is trimmed and lower-cased.
 *
 * @param enabled false keeps every example (the chain becomes a no-op)
 * @param minWords the fewest instruction words kept; 4 reproduces Self-Instruct's "more than 3"
 * @param maxWords the most instruction words kept; Self-Instruct's 150
 * @param blocklist the base keyword list: {@code self-instruct}, {@code alpaca} or {@code none}
 * @param extraBlocklist words or phrases blocked in addition to the base list
 * @param chatterPhrases the assistant phrases that drop an output
 * @param chatterCheckInstruction whether the chatter rule also checks the instruction
 * @param requiredFields the fields that must not be blank: any of instruction, input, output
 * @param disabledRules rule names switched off, from {@link FilterChain#RULE_NAMES}
 */
public record FilterSettings(
    boolean enabled,
    int minWords,
    int maxWords,
    String blocklist,
    List<String> extraBlocklist,
    List<String> chatterPhrases,
    boolean chatterCheckInstruction,
    List<String> requiredFields,
    List<String> disabledRules)
    implements Serializable {

  public static final int DEFAULT_MIN_WORDS = 4;
  public static final int DEFAULT_MAX_WORDS = 150;
  public static final String DEFAULT_BLOCKLIST = "self-instruct";
  public static final List<String> DEFAULT_REQUIRED_FIELDS = List.of("instruction", "output");

  public FilterSettings {
    blocklist = blocklist == null ? DEFAULT_BLOCKLIST : blocklist.trim().toLowerCase(Locale.ROOT);
    extraBlocklist = extraBlocklist == null ? List.of() : copyNonNull(extraBlocklist);
    chatterPhrases =
        chatterPhrases == null ? ChatterFilter.DEFAULT_PHRASES : copyNonNull(chatterPhrases);
    requiredFields =
        requiredFields == null ? DEFAULT_REQUIRED_FIELDS : copyNonNull(requiredFields);
    disabledRules = disabledRules == null ? List.of() : copyNonNull(disabledRules);
  }

  /**
   * The papers' defaults: enabled, 4..150 words, Self-Instruct blocklist, no extra words, the default
   * chatter phrases on outputs only, instruction and output required, every rule on.
   */
  public static FilterSettings defaults() {
    return new FilterSettings(
        true,
        DEFAULT_MIN_WORDS,
        DEFAULT_MAX_WORDS,
        DEFAULT_BLOCKLIST,
        List.of(),
        ChatterFilter.DEFAULT_PHRASES,
        false,
        DEFAULT_REQUIRED_FIELDS,
        List.of());
  }

  public FilterSettings withEnabled(boolean value) {
    return new FilterSettings(value, minWords, maxWords, blocklist, extraBlocklist, chatterPhrases,
        chatterCheckInstruction, requiredFields, disabledRules);
  }

  public FilterSettings withWordBounds(int min, int max) {
    return new FilterSettings(enabled, min, max, blocklist, extraBlocklist, chatterPhrases,
        chatterCheckInstruction, requiredFields, disabledRules);
  }

  public FilterSettings withBlocklist(String list, List<String> extra) {
    return new FilterSettings(enabled, minWords, maxWords, list, extra, chatterPhrases,
        chatterCheckInstruction, requiredFields, disabledRules);
  }

  public FilterSettings withChatter(List<String> phrases, boolean checkInstruction) {
    return new FilterSettings(enabled, minWords, maxWords, blocklist, extraBlocklist, phrases,
        checkInstruction, requiredFields, disabledRules);
  }

  public FilterSettings withRequiredFields(List<String> fields) {
    return new FilterSettings(enabled, minWords, maxWords, blocklist, extraBlocklist,
        chatterPhrases, chatterCheckInstruction, fields, disabledRules);
  }

  public FilterSettings withDisabledRules(List<String> rules) {
    return new FilterSettings(enabled, minWords, maxWords, blocklist, extraBlocklist,
        chatterPhrases, chatterCheckInstruction, requiredFields, rules);
  }

  private static List<String> copyNonNull(List<String> values) {
    List<String> copy = new ArrayList<>(values.size());
    for (String value : values) {
      if (value != null) {
        copy.add(value.trim());
      }
    }
    return List.copyOf(copy);
  }
}
