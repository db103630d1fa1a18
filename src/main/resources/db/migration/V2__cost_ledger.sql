-- The cost ledger: one row per answered request. Portable between PostgreSQL and H2.
-- Times are epoch milliseconds (UTC), so a UTC day is at_ms / 86400000 in both databases.
CREATE TABLE ledger_event (
    journal_id  BIGINT           NOT NULL,
    seq         BIGINT           NOT NULL,
    at_ms       BIGINT           NOT NULL,
    user_name   VARCHAR(128),
    plan        VARCHAR(64),
    namespace   VARCHAR(64)      NOT NULL,
    model_asked VARCHAR(64)      NOT NULL,
    model       VARCHAR(64)      NOT NULL,
    served_by   VARCHAR(16)      NOT NULL,
    tokens_in   INTEGER          NOT NULL,
    tokens_out  INTEGER          NOT NULL,
    cost_usd    DOUBLE PRECISION NOT NULL,
    saved_usd   DOUBLE PRECISION NOT NULL,
    latency_us  BIGINT           NOT NULL,
    PRIMARY KEY (journal_id, seq)
);

CREATE INDEX ledger_event_at ON ledger_event (at_ms);
CREATE INDEX ledger_event_user ON ledger_event (user_name, at_ms);

-- How far each journal has been written into ledger_event, updated in the same transaction as its rows:
-- a journal replayed after a crash skips what is already here, so no record is counted twice.
CREATE TABLE ledger_journal (
    journal_id  BIGINT NOT NULL PRIMARY KEY,
    shipped_seq BIGINT NOT NULL,
    updated_ms  BIGINT NOT NULL
);

-- Running totals per UTC day ('D') and month ('M'), for all traffic ('all'), per model, and per user (days only:
-- a user's month is the sum of their days). Updated with the ledger rows; read every second by every instance to
-- enforce budgets across them, and by reports over whole days, which need not scan the rows.
CREATE TABLE spend_total (
    period_kind  CHAR(1)          NOT NULL,
    period_start VARCHAR(10)      NOT NULL,
    scope        VARCHAR(8)       NOT NULL,
    name         VARCHAR(128)     NOT NULL,
    cost_usd     DOUBLE PRECISION NOT NULL,
    saved_usd    DOUBLE PRECISION NOT NULL,
    requests       BIGINT           NOT NULL,
    provider_calls BIGINT           NOT NULL,
    tokens_in      BIGINT           NOT NULL,
    tokens_out     BIGINT           NOT NULL,
    PRIMARY KEY (period_kind, period_start, scope, name)
);
