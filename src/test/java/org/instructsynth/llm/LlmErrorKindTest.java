package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LlmErrorKindTest {
  @Test
  void contextLengthIsRecognisedByItsMessageWhateverTheStatus() {
    // llama.cpp (server.cpp) answers an over-long prompt with HTTP 500
    assertThat(LlmErrorKind.classify(500, "{\"error\":{\"code\":500,\"message\":\"Input prompt is too big compared to KV size. "
        + "Please try increasing KV size.\",\"type\":\"server_error\"}}")).isEqualTo(LlmErrorKind.CONTEXT_LENGTH);
    assertThat(LlmErrorKind.classify(400, "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, "
        + "try increasing it\",\"type\":\"exceed_context_size_error\"}}")).isEqualTo(LlmErrorKind.CONTEXT_LENGTH);
    assertThat(LlmErrorKind.classify(400, "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. "
        + "However, you requested 5000 tokens\",\"type\":\"BadRequestError\",\"code\":400}")).isEqualTo(LlmErrorKind.CONTEXT_LENGTH);
    assertThat(LlmErrorKind.classify(400, "{\"error\":{\"message\":\"too long\",\"code\":\"context_length_exceeded\"}}"))
        .isEqualTo(LlmErrorKind.CONTEXT_LENGTH);
    assertThat(LlmErrorKind.CONTEXT_LENGTH.status()).isEqualTo(LlmResult.CONTEXT_LENGTH);
  }

  @Test
  void otherClientErrorsArePermanentAndServerErrorsTransient() {
    assertThat(LlmErrorKind.classify(400, "{\"error\":{\"message\":\"Unrecognized request argument supplied: foo\"}}"))
        .isEqualTo(LlmErrorKind.PERMANENT);
    assertThat(LlmErrorKind.classify(400, "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering "
        + "content management policy\",\"code\":\"content_filter\"}}")).isEqualTo(LlmErrorKind.PERMANENT);
    assertThat(LlmErrorKind.classify(404, "model not found")).isEqualTo(LlmErrorKind.PERMANENT);
    assertThat(LlmErrorKind.classify(422, "bad")).isEqualTo(LlmErrorKind.PERMANENT);
    assertThat(LlmErrorKind.PERMANENT.status()).isEqualTo(LlmResult.FAILED_PERMANENT);
    for (int code : new int[] {408, 409, 429, 500, 502, 503, 504}) {
      assertThat(LlmErrorKind.classify(code, "overloaded")).as("HTTP %d", code).isEqualTo(LlmErrorKind.TRANSIENT);
    }
    assertThat(LlmErrorKind.TRANSIENT.status()).isEqualTo(LlmResult.FAILED);
    assertThat(LlmErrorKind.classify(401, "no")).isEqualTo(LlmErrorKind.AUTH);
  }
}
