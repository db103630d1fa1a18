-- The audit trail: decisions that matter (request outcomes and routes, guard verdicts, budget actions, config and key
-- changes), each chained to the one before it. hash = SHA-256 (hex) over prev_hash and the record's own fields (see
-- dev.switchboard.engine.telemetry.audit.AuditChain), so an edited, inserted or deleted row breaks the chain.
-- ids are assigned by the writer, contiguous from 1: a gap is a deleted row. Times are epoch milliseconds (UTC).
-- detail is JSON text, never a prompt or a secret. Portable between PostgreSQL and H2.
CREATE TABLE audit_event (
    id        BIGINT       NOT NULL PRIMARY KEY,
    at_ms     BIGINT       NOT NULL,
    kind      VARCHAR(32)  NOT NULL,
    actor     VARCHAR(256) NOT NULL,
    subject   VARCHAR(512) NOT NULL,
    detail    VARCHAR      NOT NULL,
    prev_hash CHAR(64)     NOT NULL,
    hash      CHAR(64)     NOT NULL
);

CREATE INDEX audit_event_at_ms ON audit_event (at_ms);

-- Where the chain starts after a retention purge: the id and hash of the last purged record. One row at most (slot 1).
CREATE TABLE audit_anchor (
    slot      INT          NOT NULL PRIMARY KEY,
    last_id   BIGINT       NOT NULL,
    last_hash CHAR(64)     NOT NULL,
    purged_ms BIGINT       NOT NULL
);
