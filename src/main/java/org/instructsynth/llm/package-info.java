/**
 * LLM client for OpenAI-compatible servers, without Spark: {@link org.instructsynth.llm.LlmSettings}
 * (every {@code llm.*} setting), {@link org.instructsynth.llm.LlmRequest} (canonical JSON and
 * SHA-256 request key), {@link org.instructsynth.llm.LlmClient} (okhttp, retries, error
 * classification), {@link org.instructsynth.llm.TaskRateLimiter} (Bucket4j request and token
 * buckets, shared per executor JVM by {@link org.instructsynth.llm.SharedLimiters}, capped by the
 * provider's {@link org.instructsynth.llm.RateLimitHeaders}, paused and trimmed on 429), {@link org.instructsynth.llm.PartitionCaller} (bounded concurrency and
 * dollar budget inside one task). The SIMULATED endpoint
 * is a package of its own, {@link org.instructsynth.llm.sim}.
 *
 * <p>Secrets: the API key is read from the environment variable named by {@code llm.api-key-env}
 * on the executor, sent only as {@code Authorization: Bearer}, and redacted from every message.
 */
package org.instructsynth.llm;
