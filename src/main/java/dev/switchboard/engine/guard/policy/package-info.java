/**
 * Guard configuration: {@link dev.switchboard.engine.guard.policy.GuardMode} per guard,
 * {@link dev.switchboard.engine.guard.policy.GuardRules} per direction, the {@code guards:} section as
 * {@link dev.switchboard.engine.guard.policy.GuardSettings} (namespaces merged over the top level when read), and
 * {@link dev.switchboard.engine.guard.policy.GuardPolicy}, the rules compiled into detectors. Knows nothing of the
 * engine's config package, which depends on it.
 */
package dev.switchboard.engine.guard.policy;
