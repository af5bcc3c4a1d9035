package org.instructsynth.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.UserError;
import org.instructsynth.core.export.ExportFormat;
import org.instructsynth.core.export.UserPrompt;
import org.instructsynth.core.prompt.Template;

/**
 * {@code export.*}: training-ready JSON Lines written beside the tables, and the dataset card.
 *
 * @param formats format ids ({@link ExportFormat#ids()}); empty switches exports and the card off
 * @param singleFile one {@code <split>.jsonl} per split instead of Spark part files
 * @param promptTemplate the user turn with {@code {instruction}} and {@code {input}}; empty for the
 *     recipe's default (distill: Alpaca's prompt as the teacher got it; others: the instruction, a blank
 *     line and the input when there is one)
 * @param promptTemplateNoInput the user turn when the input is blank; empty means {@code promptTemplate}
 * @param systemPrompt the system turn; blank for none (distill defaults to {@code distill.system-prompt})
 * @param conversational {@code prompt-completion} and {@code dpo} as message lists instead of strings
 *     ({@code export.style: conversational})
 * @param license the card's {@code license} (a Hub license id, {@code other} by default)
 */
public record ExportConfig(List<String> formats, boolean singleFile, String promptTemplate, String promptTemplateNoInput,
    String systemPrompt, boolean conversational, String license) implements Serializable {

  public static final List<String> STYLES = List.of("plain", "conversational");

  public boolean enabled() {
    return !formats.isEmpty();
  }

  public List<ExportFormat> exportFormats() {
    return formats.stream().map(ExportFormat::of).toList();
  }

  /**
   * Reads the section. {@code distill} (null for other recipes) gives the default system prompt and
   * tells whether the run writes comparison pairs (a judge), which the preference formats need.
   */
  static ExportConfig read(ConfigReader e, String recipe, DistillConfig distill) {
    List<String> formats = new ArrayList<>();
    boolean comparisons = distill != null && distill.judge() != null;
    for (String f : new java.util.LinkedHashSet<>(e.stringList("formats", List.of(ExportFormat.MESSAGES.id())))) {
      if (!ExportFormat.ids().contains(f)) {
        e.problem("formats", "'" + f + "' is not an export format" + ConfigReader.suggestion(f, ExportFormat.ids())
            + " Formats: " + String.join(", ", ExportFormat.ids()) + ".");
      } else if (ExportFormat.of(f).preference() && !comparisons) {
        e.problem("formats", "'" + f + "' is made from the comparisons table, which only recipe 'distill' with "
            + "distill.judge.enabled: true writes (this run: recipe '" + recipe + "'"
            + (distill != null ? ", judge off" : "") + "); remove it or enable the judge");
      } else {
        formats.add(f);
      }
    }
    boolean singleFile = e.bool("single-file", false);
    String template = e.string("prompt-template", "");
    String noInput = e.string("prompt-template-no-input", "");
    checkTemplate(e, "prompt-template", template);
    checkTemplate(e, "prompt-template-no-input", noInput);
    if (template.isEmpty() && !noInput.isEmpty()) {
      e.problem("prompt-template-no-input", "needs export.prompt-template too (the template for rows with an input)");
    }
    String system = e.string("system-prompt", distill == null ? "" : distill.systemPrompt());
    boolean conversational = "conversational".equals(e.oneOf("style", "plain", STYLES));
    String license = e.string("license", "other");
    if (!license.matches("[A-Za-z0-9.+-]+")) {
      e.problem("license", "must be a license id such as apache-2.0, cc-by-4.0 or other, found '" + license + "'");
    }
    return new ExportConfig(List.copyOf(formats), singleFile, template, noInput, system, conversational, license);
  }

  private static void checkTemplate(ConfigReader e, String key, String text) {
    if (text.isEmpty()) {
      return;
    }
    try {
      String problem = UserPrompt.problem(Template.compile("export." + key, text));
      if (problem != null) {
        e.problem(key, problem);
      }
    } catch (UserError ex) {
      e.problem(key, ex.getMessage());
    }
  }
}
