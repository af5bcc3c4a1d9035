package org.instructsynth.core.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import org.instructsynth.core.ContentHash;

/** SHA-256 of prompt template files, for the dataset card's provenance. */
public final class PromptFiles {
  private PromptFiles() {}

  /** The SHA-256 (hex) of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(ContentHash.sha256().digest(bytes));
  }

  /**
   * The SHA-256 of the shipped template {@code name} ({@code /prompts/<name>.txt} on the classpath,
   * as {@code PromptTemplates} loads it), over the file's bytes.
   */
  public static String shippedSha256(String name) {
    String resource = "/prompts/" + name + ".txt";
    try (InputStream in = PromptFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no shipped prompt template " + resource);
      }
      return sha256(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
