/**
 * What flows through the engine: {@link dev.switchboard.engine.request.ChatRequest} in,
 * {@link dev.switchboard.engine.request.ChatResult} out, and the exact-match
 * {@link dev.switchboard.engine.request.CacheKey} that ties a request to its cached answer.
 */
package dev.switchboard.engine.request;
