package dev.switchboard.engine.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.engine.request.ChatResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Coalesces identical requests: while one is at the provider, the others with the same key wait for its answer
 * instead of calling too; for a short window after it completes, they get that answer at once. The key includes
 * the user where answers must not cross users (no-store namespaces).
 */
public final class Dedup {
    /** An answer and whether this caller got it from another request. */
    public record Shared(ChatResult result, boolean coalesced) {
    }

    /** A call in flight and how many identical requests are waiting for it. */
    private record Call(CompletableFuture<ChatResult> result, AtomicInteger followers) {
    }

    private final ConcurrentHashMap<String, Call> inFlight = new ConcurrentHashMap<>();
    private final Supplier<Duration> window;
    private volatile Cache<String, ChatResult> recent;
    private volatile Duration recentWindow;

    public Dedup(Supplier<Duration> window) {
        this.window = window;
    }

    private Cache<String, ChatResult> recent() {
        Duration w = window.get();
        if (recent == null || !w.equals(recentWindow)) {
            synchronized (this) {
                if (recent == null || !w.equals(recentWindow)) {
                    recent = w.isZero() ? null : Caffeine.newBuilder().expireAfterWrite(w).maximumSize(100_000).build();
                    recentWindow = w;
                }
            }
        }
        return recent;
    }

    /**
     * Runs {@code call} unless an identical request is in flight or just answered, in which case its result is
     * shared. A failure of the shared call is every waiter's failure.
     *
     * @param remember keep the answer for the window after it completes. Only for answers no cache tier keeps
     *                 (no-store namespaces, no L1): a stored answer is the cache's to serve, and to invalidate.
     */
    public Shared run(String key, boolean remember, Supplier<ChatResult> call) {
        Cache<String, ChatResult> r = remember ? recent() : null;
        if (r != null) {
            ChatResult done = r.getIfPresent(key);
            if (done != null) {
                return new Shared(done, true);
            }
        }
        Call mine = new Call(new CompletableFuture<>(), new AtomicInteger());
        Call theirs = inFlight.putIfAbsent(key, mine);
        if (theirs != null) {
            theirs.followers().incrementAndGet();
            try {
                return new Shared(theirs.result().join(), true);
            } catch (CompletionException e) {
                throw rethrowable(e);
            }
        }
        try {
            ChatResult result = call.get();
            if (r != null) {
                r.put(key, result);
            }
            mine.result().complete(result);
            return new Shared(result, false);
        } catch (Throwable t) {
            // Any Throwable, Errors too (an assertion, a stack overflow): a future left open blocks every follower.
            mine.result().completeExceptionally(t);
            throw t;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** The leader's own failure, as it threw it, so a follower fails the same way (an Error stays an Error). */
    private static RuntimeException rethrowable(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return e;
    }

    /** Requests waiting for the call in flight under {@code key} (0 when none is): lets a test know they joined. */
    int followers(String key) {
        Call c = inFlight.get(key);
        return c == null ? 0 : c.followers().get();
    }
}
