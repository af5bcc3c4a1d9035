package org.instructsynth.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.instructsynth.core.text.PythonText;

/**
 * Stable content identifiers. An example's {@code id} is the SHA-256 of its instruction, input and
 * output (separated by NUL), so the same text gets the same id on every night and every cluster.
 */
public final class ContentHash {
  private static final HexFormat HEX = HexFormat.of();

  private ContentHash() {}

  /** The first 16 bytes of SHA-256 over the parts joined by NUL, as 32 lowercase hex digits. */
  public static String id(String... parts) {
    return HEX.formatHex(digest(parts), 0, 16);
  }

  /**
   * The key two rows share when they are the same text up to case and white space: lowercase
   * ({@link Locale#ROOT}), runs of white space folded to one space, ends trimmed. White space is
   * Python's ({@link PythonText#isSpace}: a no-break space U+00A0 or an ideographic space U+3000 folds
   * like a space), as in every rule of the rule book.
   */
  public static String normalizedKey(String instruction, String input, String output) {
    return id(normalize(instruction), normalize(input), normalize(output));
  }

  public static String normalize(String text) {
    if (text == null) {
      return "";
    }
    return PythonText.lower(PythonText.collapseWhitespace(text));
  }

  static byte[] digest(String... parts) {
    MessageDigest md = sha256();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        md.update((byte) 0);
      }
      md.update((parts[i] == null ? "" : parts[i]).getBytes(StandardCharsets.UTF_8));
    }
    return md.digest();
  }

  /** A new SHA-256 digest (every Java runtime has one). */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java 17 runtime must have", e);
    }
  }
}
