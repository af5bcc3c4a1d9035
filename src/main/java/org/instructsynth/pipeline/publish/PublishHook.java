package org.instructsynth.pipeline.publish;

/**
 * Called after every step of a publish ({@code staged:train}, {@code moved:train}, {@code
 * committed:train}, {@code recorded}, ...). Production runs use {@link #NONE}; the fault-injection
 * tests stop the publish (or halt the JVM) at a chosen step to prove every crash point leaves each
 * date all old or all new.
 */
@FunctionalInterface
public interface PublishHook {
  PublishHook NONE = step -> {};

  void after(String step);
}
