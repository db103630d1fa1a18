package dev.switchboard.engine.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.LedgerConfig;
import dev.switchboard.store.Database;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of traffic, then a restart: every answer the killed process gave is in the ledger, once.
 * The ledger may also hold the few answers journaled in the instant before the kill whose callers had not yet
 * received them (at most one per thread in flight).
 */
class LedgerKillIT {
    private static final int THREADS = 16;

    @TempDir
    Path dir;

    @Test
    void everyAnswerOfAKilledProcessIsInTheLedgerAfterRestart() throws Exception {
        Path config = dir.resolve("kill.yaml");
        Files.writeString(config, """
                tiers:
                  l1: {enabled: true, ttl: 5m}
                ledger:
                  url: "jdbc:h2:file:%1$s/ledger"
                  journal: "%1$s/journal"
                  flush_interval: 1s
                models:
                  gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.60}
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                """.formatted(dir.toAbsolutePath()));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LedgerKillChild.class.getName(), config.toString())
                .redirectError(dir.resolve("child.log").toFile()).start();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicLong writtenByChild = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("#written ")) {
                        writtenByChild.set(Long.parseLong(line.substring(9)));
                    } else {
                        answered.add(line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the pipe closes when the child dies
            }
        });
        // Kill after at least 20,000 answers and once the child has written some batches to SQL itself: it then
        // holds the rest only in its journal.
        // H2 writes its committed pages to the file about once a second: a batch committed in the last second before
        // a SIGKILL may not be in the file, so the child must have been writing for longer than that.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long firstWriteSeen = 0;
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (firstWriteSeen == 0 && writtenByChild.get() > 0) {
                firstWriteSeen = System.nanoTime();
            }
            if (answered.size() >= 20_000 && firstWriteSeen != 0
                    && System.nanoTime() - firstWriteSeen > TimeUnit.MILLISECONDS.toNanos(1_200)) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(child.isAlive()).as("the child runs until killed; see " + dir.resolve("child.log")).isTrue();
        // SIGKILL: no shutdown hook, no final flush. Through the handle, because Process.destroyForcibly also
        // closes our end of its stdout, and answers still in the pipe would go unread.
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(30_000);
        assertThat(answered).hasSizeGreaterThanOrEqualTo(20_000);

        LedgerConfig lc = new ConfigLoader().load(config).ledger();
        long recovered;
        try (Ledger ledger = Ledger.open(lc, () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(ledger.flush(Duration.ofSeconds(60))).isTrue();
            recovered = ledger.snapshot().recovered();
        }
        Set<String> inLedger = new HashSet<>();
        long rows;
        long cacheRows;
        try (Database db = Database.open(lc.url(), null, null, Duration.ofSeconds(5), 1);
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT user_name FROM ledger_event")) {
                while (rs.next()) {
                    inLedger.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN served_by <> 'PROVIDER' THEN 1 ELSE 0 END)"
                    + " FROM ledger_event")) {
                rs.next();
                rows = rs.getLong(1);
                cacheRows = rs.getLong(2);
            }
        }
        Set<String> extra = new HashSet<>(inLedger);
        extra.removeAll(answered);
        System.out.printf("kill -9 after %,d answers received (%,d written to SQL by the killed process at its"
                        + " last report): %,d ledger rows (%,d distinct, %,d cache answers), %,d written from the"
                        + " journal at restart, %,d journaled but not yet received%n", answered.size(),
                writtenByChild.get(), rows, inLedger.size(), cacheRows, recovered, extra.size());
        assertThat(inLedger).as("every answer received is in the ledger").containsAll(answered);
        assertThat(rows).as("no record twice").isEqualTo(inLedger.size());
        assertThat(extra).as("only answers in flight at the kill").hasSizeLessThanOrEqualTo(THREADS);
        assertThat(recovered).as("the restart wrote what the killed process had only journaled").isPositive();
        assertThat(recovered).as("the killed process had written some itself; its log:%n%s",
                Files.readString(dir.resolve("child.log"))).isLessThan(rows);
        assertThat(cacheRows).isPositive();
        try (var files = Files.walk(dir.resolve("journal"))) {
            assertThat(files.filter(f -> f.toString().endsWith(Journal.SUFFIX)).toList()).isEqualTo(List.of());
        }
    }
}
