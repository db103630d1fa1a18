/**
 * The client for OpenAI's chat completions wire format: OpenAI, Azure OpenAI (deployment paths, {@code api-key}),
 * vLLM, Ollama, OpenRouter, Groq. {@code OpenAiWire} writes the request body and reads the answer;
 * {@code OpenAiStream} reads {@code chat.completion.chunk} events. Transport, timeouts and error mapping are
 * {@code provider.http}'s.
 */
package dev.switchboard.engine.provider.openai;
