package org.instructsynth.pipeline.export;

/**
 * Where a run writes its exports and dataset card: {@code root}, the run's staging folder that stands for
 * {@code <output>/exports} while the run writes ({@code _staging/<run_id>/exports}), and the published
 * {@code <output>/exports}, read (never written) to tell whether a date's card is the newest. The publish
 * step moves what {@link ExportResult#written()} and {@link CardWriter#write} list (paths relative to
 * the root) into the published folder when it commits the night ({@code pipeline.publish.Publisher}).
 *
 * @param root the folder written to
 * @param publishedRoot the folder users read
 */
public record ExportSink(String root, String publishedRoot) {}
