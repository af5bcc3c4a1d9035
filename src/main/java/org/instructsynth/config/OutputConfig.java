package org.instructsynth.config;

import java.io.Serializable;

/**
 * {@code output.*}: where tables go.
 *
 * @param path root of the output layout ({@code train/}, {@code eval/}, ..., {@code _runs/})
 * @param format {@code parquet} or {@code jsonl}
 * @param maxRawChars the longest raw text kept in a reject row; longer text is cut and marked
 */
public record OutputConfig(String path, String format, int maxRawChars) implements Serializable {}
