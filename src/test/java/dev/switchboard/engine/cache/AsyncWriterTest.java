package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.switchboard.engine.cache.CacheTier.PendingWrite;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.testsupport.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A sink that throws loses its batch with one log line; the writer thread lives on for the next writes. */
class AsyncWriterTest {
    private static PendingWrite write(String answer) {
        return new PendingWrite(new CacheKey("m", "1", "default", "a".repeat(64)),
                new CachedAnswer(answer, "m", 1, 1, 0, 0, Long.MAX_VALUE));
    }

    @Test
    void anUnexpectedSinkFailureCostsOnlyItsBatch() {
        List<String> written = new CopyOnWriteArrayList<>();
        try (LogCapture logs = new LogCapture(Level.WARN);
             AsyncWriter w = new AsyncWriter("sb-test-writer", 16, batch -> {
                 if (batch.stream().anyMatch(p -> p.answer().answer().equals("poison"))) {
                     throw new IllegalStateException("cannot encode", new RuntimeException("value 'poison'\nline 2"));
                 }
                 batch.forEach(p -> written.add(p.answer().answer()));
             })) {
            assertThat(w.offer(write("poison"))).isTrue();
            assertThat(w.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(w.offer(write("fine"))).isTrue();
            assertThat(w.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(written).containsExactly("fine");
            assertThat(logs.lines()).singleElement().satisfies(l -> {
                assertThat(l.message()).isEqualTo("sb-test-writer: 1 write(s) lost: RuntimeException: value '…'");
                assertThat(l.throwable()).isNull();
            });
        }
    }
}
