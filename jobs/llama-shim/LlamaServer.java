import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal OpenAI-compatible server over llama.cpp, for trying the recipes against a real model where
 * no llama.cpp binary can be installed (Debian bookworm has no package): java-llama.cpp
 * (de.kherud:llama on Maven Central) bundles llama.cpp's native library. Test tool, not part of the
 * job: loopback only, one request at a time, no chat template (messages are joined by blank lines,
 * which suits base models), and just enough JSON handling for the requests the job sends.
 * Usage: jobs/llama-server.sh MODEL.gguf [PORT].
 */
public class LlamaServer {
  static LlamaModel model;

  public static void main(String[] args) throws Exception {
    model = new LlamaModel(new ModelParameters().setModel(args[0]).setCtxSize(2048).setThreads(1));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])), 64);
    server.createContext("/v1/", LlamaServer::handle);
    server.start();
    System.out.println("listening on 127.0.0.1:" + args[1]);
  }

  static String str(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    return m.find() ? unescape(m.group(1)) : null;
  }

  static Double num(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
    return m.find() ? Double.valueOf(m.group(1)) : null;
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'u' -> { b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; }
          default -> b.append(n);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> { if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c); }
      }
    }
    return b.toString();
  }

  static void handle(HttpExchange ex) {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean chat = ex.getRequestURI().getPath().endsWith("/chat/completions");
      String prompt;
      if (chat) {
        List<String> parts = new ArrayList<>();
        Matcher m = Pattern.compile("\"content\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
        while (m.find()) parts.add(unescape(m.group(1)));
        prompt = String.join("\n\n", parts) + "\n\n";
      } else {
        prompt = str(body, "prompt");
      }
      int maxTokens = num(body, "max_tokens") == null ? 128 : num(body, "max_tokens").intValue();
      double temperature = num(body, "temperature") == null ? 0.8 : num(body, "temperature");
      InferenceParameters p = new InferenceParameters(prompt).setNPredict(maxTokens).setTemperature((float) temperature);
      if (num(body, "top_k") != null) p.setTopK(num(body, "top_k").intValue());
      if (num(body, "seed") != null) p.setSeed(num(body, "seed").intValue());
      String text;
      int promptTokens;
      int completionTokens;
      synchronized (LlamaServer.class) {
        text = model.complete(p);
        promptTokens = model.encode(prompt).length;
        completionTokens = model.encode(text).length;
      }
      String finish = completionTokens >= maxTokens ? "length" : "stop";
      String choice = chat
          ? "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + esc(text) + "\"},\"finish_reason\":\"" + finish + "\"}"
          : "{\"index\":0,\"text\":\"" + esc(text) + "\",\"finish_reason\":\"" + finish + "\"}";
      String out = "{\"id\":\"cmpl-llama\",\"object\":\"" + (chat ? "chat.completion" : "text_completion") + "\",\"model\":\"stories260K\","
          + "\"choices\":[" + choice + "],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
          + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}";
      byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream o = ex.getResponseBody()) { o.write(bytes); }
    } catch (Exception e) {
      e.printStackTrace();
      try {
        byte[] bytes = ("{\"error\":{\"message\":\"" + esc(String.valueOf(e)) + "\"}}").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(500, bytes.length);
        ex.getResponseBody().write(bytes);
      } catch (Exception ignored) {
        System.err.println("could not send the error: " + ignored);
      }
    }
  }
}
