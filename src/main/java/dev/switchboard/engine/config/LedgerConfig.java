package dev.switchboard.engine.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the cost ledger goes. Every answered request is first appended to a local journal ({@code journal}, a
 * directory), then written to SQL in batches; a journal left behind by a process that died is written at the next
 * start. Without its own {@code url} the ledger uses L3's database, or an embedded H2 file when L3 is off.
 *
 * @param url       JDBC or postgresql:// URL (resolved by the loader, never null when enabled)
 * @param batchSize most records written to SQL in one transaction
 * @param flushInterval how long a record may wait in the journal before its batch is written
 */
public record LedgerConfig(boolean enabled, String url, String user, String password, Path journal, int batchSize,
                           Duration flushInterval) {
    public static final LedgerConfig OFF = new LedgerConfig(false, null, null, null, null, 5_000,
            Duration.ofMillis(200));

    public LedgerConfig {
        if (batchSize < 1 || batchSize > 100_000) {
            throw new ConfigException(null, "ledger.batch_size", "must be between 1 and 100000, got " + batchSize);
        }
        Check.positive("ledger.flush_interval", flushInterval);
        if (enabled) {
            Check.sqlUrl("ledger.url", url);
            if (journal == null) {
                throw new ConfigException(null, "ledger.journal", "is required");
            }
        }
    }
}
