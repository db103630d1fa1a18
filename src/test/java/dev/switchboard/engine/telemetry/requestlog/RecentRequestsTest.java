package dev.switchboard.engine.telemetry.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestEvent;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The ring on its own: its bound, and what since, recent and find return. */
class RecentRequestsTest {
    private static RequestEvent event(int i) {
        return new RequestEvent(1_000L + i, "req-" + i, "default", "u" + (i % 3), null, "gpt-4o-mini", "gpt-4o-mini",
                ServedBy.PROVIDER, RequestEvent.OK, 1_000_000, 10, 5, 7, List.of());
    }

    private static List<Long> seqs(List<RequestEntry> es) {
        return es.stream().map(RequestEntry::seq).toList();
    }

    @Test
    void keepsTheLastCapacityRequestsAndNumbersThemFromOne() {
        RecentRequests log = new RecentRequests(5);
        for (int i = 1; i <= 12; i++) {
            log.onRequest(event(i));
        }
        assertThat(log.lastSeq()).isEqualTo(12);
        assertThat(seqs(log.recent(100))).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(seqs(log.recent(2))).containsExactly(11L, 12L);
        assertThat(log.recent(0)).isEmpty();
        assertThat(log.recent(5).get(4).event().requestId()).isEqualTo("req-12");
    }

    @Test
    void sinceReturnsOnlyWhatCameAfterAndAtMostTheCapacity() {
        RecentRequests log = new RecentRequests(5);
        assertThat(log.since(0)).isEmpty();
        for (int i = 1; i <= 3; i++) {
            log.onRequest(event(i));
        }
        assertThat(seqs(log.since(0))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(log.since(2))).containsExactly(3L);
        assertThat(log.since(3)).isEmpty();
        for (int i = 4; i <= 20; i++) {
            log.onRequest(event(i));
        }
        // A reader 17 behind gets the 5 still kept; the 12 before them are gone.
        assertThat(seqs(log.since(3))).containsExactly(16L, 17L, 18L, 19L, 20L);
        assertThat(seqs(log.since(18))).containsExactly(19L, 20L);
        assertThat(log.since(25)).isEmpty();
    }

    @Test
    void findsTheNewestEntryWithARequestIdWhileItIsKept() {
        RecentRequests log = new RecentRequests(4);
        for (int i = 1; i <= 6; i++) {
            log.onRequest(event(i));
        }
        log.onRequest(event(5)); // a second entry with the id req-5 (a route's stages share one)
        assertThat(log.find("req-5")).map(RequestEntry::seq).contains(7L);
        assertThat(log.find("req-4")).map(RequestEntry::seq).contains(4L);
        assertThat(log.find("req-3")).isEmpty(); // pushed out of the ring
        assertThat(log.find("nobody")).isEmpty();
        assertThat(log.find(null)).isEmpty();
    }

    @Test
    void offKeepsNothingAndAsksForNoDetail() {
        RecentRequests log = RecentRequests.off();
        log.onRequest(event(1));
        assertThat(log.enabled()).isFalse();
        assertThat(log.wantsDetail()).isFalse();
        assertThat(log.recent(10)).isEmpty();
        assertThat(log.since(0)).isEmpty();
        assertThat(log.find("req-1")).isEmpty();
    }

    @Test
    void concurrentWritersLoseNothingTheRingStillHolds() throws Exception {
        RecentRequests log = new RecentRequests(1_000);
        int writers = 8;
        int each = 5_000;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        log.onRequest(event(i));
                    }
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(log.lastSeq()).isEqualTo((long) writers * each);
        assertThat(seqs(log.since(0))).isEqualTo(LongStream.rangeClosed(writers * each - 999, writers * each)
                .boxed().toList());
    }
}
