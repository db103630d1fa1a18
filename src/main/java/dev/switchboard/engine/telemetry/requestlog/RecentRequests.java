package dev.switchboard.engine.telemetry.requestlog;

import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.RequestListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@link #capacity()} finished requests, in a lock-free ring: a request claims the next sequence number
 * and sets its slot with a compare-and-set, so the request path never waits on a reader or another writer. Readers
 * scan the slots without a lock: {@link #since} what came after the last entry they saw (the console polls it),
 * {@link #recent} the newest, {@link #find} one by its request id. Each read is bounded by the capacity.
 */
public final class RecentRequests implements RequestListener {
    private final int capacity;
    private final AtomicReferenceArray<RequestEntry> slots;
    /** The last sequence number claimed. */
    private final AtomicLong claimed = new AtomicLong();

    public RecentRequests(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity: must be 0 (off) or more, got " + capacity);
        }
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(Math.max(1, capacity));
    }

    /** A log that keeps nothing: the engine's when {@code logs.recent_requests} is 0. */
    public static RecentRequests off() {
        return new RecentRequests(0);
    }

    public boolean enabled() {
        return capacity > 0;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public boolean wantsDetail() {
        return enabled();
    }

    @Override
    public void onRequest(RequestEvent event) {
        if (capacity == 0) {
            return;
        }
        long seq = claimed.incrementAndGet();
        RequestEntry mine = new RequestEntry(seq, event);
        int i = index(seq);
        // A writer preempted for a whole lap of the ring must not overwrite the newer entry that took its slot.
        for (RequestEntry there = slots.get(i); there == null || there.seq() < seq; there = slots.get(i)) {
            if (slots.compareAndSet(i, there, mine)) {
                return;
            }
        }
    }

    /** The sequence number of the newest request, 0 before any. */
    public long lastSeq() {
        return claimed.get();
    }

    /**
     * The entries after {@code seq}, oldest first: at most the capacity (the oldest of a longer gap are gone). It
     * stops before a slot whose request is still being written, so a reader that passes the last seq it got back
     * misses nothing that is still in the ring.
     */
    public List<RequestEntry> since(long seq) {
        return scan(seq, true);
    }

    /** The newest {@code max} entries (at most the capacity), oldest first. */
    public List<RequestEntry> recent(int max) {
        if (max <= 0) {
            return List.of();
        }
        return scan(claimed.get() - Math.min(max, capacity), false);
    }

    /** The newest entry with this request id (a routed request's stages share the caller's id). */
    public Optional<RequestEntry> find(String requestId) {
        if (requestId == null || capacity == 0) {
            return Optional.empty();
        }
        long hi = claimed.get();
        for (long s = hi; s > Math.max(0, hi - capacity); s--) {
            RequestEntry e = slots.get(index(s));
            if (e != null && e.seq() == s && requestId.equals(e.event().requestId())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private List<RequestEntry> scan(long after, boolean stopAtGap) {
        if (capacity == 0) {
            return List.of();
        }
        long hi = claimed.get();
        long from = Math.max(Math.max(after, 0) + 1, hi - capacity + 1);
        if (from > hi) {
            return List.of();
        }
        List<RequestEntry> out = new ArrayList<>((int) (hi - from + 1));
        for (long s = from; s <= hi; s++) {
            RequestEntry e = slots.get(index(s));
            if (e == null || e.seq() < s) {
                if (stopAtGap) {
                    break; // claimed, not written yet: the next call starts here
                }
                continue;
            }
            if (e.seq() == s) {
                out.add(e);
            } // else overwritten since by a newer lap: gone
        }
        return out;
    }

    private int index(long seq) {
        return (int) (seq % capacity);
    }
}
