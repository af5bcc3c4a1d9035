package org.instructsynth.pipeline.llm;

import java.io.Serializable;
import java.util.function.Function;

/**
 * Reads an environment variable where the LLM calls run (on the executor), so the API key never
 * travels in the settings or the Spark configuration. Tests inject a lookup because a JVM cannot
 * set its own environment.
 */
@FunctionalInterface
public interface EnvLookup extends Function<String, String>, Serializable {
  EnvLookup SYSTEM = System::getenv;
}
