package org.instructsynth.pipeline.publish;

import java.nio.file.Path;

/**
 * Child JVM for {@link PublishCrashIT}: {@code CrashingNight OUT FORMAT DATE NIGHT STEP} publishes
 * night {@code NIGHT} of {@code DATE} and halts the JVM (exit 137, no shutdown hooks, no finally
 * blocks: what SIGKILL leaves) right after publish step {@code STEP}.
 */
public final class CrashingNight {
  private CrashingNight() {}

  public static void main(String[] args) {
    String step = args[4];
    Nights.night(Path.of(args[0]), args[1], args[2], Integer.parseInt(args[3]), s -> {
      if (s.equals(step)) {
        System.out.println("halting after " + s);
        System.out.flush();
        Runtime.getRuntime().halt(137);
      }
    });
    System.out.println("published without reaching " + step);
    Runtime.getRuntime().halt(0);
  }
}
