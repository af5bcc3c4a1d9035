package org.instructsynth.pipeline;

/** Rows in and out of one stage and how long it took, as measured while the run went. */
public record StageStats(String stage, long rowsIn, long rowsOut, long elapsedMs) {}
