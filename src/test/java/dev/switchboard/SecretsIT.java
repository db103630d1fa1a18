package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.cache.TierSnapshot;
import dev.switchboard.engine.cache.TierState;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.ReportQuery;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.store.Database;
import dev.switchboard.store.RedisConnections;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.LogCapture;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TestConfigs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants a password in every URL form the config accepts, runs engines whose stores are down or refuse those
 * credentials, takes snapshots, runs operator actions and provokes config errors; then looks for the password in
 * every log line (logback and java.util.logging, at DEBUG), stdout and stderr, every exception (message, causes
 * and stack trace as printed), every snapshot, and every file written under the test's SWITCHBOARD_HOME.
 */
class SecretsIT {
    private static final String SECRET = "PLANTED-S3CRET";
    /** Also a partial leak (a mask that keeps a prefix) must fail. */
    private static final String TELL = "S3CRET";

    @TempDir
    Path home;

    private final List<String> seen = new ArrayList<>();

    private SwitchboardConfig load(String yaml) {
        // The secret also comes through ${ENV}, as an operator would keep it.
        return new ConfigLoader(name -> switch (name) {
            case "SWITCHBOARD_HOME" -> home.toString();
            case "SB_PLANTED_PASSWORD" -> SECRET;
            default -> System.getenv(name);
        }).parse(yaml + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY, "secrets.yaml");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static TierSnapshot tier(Engine e, Tier t) {
        return e.snapshot().tiers().stream().filter(x -> x.tier() == t).findFirst().orElseThrow();
    }

    private void see(Throwable t) {
        seen.add(t.getMessage());
        seen.add(t.toString());
        seen.add(LogCapture.stackTrace(t));
    }

    /** Sends a few requests, a repeat among them; every one must be answered whatever the stores do. */
    private void traffic(Engine engine, String run) {
        for (int i = 0; i < 4; i++) {
            ChatResult r = engine.submit(ChatRequest.builder().model("gpt-4o-mini").user("secrets-user")
                    .prompt(run + " question " + (i % 3)).build());
            assertThat(r.answer()).isNotBlank();
            seen.add(String.valueOf(r));
        }
    }

    private void operatorActions(Engine engine) {
        seen.add(String.valueOf(engine.cache().flushAll()));
        seen.add(String.valueOf(engine.cache().invalidateNamespace("default")));
        seen.add(String.valueOf(engine.snapshot()));
        if (engine.ledger().queries() != null) {
            try {
                seen.add(String.valueOf(engine.ledger().queries().summarize(
                        ReportQuery.between(Instant.EPOCH, Instant.now()))));
            } catch (Exception e) {
                see(e);
            }
        }
    }

    @Test
    void aPlantedPasswordAppearsInNoLogSnapshotErrorOrFile() throws Exception {
        Services.requirePostgres();
        URI pg = URI.create(Services.databaseUrl().replaceFirst("^jdbc:", ""));
        String pgHost = pg.getHost() + ":" + (pg.getPort() < 0 ? 5432 : pg.getPort());
        int closed = closedPort();
        // An H2 database that exists with another password, so ours is refused.
        String h2Refusing = home.resolve("refusing").toAbsolutePath().toString();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + h2Refusing, "sa", "another-password")) {
            c.createStatement().execute("SELECT 1");
        }

        try (LogCapture logs = new LogCapture(Level.DEBUG)) {
            // A: Redis down with a password-only userinfo; PostgreSQL L3 down with ?password=; ledger on a
            // postgresql:// URL with user:password whose role does not exist; limits shared through the down Redis.
            SwitchboardConfig a = load("""
                    tiers:
                      l1: {enabled: true}
                      l2: {enabled: true, url: "redis://:${SB_PLANTED_PASSWORD}@127.0.0.1:%d/0", timeout: 100ms}
                      l3: {enabled: true, url: "jdbc:postgresql://127.0.0.1:%d/test?user=postgres&password=%s", timeout: 250ms}
                    limits: {shared: true}
                    ledger:
                      url: "postgresql://sb_no_such_role:%s@%s%s"
                      journal: "%s"
                    """.formatted(closed, closed, SECRET, SECRET, pgHost, pg.getPath(), home.resolve("journal-a")));
            assertThat(a.tiers().l2().url()).as("the secret is planted").contains(SECRET);
            // B: rediss:// with user:password; H2 L3 and ledger with ;PASSWORD= (they work: each creates its file).
            SwitchboardConfig b = load("""
                    tiers:
                      l1: {enabled: true}
                      l2: {enabled: true, url: "rediss://sbuser:%s@127.0.0.1:%d", timeout: 100ms}
                      l3: {enabled: true, url: "jdbc:h2:file:%s;USER=sa;PASSWORD=%s"}
                    ledger:
                      url: "jdbc:h2:file:%s;USER=sa;PASSWORD=%s"
                      journal: "%s"
                    """.formatted(SECRET, closed, home.resolve("cache-b").toAbsolutePath(), SECRET,
                    home.resolve("ledger-b").toAbsolutePath(), SECRET, home.resolve("journal-b")));
            // C: Redis with the password as the whole userinfo; ledger and L3 on PostgreSQL with the password as a
            // separate key next to a URL that carries it too.
            SwitchboardConfig c = load("""
                    tiers:
                      l1: {enabled: true}
                      l2: {enabled: true, url: "redis://%s@127.0.0.1:%d", timeout: 100ms}
                      l3: {enabled: true, url: "postgres://postgres:%s@127.0.0.1:%d/test", password: "%s", timeout: 250ms}
                    ledger: {enabled: false}
                    """.formatted(SECRET, closed, SECRET, closed, SECRET));

            for (SwitchboardConfig cfg : List.of(a, b, c)) {
                try (Engine engine = Engine.start(cfg)) {
                    traffic(engine, "run-" + cfg.hashCode());
                    Await.until(Duration.ofSeconds(20), "L2 DOWN", () -> tier(engine, Tier.L2).state() == TierState.DOWN);
                    if (cfg != b) {
                        Await.until(Duration.ofSeconds(20), "L3 DOWN",
                                () -> tier(engine, Tier.L3).state() == TierState.DOWN);
                    }
                    String ledger = cfg == a ? "DOWN" : cfg == b ? "UP" : "OFF";
                    Await.until(Duration.ofSeconds(20), "ledger " + ledger,
                            () -> engine.snapshot().ledger().state().equals(ledger));
                    traffic(engine, "again-" + cfg.hashCode());
                    seen.add(String.valueOf(engine.snapshot()));
                    operatorActions(engine);
                }
            }

            // Config errors that echo the URL (or the line) they refuse. @@ stands for the secret.
            for (String bad : List.of(
                    "tiers:\n  l2: {enabled: true, url: \"http://:@@@127.0.0.1:6379\"}\n",
                    "tiers:\n  l3: {enabled: true, url: \"mysql://root:@@@127.0.0.1/db\"}\n",
                    "tiers:\n  l3: {enabled: true, url: \"jdbc:mysql://127.0.0.1/db?user=root&password=@@\"}\n",
                    "tiers:\n  l3: {enabled: true, url: \"jdbc:h2:file:/tmp/x;PASSWORD=@@\", pool_size: 0}\n",
                    "ledger: {url: \"mongodb://root:@@@127.0.0.1/db\"}\n",
                    "tiers:\n  l3: {enabled: true, url: \"jdbc:h2:mem:x\", password: [@@]}\n",
                    "tiers:\n  l2: {enabled: true, url: redis://:@@@127.0.0.1:1\n")) {
                try {
                    load(bad.replace("@@", SECRET));
                } catch (RuntimeException e) {
                    see(e);
                }
            }
            // URLs the config lets through but the stores cannot use.
            for (String yaml : List.of(
                    "tiers:\n  l2: {enabled: true, url: \"redis://:%s@/0\"}\nledger: {enabled: false}\n",
                    "tiers:\n  l3: {enabled: true, url: \"jdbc:postgres://127.0.0.1:1/test?password=%s\"}\nledger: {enabled: false}\n")) {
                try (Engine engine = Engine.start(load(yaml.replace("%s", SECRET)))) {
                    seen.add(String.valueOf(engine.snapshot()));
                } catch (RuntimeException e) {
                    see(e);
                }
            }
            for (String url : List.of("redis://:" + SECRET + "@/0", "redis://:" + SECRET + "@127.0.0.1:1/x")) {
                try {
                    seen.add(new RedisConnections(url, Duration.ofMillis(100)).describe());
                } catch (RuntimeException e) {
                    see(e);
                }
            }
            for (String url : List.of("postgresql://postgres:" + SECRET + "@127.0.0.1:" + closed + "/test",
                    "jdbc:postgresql://127.0.0.1:" + closed + "/test?password=" + SECRET + "&user=postgres",
                    "jdbc:h2:file:" + h2Refusing + ";USER=sa;PASSWORD=" + SECRET)) {
                try (Database db = Database.open(url, null, null, Duration.ofMillis(250), 1)) {
                    seen.add(db.describe());
                    try {
                        db.ensureReady();
                    } catch (Exception e) {
                        see(e);
                    }
                }
            }
            seen.addAll(logs.everything());
        }

        List<String> leaks = new ArrayList<>();
        for (String s : seen) {
            int at = s == null ? -1 : s.indexOf(TELL);
            if (at >= 0) {
                // Enough context to find the culprit, not the whole snapshot.
                leaks.add(s.substring(Math.max(0, at - 160), Math.min(s.length(), at + 60)));
            }
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (var cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
                    if (indexOf(bytes, TELL.getBytes(cs)) >= 0) {
                        leaks.add("file " + home.relativize(f) + " (" + cs + ")");
                    }
                }
            }
        }
        assertThat(seen).as("something was captured").isNotEmpty();
        assertThat(String.join("\n", seen)).as("the outages were logged")
                .contains("L2 is DOWN").contains("L3 is DOWN").contains("ledger: cannot write to");
        assertThat(leaks).as("texts and files that show the planted password").isEmpty();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
