package org.instructsynth.core.export;

/**
 * One split of one export format as written.
 *
 * @param format the format id ({@link ExportFormat#id()})
 * @param split {@code train}, {@code eval} or {@code eval_unseen}
 * @param rows lines written
 * @param path where, relative to the exports root: a file ({@code messages/run_date=D/train.jsonl})
 *     or a glob over part files ({@code messages/run_date=D/train/*.jsonl}); null when no row was
 *     written (nothing is written for an empty split)
 */
public record ExportedFile(String format, String split, long rows, String path) {}
