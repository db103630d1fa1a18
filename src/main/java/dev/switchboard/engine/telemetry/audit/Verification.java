package dev.switchboard.engine.telemetry.audit;

/**
 * What {@link AuditStore#verify()} found.
 *
 * @param checked  records whose hash was checked (up to and including the first broken one)
 * @param brokenId the first record that does not fit the chain; -1 when the chain is whole
 * @param reason   why it does not fit; empty when whole
 * @param anchorId the last purged record the chain starts after; 0 when nothing was purged
 */
public record Verification(long checked, long brokenId, String reason, long anchorId) {
    public boolean ok() {
        return brokenId < 0;
    }
}
