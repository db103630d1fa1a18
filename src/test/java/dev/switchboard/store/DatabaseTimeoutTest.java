package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statement bound on an embedded H2 pool: every session starts with it, and a long statement may exceed it. */
class DatabaseTimeoutTest {
    @TempDir
    Path dir;

    private static long setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name + "'")) {
            assertThat(rs.next()).as(name).isTrue();
            return Long.parseLong(rs.getString(1));
        }
    }

    @Test
    void h2SessionsAreBoundedAndALongStatementGetsItsOwnBoundBack() throws Exception {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"), null, null, Duration.ofSeconds(5), 1,
                Duration.ofMillis(300))) {
            db.ensureReady();
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(setting(c, "QUERY_TIMEOUT")).isEqualTo(300);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT LOCK_TIMEOUT()")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("LOCK_TIMEOUT").isEqualTo(300);
                }
            }
            long inside = db.withStatementTimeout(Duration.ofSeconds(60), c -> setting(c, "QUERY_TIMEOUT"));
            assertThat(inside).isEqualTo(60_000);
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(setting(c, "QUERY_TIMEOUT")).as("the pool's own bound, back").isEqualTo(300);
            }
        }
    }

    @Test
    void withoutAStatementBoundNothingIsSet() throws Exception {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db2"), null, null, Duration.ofSeconds(5), 1)) {
            db.ensureReady();
            long inside = db.withStatementTimeout(Duration.ofSeconds(60), c -> setting(c, "QUERY_TIMEOUT"));
            assertThat(inside).isZero();
        }
    }
}
