package org.instructsynth.core.export;

import java.util.Arrays;
import java.util.List;

/**
 * The training-ready export formats: one JSON object per line, in the shape a training tool reads
 * without conversion. The first four come from the examples tables, the last two from {@code
 * comparisons} (distill with a judge).
 */
public enum ExportFormat {
  /** OpenAI chat fine-tuning, TRL SFTTrainer (conversational), axolotl {@code chat_template}: {@code {"messages": [...]}}. */
  MESSAGES("messages", false),
  /** TRL SFTTrainer prompt-completion: {@code {"prompt", "completion"}} (strings, or message lists when conversational). */
  PROMPT_COMPLETION("prompt-completion", false),
  /** Alpaca / LLaMA-Factory {@code alpaca}: {@code {"instruction", "input", "output"}} and {@code system} when set. */
  ALPACA("alpaca", false),
  /** LLaMA-Factory / FastChat {@code sharegpt}: {@code {"conversations": [{"from": "human"|"gpt", "value"}]}}, optional {@code system}. */
  SHAREGPT("sharegpt", false),
  /** TRL DPOTrainer: {@code {"prompt", "chosen", "rejected"}} (strings, or message lists when conversational). */
  DPO("dpo", true),
  /** OpenAI preference fine-tuning: {@code {"input": {"messages"}, "preferred_output", "non_preferred_output"}}. */
  OPENAI_PREFERENCE("openai-preference", true);

  private final String id;
  private final boolean preference;

  ExportFormat(String id, boolean preference) {
    this.id = id;
    this.preference = preference;
  }

  /** The name used in {@code export.formats} and as the folder under {@code exports/}. */
  public String id() {
    return id;
  }

  /** True for formats made from {@code comparisons} (chosen/rejected pairs). */
  public boolean preference() {
    return preference;
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(ExportFormat::id).toList();
  }

  /** The format named {@code id}; {@link IllegalArgumentException} naming the valid ones otherwise. */
  public static ExportFormat of(String id) {
    for (ExportFormat f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown export format '" + id + "'; one of " + ids());
  }
}
