package org.instructsynth.config;

import java.util.List;
import org.instructsynth.core.UserError;

/**
 * Every problem found in a configuration, reported at once. The message lists each problem on its own
 * line with the key path, what is wrong and how to fix it.
 */
public final class ConfigException extends UserError {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(Kind.CONFIG, format(source, problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String format(String source, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append("Invalid configuration ")
        .append(source)
        .append(": ")
        .append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems")
        .append(". Fix them in the YAML file or the --set overrides and run again.");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
