package org.instructsynth.core.filter;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one registry of reject reason codes: every stage that drops a row (rules, parsers, LLM calls,
 * dedup, loading, templatize) takes its code from here, so each code is spelled once. The
 * {@code rejects} table's {@code reason} column holds these strings; docs/rules.md lists them with the
 * rule that emits each.
 *
 * <p>{@link #ALIASES}: codes written by earlier releases that were renamed when the two rule books
 * became one. They are accepted for one release by {@link #canonical(String)} (and so by the SQL shell's
 * {@code canonical_reason} function), and never written any more.
 */
public final class ReasonCodes {
  private ReasonCodes() {}

  // Parsing model output (core/prompt).
  /** The response (or one block/item of it) does not have the expected shape. */
  public static final String UNPARSEABLE_RESPONSE = "unparseable_response";
  /** The last item or block was cut off because generation stopped at max_tokens. */
  public static final String TRUNCATED = "truncated";
  /** More items than the prompt asks for (past the number the stop sequences allow). */
  public static final String TOO_MANY_ITEMS = "too_many_items";

  // Instruction rules (Self-Instruct / Alpaca post_process_gpt3_response, curate).
  /** Fewer words than the minimum (Self-Instruct: 3 words or fewer). */
  public static final String INSTRUCTION_TOO_SHORT = "instruction_too_short";
  /** More words than the maximum (Self-Instruct: more than 150). */
  public static final String INSTRUCTION_TOO_LONG = "instruction_too_long";
  /** Mentions something a text model cannot do (image, graph, file, map, draw, plot, go to, ...). */
  public static final String BLOCKLISTED_KEYWORD = "blocklisted_keyword";
  /** Starts with "Write a program". */
  public static final String STARTS_WITH_WRITE_A_PROGRAM = "starts_with_write_a_program";
  /** Starts with an ASCII punctuation character. */
  public static final String STARTS_WITH_PUNCTUATION = "starts_with_punctuation";
  /** Starts with a non-ASCII character. */
  public static final String STARTS_WITH_NON_ASCII = "starts_with_non_ascii";

  // Field rules.
  /** The instruction is empty or whitespace only. */
  public static final String EMPTY_INSTRUCTION = "empty_instruction";
  /** The input is empty or whitespace only (where an input is required). */
  public static final String EMPTY_INPUT = "empty_input";
  /** The output is empty or whitespace only. */
  public static final String EMPTY_OUTPUT = "empty_output";
  /** The output repeats the input. */
  public static final String OUTPUT_EQUALS_INPUT = "output_equals_input";
  /** The output contains an assistant refusal or preamble. */
  public static final String ASSISTANT_CHATTER = "assistant_chatter";

  // Self-Instruct instance rules (prepare_for_finetuning.py).
  /** Instance input or output ends with ':'. */
  public static final String ENDS_WITH_COLON = "ends_with_colon";
  /** The same non-empty input with different outputs: every instance of the task is dropped. */
  public static final String CONFLICTING_OUTPUTS = "conflicting_outputs";
  /** An exact repeat of an instance already kept for the task. */
  public static final String DUPLICATE_INSTANCE = "duplicate_instance";
  /** More than the per-task cap (5) of instances; a seeded sample is kept. */
  public static final String INSTANCE_CAP = "instance_cap";

  // SELF-GUIDE rules.
  /** Character length outside mean +/- 2 standard deviations of the task's examples. */
  public static final String LENGTH_OUTLIER = "length_outlier";
  /** Contains a canned assistant phrase or a task-specific noise string. */
  public static final String NOISE_PHRASE = "noise_phrase";
  /** Exact duplicate of an input already in the pool. */
  public static final String DUPLICATE_INPUT = "duplicate_input";
  /** No answer reached the minimum agreement of the self-consistency vote. */
  public static final String LOW_AGREEMENT = "low_agreement";
  /** Classification answer that names none of the task's labels. */
  public static final String NO_LABEL = "no_label";
  /** Dropped by downsampling to the smallest class. */
  public static final String CLASS_BALANCE = "class_balance";

  // Distill.
  /** All judged answers have the same score, so there is no chosen/rejected pair. */
  public static final String SCORE_TIE = "score_tie";

  // LLM calls.
  /** The call failed after the retries or was skipped by the budget. */
  public static final String LLM_ERROR = "llm_error";
  /** The request does not fit the model's context. */
  public static final String CONTEXT_LENGTH = "context_length";

  // Loading, dedup, templatize.
  /** An input line that cannot be read as a record. */
  public static final String MALFORMED_INPUT = "malformed_input";
  /** Same normalised text as a row kept earlier (this run or an earlier date). */
  public static final String EXACT_DUPLICATE = "exact_duplicate";
  /** ROUGE-L above the threshold against a row kept earlier or a reference. */
  public static final String NEAR_DUPLICATE = "near_duplicate";
  /** A template needs a field the record does not have. */
  public static final String MISSING_TEMPLATE_FIELD = "missing_template_field";
  /** The label is not one of the dataset's options. */
  public static final String LABEL_NOT_IN_OPTIONS = "label_not_in_options";
  /** Past the per-dataset cap. */
  public static final String OVER_DATASET_CAP = "over_dataset_cap";
  /**
   * Not drawn by the examples-proportional mixing rate (FLAN's K): a sampling outcome, not a data
   * error; kept in rejects so every loaded row is accounted for.
   */
  public static final String NOT_SAMPLED = "not_sampled";
  /** In a dataset's incomplete last group of rows, which FLAN's round-robin templating drops. */
  public static final String TEMPLATE_REMAINDER = "template_remainder";

  /**
   * Old code to the codes that replace it (one release): {@code blacklisted_keyword} and
   * {@code write_a_program} were the LLM recipes' names of the curate rules' {@code blocklisted_keyword}
   * and {@code starts_with_write_a_program}; {@code input_equals_output} the Self-Instruct instance name
   * of {@code output_equals_input}; {@code empty} the generic code for an empty instruction (Self-Instruct
   * post-filter), generated input or answer (SELF-GUIDE), now named by the field; {@code over_mixing_cap}
   * templatize's rows past the mixing limit, now {@code not_sampled} (mixing is a rate, issue 13).
   */
  public static final Map<String, List<String>> ALIASES = aliases();

  private static Map<String, List<String>> aliases() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("blacklisted_keyword", List.of(BLOCKLISTED_KEYWORD));
    m.put("write_a_program", List.of(STARTS_WITH_WRITE_A_PROGRAM));
    m.put("input_equals_output", List.of(OUTPUT_EQUALS_INPUT));
    m.put("empty", List.of(EMPTY_INSTRUCTION, EMPTY_INPUT, EMPTY_OUTPUT));
    m.put("over_mixing_cap", List.of(NOT_SAMPLED));
    return java.util.Collections.unmodifiableMap(m);
  }

  private static final List<String> ALL = collect();
  private static final java.util.Set<String> CODES = java.util.Set.copyOf(ALL);

  private static List<String> collect() {
    List<String> codes = new ArrayList<>();
    for (Field f : ReasonCodes.class.getDeclaredFields()) {
      int mod = f.getModifiers();
      if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && f.getType() == String.class) {
        try {
          codes.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return List.copyOf(codes);
  }

  /** Every current code, in declaration order. */
  public static List<String> all() {
    return ALL;
  }

  public static boolean isCode(String code) {
    return CODES.contains(code);
  }

  /**
   * The current codes a code stands for: itself if current, its replacements if it is an alias,
   * else empty. A query for an old code should match a row whose reason is any of these, or the old
   * code itself (rows written by an earlier release keep it).
   */
  public static List<String> canonical(String code) {
    if (isCode(code)) {
      return List.of(code);
    }
    return ALIASES.getOrDefault(code, List.of());
  }

  /**
   * Whether a row's {@code reason} answers a query for {@code code}, across releases: equal, or the
   * two share a current code through {@link #ALIASES} (a query for {@code blacklisted_keyword} finds
   * rows written as {@code blacklisted_keyword} by earlier releases and as {@code blocklisted_keyword}
   * since; a query for {@code empty_input} also finds old {@code empty} rows, which may have been any
   * of the three fields). Null never matches. The SQL shell registers it as {@code reason_matches}.
   */
  public static boolean matches(String reason, String code) {
    if (reason == null || code == null) {
      return false;
    }
    if (reason.equals(code)) {
      return true;
    }
    for (String c : canonical(code)) {
      if (canonical(reason).contains(c)) {
        return true;
      }
    }
    return false;
  }

  /** {@code code} if it is a current code; otherwise a programming error naming the registry. */
  public static String require(String code) {
    if (!isCode(code)) {
      throw new IllegalArgumentException(
          "reason code '" + code + "' is not in ReasonCodes; add it there (and to docs/rules.md)");
    }
    return code;
  }
}
