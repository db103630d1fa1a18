/**
 * Input and output guards on the request path. {@link dev.switchboard.engine.guard.RequestValidator} rejects a
 * malformed request (step 1); {@link dev.switchboard.engine.guard.Guards} then scans its text under the namespace's
 * {@link dev.switchboard.engine.guard.policy.GuardPolicy} and blocks, redacts or flags what the detectors find
 * (subpackages {@code pii}, {@code secret}, {@code injection}, {@code blocklist}), before any cache key is computed;
 * the same runs on the answer (step 9), a parsed one value by value through {@link
 * dev.switchboard.engine.guard.OutputGuard}. Verdicts, route notes, stats and exceptions name the rule, the field and
 * the offsets, never the matched text.
 */
package dev.switchboard.engine.guard;
