package org.instructsynth.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a file holding one JSON array (Alpaca's {@code alpaca_data.json}) into its elements, each
 * with its index and the line it starts on. A broken file yields the elements before the break and
 * one error element that carries the rest of the file, so nothing is silently lost.
 */
public final class JsonArrayReader {
  /** Reads one element at a time, so trailing tokens (the next element) are expected. */
  private static final ObjectMapper STREAMING = new ObjectMapper();

  private JsonArrayReader() {}

  /**
   * One element of the array.
   *
   * @param index position in the array (0-based), or the position the broken element would have had
   * @param line 1-based line number where the element starts
   * @param json the element as compact JSON, null when {@code error} is set
   * @param error why the element could not be read, null when it could
   * @param raw the unread text when {@code error} is set
   */
  public record Element(long index, long line, String json, String error, String raw) {}

  public static List<Element> read(byte[] content, int maxRawChars) {
    List<Element> out = new ArrayList<>();
    int skip = content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
        && (content[2] & 0xFF) == 0xBF ? 3 : 0;
    long index = 0;
    long line = 1;
    long offset = skip;
    try (JsonParser p = STREAMING.createParser(content, skip, content.length - skip)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_ARRAY) {
        out.add(new Element(0, 1, null,
            "expected a JSON array ([...]) of records, found " + (first == null ? "an empty file" : first.asString()
                + "; use input.format: jsonl for one object per line"),
            LineDecoder.lenient(content, content.length, maxRawChars)));
        return out;
      }
      while (true) {
        JsonToken t = p.nextToken();
        JsonLocation loc = p.currentTokenLocation();
        line = loc.getLineNr();
        offset = skip + loc.getByteOffset();
        if (t == JsonToken.END_ARRAY || t == null) {
          if (t == null) {
            throw new MalformedTail("the array is not closed: the file ends before ']'");
          }
          break;
        }
        JsonNode node = p.readValueAsTree();
        if (node == null) {
          break;
        }
        out.add(new Element(index++, line, Json.MAPPER.writeValueAsString(node), null, null));
      }
      JsonToken after = p.nextToken();
      if (after != null) {
        JsonLocation loc = p.currentTokenLocation();
        out.add(new Element(index, loc.getLineNr(), null, "unexpected content after the closing ']'",
            tail(content, skip + (int) loc.getByteOffset(), maxRawChars)));
      }
    } catch (MalformedTail e) {
      out.add(new Element(index, line, null, e.getMessage(), tail(content, (int) offset, maxRawChars)));
    } catch (JsonProcessingException e) {
      out.add(new Element(index, line, null,
          "not valid JSON from here on: " + e.getOriginalMessage() + "; the rest of the file was not read",
          tail(content, (int) offset, maxRawChars)));
    } catch (IOException e) {
      out.add(new Element(index, line, null, "cannot read the file: " + e.getMessage(),
          tail(content, (int) offset, maxRawChars)));
    }
    return out;
  }

  private static String tail(byte[] content, int from, int maxRawChars) {
    int start = Math.max(0, Math.min(from, content.length));
    String s = new String(content, start, content.length - start, StandardCharsets.UTF_8);
    return LineDecoder.truncate(s, maxRawChars);
  }

  private static final class MalformedTail extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedTail(String message) {
      super(message);
    }
  }
}
