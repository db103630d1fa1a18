-- The semantic cache's entries: a prompt, its embedding, and the exact key whose answer it was given. The answer
-- itself stays in cache_entry (and L1/L2); these rows let a restart, and every other instance, rebuild the index.
-- The vector is little-endian float32, L2-normalized. Portable between PostgreSQL and H2 (BYTEA is VARBINARY there).
CREATE TABLE semantic_entry (
    cache_key     VARCHAR(512) NOT NULL PRIMARY KEY,
    partition_key VARCHAR(700) NOT NULL,
    namespace     VARCHAR(64)  NOT NULL,
    model         VARCHAR(64)  NOT NULL,
    model_version VARCHAR(64)  NOT NULL,
    prompt        VARCHAR      NOT NULL,
    vector        BYTEA        NOT NULL,
    created_at    BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL
);

CREATE INDEX semantic_entry_expires_at ON semantic_entry (expires_at);
CREATE INDEX semantic_entry_model_version ON semantic_entry (model, model_version);
CREATE INDEX semantic_entry_namespace ON semantic_entry (namespace);
