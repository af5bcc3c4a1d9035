package org.instructsynth.core.prompt;

/** Stable reason codes for rejects produced by the prompt parsers and the recipe filters. */
public final class ReasonCodes {
  private ReasonCodes() {}

  /** The response (or one block/item of it) does not have the expected shape. */
  public static final String UNPARSEABLE_RESPONSE = "unparseable_response";
  /** The last item or block was cut off because generation stopped at max_tokens. */
  public static final String TRUNCATED = "truncated";
  /** More items than the prompt asks for (past the number the stop sequences allow). */
  public static final String TOO_MANY_ITEMS = "too_many_items";

  // Self-Instruct / Alpaca instruction post-processing (post_process_gpt3_response).
  /** Three words or fewer. */
  public static final String INSTRUCTION_TOO_SHORT = "instruction_too_short";
  /** More than 150 words. */
  public static final String INSTRUCTION_TOO_LONG = "instruction_too_long";
  /** Mentions something a text model cannot do (image, graph, file, map, draw, plot, go to, ...). */
  public static final String BLACKLISTED_KEYWORD = "blacklisted_keyword";
  /** Starts with "Write a program". */
  public static final String WRITE_A_PROGRAM = "write_a_program";
  /** Starts with an ASCII punctuation character. */
  public static final String STARTS_WITH_PUNCTUATION = "starts_with_punctuation";
  /** Starts with a non-ASCII character. */
  public static final String STARTS_WITH_NON_ASCII = "starts_with_non_ascii";

  // Self-Instruct instance filters (prepare_for_finetuning.py).
  /** Instance input equals its output ({@code filter_invalid_instances}). */
  public static final String INPUT_EQUALS_OUTPUT = "input_equals_output";
  /** Instance output is empty ({@code filter_invalid_instances}). */
  public static final String EMPTY_OUTPUT = "empty_output";
  /** Instance input or output ends with ':' ({@code filter_invalid_instances}). */
  public static final String ENDS_WITH_COLON = "ends_with_colon";
  /** The same non-empty input with different outputs: every instance of the task is dropped. */
  public static final String CONFLICTING_OUTPUTS = "conflicting_outputs";
  /** An exact repeat of an instance already kept for the task. */
  public static final String DUPLICATE_INSTANCE = "duplicate_instance";
  /** More than the per-task cap (5) of instances; a seeded sample is kept. */
  public static final String INSTANCE_CAP = "instance_cap";

  // SELF-GUIDE filters.
  /** Empty (or whitespace-only) generated text. */
  public static final String EMPTY = "empty";
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
}
