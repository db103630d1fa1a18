package dev.switchboard.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.store.Database;
import dev.switchboard.testsupport.FakeTicker;
import dev.switchboard.testsupport.LogCapture;
import dev.switchboard.testsupport.MutableClock;
import dev.switchboard.testsupport.PgSchema;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The key store on both databases it runs on: an embedded H2 file in the test's folder and PostgreSQL (a schema of
 * the test's own). Time is moved by hand: the clock for created and revoked times, the ticker for the cache.
 */
class KeyStoreTest {
    enum Backend { H2, POSTGRESQL }

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    /** A fresh, empty database of the test's own; closing drops it. */
    private final class Fresh implements AutoCloseable {
        final Backend backend;
        final PgSchema schema;
        final List<Database> opened = new ArrayList<>();
        private final String url;

        Fresh(Backend backend) throws Exception {
            this.backend = backend;
            this.schema = backend == Backend.POSTGRESQL ? new PgSchema() : null;
            this.url = schema != null ? schema.url() : "jdbc:h2:file:" + dir.toAbsolutePath() + "/keys";
        }

        /** A pool of its own on the database, as another instance would have. */
        Database pool() {
            Database db = Database.open(url, schema == null ? null : Services.databaseUser(), null,
                    Duration.ofSeconds(5), 2);
            opened.add(db);
            return db;
        }

        Connection connect() throws Exception {
            return schema != null ? schema.connect() : pool().dataSource().getConnection();
        }

        @Override
        public void close() throws Exception {
            opened.forEach(Database::close);
            if (schema != null) {
                schema.close();
            }
        }
    }

    private KeyStore store(Fresh db, FakeTicker ticker) {
        return KeyStore.open(db.pool(), clock, ticker);
    }

    private static String otherSecret(String secret) {
        char last = secret.charAt(secret.length() - 1);
        return secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCreatedKeyAuthenticatesWithEveryFieldKept(Backend backend) throws Exception {
        try (Fresh db = new Fresh(backend); KeyStore keys = store(db, new FakeTicker())) {
            CreatedKey created = keys.create("ci-bot", "alice", "pro", 25_000_000L,
                    Set.of("gpt-4o-mini", "claude-3-5-haiku"));
            String secret = created.secret();
            assertThat(secret).matches("sb-[A-Za-z0-9_-]{40}");
            GatewayKey key = created.key();
            assertThat(key.prefix()).isEqualTo(secret.substring(0, 10));
            assertThat(key.id()).matches("gk_[0-9a-f]{12}");
            assertThat(key.name()).isEqualTo("ci-bot");
            assertThat(key.owner()).isEqualTo("alice");
            assertThat(key.plan()).isEqualTo("pro");
            assertThat(key.budgetMicros()).isEqualTo(25_000_000L);
            assertThat(key.models()).containsExactly("claude-3-5-haiku", "gpt-4o-mini");
            assertThat(key.createdAt()).isEqualTo(clock.instant());
            assertThat(key.revoked()).isFalse();

            assertThat(keys.authenticate(secret)).contains(key);
            assertThat(key.mayUse("gpt-4o-mini")).isTrue();
            assertThat(key.mayUse("gpt-4o")).isFalse();

            // Nothing optional given: no name, plan or budget, every model.
            GatewayKey bare = keys.create(null, "bob", " ", null, null).key();
            assertThat(bare.name()).isNull();
            assertThat(bare.plan()).isNull();
            assertThat(bare.budgetMicros()).isNull();
            assertThat(bare.models()).isEmpty();
            assertThat(bare.mayUse("anything")).isTrue();
            assertThat(keys.find(bare.id())).contains(bare);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWrongSecretAuthenticatesNothing(Backend backend) throws Exception {
        try (Fresh db = new Fresh(backend); KeyStore keys = store(db, new FakeTicker())) {
            CreatedKey created = keys.create("ci-bot", "alice", null, null, null);
            String secret = created.secret();
            assertThat(keys.authenticate(otherSecret(secret))).isEmpty();
            assertThat(keys.authenticate(Secrets.generate())).isEmpty();
            assertThat(keys.authenticate(created.key().prefix())).isEmpty();
            assertThat(keys.authenticate(created.key().id())).isEmpty();
            assertThat(keys.authenticate(secret + "x")).isEmpty();
            assertThat(keys.authenticate(" " + secret)).isEmpty();
            assertThat(keys.authenticate("")).isEmpty();
            assertThat(keys.authenticate(null)).isEmpty();
            // And the right one still does, after the refusals were cached.
            assertThat(keys.authenticate(secret)).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRevokeIsRefusedAtOnceByTheStoreThatRevoked(Backend backend) throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (Fresh db = new Fresh(backend); KeyStore keys = store(db, ticker)) {
            CreatedKey created = keys.create("ci-bot", "alice", null, null, null);
            CreatedKey other = keys.create("other", "bob", null, null, null);
            assertThat(keys.authenticate(created.secret())).isPresent();
            clock.advance(Duration.ofMinutes(3));

            assertThat(keys.revoke(created.key().id())).isTrue();
            // The time has not moved: the answer cached a moment ago is gone.
            assertThat(keys.authenticate(created.secret())).isEmpty();
            assertThat(keys.authenticate(other.secret())).isPresent();
            GatewayKey revoked = keys.find(created.key().id()).orElseThrow();
            assertThat(revoked.revokedAt()).isEqualTo(clock.instant());
            assertThat(revoked.revoked()).isTrue();

            // Revoking again keeps the first time; an unknown key is no key.
            clock.advance(Duration.ofMinutes(1));
            assertThat(keys.revoke(created.key().prefix())).isTrue();
            assertThat(keys.find(created.key().id()).orElseThrow().revokedAt()).isEqualTo(revoked.revokedAt());
            assertThat(keys.revoke("gk_000000000000")).isFalse();
            assertThat(keys.revoke("sb-nothere")).isFalse();
            assertThat(keys.revoke(" ")).isFalse();
            ticker.advance(KeyStore.CACHE_TTL.multipliedBy(2));
            assertThat(keys.authenticate(created.secret())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aKeyIsRevokedByItsPrefixButNeverByItsSecret(Backend backend) throws Exception {
        try (Fresh db = new Fresh(backend); KeyStore keys = store(db, new FakeTicker())) {
            CreatedKey created = keys.create("ci-bot", "alice", null, null, null);
            assertThatThrownBy(() -> keys.revoke(created.secret()))
                    .isInstanceOfSatisfying(KeyValidationException.class, e -> {
                        assertThat(e.field()).isEqualTo("key");
                        assertThat(e.getMessage()).contains("prefix").doesNotContain(created.secret())
                                .doesNotContain(created.secret().substring(10));
                    });
            assertThat(keys.authenticate(created.secret())).isPresent();
            assertThat(keys.revoke(" " + created.key().prefix() + " ")).isTrue();
            assertThat(keys.authenticate(created.secret())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theListIsNewestFirstWithRevokedKeys(Backend backend) throws Exception {
        try (Fresh db = new Fresh(backend); KeyStore keys = store(db, new FakeTicker())) {
            assertThat(keys.list()).isEmpty();
            GatewayKey first = keys.create("first", "alice", null, null, null).key();
            clock.advance(Duration.ofSeconds(1));
            GatewayKey second = keys.create("second", "bob", null, null, null).key();
            clock.advance(Duration.ofSeconds(1));
            GatewayKey third = keys.create("third", "carol", null, null, null).key();
            keys.revoke(second.id());
            List<GatewayKey> list = keys.list();
            assertThat(list).extracting(GatewayKey::name).containsExactly("third", "second", "first");
            assertThat(list.get(0)).isEqualTo(third);
            assertThat(list.get(1).revoked()).isTrue();
            assertThat(list.get(2)).isEqualTo(first);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theSecretIsInNoRecordRowOrLogLine(Backend backend) throws Exception {
        try (LogCapture logs = new LogCapture(Level.DEBUG); Fresh db = new Fresh(backend);
             KeyStore keys = store(db, new FakeTicker())) {
            CreatedKey created = keys.create("ci-bot", "alice", "pro", 1_000_000L, Set.of("gpt-4o"));
            String secret = created.secret();
            String tail = secret.substring(10);
            keys.authenticate(secret);
            keys.authenticate(otherSecret(secret));
            keys.revoke(created.key().prefix());
            assertThat(created.toString()).contains(created.key().prefix()).doesNotContain(tail);
            assertThat(created.key().toString()).doesNotContain(tail);
            assertThat(keys.list().toString()).doesNotContain(tail);

            // The table holds the hash and the prefix, not the secret.
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM gateway_key")) {
                ResultSetMetaData md = rs.getMetaData();
                assertThat(rs.next()).isTrue();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    assertThat(String.valueOf(rs.getObject(i))).as(md.getColumnName(i)).doesNotContain(tail);
                }
                assertThat(rs.getString("secret_sha256").strip()).isEqualTo(Secrets.sha256(secret));
            }
            assertThat(logs.everything()).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain(tail));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anotherStoreSeesANewKeyAtOnceAndARevokeWithinTheCacheTtl(Backend backend) throws Exception {
        FakeTicker tickerB = new FakeTicker();
        try (Fresh db = new Fresh(backend); KeyStore a = store(db, new FakeTicker()); KeyStore b = store(db, tickerB)) {
            CreatedKey created = a.create("ci-bot", "alice", null, null, null);
            assertThat(b.authenticate(created.secret())).contains(created.key());
            assertThat(b.list()).containsExactly(created.key());

            assertThat(a.revoke(created.key().id())).isTrue();
            assertThat(a.authenticate(created.secret())).isEmpty();
            // B answers from its cache until the TTL has passed, never longer.
            tickerB.advance(KeyStore.CACHE_TTL.minusMillis(1));
            assertThat(b.authenticate(created.secret())).isPresent();
            tickerB.advance(Duration.ofMillis(1));
            assertThat(b.authenticate(created.secret())).isEmpty();
            assertThat(b.list().get(0).revoked()).isTrue();
        }
    }

    @Test
    void mostAuthenticationsDoNoSqlAndADownDatabaseIsUnavailableNotUnknown() throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (Fresh db = new Fresh(Backend.H2)) {
            Database pool = db.pool();
            KeyStore keys = KeyStore.open(pool, clock, ticker);
            CreatedKey created = keys.create("ci-bot", "alice", null, null, null);
            String wrong = otherSecret(created.secret());
            assertThat(keys.authenticate(created.secret())).isPresent();
            assertThat(keys.authenticate(wrong)).isEmpty();
            // With the pool closed, any SQL would fail: the cache answers both, good and bad.
            pool.close();
            ticker.advance(KeyStore.CACHE_TTL.minusMillis(1));
            for (int i = 0; i < 100; i++) {
                assertThat(keys.authenticate(created.secret())).isPresent();
                assertThat(keys.authenticate(wrong)).isEmpty();
            }
            assertThat(keys.authenticate("not a key")).isEmpty();
            ticker.advance(Duration.ofMillis(1));
            assertThatThrownBy(() -> keys.authenticate(created.secret()))
                    .isInstanceOf(KeyStoreUnavailableException.class)
                    .hasMessageContaining("gateway keys' database")
                    .message().doesNotContain(created.secret().substring(10));
            assertThatThrownBy(keys::list).isInstanceOf(KeyStoreUnavailableException.class);
            keys.close();
        }
    }

    @Test
    void validationNamesTheField() throws Exception {
        try (Fresh db = new Fresh(Backend.H2); KeyStore keys = store(db, new FakeTicker())) {
            assertRefused(() -> keys.create("ci-bot", null, null, null, null), "owner", "owner: is required");
            assertRefused(() -> keys.create("ci-bot", "  ", null, null, null), "owner", "owner: is required");
            assertRefused(() -> keys.create(null, "a".repeat(129), null, null, null), "owner",
                    "owner: must be 1-128 characters, got 129");
            assertRefused(() -> keys.create(null, "al\nice", null, null, null), "owner",
                    "owner: must not contain control characters (at 2)");
            assertRefused(() -> keys.create("ci bot", "alice", null, null, null), "name",
                    "name: must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got 'ci bot'");
            assertRefused(() -> keys.create(null, "alice", "pro/max", null, null), "plan",
                    "plan: must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got 'pro/max'");
            assertRefused(() -> keys.create(null, "alice", null, null, Set.of("gpt-4o", "gpt 4")), "models",
                    "models: must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got 'gpt 4'");
            assertRefused(() -> keys.create(null, "alice", null, -1L, null), "budget",
                    "budget: must be zero or more, got -1 micro-dollars");
            assertThat(keys.list()).isEmpty();
            // An owner is a user name as requests give it (an e-mail will do); the others are config names.
            assertThat(keys.create(" ci-bot ", "alice@example.com", "pro", 0L, Set.of(" gpt-4o ")).key())
                    .satisfies(k -> {
                        assertThat(k.name()).isEqualTo("ci-bot");
                        assertThat(k.owner()).isEqualTo("alice@example.com");
                        assertThat(k.budgetMicros()).isZero();
                        assertThat(k.models()).containsExactly("gpt-4o");
                    });
        }
    }

    @Test
    void budgetsAndModelListsAreReadAsOperatorsTypeThem() {
        assertThat(KeyFields.parseBudget("25")).isEqualTo(25_000_000L);
        assertThat(KeyFields.parseBudget(" $12.50 ")).isEqualTo(12_500_000L);
        assertThat(KeyFields.parseBudget("0.000001")).isEqualTo(1L);
        assertThat(KeyFields.parseBudget("0")).isZero();
        assertThat(KeyFields.parseBudget("")).isNull();
        assertThat(KeyFields.parseBudget(null)).isNull();
        assertThatThrownBy(() -> KeyFields.parseBudget("-5")).isInstanceOf(KeyValidationException.class)
                .hasMessage("budget: must be zero or more, got -5");
        assertThatThrownBy(() -> KeyFields.parseBudget("lots"))
                .hasMessage("budget: must be an amount in USD like 25 or 12.50, got 'lots'");
        assertThatThrownBy(() -> KeyFields.parseBudget("1e3"))
                .hasMessage("budget: must be an amount in USD like 25 or 12.50, got '1e3'");
        assertThatThrownBy(() -> KeyFields.parseBudget("0.0000001"))
                .hasMessage("budget: must be a whole number of micro-dollars (at most 6 decimals), got 0.0000001");
        assertThatThrownBy(() -> KeyFields.parseBudget("2000000000"))
                .hasMessage("budget: must be at most 1000000000 USD, got 2000000000");
        assertThat(KeyFields.parseModels("gpt-4o-mini, claude-3-5-haiku,,")).containsExactly("gpt-4o-mini",
                "claude-3-5-haiku");
        assertThat(KeyFields.parseModels(" ")).isEmpty();
        assertThat(KeyFields.formatBudget(25_000_000L)).isEqualTo("25.00");
        assertThat(KeyFields.formatBudget(500_000L)).isEqualTo("0.5000");
        assertThat(KeyFields.formatBudget(null)).isEqualTo("none");
        assertThat(KeyFields.formatModels(Set.of())).isEqualTo("all");
    }

    private static void assertRefused(Runnable create, String field, String message) {
        assertThatThrownBy(create::run).isInstanceOfSatisfying(KeyValidationException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void aClosedStoreRefusesWorkAndSaysSo() throws Exception {
        try (Fresh db = new Fresh(Backend.H2)) {
            KeyStore keys = store(db, new FakeTicker());
            String secret = keys.create(null, "alice", null, null, null).secret();
            keys.close();
            assertThatThrownBy(() -> keys.authenticate(secret)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the key store is closed");
            assertThatThrownBy(keys::list).hasMessage("the key store is closed");
            assertThatThrownBy(() -> keys.create(null, "alice", null, null, null))
                    .hasMessage("the key store is closed");
        }
    }

    @Test
    void opensOnTheLedgersDatabase() {
        SwitchboardConfig config = TestConfigs.parse("""
                ledger:
                  url: "jdbc:h2:file:%s/ledger"
                  journal: "%s/journal"
                """.formatted(dir.toAbsolutePath(), dir.toAbsolutePath()) + TestConfigs.MODELS);
        String secret;
        try (KeyStore keys = KeyStore.open(config.ledger(), clock)) {
            secret = keys.create("ci-bot", "alice", null, null, null).secret();
        }
        try (KeyStore again = KeyStore.open(config.ledger(), clock)) {
            Optional<GatewayKey> key = again.authenticate(secret);
            assertThat(key).map(GatewayKey::owner).contains("alice");
            assertThat(key.get().createdAt()).isEqualTo(Instant.ofEpochMilli(clock.millis()));
        }
        SwitchboardConfig off = TestConfigs.parse(TestConfigs.MODELS);
        assertThatThrownBy(() -> KeyStore.open(off.ledger(), clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ledger.enabled: false");
    }
}
