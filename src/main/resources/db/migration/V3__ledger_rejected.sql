-- Ledger records the database refused for their data (a value too long for its column, a constraint): the writer
-- finds them by splitting the batch they came in, writes the rest, and sets them aside here with the reason, in
-- the same transaction as the journal's checkpoint. `event` is the record as JSON (ASCII only), to fix and replay.
CREATE TABLE ledger_rejected (
    journal_id  BIGINT        NOT NULL,
    seq         BIGINT        NOT NULL,
    at_ms       BIGINT        NOT NULL,
    rejected_ms BIGINT        NOT NULL,
    reason      VARCHAR(1000) NOT NULL,
    event       VARCHAR       NOT NULL,
    PRIMARY KEY (journal_id, seq)
);
