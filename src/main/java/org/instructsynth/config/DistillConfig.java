package org.instructsynth.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code distill.*}: a teacher answers an instruction set (GPT-4-LLM, Peng et al. 2023,
 * Instruction-Tuning-with-GPT-4/GPT-4-LLM: GPT-4 answers Alpaca's 52K instructions with Alpaca's
 * prompt; a Chinese set is made by translating the instructions first; comparison data by scoring
 * several answers from 1 to 10). The paper does not publish decoding settings; the defaults are the
 * OpenAI API's (temperature 1, top_p 1).
 *
 * @param systemPrompt an optional system turn sent before the Alpaca prompt; empty for none
 * @param maxTokens the teacher's max_tokens
 * @param teachers the answer settings; without a judge only the first is used (one answer per
 *     instruction), with a judge every teacher's samples are the k candidates
 * @param translateTo ISO 639-1 code the instruction and input are translated to before answering
 *     (the teacher then answers in that language); empty for no translation
 * @param translatorModel the model translating; empty means {@code llm.model}
 * @param judge the judge, or null when {@code distill.judge.enabled} is false
 */
public record DistillConfig(
    String systemPrompt, int maxTokens, List<Teacher> teachers, String translateTo, String translatorModel, Judge judge)
    implements Serializable {

  /**
   * One answer setting.
   *
   * @param model empty means {@code llm.model}
   * @param samples answers drawn with this setting (separate requests with distinct sample indexes)
   */
  public record Teacher(String model, double temperature, double topP, int samples) implements Serializable {}

  /**
   * The judge: scores the candidates from 1 to 10.
   *
   * @param model empty means {@code llm.model}
   * @param mode {@link #TOGETHER} (the paper: one request shows all candidates of an instruction and
   *     asks a score for each, {@code prompts/distill-judge-all.txt}) or {@link #EACH} (one request per
   *     candidate, {@code prompts/distill-judge.txt}: no answer is seen beside another, k requests)
   */
  public record Judge(String model, double temperature, int maxTokens, String mode) implements Serializable {
    public static final String TOGETHER = "together";
    public static final String EACH = "each";

    public boolean together() {
      return TOGETHER.equals(mode);
    }
  }

  /**
   * The models this recipe calls, each with the first key that names it ({@code llm.model} for the
   * empty ones): teachers, the translator when translating, the judge when enabled.
   */
  public java.util.Map<String, String> models(String llmModel) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < teachers.size(); i++) {
      put(out, teachers.get(i).model(), "distill.teachers[" + i + "].model", llmModel);
    }
    if (!translateTo.isEmpty()) {
      put(out, translatorModel, "distill.translator-model", llmModel);
    }
    if (judge != null) {
      put(out, judge.model(), "distill.judge.model", llmModel);
    }
    return out;
  }

  private static void put(java.util.Map<String, String> out, String model, String key, String llmModel) {
    out.putIfAbsent(model.isEmpty() ? llmModel : model, model.isEmpty() ? "llm.model" : key);
  }

  public int candidates() {
    return judge == null ? 1 : teachers.stream().mapToInt(Teacher::samples).sum();
  }

  static DistillConfig read(ConfigReader d) {
    String system = d.string("system-prompt", "");
    int maxTokens = d.integer("max-tokens", 1024, 1, 1_000_000);
    List<Teacher> teachers = new ArrayList<>();
    for (ConfigReader t : d.sectionList("teachers")) {
      teachers.add(new Teacher(t.string("model", ""), t.dbl("temperature", 1.0, 0, 2), t.dbl("top-p", 1.0, 0, 1),
          t.integer("samples", 1, 1, 100)));
    }
    if (teachers.isEmpty()) {
      teachers.add(new Teacher("", 1.0, 1.0, 1));
    }
    String translateTo = d.string("translate-to", "");
    if (!translateTo.isEmpty() && !translateTo.matches("[a-z]{2,3}")) {
      d.problem("translate-to", "must be an ISO 639-1 code such as zh, found '" + translateTo + "'");
    }
    String translator = d.string("translator-model", "");
    ConfigReader j = d.section("judge");
    Judge judge = null;
    boolean judged = j.bool("enabled", false);
    String judgeModel = j.string("model", "");
    double judgeTemperature = j.dbl("temperature", 0.0, 0, 2);
    String judgeMode = j.oneOf("mode", Judge.TOGETHER, List.of(Judge.TOGETHER, Judge.EACH));
    // a sentence per answer and a score line each need more room than one answer's verdict
    int judgeTokens = j.integer("max-tokens", Judge.EACH.equals(judgeMode) ? 256 : 512, 1, 1_000_000);
    if (judged) {
      judge = new Judge(judgeModel, judgeTemperature, judgeTokens, judgeMode);
      int k = teachers.stream().mapToInt(Teacher::samples).sum();
      if (k < 2) {
        d.problem("teachers", "a judge needs at least 2 candidate answers per instruction (sum of samples), found " + k
            + "; add a teacher or raise samples");
      }
    }
    return new DistillConfig(system, maxTokens, List.copyOf(teachers), translateTo, translator, judge);
  }
}
