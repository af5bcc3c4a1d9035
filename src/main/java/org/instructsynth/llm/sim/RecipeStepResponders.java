package org.instructsynth.llm.sim;

import static org.instructsynth.llm.sim.SimulatedResponders.CHATTER;
import static org.instructsynth.llm.sim.SimulatedResponders.closest;
import static org.instructsynth.llm.sim.SimulatedResponders.instruction;
import static org.instructsynth.llm.sim.SimulatedResponders.perturb;
import static org.instructsynth.llm.sim.SimulatedResponders.seedAnswer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;

/**
 * The simulator's responders for one recipe step each: Self-Instruct's classification check and
 * instance generation, distill's translation and judge, SELF-GUIDE's inputs and outputs. Part of
 * the default chain of {@link SimulatedResponders}; like the others, each plants the defects the
 * filters must catch.
 */
final class RecipeStepResponders {
  private RecipeStepResponders() {}

  private static final Pattern CLF_CHECK = Pattern.compile("(?s)Task: ([^\\n]*)\\nIs it classification\\?\\s*$");
  private static final Pattern CLF_WORDS = Pattern.compile(
      "(?i)\\b(classify|classification|positive or negative|sentiment|whether|true or false|which of|label|categor\\w*|spam|yes or no|decide if|is it|detect|identify the type)\\b");

  /**
   * Self-Instruct's classification check (prompt ending {@code "Task: ...\nIs it classification?"}):
   * {@code Yes} when the instruction reads like a classification task (classify, whether, label,
   * positive or negative, ...), else {@code No}; about 5% of answers are wrapped in a sentence the
   * strict parser rejects.
   */
  public static String classificationCheck(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    Matcher m = CLF_CHECK.matcher(prompt);
    if (!m.find()) {
      return null;
    }
    String answer = CLF_WORDS.matcher(m.group(1)).find() ? "Yes" : "No";
    return random.nextDouble() < 0.05 ? "I think " + answer.toLowerCase(Locale.ROOT) : answer;
  }

  private static final Pattern INSTANCE_TASK = Pattern.compile("(?s)\\nTask: ([^\\n]+)\\s*$");

  /**
   * Self-Instruct instance prompts (ending {@code "Task: <instruction>"}): output-first ({@code
   * Class label:} lines) when the prompt is the classification template, else {@code Example N}
   * blocks with {@code Input:}/{@code Output:}. The instances come from the seed whose instruction
   * shares most words with the task. Defects: an input equal to its output, an empty output, an
   * output ending in ':', a sixth instance (past the 5 asked for), conflicting outputs for one input,
   * and sometimes a response cut at max_tokens.
   */
  public static String instances(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    Matcher m = INSTANCE_TASK.matcher(prompt);
    if (!m.find() || !(prompt.startsWith("Come up with examples") || prompt.startsWith("For each classification task"))) {
      return null;
    }
    boolean outputFirst = prompt.startsWith("For each classification task");
    SeedTask seed = closest(m.group(1), seeds, random);
    List<Instance> pool = new ArrayList<>(seed.instances().isEmpty() ? List.of(new Instance("", seed.instruction())) : seed.instances());
    StringBuilder out = new StringBuilder();
    if (outputFirst) {
      List<String> labels = new ArrayList<>();
      for (SeedTask s : seeds) {
        if (s == seed || s.isClassification()) {
          s.instances().forEach(i -> { if (!labels.contains(i.output()) && labels.size() < 3) labels.add(i.output()); });
        }
        if (labels.size() >= 2) break;
      }
      for (int i = 0; i < pool.size() + (random.nextDouble() < 0.2 ? 1 : 0); i++) {
        Instance inst = pool.get(i % pool.size());
        String label = seed.isClassification() ? inst.output() : labels.get(i % labels.size());
        if (random.nextDouble() < 0.08) label = "";
        out.append("Class label: ").append(label).append('\n').append(inst.input()).append('\n');
      }
    } else {
      int count = Math.min(6, pool.size() + (random.nextDouble() < 0.3 ? 3 : 0));
      for (int i = 0; i < count; i++) {
        Instance inst = pool.get(i % pool.size());
        String input = inst.input();
        String output = inst.output();
        if (i >= pool.size()) {
          input = input.isBlank() ? "" : input + " (variant " + i + ")";
        }
        double r = random.nextDouble();
        if (r < 0.05) {
          output = input; // input equals output
        } else if (r < 0.09) {
          output = "";
        } else if (r < 0.12) {
          output = output + " Here are the steps:";
        } else if (r < 0.14 && i > 0 && !pool.get(0).input().isBlank()) {
          input = pool.get(0).input(); // same input, different output: conflicting
        }
        out.append("Example ").append(i + 1).append('\n');
        if (!input.isBlank()) out.append("Input: ").append(input).append('\n');
        out.append("Output: ").append(output).append('\n');
      }
    }
    if (random.nextDouble() < 0.05) {
      out.append("Example 9\nInput: ").append("lorem ".repeat(3000)); // cut at max_tokens
    }
    return out.toString().strip();
  }

  private static final Pattern TRANSLATE = Pattern.compile("(?s)\\ATranslate the instruction(?: and the input)? below into (\\w+)\\..*"
      + "\\n\\nInstruction: (.*?)(?:\\nInput: (.*))?\\s*\\z");

  /**
   * Distill's translation prompt: a pseudo-translation (every word of the instruction and input in
   * a fixed, seeded CJK rendering for Chinese, or tagged with the language otherwise) in the asked
   * form. Defects: chatter before the answer (the parser skips it), a missing {@code Input:} line,
   * and an answer to the instruction instead of a translation.
   */
  public static String translation(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    Matcher m = TRANSLATE.matcher(prompt);
    if (!m.find()) {
      return null;
    }
    String language = m.group(1);
    String instruction = pseudoTranslate(m.group(2).strip(), language);
    String input = m.group(3) == null ? null : pseudoTranslate(m.group(3).strip(), language);
    double r = random.nextDouble();
    if (r < 0.04) {
      return seedAnswer(prompt, seeds, random); // answered instead of translating: no Instruction line
    }
    StringBuilder out = new StringBuilder();
    if (r < 0.12) {
      out.append(CHATTER[0]).append('\n');
    }
    out.append("Instruction: ").append(instruction);
    if (input != null && r >= 0.16) {
      out.append("\nInput: ").append(input);
    }
    return out.toString();
  }

  private static final String CJK = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研";

  private static String pseudoTranslate(String text, String language) {
    if (!language.equalsIgnoreCase("Chinese")) {
      return "[" + language + "] " + text;
    }
    StringBuilder out = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (word.isEmpty()) continue;
      if (word.chars().anyMatch(Character::isDigit)) {
        out.append(word);
        continue;
      }
      int h = word.toLowerCase(Locale.ROOT).hashCode();
      out.append(CJK.charAt(Math.floorMod(h, CJK.length()))).append(CJK.charAt(Math.floorMod(h / 7, CJK.length())));
    }
    return out.append('。').toString();
  }

  /**
   * Distill's judge prompt ({@code "You are reviewing an answer"}): a one-sentence justification and
   * {@code Score: N}, where N reflects visible quality (chatter or a two-word answer score low,
   * others 5-9). Defects: the score in words (unparseable), and other phrasings the score parser
   * must read ("8/10", "Rating: 7").
   */
  public static String judge(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    if (!prompt.startsWith("You are reviewing an answer")) {
      return null;
    }
    int at = prompt.indexOf("[Answer]\n");
    int end = prompt.lastIndexOf("\n\nFirst give");
    String answer = at < 0 || end < at ? "" : prompt.substring(at + 9, end);
    int score = quality(answer, random);
    double r = random.nextDouble();
    if (r < 0.05) {
      return "The answer is fine overall. I would give it a solid eight.";
    }
    if (r < 0.2) {
      return "It addresses the request. " + score + "/10";
    }
    if (r < 0.3) {
      return "Relevant and clear.\nRating: " + score;
    }
    return "The answer " + (score >= 5 ? "is relevant and helpful." : "is poor.") + "\nScore: " + score;
  }

  private static final Pattern ANSWER_BLOCK = Pattern.compile("(?s)\\[Answer (\\d+)\\]\n(.*?)(?=\n\n\\[Answer \\d+\\]\n|\n\nFirst give|$)");

  /**
   * Distill's judge prompt for all candidates ({@code "You are comparing"}): a sentence per answer, then
   * one {@code Answer N: score} line each, scores as in {@link #judge}. Defects: one answer left without
   * a score line (the others still count), and the phrasings {@code Answer N - 7/10} and
   * {@code **Answer N**: 7} the parser must read.
   */
  public static String judgeAll(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    if (!prompt.startsWith("You are comparing")) {
      return null;
    }
    Matcher m = ANSWER_BLOCK.matcher(prompt);
    List<Integer> scores = new java.util.ArrayList<>();
    while (m.find()) {
      scores.add(quality(m.group(2).strip(), random));
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < scores.size(); i++) {
      out.append("Answer ").append(i + 1).append(scores.get(i) >= 5 ? " is relevant and helpful. " : " is poor. ");
    }
    out.append('\n');
    int missing = random.nextDouble() < 0.05 ? random.nextInt(Math.max(1, scores.size())) : -1;
    double style = random.nextDouble();
    for (int i = 0; i < scores.size(); i++) {
      if (i == missing) {
        continue;
      }
      String line = style < 0.15 ? "Answer " + (i + 1) + " - " + scores.get(i) + "/10"
          : style < 0.25 ? "**Answer " + (i + 1) + "**: " + scores.get(i) : "Answer " + (i + 1) + ": " + scores.get(i);
      out.append('\n').append(line);
    }
    return out.toString();
  }

  /** A judge's score of one answer: chatter and two-word answers low, the others 5-9. */
  private static int quality(String answer, RandomGenerator random) {
    boolean chatter = false;
    for (String c : CHATTER) {
      chatter |= answer.startsWith(c.strip());
    }
    if (chatter) {
      return 2 + random.nextInt(3);
    }
    return answer.split("\\s+").length <= 2 ? 1 + random.nextInt(2) : 5 + random.nextInt(5);
  }

  private static final Pattern GOOD_INPUT = Pattern.compile("\\[input\\]=\"((?:[^\"]|\"(?!\\n))*)\"\\n");

  /**
   * SELF-GUIDE's input prompt ({@code "You are writing new inputs"}, ending {@code [input]=}): one of
   * the good example inputs with one word changed and a detail appended, quoted as the prompt shows.
   * Defects: empty, a canned greeting (noise phrase), a copy of an earlier generated input shown as a
   * low-quality example (duplicate), and a far too long input (length outlier).
   */
  public static String selfGuideInput(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    if (!prompt.startsWith("You are writing new inputs for a task.") || !prompt.strip().endsWith("[input]=")) {
      return null;
    }
    int low = prompt.indexOf("=== Earlier generated inputs ===");
    Matcher m = GOOD_INPUT.matcher(prompt);
    List<String> good = new ArrayList<>();
    List<String> earlier = new ArrayList<>();
    while (m.find()) {
      (low >= 0 && m.start() > low ? earlier : good).add(m.group(1));
    }
    String base = good.isEmpty() ? instruction(seeds, random) : good.get(random.nextInt(good.size()));
    double r = random.nextDouble();
    if (r < 0.03) {
      return "";
    }
    if (r < 0.08) {
      return "Sure, I'd be happy to help! " + base;
    }
    if (r < 0.16 && !earlier.isEmpty()) {
      String copy = earlier.get(random.nextInt(earlier.size())); // kept as generated, maybe quoted already
      return copy.startsWith("\"") ? copy : "\"" + copy + "\"";
    }
    if (r < 0.20) {
      return (base + " ").repeat(10).strip();
    }
    String[] details = {"today", "again", "at home", "this week", "for a friend", "in the morning", "quickly", "carefully"};
    String input = base.isBlank() ? details[random.nextInt(details.length)] : perturb(base, random);
    return "\"" + input + (random.nextBoolean() ? " " + details[random.nextInt(details.length)] : "") + "\"";
  }

  /**
   * SELF-GUIDE's output prompt (the paper's one text, {@code "A conversation between a user and an AI
   * assistant that labels data"} naming the task after {@code "The task is: "}, or the chat whose system
   * turn is {@code "Follow the task instruction below."}): the answer of the task's seed it names. Most samples give the prompt's
   * "canonical" answer (chosen by a hash of the whole prompt, so samples agree), some another
   * instance's output or label (disagreement); a few are a greeting (noise), empty, or name no label.
   * About one generation prompt in five is "hard": its samples are edited variants that rarely agree
   * (low_agreement).
   */
  public static String selfGuideOutput(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    String marker;
    if (prompt.startsWith("A conversation between a user and an AI assistant that labels data")) {
      marker = "The task is: ";
    } else if (prompt.startsWith("Follow the task instruction below.")) {
      marker = "Task instruction:\n";
    } else {
      return null;
    }
    SeedTask task = null;
    for (SeedTask t : seeds) {
      if (prompt.contains(marker + t.instruction().strip())) {
        task = t;
        break;
      }
    }
    if (task == null || task.instances().isEmpty()) {
      return seedAnswer(prompt, seeds, random);
    }
    List<String> answers = new ArrayList<>();
    task.instances().forEach(i -> { if (!answers.contains(i.output())) answers.add(i.output()); });
    int canonical = Math.floorMod(prompt.hashCode(), answers.size());
    double r = random.nextDouble();
    if (r < 0.03) {
      return "";
    }
    if (r < 0.07) {
      return "Great question! " + answers.get(canonical);
    }
    if (r < 0.10 && task.isClassification()) {
      return "I cannot tell from this text.";
    }
    if (!task.isClassification() && Math.floorMod(prompt.hashCode() / 7, 5) == 0 && r < 0.85) {
      return perturb(answers.get(random.nextInt(answers.size())), random); // a hard input: samples disagree
    }
    if (r < 0.35) {
      return answers.get(random.nextInt(answers.size()));
    }
    return answers.get(canonical);
  }
}
