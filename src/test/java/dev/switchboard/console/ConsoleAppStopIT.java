package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.PgSchema;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TestConfigs;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing the window must not wait for the engine: stop() returns while Engine.close is still waiting for a
 * request in flight, and the engine closes behind it. The request is held in an L3 read of a table another
 * transaction has locked (a schema of the test's own), for as long as the test likes.
 */
class ConsoleAppStopIT {
    @Test
    void stopReturnsAtOnceAndTheEngineClosesBehindIt() throws Exception {
        try (PgSchema schema = new PgSchema()) {
            Engine engine = Engine.start(TestConfigs.parse("""
                    tiers:
                      l1: {enabled: false}
                      l3: {enabled: true, url: "%s", user: "%s", timeout: 60s}
                    """.formatted(schema.url(), Services.databaseUser()) + TestConfigs.MODELS
                    + TestConfigs.ZERO_LATENCY));
            ChatRequest ask = ChatRequest.builder().model("gpt-4o-mini").prompt("held while the window closes").build();
            engine.submit(ask);
            assertThat(engine.cache().awaitWrites(Duration.ofSeconds(30))).isTrue();
            ConsoleApp.adopt(engine);
            AtomicReference<ChatResult> held = new AtomicReference<>();

            try (Connection locker = schema.connect(); Statement s = locker.createStatement()) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE cache_entry IN ACCESS EXCLUSIVE MODE");
                Thread request = Thread.ofVirtual().start(() -> held.set(engine.submit(ask)));
                Await.until(Duration.ofSeconds(30), "the request to wait for the lock",
                        () -> schema.someoneWaitsFor("cache_entry"));

                Thread fx = Thread.ofPlatform().name("stands-in-for-the-fx-thread").start(() -> new ConsoleApp().stop());
                // Bounded only so that, broken, this fails instead of hanging until the lock goes.
                assertThat(fx.join(Duration.ofSeconds(20))).as("stop() returned").isTrue();
                assertThat(request.isAlive()).as("the request is still held").isTrue();
                assertThat(ConsoleApp.awaitEngineClosed(Duration.ZERO)).as("engine closed already").isFalse();
                // stop() only starts the close on a thread of its own: wait until it has begun.
                Await.until(Duration.ofSeconds(20), "the engine closing", engine::isClosed);
                assertThatThrownBy(() -> engine.submit(ask)).as("closing: new work refused")
                        .isInstanceOf(IllegalStateException.class);

                locker.rollback();
                request.join();
            }
            assertThat(ConsoleApp.awaitEngineClosed(ConsoleApp.CLOSE_BOUND)).as("engine closed").isTrue();
            assertThat(held.get().servedBy()).isEqualTo(ServedBy.L3);
        }
    }
}
