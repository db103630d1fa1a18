package dev.switchboard.engine.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DedupTest {
    private static ChatResult result(String answer) {
        return new ChatResult(answer, ServedBy.PROVIDER, "m", 1, 1, 1, 0.01, 0, null, 0, 0, List.of());
    }

    @Test
    void identicalRequestsInFlightShareOneCall() throws Exception {
        Dedup d = new Dedup(() -> Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger coalesced = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                Dedup.Shared s = d.run("k", false, () -> {
                    calls.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return result("one");
                });
                if (s.coalesced()) {
                    coalesced.incrementAndGet();
                }
                assertThat(s.result().answer()).isEqualTo("one");
            }));
        }
        Thread.sleep(200);
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(calls).hasValue(1);
        assertThat(coalesced).hasValue(19);
    }

    @Test
    void answersNoCacheKeepsAreRememberedForTheWindowOnly() {
        Dedup d = new Dedup(() -> Duration.ofSeconds(5));
        d.run("k", true, () -> result("first"));
        Dedup.Shared again = d.run("k", true, () -> result("second"));
        assertThat(again.coalesced()).isTrue();
        assertThat(again.result().answer()).isEqualTo("first");
        d.run("s", false, () -> result("stored"));
        assertThat(d.run("s", false, () -> result("fresh")).coalesced()).as("a cached answer is the cache's to serve")
                .isFalse();
    }
}
