package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.instructsynth.core.text.PythonText;

/**
 * SELF-GUIDE's label rule for classification answers: the label an answer names, or a drop.
 * First an answer equal to a label (after stripping, ignoring case) maps to it; otherwise the first
 * label in {@code labels} order that occurs in the answer as a case-sensitive substring wins. List
 * labels that contain other labels first (e.g. "not spam" before "spam") when answers may be
 * sentences.
 *
 * <p>Source: {@code zhaochenyang20/Prompt2Model-Self-Distill self-guide/utils/output_annotation.py}
 * lines 19-24 ({@code mapping_func}). In the source the label is mapped after the vote, on the winning
 * answer; here each sample is mapped before the vote (issue 13 revisits this).
 *
 * <p>Reason code {@code no_label}.
 */
public final class LabelMapping implements Serializable {

  public static final String NAME = "label-mapping";
  public static final String REASON = ReasonCodes.NO_LABEL;

  private final List<String> labels;

  public LabelMapping(List<String> labels) {
    this.labels = List.copyOf(labels);
  }

  /** The label {@code answer} names, if any. */
  public Optional<String> label(String answer) {
    String a = answer == null ? "" : PythonText.strip(answer);
    for (String label : labels) {
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
