/**
 * Local HTTP servers that speak the upstream wire formats as the public API references document them, for tests of
 * the provider clients, the gateway and the scenarios: {@link dev.switchboard.testsupport.upstream.MockOpenAi}
 * (chat completions and embeddings, plain and Azure paths) and {@link dev.switchboard.testsupport.upstream.MockAnthropic}
 * (Messages). Both are scripted through {@link dev.switchboard.testsupport.upstream.MockUpstream}: failures with
 * status, body and headers, the answer or a tool call, usage, delays, silence, cut streams, hangs; and both record
 * every request they receive.
 */
package dev.switchboard.testsupport.upstream;
