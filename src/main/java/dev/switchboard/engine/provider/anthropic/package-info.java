/**
 * The client for Anthropic's Messages API wire format. {@code AnthropicWire} maps the engine's OpenAI-shaped
 * request to content blocks and the answer back; {@code AnthropicStream} reads the named stream events. Transport,
 * timeouts and error mapping are {@code provider.http}'s.
 */
package dev.switchboard.engine.provider.anthropic;
