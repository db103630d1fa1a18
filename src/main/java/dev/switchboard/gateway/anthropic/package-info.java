/**
 * Anthropic's Messages wire format ({@code POST /v1/messages}, {@code GET /v1/models}) translated to and from the
 * engine's OpenAI-shaped request model: content blocks become messages, tool calls and content parts, and answers
 * become content blocks and the documented event stream again. Pure translation: the server in
 * {@code dev.switchboard.gateway} does the I/O. Depends on {@code gateway.wire} and the engine's request model only.
 */
package dev.switchboard.gateway.anthropic;
