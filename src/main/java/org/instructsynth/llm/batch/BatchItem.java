package org.instructsynth.llm.batch;

import org.instructsynth.llm.LlmRequest;

/** One request of a batch: its ledger key (the batch line's {@code custom_id}) and the request. */
public record BatchItem(String key, LlmRequest request) {}
