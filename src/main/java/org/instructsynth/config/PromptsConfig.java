package org.instructsynth.config;

import org.instructsynth.core.prompt.PromptTemplates;

/** {@code prompts.*}: prompt files that replace the shipped templates ({@link JobConfig#prompts()}). */
final class PromptsConfig {
  private PromptsConfig() {}

  /**
   * {@code prompts.dir}: must be a directory whose {@code .txt} files are all shipped template names and
   * compile with exactly the slots the recipe fills, so a typo in a file name or a slot fails here,
   * before any call, not as a prompt the endpoint is paid for.
   */
  static String dir(ConfigReader p) {
    String dir = p.string("dir", "");
    if (dir.isEmpty()) {
      return dir;
    }
    java.nio.file.Path path = java.nio.file.Path.of(dir);
    if (!java.nio.file.Files.isDirectory(path)) {
      p.problem("dir", "'" + dir + "' is not a directory; create it with one <template>.txt per prompt to replace, or remove the key");
      return dir;
    }
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(path)) {
      for (java.nio.file.Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".txt") && !PromptTemplates.NAMES.contains(name.substring(0, name.length() - 4))) {
          p.problem("dir", "has '" + name + "', which replaces no prompt; rename it to one of "
              + PromptTemplates.NAMES.stream().map(n -> n + ".txt").toList());
        }
      }
    } catch (java.io.IOException e) {
      p.problem("dir", "cannot list '" + dir + "': " + e.getMessage());
      return dir;
    }
    try {
      PromptTemplates.withOverrides(path).validate();
    } catch (org.instructsynth.core.UserError e) {
      p.problem("dir", e.getMessage());
    }
    return dir;
  }
}
