package org.instructsynth.llm.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;

/**
 * The simulator's default responders, tried in this order: Alpaca blocks, Self-Instruct's
 * classification check, Self-Instruct instances, distill's translation and judge, SELF-GUIDE
 * inputs and outputs, 1-10 score, numbered-list continuation, yes/no
 * question, answer drawn from seed outputs. Each plants the defects the filters must catch.
 */
public final class SimulatedResponders {
  private SimulatedResponders() {}

  static final String[] CHATTER = {
    "Sure, I'd be happy to help! ",
    "As an AI language model, I cannot browse the internet, but here is my answer. ",
    "Great question! ",
    "Certainly! Here's what you asked for:\n",
  };

  /** The default chain. */
  public static List<Responder> defaults() {
    return List.of(SimulatedResponders::alpacaBlocks, RecipeStepResponders::classificationCheck,
        RecipeStepResponders::instances, RecipeStepResponders::translation, RecipeStepResponders::judgeAll, RecipeStepResponders::judge,
        RecipeStepResponders::selfGuideInput, RecipeStepResponders::selfGuideOutput, SimulatedResponders::score, SimulatedResponders::numberedList,
        SimulatedResponders::yesNo, SimulatedResponders::seedAnswer);
  }

  private static final Pattern LIST_END = Pattern.compile("(?:^|\\n)(Task\\s+)?(\\d{1,3})([.:])\\s*$");

  /**
   * A prompt whose last line is {@code "9."} (Alpaca) or {@code "Task 9:"} (Self-Instruct) is continued with
   * items 9..16 in the same style, made by recombining and perturbing seed instructions. Defects:
   * verbatim seed copies, one-word edits (near-duplicates), a broken number, an empty item, an item
   * that is far too long, a chatter preamble before the list, blocklisted keywords, "Write a
   * program", a leading quote and too-short items.
   */
  public static String numberedList(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    Matcher m = LIST_END.matcher(prompt);
    if (!m.find()) {
      return null;
    }
    boolean taskStyle = m.group(1) != null;
    String sep = m.group(3);
    int first = Integer.parseInt(m.group(2));
    StringBuilder out = new StringBuilder();
    int start = first;
    if (random.nextDouble() < 0.06) {
      out.append("Sure! Here are some more tasks:"); // chatter preamble: unparseable
      start = first + 1;
    }
    for (int i = start; i < first + 8; i++) {
      if (i > first) {
        double r = random.nextDouble();
        String label = taskStyle ? "Task " + i + sep : i + sep;
        if (r < 0.04) {
          label = i + ")"; // malformed numbering
        } else if (r < 0.06) {
          label = ""; // missing number
        }
        out.append('\n').append(label);
      }
      String item = instruction(seeds, random);
      double d = random.nextDouble();
      if (d < 0.04) {
        item = "Draw a map of " + item.toLowerCase(Locale.ROOT); // blocklisted keyword
      } else if (d < 0.07) {
        item = "Write a program that checks this: " + item.toLowerCase(Locale.ROOT);
      } else if (d < 0.09) {
        item = "\"" + item + "\""; // starts with punctuation
      } else if (d < 0.11) {
        item = "Fix it now."; // too short
      }
      out.append(' ').append(item);
    }
    return out.toString();
  }

  static String instruction(List<SeedTask> seeds, RandomGenerator random) {
    SeedTask a = seeds.get(random.nextInt(seeds.size()));
    double r = random.nextDouble();
    if (r < 0.08) {
      return a.instruction(); // verbatim copy of a seed
    }
    if (r < 0.25) {
      return perturb(a.instruction(), random); // near-duplicate
    }
    if (r < 0.28) {
      return ""; // empty item
    }
    if (r < 0.31) {
      return (a.instruction() + " ").repeat(12).trim(); // far too long
    }
    SeedTask b = seeds.get(random.nextInt(seeds.size()));
    String[] wa = a.instruction().split("\\s+");
    String[] wb = b.instruction().split("\\s+");
    int cutA = Math.max(1, wa.length / 2);
    int cutB = Math.min(wb.length - 1, wb.length / 2);
    List<String> words = new ArrayList<>(Arrays.asList(wa).subList(0, cutA));
    words.addAll(Arrays.asList(wb).subList(Math.max(0, cutB), wb.length));
    return String.join(" ", words);
  }

  private static final String[] SWAPS = {"a", "the", "some", "an interesting", "the following", "this"};

  static String perturb(String text, RandomGenerator random) {
    String[] words = text.split("\\s+");
    int at = random.nextInt(words.length);
    words[at] = SWAPS[random.nextInt(SWAPS.length)];
    return String.join(" ", words);
  }

  private static final Pattern SCORE = Pattern.compile("(?i)(score|rate|rating)[^\\n]*\\b1\\s*(to|-|and)\\s*10\\b|scale of 1");

  /** Requests for a 1-10 score get a score in one of several phrasings, sometimes with chatter. */
  public static String score(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    if (!SCORE.matcher(tail(prompt, 600)).find()) {
      return null;
    }
    int score = 1 + random.nextInt(10);
    return switch (random.nextInt(4)) {
      case 0 -> "Score: " + score;
      case 1 -> score + "\nThe answer is mostly relevant and helpful.";
      case 2 -> "I would rate this response " + score + "/10 because it addresses the instruction.";
      default -> CHATTER[0] + "Rating: " + score + " out of 10.";
    };
  }

  private static final Pattern YES_NO = Pattern.compile("(?i)(yes or no|yes/no|\\(yes\\)|answer yes)");
  private static final Pattern QUESTION =
      Pattern.compile("(?i)^(is|are|can|could|does|do|did|should|would|will|was|has|have)\\b.*\\?\\s*$");

  /**
   * Yes/no questions (the prompt's tail says "yes or no", or its last line is a question starting
   * with is/are/can/does/...) get "Yes" or "No", sometimes wrapped in chatter.
   */
  public static String yesNo(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    String trimmed = prompt.strip();
    String lastLine = trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    if (!YES_NO.matcher(tail(prompt, 400)).find() && !QUESTION.matcher(lastLine).matches()) {
      return null;
    }
    String answer = random.nextBoolean() ? "Yes" : "No";
    return random.nextDouble() < 0.1 ? CHATTER[2] + answer + "." : answer;
  }

  /**
   * Any other prompt: the output of the seed whose instruction shares most words with the prompt
   * (ties and no overlap broken by the seeded random), with defects: assistant chatter, too short,
   * too long.
   */
  public static String seedAnswer(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    SeedTask best = closest(prompt, seeds, random);
    String output = best.instances().isEmpty() ? best.instruction() : best.instances().get(random.nextInt(best.instances().size())).output();
    double r = random.nextDouble();
    if (r < 0.08) {
      return CHATTER[random.nextInt(CHATTER.length)] + output;
    }
    if (r < 0.13) {
      String[] w = output.split("\\s+");
      return String.join(" ", Arrays.asList(w).subList(0, Math.min(2, w.length))); // too short
    }
    if (r < 0.18) {
      return (output + "\n").repeat(8).trim(); // too long, often truncated at max_tokens
    }
    return output;
  }

  private static final Pattern ALPACA_END = Pattern.compile("(?:^|\\n)(\\d{1,3})\\. Instruction:\\s*$");
  /** The line before the examples, shared by the shipped prompt and stanford_alpaca's prompt.txt. */
  private static final Pattern NUM_TASKS = Pattern.compile("List of (\\d{1,3}) tasks:");

  /**
   * Alpaca's prompt ({@code prompt.txt}) ends with {@code "N. Instruction:"}: continued with blocks N
   * up to the number of tasks asked for minus one (a real model stops at the stop sequence), each
   * {@code ###}-separated with instruction, input ({@code <noinput>} when the seed has none) and
   * output. Defects: a block missing its output (unparseable), a blocklisted instruction, a
   * too-short instruction, near-duplicates of seeds, assistant chatter in an output, and sometimes a
   * last block so long that the answer is cut at max_tokens.
   */
  public static String alpacaBlocks(String prompt, List<SeedTask> seeds, RandomGenerator random) {
    Matcher m = ALPACA_END.matcher(prompt);
    if (!m.find()) {
      return null;
    }
    int first = Integer.parseInt(m.group(1));
    Matcher n = NUM_TASKS.matcher(prompt);
    int last = n.find() ? Integer.parseInt(n.group(1)) - 1 : first + 15;
    StringBuilder out = new StringBuilder();
    for (int i = first; i <= last; i++) {
      SeedTask seed = seeds.get(random.nextInt(seeds.size()));
      Instance inst = seed.instances().isEmpty() ? new Instance("", seed.instruction()) : seed.instances().get(random.nextInt(seed.instances().size()));
      double r = random.nextDouble();
      String instruction = instruction(seeds, random);
      String output = inst.output();
      if (r < 0.05) {
        instruction = "Draw a picture of " + instruction.toLowerCase(Locale.ROOT); // blocklisted
      } else if (r < 0.09) {
        instruction = "Explain this."; // too short
      } else if (r < 0.14) {
        output = CHATTER[random.nextInt(CHATTER.length)] + output;
      }
      if (i > first) {
        out.append("\n###\n").append(i).append(". Instruction:");
      }
      out.append(' ').append(instruction).append('\n');
      out.append(i).append(". Input:\n").append(inst.input().isBlank() ? "<noinput>" : inst.input()).append('\n');
      if (r >= 0.14 && r < 0.17) {
        continue; // block without its output
      }
      out.append(i).append(". Output:\n").append(output);
    }
    if (random.nextDouble() < 0.2) {
      out.append("\n###\n").append(last + 1).append(". Instruction: ").append(instruction(seeds, random))
          .append("\n").append(last + 1).append(". Input:\n<noinput>\n").append(last + 1).append(". Output:\n")
          .append("word ".repeat(20_000)); // cut at max_tokens: finish_reason length
    }
    return out.toString();
  }


  static SeedTask closest(String text, List<SeedTask> seeds, RandomGenerator random) {
    Set<String> words = words(text);
    SeedTask best = seeds.get(random.nextInt(seeds.size()));
    int bestScore = 0;
    for (SeedTask seed : seeds) {
      int s = 0;
      for (String w : words(seed.instruction())) {
        if (words.contains(w)) s++;
      }
      if (s > bestScore) {
        bestScore = s;
        best = seed;
      }
    }
    return best;
  }

  static String tail(String text, int n) {
    return text.length() <= n ? text : text.substring(text.length() - n);
  }

  static Set<String> words(String text) {
    Set<String> set = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (w.length() > 3) set.add(w);
    }
    return set;
  }
}
