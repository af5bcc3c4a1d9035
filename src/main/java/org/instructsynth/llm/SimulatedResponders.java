package org.instructsynth.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;
import org.instructsynth.core.SeedTask;

/**
 * The simulator's default responders, tried in this order: numbered-list continuation, 1-10 score,
 * yes/no question, answer drawn from seed outputs. Each plants the defects the filters must catch.
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
    return List.of(SimulatedResponders::score, SimulatedResponders::numberedList, SimulatedResponders::yesNo,
        SimulatedResponders::seedAnswer);
  }

  private static final Pattern LIST_END = Pattern.compile("(?:^|\\n)(Task\\s+)?(\\d{1,3})([.:])\\s*$");

  /**
   * A prompt whose last line is {@code "9."} (Alpaca) or {@code "Task 9:"} (Self-Instruct) is continued with
   * items 9..16 in the same style, made by recombining and perturbing seed instructions. Defects:
   * verbatim seed copies, one-word edits (near-duplicates), a broken number, an empty item, an item
   * that is far too long.
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
    for (int i = first; i < first + 8; i++) {
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
      out.append(' ').append(instruction(seeds, random));
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
    Set<String> words = words(prompt);
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

  private static String tail(String text, int n) {
    return text.length() <= n ? text : text.substring(text.length() - n);
  }

  private static Set<String> words(String text) {
    Set<String> set = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (w.length() > 3) set.add(w);
    }
    return set;
  }
}
