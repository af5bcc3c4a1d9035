package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.instructsynth.core.Instance;
import org.junit.jupiter.api.Test;

class SelfInstructInstancesTest {
  private static final PromptTemplates T = PromptTemplates.classpath();

  @Test
  void classificationCheckPromptEndsWithTheQuestion() {
    String prompt =
        SelfInstructInstances.classificationCheckPrompt(
            T.template(PromptTemplates.SELF_INSTRUCT_CLF_CHECK), "  Is the tweet sarcastic?\n");
    assertThat(prompt)
        .startsWith(
            "Decide whether each task below is a classification task: a task whose answer is picked from a small,"
                + " fixed set of possible labels or options.\n\nTask: Tell me whether this movie review is positive or"
                + " negative.\nIs it classification? Yes\n\n")
        .endsWith("Is it classification? No\n\nTask: Is the tweet sarcastic?\nIs it classification?");
  }

  /**
   * The few-shot pairs written into self-instruct-clf-check.txt, in order: 31 (12 Yes / 19 No) in
   * clf_task_template.py's Yes/No order, our own tasks.
   */
  private static final String[][] CLF_CHECK_SHOTS = {
    {"Tell me whether this movie review is positive or negative.", "Yes"},
    {"Write a short story about a lighthouse keeper who finds a message in a bottle.", "No"},
    {"Fill in the blanks in the given recipe with suitable ingredients.", "No"},
    {"Decide if the two sentences mean the same thing. Answer yes or no.", "Yes"},
    {"Look up the phone number of the person named in the text.", "No"},
    {"Is the following email spam?", "Yes"},
    {"Point out the assumptions hidden in the argument below.", "No"},
    {"Given a list of cities, output the one that lies farthest north.", "Yes"},
    {"Find the words in the sentence that could offend someone.", "No"},
    {"Order these planets by their distance from the sun.", "No"},
    {"Read the product description and say which departments of an online shop it belongs in. The departments are: Kitchen, Garden, Toys, Books, Clothing, Electronics. List all that apply, separated by commas.", "Yes"},
    {"Given the name of a dish, describe how to cook it.", "No"},
    {"Pick the cheapest item from the price list.", "Yes"},
    {"Name three prime numbers greater than 100.", "No"},
    {"Does the paragraph contradict the statement? Answer \"Contradicts\" or \"Consistent\".", "Yes"},
    {"Plan a three-day itinerary for a first visit to Lisbon.", "No"},
    {"Check whether the sentence uses a gendered job title. If it does, suggest a neutral one; otherwise output none.", "No"},
    {"Explain the proverb below and give two situations where it applies.", "No"},
    {"What can I cook for dinner with rice, spinach and eggs that takes less than twenty minutes?", "No"},
    {"Answer the quiz question by choosing option A, B, C or D.", "Yes"},
    {"Determine whether the argument below is logically valid.", "Yes"},
    {"How can a small team run meetings that finish on time?", "No"},
    {"What are some good habits for sleeping better?", "No"},
    {"Find the smallest number in the given list and output it.", "Yes"},
    {"Replace every [BLANK] in the text with a word that fits the context; a blank may take more than one word.", "No"},
    {"Write a thank-you note to a teacher based on the details given.", "No"},
    {"Label each word of the sentence with its part of speech.", "Yes"},
    {"Write a function that reverses a string.", "No"},
    {"Read the two headlines and say whether they report the same event. Answer yes or no.", "Yes"},
    {"Complete the analogy by writing the missing fourth word.", "No"},
    {"Given a list of words, find every pair that are anagrams of each other.", "No"},
  };

  @Test
  void classificationCheckPromptExactly() {
    StringBuilder expected =
        new StringBuilder(
            "Decide whether each task below is a classification task: a task whose answer is picked from a small,"
                + " fixed set of possible labels or options.\n\n");
    for (String[] shot : CLF_CHECK_SHOTS) {
      expected.append("Task: ").append(shot[0]).append("\nIs it classification? ").append(shot[1]).append("\n\n");
    }
    expected.append("Task: Translate the word into Spanish.\nIs it classification?");
    assertThat(
            SelfInstructInstances.classificationCheckPrompt(
                T.template(PromptTemplates.SELF_INSTRUCT_CLF_CHECK), "Translate the word into Spanish."))
        .isEqualTo(expected.toString());
  }

  @Test
  void instancePromptsHaveTheirWorkedTasks() {
    // pieces: the header, 16 worked classification tasks (11 input-first ones), the new task
    for (var entry :
        Map.of(
                PromptTemplates.SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST, 18,
                PromptTemplates.SELF_INSTRUCT_INSTANCES_INPUT_FIRST, 13)
            .entrySet()) {
      String name = entry.getKey();
      String prompt = SelfInstructInstances.instancePrompt(T.template(name), "X");
      assertThat(prompt.split("\n\nTask: ", -1)).as(name).hasSize(entry.getValue());
      assertThat(prompt).as(name).doesNotContain("\n\n\n").endsWith("\n\nTask: X\n");
    }
    String clf = T.text(PromptTemplates.SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST);
    // every worked classification task shows at least one "Class label:" line
    for (String block : clf.split("\n\nTask: ")) {
      if (!block.startsWith("For each") && !block.startsWith("{instruction}")) {
        assertThat(block).contains("\nClass label: ");
      }
    }
  }

  @Test
  void instancePromptsEndWithTheTaskLine() {
    String clf =
        SelfInstructInstances.instancePrompt(
            T.template(PromptTemplates.SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST), "Is the review positive?");
    assertThat(clf)
        .startsWith(
            "For each classification task below, list its possible class labels and, after each label, write an"
                + " input that belongs to that label. If a task needs no input, write only the labels.\n\n")
        .endsWith("Task: Which of these is not a primary colour of light? (a) red (b) green (c) blue (d) yellow\n"
            + "Class label: (d)\n\nTask: Is the review positive?\n");
    String gen =
        SelfInstructInstances.instancePrompt(
            T.template(PromptTemplates.SELF_INSTRUCT_INSTANCES_INPUT_FIRST), "Write a limerick.");
    assertThat(gen)
        .startsWith(
            "Come up with examples for the tasks below. Write several examples when you can. If a task needs no"
                + " additional input, write the output directly.\n\n")
        .endsWith("let's catch up over coffee soon.\nBest wishes,\nAlex\n\nTask: Write a limerick.\n");
  }

  @Test
  void defaultsMatchGenerateInstancesPy() {
    InstanceGenDefaults d = InstanceGenDefaults.PAPER;
    SamplingParams clf = d.instanceSampling(true);
    SamplingParams gen = d.instanceSampling(false);
    assertThat(clf.maxTokens()).isEqualTo(300);
    assertThat(gen.maxTokens()).isEqualTo(350);
    assertThat(clf.temperature()).isEqualTo(0.0);
    assertThat(clf.topP()).isEqualTo(0.0);
    assertThat(clf.presencePenalty()).isEqualTo(1.5);
    assertThat(clf.stop()).containsExactly("Example 6", "Task:");
    assertThat(d.maxInstancesPerTask()).isEqualTo(5);
    SamplingParams check = InstanceGenDefaults.classificationCheckSampling();
    assertThat(check.maxTokens()).isEqualTo(3);
    assertThat(check.stop()).containsExactly("\n", "Task");
  }

  @Test
  void classificationAnswerIsYesAfterStripElseNot() {
    // identify_clf_or_not.py's readers: answer.strip() in ["Yes", "yes", "YES"]; never a reject.
    for (String yes : List.of("Yes", " Yes", "yes", "YES\n", "Yes\r\n", "\u00a0Yes\u3000")) {
      assertThat(SelfInstructInstances.isClassification(yes)).as(yes).isTrue();
    }
    for (String no : List.of("No", " no", "I think no", "I think yes", "", "yes.", "**Yes**", "Answer: yes", "yEs",
        "Yesterday", "Maybe")) {
      assertThat(SelfInstructInstances.isClassification(no)).as(no).isFalse();
    }
    assertThat(SelfInstructInstances.isClassification(null)).isFalse();
  }

  @Test
  void generationInstancesWithExamples() {
    String raw =
        "Example 1\nNumbers: 3, 1\nOutput: 1, 3\nExample 2\nInput: Numbers: 9, 8\nOutput: 8, 9\nInput 3: 7, 6\n";
    Parsed<Instance> p = SelfInstructInstances.parseGenerationInstances(raw, "stop");
    assertThat(p.items())
        .containsExactly(new Instance("Numbers: 3, 1", "1, 3"), new Instance("Numbers: 9, 8", "8, 9"));
    assertThat(p.rejects()).isEmpty();
  }

  @Test
  void generationInstanceWithoutExampleMarkersAndChatStyleMarkers() {
    assertThat(SelfInstructInstances.parseGenerationInstances("Output: 85°F = 29.44°C", "stop").items())
        .containsExactly(new Instance("", "85°F = 29.44°C"));
    String chat = "Example 1:\r\nInput: The sky is blue.\r\nOutput: Le ciel est bleu.\r\n\r\nExample 2:\r\nInput: Hi\r\nOutput: Salut";
    assertThat(SelfInstructInstances.parseGenerationInstances(chat, "stop").items())
        .containsExactly(new Instance("The sky is blue.", "Le ciel est bleu."), new Instance("Hi", "Salut"));
  }

  @Test
  void generationInstancesTruncatedAndUnparseable() {
    Parsed<Instance> p =
        SelfInstructInstances.parseGenerationInstances("Example 1\nA\nOutput: B\nExample 2\nC\nOutp", "length");
    assertThat(p.items()).containsExactly(new Instance("A", "B"));
    assertThat(p.rejects())
        .containsExactly(new Reject("truncated", "finish_reason=length: last instance cut off", "input: \noutput: C\nOutp"));
    Parsed<Instance> bad = SelfInstructInstances.parseGenerationInstances("Sure, here you go.", "stop");
    assertThat(bad.rejects())
        .containsExactly(new Reject("unparseable_response", "no 'Example' or 'Output:' marker", "Sure, here you go."));
  }

  @Test
  void classificationInstances() {
    String raw = " Positive\nReview: Great phone.\nClass label: Negative\nReview: Broke in a day.\r\nClass label: Neutral";
    Parsed<Instance> p = SelfInstructInstances.parseClassificationInstances("Class label:" + raw, "stop");
    assertThat(p.items())
        .containsExactly(
            new Instance("Review: Great phone.", "Positive"),
            new Instance("Review: Broke in a day.", "Negative"),
            new Instance("", "Neutral"));
    Parsed<Instance> cut = SelfInstructInstances.parseClassificationInstances("Class label:" + raw, "length");
    assertThat(cut.items()).hasSize(2);
    assertThat(cut.rejects()).extracting(Reject::reason).containsExactly("truncated");
    assertThat(SelfInstructInstances.parseClassificationInstances("Positive: good", "stop").rejects())
        .containsExactly(new Reject("unparseable_response", "no 'Class label:' marker", "Positive: good"));
  }
}
