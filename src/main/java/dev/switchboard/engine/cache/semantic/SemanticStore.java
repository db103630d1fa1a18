package dev.switchboard.engine.cache.semantic;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where semantic entries outlive the process and reach the other instances: L3's {@code semantic_entry} table. Writes
 * are taken off the request path by the implementation; reads happen at start and when another instance announces
 * an entry. Every method may fail with a runtime exception when the database is down: the index goes on without it.
 */
public interface SemanticStore extends AutoCloseable {
    /** Queues the entry's write; {@code written} hears its key once it is committed (to announce it). */
    void save(SemanticEntry e, Consumer<String> written);

    /** Live entries (not expired at {@code nowMillis}), for the index at start; their ids are the caller's to set. */
    List<SemanticEntry> loadLive(long nowMillis);

    /** The live entry stored under this cache key, or null. */
    SemanticEntry load(String cacheKey, long nowMillis);

    void delete(String cacheKey);

    void deleteVersion(String model, String version);

    void deleteNamespace(String namespace);

    void deleteAll();

    /** Rows expired before {@code nowMillis}; run by the tier's purge. */
    long purgeExpired(long nowMillis);

    /** Writes still queued. */
    long pending();

    @Override
    void close();
}
