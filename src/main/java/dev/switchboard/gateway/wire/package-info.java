/**
 * What the gateway's wire formats share: {@link dev.switchboard.gateway.wire.WireException}, the one failure a
 * request body can cause, and {@link dev.switchboard.gateway.wire.WireJson}, strict readers that name the exact
 * field that is wrong. Pure translation code: no I/O, no server, nothing here knows HTTP beyond a status number.
 * {@code gateway.openai} and {@code gateway.anthropic} build on this package and never on each other.
 */
package dev.switchboard.gateway.wire;
