package org.instructsynth.core.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns the raw bytes of one input line into text, strictly: invalid UTF-8 is an error (with the byte
 * offset), a UTF-8 byte-order mark at the start is dropped, and a trailing carriage return (CRLF
 * files) is dropped. Also renders raw bytes for the rejects table when they are not valid text.
 */
public final class LineDecoder {
  private LineDecoder() {}

  public static String decode(byte[] bytes, int length) throws MalformedRecordException {
    int start = 0;
    int end = length;
    if (end >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
      start = 3;
    }
    if (end > start && bytes[end - 1] == '\r') {
      end--;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
    try {
      CharBuffer out = decoder.decode(in);
      return out.toString();
    } catch (MalformedInputException e) {
      throw new MalformedRecordException(
          String.format(Locale.ROOT, "invalid UTF-8 at byte %d of the line; save the file as UTF-8", in.position()));
    } catch (CharacterCodingException e) {
      throw new MalformedRecordException("the line is not valid UTF-8: " + e);
    }
  }

  /** The bytes as text with every invalid sequence replaced by U+FFFD, cut to {@code maxChars}. */
  public static String lenient(byte[] bytes, int length, int maxChars) {
    String s = new String(bytes, 0, length, StandardCharsets.UTF_8);
    return truncate(s, maxChars);
  }

  /** Cuts text to {@code maxChars} characters, marking the cut with the original length. */
  public static String truncate(String s, int maxChars) {
    if (s == null || s.length() <= maxChars) {
      return s;
    }
    int cut = maxChars;
    if (Character.isHighSurrogate(s.charAt(cut - 1))) {
      cut--;
    }
    return s.substring(0, cut) + String.format(Locale.ROOT, "...[truncated, %d chars in all]", s.length());
  }
}
