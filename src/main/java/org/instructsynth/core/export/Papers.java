package org.instructsynth.core.export;

import java.util.ArrayList;
import java.util.List;

/** The papers each recipe implements, with links, for the dataset card. */
public final class Papers {
  /** One paper: who and when, its title, and where to read it. */
  public record Paper(String citation, String title, String url) {}

  static final Paper SELF_INSTRUCT = new Paper("Wang et al. 2022",
      "Self-Instruct: Aligning Language Models with Self-Generated Instructions", "https://arxiv.org/abs/2212.10560");
  static final Paper ALPACA = new Paper("Taori et al. 2023",
      "Stanford Alpaca: An Instruction-following LLaMA Model", "https://github.com/tatsu-lab/stanford_alpaca");
  static final Paper SELF_GUIDE = new Paper("Zhao et al. 2024",
      "SELF-GUIDE: Better Task-Specific Instruction Following via Self-Synthetic Finetuning",
      "https://arxiv.org/abs/2407.12874");
  static final Paper GPT4_LLM = new Paper("Peng et al. 2023", "Instruction Tuning with GPT-4",
      "https://arxiv.org/abs/2304.03277");
  static final Paper FLAN = new Paper("Wei et al. 2021", "Finetuned Language Models Are Zero-Shot Learners",
      "https://arxiv.org/abs/2109.01652");
  static final Paper FLAN_COLLECTION = new Paper("Longpre et al. 2023",
      "The Flan Collection: Designing Data and Methods for Effective Instruction Tuning",
      "https://arxiv.org/abs/2301.13688");
  static final Paper WRITING = new Paper("Zhang et al. 2023",
      "Multi-Task Instruction Tuning of LLaMa for Specific Scenarios: A Preliminary Study on Writing Assistance",
      "https://arxiv.org/abs/2305.13225");
  static final Paper DPO = new Paper("Rafailov et al. 2023",
      "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
      "https://arxiv.org/abs/2305.18290");

  private Papers() {}

  /**
   * The papers behind {@code recipe}: {@code alpacaStyle} for self-instruct's Alpaca style,
   * {@code preferences} when preference exports (DPO) were written.
   */
  public static List<Paper> of(String recipe, boolean alpacaStyle, boolean preferences) {
    List<Paper> out = new ArrayList<>();
    switch (recipe == null ? "" : recipe) {
      case "self-instruct" -> {
        out.add(SELF_INSTRUCT);
        if (alpacaStyle) {
          out.add(ALPACA);
        }
      }
      case "self-guide" -> out.add(SELF_GUIDE);
      case "distill" -> {
        out.add(GPT4_LLM);
        out.add(ALPACA);
      }
      case "templatize" -> {
        out.add(FLAN);
        out.add(FLAN_COLLECTION);
        out.add(WRITING);
      }
      case "curate" -> out.add(SELF_INSTRUCT); // its filters and ROUGE-L > 0.7 rule
      default -> { }
    }
    if (preferences) {
      out.add(DPO);
    }
    return out;
  }
}
