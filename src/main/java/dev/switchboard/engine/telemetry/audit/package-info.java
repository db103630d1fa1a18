/**
 * The audit trail: decisions that matter (request outcomes and routes, guard verdicts, budget actions, config and key
 * changes) appended to SQL, each record chained to the one before it by SHA-256 ({@link
 * dev.switchboard.engine.telemetry.audit.AuditChain}), so an edited, inserted or deleted row is detected by
 * {@link dev.switchboard.engine.telemetry.audit.AuditStore#verify()}. {@link
 * dev.switchboard.engine.telemetry.audit.AuditLog} takes records without blocking (a bounded queue, one writer
 * thread that computes the chain in order and writes batches); {@link
 * dev.switchboard.engine.telemetry.audit.RequestAuditor} feeds it from the engine's request events.
 */
package dev.switchboard.engine.telemetry.audit;
