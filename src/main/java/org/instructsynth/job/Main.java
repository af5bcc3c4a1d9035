package org.instructsynth.job;

public final class Main {
  public static void main(String[] args) {}
}
