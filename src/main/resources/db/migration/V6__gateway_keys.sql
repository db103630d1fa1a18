-- Gateway keys (virtual keys): who may call the `serve` gateway, with what plan, budget and models. Portable between
-- PostgreSQL and H2. The secret itself is never stored: only its SHA-256 (hex) and a display prefix, its first 10
-- characters (`sb-3fA9c1x`), which is unique so a key can be named by it. Times are epoch milliseconds (UTC), as in
-- the other tables. `models` lists the model names a key may use, comma-separated and sorted; NULL = every model.
-- `budget_micros` is USD micro-dollars per UTC month; NULL = no budget of the key's own.
CREATE TABLE gateway_key (
    id            VARCHAR(32)  NOT NULL PRIMARY KEY,
    prefix        VARCHAR(16)  NOT NULL,
    secret_sha256 CHAR(64)     NOT NULL,
    name          VARCHAR(64),
    owner         VARCHAR(128) NOT NULL,
    plan          VARCHAR(64),
    budget_micros BIGINT,
    models        VARCHAR,
    created_at    BIGINT       NOT NULL,
    revoked_at    BIGINT,
    CONSTRAINT gateway_key_secret_sha256 UNIQUE (secret_sha256),
    CONSTRAINT gateway_key_prefix UNIQUE (prefix)
);

CREATE INDEX gateway_key_created_at ON gateway_key (created_at);
