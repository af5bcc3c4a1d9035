package org.instructsynth.core.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import org.instructsynth.core.io.Json;

/**
 * The pure mapping from an example (or a comparison) to one JSON line of an export format. Every
 * example gives exactly one line (null fields count as empty), so an export has as many lines as its
 * table has rows.
 *
 * <p>{@code system} (blank for none) is the system turn of {@code messages}, {@code sharegpt},
 * {@code openai-preference} and the conversational styles, the {@code system} field of {@code alpaca};
 * in the plain styles of {@code prompt-completion} and {@code dpo}, which have no system slot, it
 * comes first in the prompt, followed by a blank line.
 */
public final class ExportLines implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final UserPrompt prompt;
  private final String system;
  private final boolean conversational;

  /**
   * @param conversational {@code prompt-completion} and {@code dpo} as message lists (TRL's
   *     conversational type) instead of strings
   */
  public ExportLines(UserPrompt prompt, String system, boolean conversational) {
    this.prompt = prompt;
    this.system = system == null ? "" : system;
    this.conversational = conversational;
  }

  /** One line of an example format ({@code messages}, {@code prompt-completion}, {@code alpaca}, {@code sharegpt}). */
  public String example(ExportFormat format, String instruction, String input, String output) {
    String out = output == null ? "" : output;
    ObjectNode line = JSON.objectNode();
    switch (format) {
      case MESSAGES -> {
        ArrayNode messages = promptMessages(line.putArray("messages"), instruction, input);
        message(messages, "assistant", out);
      }
      case PROMPT_COMPLETION -> {
        if (conversational) {
          promptMessages(line.putArray("prompt"), instruction, input);
          message(line.putArray("completion"), "assistant", out);
        } else {
          line.put("prompt", plainPrompt(instruction, input));
          line.put("completion", out);
        }
      }
      case ALPACA -> {
        line.put("instruction", instruction == null ? "" : instruction);
        line.put("input", input == null ? "" : input);
        line.put("output", out);
        if (!system.isBlank()) {
          line.put("system", system);
        }
      }
      case SHAREGPT -> {
        ArrayNode turns = line.putArray("conversations");
        turns.addObject().put("from", "human").put("value", prompt.render(instruction, input));
        turns.addObject().put("from", "gpt").put("value", out);
        if (!system.isBlank()) {
          line.put("system", system);
        }
      }
      default -> throw new IllegalArgumentException(format.id() + " is a preference format; use preference()");
    }
    return write(line);
  }

  /** One line of a preference format ({@code dpo}, {@code openai-preference}). */
  public String preference(ExportFormat format, String instruction, String input, String chosen, String rejected) {
    String c = chosen == null ? "" : chosen;
    String r = rejected == null ? "" : rejected;
    ObjectNode line = JSON.objectNode();
    switch (format) {
      case DPO -> {
        if (conversational) {
          promptMessages(line.putArray("prompt"), instruction, input);
          message(line.putArray("chosen"), "assistant", c);
          message(line.putArray("rejected"), "assistant", r);
        } else {
          line.put("prompt", plainPrompt(instruction, input));
          line.put("chosen", c);
          line.put("rejected", r);
        }
      }
      case OPENAI_PREFERENCE -> {
        promptMessages(line.putObject("input").putArray("messages"), instruction, input);
        message(line.putArray("preferred_output"), "assistant", c);
        message(line.putArray("non_preferred_output"), "assistant", r);
      }
      default -> throw new IllegalArgumentException(format.id() + " is not a preference format; use example()");
    }
    return write(line);
  }

  /** The user turn the exports show for an example. */
  public String userPrompt(String instruction, String input) {
    return prompt.render(instruction, input);
  }

  private String plainPrompt(String instruction, String input) {
    String user = prompt.render(instruction, input);
    return system.isBlank() ? user : system + "\n\n" + user;
  }

  private ArrayNode promptMessages(ArrayNode messages, String instruction, String input) {
    if (!system.isBlank()) {
      message(messages, "system", system);
    }
    return message(messages, "user", prompt.render(instruction, input));
  }

  private static ArrayNode message(ArrayNode messages, String role, String content) {
    messages.addObject().put("role", role).put("content", content);
    return messages;
  }

  private static String write(ObjectNode line) {
    try {
      return Json.MAPPER.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an export line", e);
    }
  }
}
