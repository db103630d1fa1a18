/**
 * Credential detectors: vendor key prefixes and high-entropy tokens. Findings carry offsets only; a secret is never
 * copied into a finding, a log line or an exception.
 */
package dev.switchboard.engine.guard.secret;
