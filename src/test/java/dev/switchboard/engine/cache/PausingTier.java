package dev.switchboard.engine.cache;

import dev.switchboard.engine.request.CacheKey;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tier for tests: another tier under any label (a MemoryTier playing L2 or L3), whose next read can be held
 * after it has read, so a test can run something in between the read and what the caller does with it.
 */
final class PausingTier implements CacheTier {
    private final CacheTier inner;
    private final Tier id;
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile CountDownLatch read = new CountDownLatch(0);
    private volatile CountDownLatch proceed = new CountDownLatch(0);

    PausingTier(CacheTier inner, Tier id) {
        this.inner = inner;
        this.id = id;
    }

    CacheTier inner() {
        return inner;
    }

    /** The next {@link #get} reads, then waits for {@link #proceed()}. */
    void pauseNextRead() {
        read = new CountDownLatch(1);
        proceed = new CountDownLatch(1);
        armed.set(true);
    }

    void awaitRead() throws InterruptedException {
        if (!read.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the paused read never came");
        }
    }

    void proceed() {
        proceed.countDown();
    }

    @Override
    public Tier tier() {
        return id;
    }

    @Override
    public CachedAnswer get(CacheKey key) {
        CachedAnswer a = inner.get(key);
        if (armed.compareAndSet(true, false)) {
            read.countDown();
            try {
                proceed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return a;
    }

    @Override
    public CachedAnswer getStale(CacheKey key, long expiredAfterMillis) {
        return inner.getStale(key, expiredAfterMillis);
    }

    @Override
    public void putAll(List<PendingWrite> writes) {
        inner.putAll(writes);
    }

    @Override
    public long invalidate(CacheKey key) {
        return inner.invalidate(key);
    }

    @Override
    public long invalidateVersion(String model, String version) {
        return inner.invalidateVersion(model, version);
    }

    @Override
    public long invalidateNamespace(String namespace) {
        return inner.invalidateNamespace(namespace);
    }

    @Override
    public long flush() {
        return inner.flush();
    }

    @Override
    public void probe() throws Exception {
        inner.probe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
