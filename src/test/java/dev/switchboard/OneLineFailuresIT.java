package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.cache.TierSnapshot;
import dev.switchboard.engine.cache.TierState;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.store.Database;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.LogCapture;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TcpProxy;
import dev.switchboard.testsupport.TestConfigs;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store failure is one log line: the innermost cause and its first line, never a stack trace, never the rows
 * the driver quotes back (a failed L3 batch carries cached answers, a failed ledger batch user names). Checked on
 * what logback actually prints to stderr, with the drivers' own logging (HikariCP, pgjdbc) included.
 */
class OneLineFailuresIT {
    /** In the ledger rows the failing batch quotes back: it must not reach a log line. */
    private static final String USER = "row-value-user-7";

    @TempDir
    Path home;

    private SwitchboardConfig load(String yaml) {
        return new ConfigLoader(name -> name.equals("SWITCHBOARD_HOME") ? home.toString() : System.getenv(name))
                .parse(yaml + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY, "lines.yaml");
    }

    private static TierSnapshot tier(Engine e, Tier t) {
        return e.snapshot().tiers().stream().filter(x -> x.tier() == t).findFirst().orElseThrow();
    }

    private static List<String> answers(Engine engine, String run, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ChatResult r = engine.submit(ChatRequest.builder().model("gpt-4o-mini").user(USER)
                    .prompt(run + " question " + i).build());
            out.add(r.answer());
        }
        return out;
    }

    /** The words of an answer long enough to be telling (the simulated answers share a small vocabulary). */
    private static String telling(String answer) {
        return answer.length() <= 40 ? answer : answer.substring(0, 40);
    }

    private static void assertOneLineEach(LogCapture logs, List<String> answers, String... expectedFragments) {
        // What logback printed (the drivers' and pgjdbc's lines included), not the events' exceptions: those exist,
        // the point is that they are not printed as stack traces.
        String printed = logs.console();
        for (String line : printed.split("\\R")) {
            assertThat(line).as("a stack trace line").doesNotStartWith("\tat ").doesNotStartWith("Caused by:")
                    .doesNotMatch("\\s+\\.\\.\\. \\d+ more");
        }
        for (String a : answers) {
            assertThat(printed).as("cached answer text in the log").doesNotContain(telling(a));
        }
        assertThat(printed).as("a row value in the log").doesNotContain(USER);
        for (LogCapture.Line l : logs.lines()) {
            assertThat(l.message()).as("one line: %s", l.message()).doesNotContain("\n").doesNotContain("\r");
        }
        for (String f : expectedFragments) {
            assertThat(printed).contains(f);
        }
    }

    private static void assertOneLine(String reason, List<String> answers) {
        assertThat(reason).isNotBlank().doesNotContain("\n").doesNotContain(USER);
        answers.forEach(a -> assertThat(reason).doesNotContain(telling(a)));
    }

    @Test
    void postgresRefusingTheL3AndLedgerBatchesLogsOneLineWithoutTheirRows() throws Exception {
        Services.requirePostgres();
        // A schema of our own, so the constraints that make the inserts fail touch no other test's tables.
        String schema = "sb_lines_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String base = Services.databaseUrl().startsWith("jdbc:") ? Services.databaseUrl()
                : "jdbc:" + Services.databaseUrl().replaceFirst("^postgres:", "postgresql:");
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (Connection c = DriverManager.getConnection(base, Services.databaseUser(), null);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            try (Database db = Database.open(url, Services.databaseUser(), null, Duration.ofSeconds(5), 2)) {
                db.ensureReady();
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE cache_entry ADD CONSTRAINT short_answers CHECK (length(answer) < 5)");
                    s.execute("ALTER TABLE ledger_event ADD CONSTRAINT no_named_users CHECK (user_name IS NULL)");
                }
            }
            List<String> answers;
            try (LogCapture logs = new LogCapture(Level.DEBUG);
                 Engine engine = Engine.start(load("""
                         tiers:
                           l1: {enabled: true}
                           l3: {enabled: true, url: "%s", user: "%s", timeout: 2s}
                         """.formatted(url, Services.databaseUser())))) {
                answers = answers(engine, "pg", 5);
                // The tier's probe (a SELECT) passes, so L3 comes back UP between refused writes: the reason is read
                // from the same snapshot that saw it DOWN.
                java.util.concurrent.atomic.AtomicReference<TierSnapshot> down = new java.util.concurrent.atomic.AtomicReference<>();
                Await.until(Duration.ofSeconds(20), "L3 DOWN", () -> {
                    TierSnapshot t = tier(engine, Tier.L3);
                    down.set(t);
                    return t.state() == TierState.DOWN;
                });
                // A record the database refuses for its data is set aside, not retried forever.
                Await.until(Duration.ofSeconds(20), "ledger records set aside",
                        () -> engine.snapshot().ledger().rejected() > 0);

                assertOneLine(down.get().reason(), answers);
                assertThat(down.get().reason()).contains("PSQLException").contains("short_answers");
                assertOneLine(engine.snapshot().ledger().lastRejection(), answers);
                assertThat(engine.snapshot().ledger().lastRejection()).contains("no_named_users");
                assertOneLineEach(logs, answers, "L3 is DOWN: PSQLException: ERROR: new row for relation",
                        "set aside in ledger_rejected");
            }
        } finally {
            try (Connection c = DriverManager.getConnection(base, Services.databaseUser(), null);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void h2RefusingAnL3BatchLogsOneLineWithoutTheValue() throws Exception {
        String url = "jdbc:h2:file:" + home.resolve("cache").toAbsolutePath();
        try (Database db = Database.open(url, null, null, Duration.ofSeconds(5), 2)) {
            db.ensureReady();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE cache_entry ALTER COLUMN answer SET DATA TYPE VARCHAR(8)");
            }
        }
        try (LogCapture logs = new LogCapture(Level.DEBUG);
             Engine engine = Engine.start(load("""
                     tiers:
                       l1: {enabled: true}
                       l3: {enabled: true, url: "%s"}
                     ledger: {enabled: false}
                     """.formatted(url)))) {
            List<String> answers = answers(engine, "h2", 5);
            Await.until(Duration.ofSeconds(20), "L3 DOWN", () -> tier(engine, Tier.L3).state() == TierState.DOWN);

            String reason = tier(engine, Tier.L3).reason();
            assertOneLine(reason, answers);
            assertThat(reason).startsWith("JdbcSQLDataException: Value too long for column").doesNotContain("MERGE");
            assertOneLineEach(logs, answers, "L3 is DOWN: JdbcSQLDataException: Value too long");
        }
    }

    @Test
    void postgresCutOffMidUseLogsOneLinePerFailure() throws Exception {
        Services.requirePostgres();
        URI pg = URI.create(Services.databaseUrl().replaceFirst("^jdbc:", ""));
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort());
             LogCapture logs = new LogCapture(Level.DEBUG);
             Engine engine = Engine.start(load("""
                     tiers:
                       l1: {enabled: true}
                       l3: {enabled: true, url: "jdbc:postgresql://127.0.0.1:%d%s", user: "%s", timeout: 300ms}
                     ledger: {enabled: false}
                     """.formatted(proxy.port(), pg.getPath(), Services.databaseUser())))) {
            List<String> answers = new ArrayList<>(answers(engine, "cut-" + UUID.randomUUID(), 5));
            assertThat(engine.cache().awaitWrites(Duration.ofSeconds(10))).isTrue();
            assertThat(tier(engine, Tier.L3).state()).isEqualTo(TierState.UP);

            // Pooled connections in use are reset: HikariCP logs them as broken, with the exception attached.
            proxy.stop();
            String run = "after-" + UUID.randomUUID();
            int[] i = {0};
            Await.until(Duration.ofSeconds(20), "L3 DOWN", () -> {
                answers.addAll(answers(engine, run + " " + i[0]++, 1));
                return tier(engine, Tier.L3).state() == TierState.DOWN;
            });
            assertOneLine(tier(engine, Tier.L3).reason(), answers);
            assertOneLineEach(logs, answers, "L3 is DOWN: ");
        }
    }
}
