package dev.switchboard.engine.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DedupTest {
    private static ChatResult result(String answer) {
        return new ChatResult(answer, ServedBy.PROVIDER, "m", 1, 1, 1, 0.01, 0, null, 0, 0, List.of());
    }

    /** Spins (no sleep) until {@code n} requests wait for the call in flight under {@code key}. */
    private static void awaitFollowers(Dedup d, String key, int n) {
        while (d.followers(key) < n) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Test
    void identicalRequestsInFlightShareOneCall() throws Exception {
        Dedup d = new Dedup(() -> Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch leaderIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger coalesced = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Supplier<ChatResult> call = () -> {
            calls.incrementAndGet();
            leaderIn.countDown();
            await(release);
            return result("one");
        };
        Runnable request = () -> {
            try {
                Dedup.Shared s = d.run("k", false, call);
                if (s.coalesced()) {
                    coalesced.incrementAndGet();
                }
                assertThat(s.result().answer()).isEqualTo("one");
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofVirtual().start(request));
        await(leaderIn);
        for (int i = 0; i < 19; i++) {
            threads.add(Thread.ofVirtual().start(request));
        }
        // Release only once all 19 have joined the call in flight; a late one would make a second call.
        awaitFollowers(d, "k", 19);
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(calls).hasValue(1);
        assertThat(coalesced).hasValue(19);
    }

    /** A leader that throws an Error (not an Exception) must still hand it to its followers, not leave them waiting. */
    @ParameterizedTest
    @ValueSource(strings = {"assertion", "stack-overflow"})
    void anErrorInTheLeaderReachesEveryFollower(String kind) throws Exception {
        Dedup d = new Dedup(() -> Duration.ofSeconds(5));
        Error boom = kind.equals("assertion") ? new AssertionError("leader failed") : new StackOverflowError();
        CountDownLatch leaderIn = new CountDownLatch(1);
        AtomicReference<Throwable> leaderGot = new AtomicReference<>();
        AtomicReference<Throwable> followerGot = new AtomicReference<>();
        Thread leader = Thread.ofVirtual().start(() -> {
            try {
                d.run("k", false, () -> {
                    leaderIn.countDown();
                    awaitFollowers(d, "k", 1);
                    throw boom;
                });
            } catch (Throwable t) {
                leaderGot.set(t);
            }
        });
        await(leaderIn);
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                d.run("k", false, () -> {
                    throw new AssertionError("the follower must not call");
                });
            } catch (Throwable t) {
                followerGot.set(t);
            }
        });
        leader.join();
        // Bounded only so that, broken, this fails rather than hangs.
        assertThat(follower.join(Duration.ofSeconds(30))).as("the follower is released").isTrue();
        assertThat(leaderGot.get()).isSameAs(boom);
        assertThat(followerGot.get()).isSameAs(boom);
        assertThat(d.run("k", false, () -> result("after")).coalesced()).as("the failed call is no longer in flight")
                .isFalse();
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
