package org.instructsynth.core;

import java.io.Serializable;

/** One input/output pair of a task. An empty input is the empty string, never null. */
public record Instance(String input, String output) implements Serializable {
  public Instance {
    input = input == null ? "" : input;
    output = output == null ? "" : output;
  }
}
