package org.instructsynth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.instructsynth.core.io.Json;

/**
 * A loopback OpenAI-compatible endpoint whose answers a test scripts, for golden tests: every request
 * is recorded (body and {@code X-Sample-Index}); the script turns a request into a {@link Reply}, sent
 * in the shape of the endpoint asked for (chat or completions). A script that throws, or a body that
 * is not JSON, is answered with HTTP 400 and the reason, as a provider refuses a request.
 */
public final class ScriptedEndpoint implements AutoCloseable {
  /** One request as received: its JSON body, raw text and sample index (-1 without the header). */
  public record Call(JsonNode body, String raw, int sampleIndex) {
    /** The prompt: a completions request's {@code prompt}, else the last chat message's content. */
    public String prompt() {
      if (body.has("prompt")) {
        return body.path("prompt").asText();
      }
      JsonNode messages = body.path("messages");
      return messages.path(messages.size() - 1).path("content").asText();
    }
  }

  /** An answer: its text and finish reason ({@code stop}, or {@code length} for a cut answer). */
  public record Reply(String text, String finishReason) {
    public static Reply stop(String text) {
      return new Reply(text, "stop");
    }

    public static Reply cut(String text) {
      return new Reply(text, "length");
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final List<Call> calls = new ArrayList<>();

  private ScriptedEndpoint(Function<Call, Reply> script) throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        try {
          String raw = request.getBody() == null ? "" : request.getBody().utf8();
          String sample = request.getHeaders().get("X-Sample-Index");
          Call call = new Call(Json.MAPPER.readTree(raw), raw, sample == null ? -1 : Integer.parseInt(sample));
          synchronized (calls) {
            calls.add(call);
          }
          Reply reply = script.apply(call);
          Map<String, Object> choice = request.getTarget().endsWith("/chat/completions")
              ? Map.of("index", 0, "message", Map.of("role", "assistant", "content", reply.text()), "finish_reason", reply.finishReason())
              : Map.of("index", 0, "text", reply.text(), "finish_reason", reply.finishReason());
          return new MockResponse.Builder().code(200).body(Json.MAPPER.writeValueAsString(Map.of("model", "m",
              "choices", List.of(choice), "usage", Map.of("prompt_tokens", 40, "completion_tokens", 8)))).build();
        } catch (Exception | Error e) {
          return new MockResponse.Builder().code(400).body("{\"error\":{\"message\":" + quoted(String.valueOf(e)) + "}}").build();
        }
      }
    });
    server.start();
  }

  /** Starts an endpoint on 127.0.0.1 answering with {@code script}. */
  public static ScriptedEndpoint start(Function<Call, Reply> script) throws IOException {
    return new ScriptedEndpoint(script);
  }

  /** The base URL to give {@code llm.base-url}. */
  public String baseUrl() {
    return server.url("/v1").toString();
  }

  /** The requests received so far, in arrival order. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  private static String quoted(String s) {
    try {
      return Json.MAPPER.writeValueAsString(s);
    } catch (Exception e) {
      return "\"?\"";
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
