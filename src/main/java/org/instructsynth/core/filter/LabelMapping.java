package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.instructsynth.core.text.PythonText;

/**
 * SELF-GUIDE's label rule for classification answers: the label an answer names, or a drop. The
 * first label in {@code labels} order that occurs in the (stripped) answer as a case-sensitive
 * substring wins; an answer naming none is dropped, so only answers equal to a label are kept. List
 * labels that contain other labels first (e.g. "not spam" before "spam") when answers may be
 * sentences.
 *
 * <p>Source: {@code zhaochenyang20/Prompt2Model-Self-Distill self-guide/utils/output_annotation.py}
 * lines 15-23 ({@code filter_func}, {@code mapping_func}) and 69-81, applied to the vote's winner
 * (SG-22). With {@code exactIgnoringCaseFirst} (option {@code self-guide.label-mapping: per-sample},
 * this project's earlier rule) an answer equal to a label ignoring case maps to it before the
 * substring test.
 *
 * <p>Reason code {@code no_label}.
 */
public final class LabelMapping implements Serializable {

  public static final String NAME = "label-mapping";
  public static final String REASON = ReasonCodes.NO_LABEL;

  private final List<String> labels;
  private final boolean exactIgnoringCaseFirst;

  /** The paper's rule: first label that is a case-sensitive substring. */
  public LabelMapping(List<String> labels) {
    this(labels, false);
  }

  public LabelMapping(List<String> labels, boolean exactIgnoringCaseFirst) {
    this.labels = List.copyOf(labels);
    this.exactIgnoringCaseFirst = exactIgnoringCaseFirst;
  }

  /** The label {@code answer} names, if any. */
  public Optional<String> label(String answer) {
    String a = answer == null ? "" : PythonText.strip(answer);
    for (String label : exactIgnoringCaseFirst ? labels : List.<String>of()) {
      if (PythonText.strip(label).equalsIgnoreCase(a)) {
        return Optional.of(label);
      }
    }
    for (String label : labels) {
      if (!label.isEmpty() && a.contains(label)) {
        return Optional.of(label);
      }
    }
    return Optional.empty();
  }

  /** Keep if {@code answer} names a label, else {@code no_label}. */
  public Verdict apply(String answer) {
    return label(answer).isPresent() ? Verdict.keep() : Verdict.drop(REASON, "names none of " + labels);
  }
}
