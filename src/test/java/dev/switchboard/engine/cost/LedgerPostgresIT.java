package dev.switchboard.engine.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.LedgerConfig;
import dev.switchboard.testsupport.PrivateDatabase;
import dev.switchboard.testsupport.Services;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger on PostgreSQL (rows by COPY), in a database of its own created for each test and dropped after it,
 * so this branch's migrations never touch the shared test database.
 */
class LedgerPostgresIT {
    @TempDir
    Path dir;

    private PrivateDatabase database;
    private String url;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = PrivateDatabase.create("sb_ledger");
        url = database.url();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    private LedgerConfig config() {
        return new LedgerConfig(true, url, Services.databaseUser(), null, dir.resolve("journal"), 500,
                Duration.ofMillis(20));
    }

    @Test
    void aRecordCopyCannotTakeIsSetAsideAndTheRestIsWritten() throws Exception {
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            for (int i = 0; i < 2_000; i++) {
                ledger.record(i == 1_234 ? LedgerTest.withModel(LedgerTest.event(i), "m".repeat(80))
                        : LedgerTest.event(i));
            }
            assertThat(ledger.flush(Duration.ofSeconds(30))).isTrue();
            LedgerSnapshot s = ledger.snapshot();
            assertThat(s.written()).isEqualTo(1_999);
            assertThat(s.rejected()).isEqualTo(1);
            assertThat(s.lastRejection()).contains("value too long").contains("22001");
        }
        assertThat(query("SELECT COUNT(*) FROM ledger_event")).isEqualTo(1_999);
        assertThat(query("SELECT requests FROM spend_total WHERE period_kind = 'D' AND scope = 'all'"))
                .isEqualTo(1_999);
        assertThat(query("SELECT seq FROM ledger_rejected")).isEqualTo(1_235);
    }

    /** The incident: records journaled for PostgreSQL were later written into H2 by a ledger sharing the folder. */
    @Test
    void recordsJournaledForPostgresqlNeverGoToAnH2LedgerSharingTheJournalRoot() throws Exception {
        try (Ledger pg = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system(),
                new dev.switchboard.testsupport.FakeTicker(), LedgerTest.unreachable())) {
            for (int i = 0; i < 100; i++) {
                pg.record(LedgerTest.event(i));
            }
        }
        LedgerConfig h2 = new LedgerConfig(true, "jdbc:h2:file:" + dir.resolve("h2").toAbsolutePath(), null, null,
                dir.resolve("journal"), 500, Duration.ofMillis(20));
        try (Ledger local = Ledger.open(h2, () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(local.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(local.snapshot().recovered()).isZero();
        }
        try (Ledger pg = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(pg.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(pg.snapshot().recovered()).isEqualTo(100);
        }
        assertThat(query("SELECT COUNT(*) FROM ledger_event")).isEqualTo(100);
    }

    @Test
    void theMigrationToExactMoneyRoundsExistingAmountsHalfUp() throws Exception {
        try (dev.switchboard.store.Database db = dev.switchboard.store.Database.open(url, Services.databaseUser(),
                null, Duration.ofSeconds(5), 2)) {
            org.flywaydb.core.Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration")
                    .target("2").load().migrate();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO ledger_event VALUES (1, 1, 0, 'alice', 'pro', 'default', 'gpt-4o-mini',"
                        + " 'gpt-4o-mini', 'PROVIDER', 302, 0, 0.000045299999999999997, 0.0000025, 900)");
                st.execute("INSERT INTO spend_total VALUES ('D', '1970-01-01', 'all', '*', 12.3456785, 0.1, 1, 1,"
                        + " 302, 0)");
            }
        }
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(query("SELECT cost_micros FROM ledger_event")).isEqualTo(45);
        assertThat(query("SELECT saved_micros FROM ledger_event")).as("a tie, half up").isEqualTo(3);
        assertThat(query("SELECT cost_micros FROM spend_total")).isEqualTo(12_345_679);
    }

    private long query(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
