/** The client for OpenAI's chat completions wire format: OpenAI, Azure OpenAI, vLLM, Ollama, OpenRouter, Groq. */
package dev.switchboard.engine.provider.openai;
