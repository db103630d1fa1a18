package dev.switchboard.engine.telemetry.audit;

/** One stored record: an {@link AuditRecord} with its place in the chain. */
public record AuditRow(long id, long atMillis, String kind, String actor, String subject, String detail,
                       String prevHash, String hash) {
    static AuditRow chained(long id, String prevHash, AuditRecord r) {
        return new AuditRow(id, r.atMillis(), r.kind(), r.actor(), r.subject(), r.detail(), prevHash,
                AuditChain.hash(prevHash, id, r.atMillis(), r.kind(), r.actor(), r.subject(), r.detail()));
    }

    /** The hash this row's fields give, to compare with the stored one. */
    String expectedHash() {
        return AuditChain.hash(prevHash, id, atMillis, kind, actor, subject, detail);
    }
}
