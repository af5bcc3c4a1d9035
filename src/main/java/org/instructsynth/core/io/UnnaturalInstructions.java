package org.instructsynth.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Unnatural Instructions (Honovich et al. 2022, orhonovich/unnatural-instructions README "Format"):
 * one JSON object per line with an {@code instruction} and its {@code instances} (each {@code input},
 * {@code instruction_with_input}, {@code constraints}, {@code output}); the full set adds
 * {@code reformulations} (each a paraphrased {@code instruction} with its own {@code input} and
 * {@code output}). GPT-4-LLM (Peng et al. 2023, README "Data Release") had GPT-4 answer these
 * instructions in Alpaca's instruction/input/output form; so here each instance, and with
 * {@code reformulations} each paraphrase, becomes one instruction record. The output constraints
 * are not part of the instruction: the dataset's authors discard them once the outputs are written
 * (paper, section 2).
 */
public final class UnnaturalInstructions {
  /** {@code input.format} for the core set: instances only. */
  public static final String CORE = "unnatural-instructions";
  /** {@code input.format} for the full set: instances and the instruction's reformulations. */
  public static final String FULL = "unnatural-instructions-full";

  private UnnaturalInstructions() {}

  public static boolean isFormat(String format) {
    return CORE.equals(format) || FULL.equals(format);
  }

  /**
   * The records of one line, instances first, then (with {@code reformulations}) the paraphrases.
   *
   * @throws MalformedRecordException when the line is not an object, has no instruction, no
   *     instance, or an instance or paraphrase without its output
   */
  public static List<InstructionRecord> parse(String json, boolean reformulations) throws MalformedRecordException {
    JsonNode node = Json.object(json);
    String instruction = Json.text(node, "instruction", null);
    JsonNode instances = node.get("instances");
    if (instances == null || !instances.isArray() || instances.isEmpty()) {
      throw new MalformedRecordException("an Unnatural Instructions line needs a non-empty 'instances' array, found "
          + (instances == null ? "none" : instances.isArray() ? "an empty array" : Json.kind(instances)));
    }
    List<InstructionRecord> out = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      out.add(record(instances.get(i), instruction, "instances[" + i + "]"));
    }
    JsonNode paraphrases = node.get("reformulations");
    if (reformulations && paraphrases != null && paraphrases.isArray()) {
      for (int i = 0; i < paraphrases.size(); i++) {
        JsonNode p = paraphrases.get(i);
        out.add(record(p, p.isObject() ? Json.text(p, "instruction", null) : null, "reformulations[" + i + "]"));
      }
    }
    return out;
  }

  private static InstructionRecord record(JsonNode item, String instruction, String where) throws MalformedRecordException {
    if (item == null || !item.isObject()) {
      throw new MalformedRecordException(where + " must be an object, found " + (item == null ? "none" : Json.kind(item)));
    }
    if (instruction == null) {
      throw new MalformedRecordException(where + " has no instruction");
    }
    try {
      return new InstructionRecord("", instruction, Json.text(item, "input", ""), Json.text(item, "output", null));
    } catch (MalformedRecordException e) {
      throw new MalformedRecordException(where + ": " + e.getMessage());
    }
  }
}
