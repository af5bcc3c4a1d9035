package org.instructsynth.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.instructsynth.core.prompt.ChatMessage;

/**
 * One LLM call: exactly one of {@code messages} (chat endpoint) or {@code prompt} (completions
 * endpoint), the sampling parameters and the sample index (the i-th sample of the same prompt).
 *
 * <p>{@link #canonicalJson()} is a deterministic JSON form (keys sorted, unset parameters left
 * out, integral numbers written without a fraction) and {@link #requestKey()} its SHA-256 in hex:
 * semantically equal requests get the same key, different sample indexes different keys. Neither
 * contains secrets, headers or the base URL.
 */
public record LlmRequest(
    String model, List<ChatMessage> messages, String prompt, Sampling sampling, int sampleIndex, String responseFormat)
    implements Serializable {

  public static final ObjectMapper JSON = new ObjectMapper();

  public LlmRequest {
    Objects.requireNonNull(model, "model");
    sampling = sampling == null ? Sampling.defaults() : sampling;
    messages = messages == null ? null : List.copyOf(messages);
    if ((messages == null) == (prompt == null)) {
      throw new IllegalArgumentException(
          "an LLM request needs exactly one of messages (chat) or prompt (completions), got "
              + (messages == null ? "neither" : "both"));
    }
    if (sampleIndex < 0) {
      throw new IllegalArgumentException("sample index must be >= 0, got " + sampleIndex);
    }
    if (responseFormat != null) {
      responseFormat = write(parseObject(responseFormat, "response_format"));
    }
  }

  /** A request without {@code response_format}. */
  public LlmRequest(String model, List<ChatMessage> messages, String prompt, Sampling sampling, int sampleIndex) {
    this(model, messages, prompt, sampling, sampleIndex, null);
  }

  /**
   * This request with {@code response_format} (a JSON object such as {@code {"type":"json_schema",
   * "json_schema":{...}}}); part of the canonical JSON, so it gets its own request key.
   */
  public LlmRequest withResponseFormat(String json) {
    return new LlmRequest(model, messages, prompt, sampling, sampleIndex, json);
  }

  public static LlmRequest chat(String model, List<ChatMessage> messages, Sampling sampling, int sampleIndex) {
    return new LlmRequest(model, messages, null, sampling, sampleIndex);
  }

  public static LlmRequest completion(String model, String prompt, Sampling sampling, int sampleIndex) {
    return new LlmRequest(model, null, prompt, sampling, sampleIndex);
  }

  public boolean isChat() {
    return messages != null;
  }

  /** The canonical JSON the request key is computed from; also the ledger's {@code request}. */
  public String canonicalJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    // Keys inserted in sorted order: the serialised form is the canonical one.
    Map<String, JsonNode> fields = new java.util.TreeMap<>();
    fields.put("model", text(model));
    if (messages != null) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (ChatMessage m : messages) {
        ObjectNode node = array.addObject();
        node.put("content", m.content());
        node.put("role", m.role());
      }
      fields.put("messages", array);
    } else {
      fields.put("prompt", text(prompt));
    }
    fields.put("sample_index", JsonNodeFactory.instance.numberNode(sampleIndex));
    if (responseFormat != null) {
      fields.put("response_format", parseObject(responseFormat, "response_format"));
    }
    samplingFields(sampling.seed()).forEach(fields::put);
    fields.forEach(root::set);
    return write(root);
  }

  /** SHA-256 of {@link #canonicalJson()}, 64 lowercase hex digits. */
  public String requestKey() {
    return sha256(canonicalJson());
  }

  /**
   * The HTTP body for an OpenAI-compatible server. The sample index is not an API field: it shifts
   * the seed (when one is set), so separate requests for samples of one prompt stay distinct.
   */
  public String wireBody() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("model", model);
    if (messages != null) {
      ArrayNode array = root.putArray("messages");
      for (ChatMessage m : messages) {
        array.addObject().put("role", m.role()).put("content", m.content());
      }
    } else {
      root.put("prompt", prompt);
    }
    Long seed = sampling.seed() == null ? null : sampling.seed() + sampleIndex;
    samplingFields(seed).forEach(root::set);
    if (responseFormat != null) {
      root.set("response_format", parseObject(responseFormat, "response_format"));
    }
    return write(root);
  }

  /** Prompt tokens estimated before the call: about 4 characters a token plus 4 per message. */
  public long estimatePromptTokens() {
    if (messages == null) {
      return Tokens.estimate(prompt);
    }
    long total = 3;
    for (ChatMessage m : messages) {
      total += 4 + Tokens.estimate(m.content());
    }
    return total;
  }

  /** Parses {@link #canonicalJson()} back; the inverse used on executors. */
  public static LlmRequest fromJson(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the request column is not valid JSON (" + e.getOriginalMessage() + "); build it with LlmRequest.canonicalJson()", e);
    }
    if (root == null || !root.isObject() || !root.hasNonNull("model")) {
      throw new IllegalArgumentException("the request JSON has no model field; build it with LlmRequest.canonicalJson()");
    }
    List<ChatMessage> messages = null;
    if (root.has("messages")) {
      messages = new ArrayList<>();
      for (JsonNode m : root.get("messages")) {
        messages.add(new ChatMessage(m.path("role").asText(), m.path("content").asText()));
      }
    }
    String prompt = root.has("prompt") ? root.get("prompt").asText() : null;
    Map<String, Object> extra = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!KNOWN.contains(e.getKey()) && !"response_format".equals(e.getKey())) {
        JsonNode v = e.getValue();
        extra.put(e.getKey(), v.isNumber() ? v.numberValue() : v.isBoolean() ? (Object) v.booleanValue() : v.asText());
      }
    }
    List<String> stop = new ArrayList<>();
    root.path("stop").forEach(s -> stop.add(s.asText()));
    Map<String, Integer> logitBias = new LinkedHashMap<>();
    root.path("logit_bias").fields().forEachRemaining(e -> logitBias.put(e.getKey(), e.getValue().asInt()));
    Sampling sampling =
        new Sampling(
            root.has("temperature") ? root.get("temperature").asDouble() : null,
            root.has("top_p") ? root.get("top_p").asDouble() : null,
            root.has("max_tokens") ? root.get("max_tokens").asInt() : null,
            stop,
            root.has("seed") ? root.get("seed").asLong() : null,
            root.has("presence_penalty") ? root.get("presence_penalty").asDouble() : null,
            root.has("frequency_penalty") ? root.get("frequency_penalty").asDouble() : null,
            extra,
            logitBias);
    String format = root.path("response_format").isObject() ? write(root.get("response_format")) : null;
    return new LlmRequest(root.get("model").asText(), messages, prompt, sampling, root.path("sample_index").asInt(0), format);
  }

  private static final java.util.Set<String> KNOWN =
      java.util.Set.of("model", "messages", "prompt", "sample_index", "temperature", "top_p", "max_tokens",
          "stop", "seed", "presence_penalty", "frequency_penalty", "logit_bias");

  private Map<String, JsonNode> samplingFields(Long seed) {
    Map<String, JsonNode> f = new java.util.TreeMap<>();
    JsonNodeFactory n = JsonNodeFactory.instance;
    if (sampling.temperature() != null) f.put("temperature", number(sampling.temperature()));
    if (sampling.topP() != null) f.put("top_p", number(sampling.topP()));
    if (sampling.maxTokens() != null) f.put("max_tokens", n.numberNode(sampling.maxTokens()));
    if (!sampling.stop().isEmpty()) {
      ArrayNode stop = n.arrayNode();
      sampling.stop().forEach(stop::add);
      f.put("stop", stop);
    }
    if (seed != null) f.put("seed", n.numberNode(seed));
    if (sampling.presencePenalty() != null) f.put("presence_penalty", number(sampling.presencePenalty()));
    if (sampling.frequencyPenalty() != null) f.put("frequency_penalty", number(sampling.frequencyPenalty()));
    if (!sampling.logitBias().isEmpty()) {
      ObjectNode bias = n.objectNode(); // keys sorted (Sampling keeps a sorted map): canonical
      sampling.logitBias().forEach((token, value) -> bias.put(token, value));
      f.put("logit_bias", bias);
    }
    sampling.extra().forEach(
        (key, value) -> {
          if (KNOWN.contains(key)) {
            throw new IllegalArgumentException(
                "llm.sampling.extra." + key + " duplicates a named sampling parameter; set it there instead");
          }
          f.put(key, value instanceof Number num ? number(num) : value instanceof Boolean b ? n.booleanNode(b) : text(value.toString()));
        });
    return f;
  }

  private static JsonNode parseObject(String json, String what) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(what + " must be a JSON object, got " + json);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  private static JsonNode number(Number value) {
    BigDecimal d = new BigDecimal(value.toString()).stripTrailingZeros();
    if (d.scale() <= 0) {
      return JsonNodeFactory.instance.numberNode(d.toBigIntegerExact());
    }
    return JsonNodeFactory.instance.numberNode(d);
  }

  private static JsonNode text(String s) {
    return JsonNodeFactory.instance.textNode(s);
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an LLM request to JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java SE runtime must provide", e);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "LlmRequest[model=%s, sample=%d, key=%s]", model, sampleIndex, requestKey());
  }
}
