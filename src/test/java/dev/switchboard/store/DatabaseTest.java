package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** URLs to pools: credentials reach the driver as properties and never show in {@link Database#describe()}. */
class DatabaseTest {
    /** Nothing listens there: the pool starts empty (it never fails to open) and no test needs a server. */
    private static Database open(String url, String user, String password) {
        return Database.open(url, user, password, Duration.ofMillis(250), 1);
    }

    private static HikariDataSource pool(Database db) {
        return (HikariDataSource) db.dataSource();
    }

    @Test
    void aPostgresUrlKeepsItsPasswordAsThePasswordProperty() {
        try (Database db = open("postgresql://app:s3cret@127.0.0.1:1/sb", null, null)) {
            assertThat(pool(db).getUsername()).isEqualTo("app");
            assertThat(pool(db).getPassword()).isEqualTo("s3cret");
            assertThat(pool(db).getJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:1/sb");
            assertThat(db.describe()).isEqualTo("jdbc:postgresql://127.0.0.1:1/sb");
        }
        try (Database db = open("postgres://app:p%40ss%2Fword@127.0.0.1:1/sb", null, null)) {
            assertThat(pool(db).getPassword()).as("percent-decoded").isEqualTo("p@ss/word");
        }
    }

    @Test
    void configuredCredentialsWinOverTheUrls() {
        try (Database db = open("postgresql://app:from-url@127.0.0.1:1/sb", "admin", "from-config")) {
            assertThat(pool(db).getUsername()).isEqualTo("admin");
            assertThat(pool(db).getPassword()).isEqualTo("from-config");
        }
        try (Database db = open("postgresql://app@127.0.0.1:1/sb", null, null)) {
            assertThat(pool(db).getUsername()).isEqualTo("app");
            assertThat(pool(db).getPassword()).isNull();
        }
    }

    @Test
    void describeMasksCredentialsInJdbcUrls() {
        try (Database db = open("jdbc:postgresql://127.0.0.1:1/sb?user=app&password=s3cret&ssl=false", null, null)) {
            assertThat(db.describe()).isEqualTo("jdbc:postgresql://127.0.0.1:1/sb?user=app&password=***&ssl=false");
        }
    }

    @Test
    void describeMasksAnH2Password(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";USER=sa;PASSWORD=s3cret";
        try (Database db = open(url, null, null)) {
            assertThat(db.describe()).endsWith(";USER=sa;PASSWORD=***").doesNotContain("s3cret");
        }
    }

    @Test
    void aUrlTheDriverRefusesIsReportedMasked() {
        assertThatThrownBy(() -> open("postgresql://app:s3 cret@127.0.0.1:1/sb", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid database URL: postgresql://app:***@127.0.0.1:1/sb")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3"));
        assertThatThrownBy(() -> open("jdbc:postgres://127.0.0.1:1/sb?password=s3cret", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password=***")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
}
