package dev.switchboard.engine.cache.semantic;

import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.engine.request.CacheKeys;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 of the request path: on an exact miss, a request whose last message means the same as a cached
 * prompt's, in the same partition, may get that prompt's answer. The index maps meaning to an exact key; the
 * answer itself stays in the exact tiers, so their TTLs, evictions and invalidations hold for it too (a semantic
 * hit whose answer is gone is a miss, and the entry is dropped).
 *
 * <p>The embedding is computed once, on the exact miss, and reused for the write ({@link Attempt}). Requests with
 * tools, content parts, or more user turns than {@code max_turns} are skipped: replaying an old answer into an agent's
 * conversation is the failure peers warn about.
 *
 * <p>The embedder comes from a factory the owner supplies ({@link Embedders#local(SemanticSettings)} for the local
 * models; the engine's also builds a provider's {@code /embeddings} client when the settings name a provider), built
 * beside the requests and rebuilt when the settings name another model or provider. An embedding that fails (a remote
 * endpoint's 429, 5xx, timeout; any exception) never fails the request: it goes on as a plain miss, counted in
 * {@code skipped} as {@value #SKIP_EMBED_FAILED}.
 */
public final class SemanticCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SemanticCache.class);
    /** Lookups the near-miss inspector can list. */
    public static final int RECENT = 200;

    public static final String SKIP_TOOLS = "tools";
    public static final String SKIP_TURNS = "long_conversation";
    public static final String SKIP_NOT_TEXT = "not_text";
    public static final String SKIP_UNAVAILABLE = "embedder_unavailable";
    /** The model is still loading (a second or two after start or a model change): requests do not wait for it. */
    public static final String SKIP_LOADING = "model_loading";
    /** Every embedding slot was taken: under a burst the semantic cache steps aside rather than queue requests. */
    public static final String SKIP_BUSY = "busy";
    /** The embedder failed on this request (a remote endpoint's error or timeout): a plain miss, nothing stored. */
    public static final String SKIP_EMBED_FAILED = "embedder_failed";

    /**
     * Embeddings at once: an embedding is ~3 ms of CPU, and a burst of distinct requests embedding on every core
     * starved the rest of the engine (the burst scenario answered 123 instead of 150+). Half the cores at most.
     * A remote embedder's wait is I/O, not CPU: its calls take no slot (its provider's read_timeout bounds them).
     */
    private static final int EMBED_SLOTS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /** An embedder and the {@link SemanticSettings#embedderSource()} it was built for. */
    private record Loaded(String source, Embedder embedder) {
    }

    private final Supplier<SemanticSettings> settings;
    private final Function<SemanticSettings, Embedder> embedders;
    private final Supplier<Duration> ttl;
    private final InstantSource clock;
    private final SemanticIndex index;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Long> idsByKey = new ConcurrentHashMap<>();
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Loaded loaded;
    private final AtomicBoolean loadingNow = new AtomicBoolean();
    private volatile String failedSource;
    private volatile String embedderFailure;
    /** Why the last embedding failed, until one succeeds again (a remote endpoint's error, say). */
    private volatile String embedFailure;
    private volatile SemanticSettings applied;
    private volatile boolean closed;
    private volatile SemanticStore store;
    private volatile Consumer<String> announce = k -> { };
    private final LongAdder storeFailures = new LongAdder();

    private final Semaphore embedSlots = new Semaphore(EMBED_SLOTS);
    /**
     * Vectors embedded in the last seconds, by embedder and text: a router that embedded a prompt to classify it
     * hands its vector to this request's lookup, so one request pays for one embedding.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, float[]> vectors =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(4096)
                    .expireAfterWrite(Duration.ofSeconds(30)).build();
    private final LongAdder lookups = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder answersGone = new LongAdder();
    private final DoubleAdder hitSimilarity = new DoubleAdder();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    private final Deque<SemanticSnapshot.Recent> recent = new ArrayDeque<>();

    /** With the local models only ({@link Embedders#local(SemanticSettings)}). */
    public SemanticCache(Supplier<SemanticSettings> settings, Supplier<Duration> ttl, InstantSource clock) {
        this(settings, ttl, clock, Embedders::local);
    }

    /**
     * @param settings  the config's semantic section, read at every lookup (a change applies to the next one)
     * @param ttl       how long an entry lives: the longest TTL of the enabled exact tiers that hold its answer
     * @param embedders builds the embedder the settings name (called beside the requests, never on one); may throw
     *                  when it cannot, which leaves the semantic cache skipping until the settings name another
     */
    public SemanticCache(Supplier<SemanticSettings> settings, Supplier<Duration> ttl, InstantSource clock,
                         Function<SemanticSettings, Embedder> embedders) {
        this.settings = settings;
        this.embedders = java.util.Objects.requireNonNull(embedders, "embedders");
        this.ttl = ttl;
        this.clock = clock;
        SemanticSettings s = settings.get();
        this.applied = s;
        this.index = new SemanticIndex(s);
        if (s.enabled()) {
            startLoading(s);
        }
    }

    /** What a lookup found, and what a later write of the provider's answer needs (the vector, computed once). */
    public record Attempt(String partition, String prompt, float[] vector, Lookup lookup, String skipped) {
        public boolean hit() {
            return lookup != null && lookup.hit();
        }

        /** The exact key of the hit's answer. */
        public CacheKey answerKey() {
            return CacheKey.parse(lookup.candidate().cacheKey());
        }

        boolean writable() {
            return vector != null;
        }
    }

    public boolean enabled() {
        return settings.get().enabled() && !closed;
    }

    /** The id of the embedder ready to embed now; null while none is (off, loading, failed to load). */
    public String embedderId() {
        Loaded l = loaded;
        SemanticSettings s = current();
        return !s.enabled() || closed || l == null || !l.source().equals(s.embedderSource()) ? null
                : l.embedder().id();
    }

    /**
     * The request's prompt embedded by the cache's embedder, for another step of the same request (the router):
     * null when the cache is off, its model not loaded, every embedding slot taken, or the embedding failed. The
     * vector is kept a few seconds so the request's own lookup reuses it. Only an in-process model embeds here:
     * the router runs before the input guards, and a prompt they would redact must not go to a remote endpoint.
     */
    public float[] embedding(ChatRequest request) {
        String id = embedderId();
        if (id == null || request.messages().isEmpty()) {
            return null;
        }
        String text = lastUserText(request);
        Embedder e = loaded.embedder();
        if (e.remote()) {
            return null;
        }
        String memo = e.id() + "\u0000" + text;
        float[] v = vectors.getIfPresent(memo);
        if (v != null) {
            return v;
        }
        boolean slot = !e.remote();
        if (slot && !embedSlots.tryAcquire()) {
            return null;
        }
        try {
            v = e.embed(text);
        } catch (RuntimeException ex) {
            return null;
        } finally {
            if (slot) {
                embedSlots.release();
            }
        }
        vectors.put(memo, v);
        return v;
    }

    /**
     * Looks the request up by meaning. Call only on an exact miss, for a request whose namespace stores answers.
     *
     * @return null when the semantic cache is off; otherwise the attempt (a hit, a refusal, a miss or a skip)
     */
    public Attempt lookup(ChatRequest request, String modelVersion) {
        SemanticSettings s = current();
        if (!s.enabled() || closed) {
            return null;
        }
        String skip = skipReason(request, s);
        if (skip != null) {
            skipped.computeIfAbsent(skip, k -> new LongAdder()).increment();
            return new Attempt(null, null, null, null, skip);
        }
        Loaded l = loaded;
        if (l == null || !l.source().equals(s.embedderSource())) {
            // Never on a request's clock: the load runs beside it, and the request goes on as a plain miss.
            String why = startLoading(s) ? SKIP_LOADING : SKIP_UNAVAILABLE;
            skipped.computeIfAbsent(why, k -> new LongAdder()).increment();
            return new Attempt(null, null, null, null, why);
        }
        Embedder e = l.embedder();
        boolean slot = !e.remote();
        if (slot && !embedSlots.tryAcquire()) {
            skipped.computeIfAbsent(SKIP_BUSY, k -> new LongAdder()).increment();
            return new Attempt(null, null, null, null, SKIP_BUSY);
        }
        String prompt = lastUserText(request);
        String partition = e.id() + "|" + CacheKeys.partition(request, modelVersion);
        float[] vector;
        Lookup found;
        try {
            try {
                String memo = e.id() + "\u0000" + prompt;
                vector = vectors.getIfPresent(memo);
                if (vector == null) {
                    vector = e.embed(prompt);
                }
            } catch (RuntimeException ex) {
                // A remote endpoint's 429, 5xx or timeout, or an embedder swapped out under us: the request goes
                // on as a plain miss, and its answer is not indexed (there is no vector to index it by).
                return embedFailed(e, ex);
            }
            embedAnswered(e);
            found = index.lookup(partition, prompt, vector, clock.millis());
        } finally {
            if (slot) {
                embedSlots.release();
            }
        }
        lookups.increment();
        switch (found.outcome()) {
            case HIT -> {
                hits.increment();
                hitSimilarity.add(found.similarity());
            }
            case REFUSED -> refused.computeIfAbsent(found.reason(), k -> new LongAdder()).increment();
            case MISS -> misses.increment();
        }
        remember(prompt, found);
        return new Attempt(partition, prompt, vector, found, null);
    }

    private Attempt embedFailed(Embedder e, RuntimeException ex) {
        String why = e.id() + ": " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
        String was = embedFailure;
        embedFailure = why;
        if (was == null) {
            // Once per run of failures (engine errors carry no key: the provider's client cut it out).
            LOG.warn("semantic cache: embeddings failing; each request whose embedding fails skips the semantic "
                    + "cache (embedder_failed), and a line follows once they answer again: {}", why);
        } else {
            LOG.debug("semantic cache: embedding failed: {}", why);
        }
        skipped.computeIfAbsent(SKIP_EMBED_FAILED, k -> new LongAdder()).increment();
        return new Attempt(null, null, null, null, SKIP_EMBED_FAILED);
    }

    private void embedAnswered(Embedder e) {
        if (embedFailure != null) {
            embedFailure = null;
            LOG.info("semantic cache: embeddings from {} answer again", e.id());
        }
    }

    /**
     * Entries persist in {@code store} from now on, and the ones it holds join the index (in the background: the
     * index answers meanwhile with what it has). {@code announce} tells the other instances of each committed write.
     */
    public void persistTo(SemanticStore s, Consumer<String> announce) {
        this.store = s;
        this.announce = announce;
        Thread.ofVirtual().name("sb-semantic-restore").start(() -> {
            try {
                int n = 0;
                for (SemanticEntry e : s.loadLive(clock.millis())) {
                    n += adopt(e) ? 1 : 0;
                }
                if (n > 0) {
                    LOG.info("semantic cache: {} entries restored from L3", n);
                }
            } catch (RuntimeException ex) {
                storeFailures.increment();
                LOG.warn("semantic cache: entries not restored from L3: {}", ex.getMessage());
            }
        });
    }

    /** Another instance stored an entry under {@code cacheKey}: read it and index it here too. */
    public void learn(String cacheKey) {
        SemanticStore s = store;
        if (s == null || closed) {
            return;
        }
        try {
            SemanticEntry e = s.load(cacheKey, clock.millis());
            if (e != null) {
                adopt(e);
            }
        } catch (RuntimeException ex) {
            storeFailures.increment();
            LOG.debug("semantic entry {} not read: {}", cacheKey, ex.getMessage());
        }
    }

    /** Indexes a stored entry under an id of ours; false when one is already indexed under its key. */
    private boolean adopt(SemanticEntry e) {
        long[] fresh = new long[1];
        long id = idsByKey.computeIfAbsent(e.cacheKey(), k -> fresh[0] = ids.incrementAndGet());
        if (id != fresh[0]) {
            return false;
        }
        index.put(new SemanticEntry(id, e.partition(), e.prompt(), e.vector(), e.cacheKey(), e.createdAtMillis(),
                e.expiresAtMillis()));
        return true;
    }

    /**
     * Waits until the config's model is loaded (replays and tests start measuring then), at most {@code timeout}.
     * A provider's endpoint has nothing to load: its embedder is ready as soon as it is built.
     *
     * @return true when it is loaded, or the semantic cache is off; false when it failed to load or took longer
     */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            SemanticSettings s = current();
            if (!s.enabled() || closed) {
                return true;
            }
            Loaded l = loaded;
            if (l != null && l.source().equals(s.embedderSource())) {
                return true;
            }
            if (!startLoading(s) || System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    /** A hit's answer was no longer in any exact tier: the entry goes, and the lookup counts as a miss. */
    public void answerGone(Attempt a) {
        answersGone.increment();
        hits.decrement();
        hitSimilarity.add(-a.lookup().similarity());
        misses.increment();
        forgetKey(a.lookup().candidate().cacheKey());
    }

    /** The provider's answer to {@code a}'s request was stored under {@code key}: its prompt joins the index. */
    public void store(Attempt a, CacheKey key) {
        if (a == null || !a.writable() || closed) {
            return;
        }
        long now = clock.millis();
        String k = key.value();
        long id = idsByKey.computeIfAbsent(k, x -> ids.incrementAndGet());
        SemanticEntry e = new SemanticEntry(id, a.partition(), a.prompt(), a.vector(), k, now,
                now + ttl.get().toMillis());
        index.put(e);
        stored.increment();
        SemanticStore s = store;
        if (s != null) {
            s.save(e, announce);
        }
    }

    // Invalidation: the exact tiers' own reaches the answers; these keep the index (and its rows in L3) from
    // pointing at nothing. The forget* ones are another instance's invalidations: the shared rows are gone already.

    public int invalidateKey(String cacheKey) {
        onStore(s -> s.delete(cacheKey));
        return forgetKey(cacheKey) ? 1 : 0;
    }

    public int invalidateVersion(String model, String version) {
        onStore(s -> s.deleteVersion(model, version));
        return forgetVersion(model, version);
    }

    public int invalidateNamespace(String namespace) {
        onStore(s -> s.deleteNamespace(namespace));
        return forgetNamespace(namespace);
    }

    public int flush() {
        onStore(SemanticStore::deleteAll);
        return removeIf(e -> true);
    }

    public int forgetVersion(String model, String version) {
        String prefix = CacheKey.versionPrefix(model, version);
        return removeIf(e -> e.cacheKey().startsWith(prefix));
    }

    public int forgetNamespace(String namespace) {
        return removeIf(e -> CacheKey.parse(e.cacheKey()).namespace().equals(namespace));
    }

    /** Expired rows out of L3 (the index never serves them; they only cost a restart's load). */
    public long purgeExpired() {
        SemanticStore s = store;
        if (s == null) {
            return 0;
        }
        long n = s.purgeExpired(clock.millis());
        removeIf(e -> e.expiredAt(clock.millis()));
        return n;
    }

    private void onStore(Consumer<SemanticStore> action) {
        SemanticStore s = store;
        if (s != null) {
            try {
                action.accept(s);
            } catch (RuntimeException ex) {
                storeFailures.increment();
                LOG.warn("semantic entries in L3 not invalidated: {}", ex.getMessage());
            }
        }
    }

    private int removeIf(java.util.function.Predicate<SemanticEntry> which) {
        return index.removeIf(e -> {
            boolean gone = which.test(e);
            if (gone) {
                idsByKey.remove(e.cacheKey(), e.id());
            }
            return gone;
        });
    }

    public boolean forgetKey(String cacheKey) {
        Long id = idsByKey.remove(cacheKey);
        return id != null && index.remove(id);
    }

    /** Whether an entry for the answer under {@code cacheKey} is in this instance's index. */
    public boolean holds(String cacheKey) {
        return idsByKey.containsKey(cacheKey);
    }

    public SemanticSnapshot snapshot() {
        SemanticSettings s = settings.get();
        long h = hits.sum();
        List<SemanticSnapshot.Recent> last;
        synchronized (recent) {
            last = new ArrayList<>(recent);
        }
        java.util.Collections.reverse(last);
        String failure = embedderFailure != null ? embedderFailure : embedFailure;
        return new SemanticSnapshot(s.enabled(), s.embedderSource(), loaded != null, failure, index.size(),
                index.approxBytes(), lookups.sum(), h, misses.sum(), stored.sum(), answersGone.sum(),
                h == 0 ? 0 : hitSimilarity.sum() / h, counts(refused), counts(skipped), last);
    }

    private static Map<String, Long> counts(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void remember(String prompt, Lookup found) {
        SemanticSnapshot.Recent r = new SemanticSnapshot.Recent(clock.millis(), prompt,
                found.candidate() == null ? null : found.candidate().prompt(), found.similarity(),
                found.outcome().name(), found.reason());
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(r);
        }
    }

    private SemanticSettings current() {
        SemanticSettings s = settings.get();
        if (s != applied) {
            applied = s;
            index.settings(s);
        }
        return s;
    }

    /**
     * Starts loading the config's model unless it is loading already or failed to load.
     *
     * @return false when that model failed to load (it is not tried again until the config names another)
     */
    private boolean startLoading(SemanticSettings s) {
        if (s.embedderSource().equals(failedSource)) {
            return false;
        }
        if (loadingNow.compareAndSet(false, true)) {
            Thread.ofVirtual().name("sb-semantic-load").start(() -> {
                try {
                    embedder(s);
                } finally {
                    loadingNow.set(false);
                }
            });
        }
        return true;
    }

    /** The loaded model, loading it (or swapping it for the config's) as needed; null when it cannot load. */
    private Embedder embedder(SemanticSettings s) {
        String source = s.embedderSource();
        Loaded l = loaded;
        if (l != null && l.source().equals(source)) {
            return l.embedder();
        }
        loading.lock();
        try {
            l = loaded;
            if (l != null && l.source().equals(source)) {
                return l.embedder();
            }
            if (closed) {
                return null;
            }
            Embedder next = embedders.apply(s);
            if (!next.remote()) {
                // Loading is lazy inside the embedder: the first embed pays it, here, not on a request's clock later.
                // A remote one has nothing to load (and a call here would cost a request to its endpoint).
                next.embed("warm up");
            }
            loaded = new Loaded(source, next);
            embedderFailure = null;
            embedFailure = null;
            failedSource = null;
            if (l != null) {
                l.embedder().close();
                // Vectors of the old model live in partitions named for it: never compared with the new ones.
            }
            return next;
        } catch (RuntimeException ex) {
            if (embedderFailure == null) {
                LOG.warn("semantic cache: embedding model '{}' could not be loaded: {}", source, ex.getMessage());
            }
            embedderFailure = String.valueOf(ex.getMessage());
            failedSource = source;
            return null;
        } finally {
            loading.unlock();
        }
    }

    /** Null when the request may be answered by meaning, else why not. */
    static String skipReason(ChatRequest r, SemanticSettings s) {
        if (r.tools() != null || r.toolChoice() != null) {
            return SKIP_TOOLS;
        }
        List<Message> ms = r.messages();
        if (ms.isEmpty()) {
            return SKIP_NOT_TEXT;
        }
        int userTurns = 0;
        for (Message m : ms) {
            if (!m.toolCalls().isEmpty() || "tool".equals(m.role())) {
                return SKIP_TOOLS;
            }
            if ("user".equals(m.role())) {
                userTurns++;
            }
        }
        Message last = ms.get(ms.size() - 1);
        if (!"user".equals(last.role()) || last.parts() != null || last.content() == null
                || last.content().isBlank()) {
            return SKIP_NOT_TEXT;
        }
        return userTurns > s.maxTurns() ? SKIP_TURNS : null;
    }

    private static String lastUserText(ChatRequest r) {
        return r.messages().get(r.messages().size() - 1).content();
    }

    /** Work offered after close is refused: lookups answer null, stores are dropped. */
    @Override
    public void close() {
        closed = true;
        SemanticStore s = store;
        if (s != null) {
            s.close();
        }
        loading.lock();
        try {
            Loaded l = loaded;
            loaded = null;
            if (l != null) {
                l.embedder().close();
            }
        } finally {
            loading.unlock();
        }
    }
}
