package dev.switchboard.engine.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.engine.request.ChatResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
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

    private final ConcurrentHashMap<String, CompletableFuture<ChatResult>> inFlight = new ConcurrentHashMap<>();
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
        CompletableFuture<ChatResult> mine = new CompletableFuture<>();
        CompletableFuture<ChatResult> theirs = inFlight.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return new Shared(theirs.join(), true);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
        try {
            ChatResult result = call.get();
            if (r != null) {
                r.put(key, result);
            }
            mine.complete(result);
            return new Shared(result, false);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }
}
