package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.PgSchema;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TestConfigs;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * close() waits for a submit() already running, and refuses new ones meanwhile. The running request is held,
 * for as long as the test likes, in an L3 read of a table another transaction has locked (in a schema of the
 * test's own); its answer must reach the ledger, which close flushes and shuts only after it.
 */
class EngineCloseIT {
    private static long ledgerRows(PgSchema schema) throws java.sql.SQLException {
        try (Connection c = schema.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM ledger_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void closeWaitsForASubmitInFlightAndRefusesNewOnes(@TempDir Path home) throws Exception {
        try (PgSchema schema = new PgSchema()) {
            // The ledger (in L3's database) shows whether the held request finished before close shut it.
            Engine engine = Engine.start(TestConfigs.parse("""
                    tiers:
                      l1: {enabled: false}
                      l3: {enabled: true, url: "%s", user: "%s", timeout: 60s}
                    ledger: {enabled: true, journal: "%s"}
                    """.formatted(schema.url(), Services.databaseUser(), home.resolve("journal"))
                    + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY));
            ChatRequest ask = ChatRequest.builder().model("gpt-4o-mini").prompt("held in flight").build();
            assertThat(engine.submit(ask).servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(engine.cache().awaitWrites(Duration.ofSeconds(30))).isTrue();

            AtomicReference<ChatResult> held = new AtomicReference<>();
            AtomicReference<Throwable> heldFailure = new AtomicReference<>();
            Thread closer;
            try (Connection locker = schema.connect(); Statement s = locker.createStatement()) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE cache_entry IN ACCESS EXCLUSIVE MODE");
                Thread request = Thread.ofVirtual().start(() -> {
                    try {
                        held.set(engine.submit(ask));
                    } catch (Throwable t) {
                        heldFailure.set(t);
                    }
                });
                Await.until(Duration.ofSeconds(30), "the request to wait for the lock", () -> schema.someoneWaitsFor("cache_entry"));

                closer = Thread.ofPlatform().start(engine::close);
                Await.until(Duration.ofSeconds(30), "close to be waiting", () -> EnumSet.of(
                        Thread.State.TIMED_WAITING, Thread.State.WAITING, Thread.State.TERMINATED)
                        .contains(closer.getState()));
                assertThatThrownBy(() -> engine.submit(ask)).as("a new request while closing")
                        .isInstanceOf(IllegalStateException.class).hasMessage("engine is closed");
                assertThat(request.isAlive()).as("the held request").isTrue();
                locker.rollback();
                request.join();
            }
            closer.join();
            assertThat(heldFailure.get()).isNull();
            assertThat(held.get().servedBy()).isEqualTo(ServedBy.L3);
            assertThat(ledgerRows(schema)).as("both answers recorded: close waited for the held one").isEqualTo(2);
            assertThat(engine.snapshot().refusedAfterClose()).isEqualTo(1);
        }
    }
}
