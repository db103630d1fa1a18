/**
 * The client for OpenAI's chat completions wire format: OpenAI, Azure OpenAI (deployment paths, {@code api-key}),
 * vLLM, Ollama, OpenRouter, Groq. {@code OpenAiWire} writes the request body and reads the answer, and holds the
 * credential headers; {@code OpenAiStream} reads {@code chat.completion.chunk} events. Where the upstream returns
 * token log-probabilities ({@code choices[0].logprobs.content[*].logprob}, asked for with {@code logprobs: true}),
 * plain or streamed, the answer's confidence is {@code exp} of their mean.
 * {@link dev.switchboard.engine.provider.openai.OpenAiEmbedder} is the semantic cache's
 * {@link dev.switchboard.engine.cache.semantic.Embedder} over the same provider's {@code /embeddings} endpoint (it
 * depends on {@code cache.semantic}, never the other way: the engine hands the cache a factory). Transport, timeouts
 * and error mapping are {@code provider.http}'s.
 */
package dev.switchboard.engine.provider.openai;
