/**
 * OpenAI's Chat Completions wire format ({@code POST /v1/chat/completions}, {@code GET /v1/models}) translated to
 * and from the engine's own request model, which is OpenAI-shaped already: parsing is mostly strict validation,
 * and fields the engine does not model travel on in {@code ChatRequest.extra}. Pure translation: the server in
 * {@code dev.switchboard.gateway} does the I/O. Depends on {@code gateway.wire} and the engine's request model only.
 */
package dev.switchboard.gateway.openai;
