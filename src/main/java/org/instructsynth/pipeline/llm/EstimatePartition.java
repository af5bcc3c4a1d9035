package org.instructsynth.pipeline.llm;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmSettings;

/** Per missing request: its stage, estimated prompt tokens, max_tokens and the cost if all were used. */
final class EstimatePartition implements MapPartitionsFunction<Row, Row> {
  private final LlmSettings settings;

  EstimatePartition(LlmSettings settings) {
    this.settings = settings;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return input.hasNext();
      }

      @Override
      public Row next() {
        Row row = input.next();
        LlmRequest request = LlmRequest.fromJson(row.getAs("request"));
        long prompt = request.estimatePromptTokens();
        long max = request.sampling().maxTokens() == null ? 0 : request.sampling().maxTokens();
        return RowFactory.create(row.<String>getAs("stage"), prompt, max, settings.callPrice(request.model()).cost(prompt, max));
      }
    };
  }
}
