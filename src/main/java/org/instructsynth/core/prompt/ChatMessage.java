package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.Objects;

/** One chat turn of an OpenAI-style conversation: role is {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) implements Serializable {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }
}
