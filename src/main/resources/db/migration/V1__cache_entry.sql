-- L3 of the exact-match response cache. Portable between PostgreSQL and H2.
-- Times are epoch milliseconds so both databases compare them the same way.
CREATE TABLE cache_entry (
    cache_key     VARCHAR(512)     NOT NULL PRIMARY KEY,
    namespace     VARCHAR(64)      NOT NULL,
    model         VARCHAR(64)      NOT NULL,
    model_version VARCHAR(64)      NOT NULL,
    answer        VARCHAR          NOT NULL,
    answered_by   VARCHAR(64)      NOT NULL,
    tokens_in     INTEGER          NOT NULL,
    tokens_out    INTEGER          NOT NULL,
    cost_usd      DOUBLE PRECISION NOT NULL,
    created_at    BIGINT           NOT NULL,
    expires_at    BIGINT           NOT NULL
);

CREATE INDEX cache_entry_expires_at ON cache_entry (expires_at);
CREATE INDEX cache_entry_model_version ON cache_entry (model, model_version);
CREATE INDEX cache_entry_namespace ON cache_entry (namespace);
