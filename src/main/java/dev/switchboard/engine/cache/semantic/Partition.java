package dev.switchboard.engine.cache.semantic;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The entries of one partition, each at an ordinal (its slot). Small partitions are scanned; once one reaches the
 * brute-force limit a JVector graph is built over it and kept up to date on every put.
 *
 * <p>Puts, removals and lookups run under the read lock, concurrently: slots are an append-only chunked array and
 * JVector's builder takes concurrent inserts and searches. The write lock is taken only to build the graph and to
 * compact it after many removals, so those never race an insert.
 */
final class Partition {
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
    private static final int CHUNK = 1024;
    // Graph shape: 16 neighbours per node, beam 100 when inserting (JVector's usual defaults for ~384 dimensions).
    private static final int DEGREE = 16;
    private static final int BEAM = 100;
    private static final int SEARCH_OVERQUERY = 8;

    /** One ordinal: the entry (null once removed) and its vector (kept until the graph lets go of the node). */
    private record Slot(SemanticEntry entry, VectorFloat<?> vector) {
    }

    final String name;
    final int dimensions;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock grow = new ReentrantLock();
    private volatile AtomicReferenceArray<Slot>[] chunks;
    private final AtomicInteger nextOrd = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger removedInGraph = new AtomicInteger();
    private volatile GraphIndexBuilder graph;
    private final ConcurrentLinkedQueue<GraphSearcher> searchers = new ConcurrentLinkedQueue<>();

    @SuppressWarnings("unchecked")
    Partition(String name, int dimensions) {
        this.name = name;
        this.dimensions = dimensions;
        this.chunks = new AtomicReferenceArray[] {new AtomicReferenceArray<>(CHUNK)};
    }

    /** A candidate: ordinal, entry and exact similarity. */
    record Hit(int ord, SemanticEntry entry, float similarity, float[] vector) {
    }

    /** @return the new entry's ordinal */
    int put(SemanticEntry e, int bruteForceBelow) {
        lock.readLock().lock();
        int ord;
        try {
            ord = nextOrd.getAndIncrement();
            ensureCapacity(ord);
            VectorFloat<?> v = VTS.createFloatVector(e.vector());
            chunk(ord).set(ord % CHUNK, new Slot(e, v));
            live.incrementAndGet();
            GraphIndexBuilder g = graph;
            if (g != null) {
                g.addGraphNode(ord, v);
            }
        } finally {
            lock.readLock().unlock();
        }
        if (graph == null && live.get() >= bruteForceBelow) {
            buildGraph(bruteForceBelow);
        }
        return ord;
    }

    /** Drops the entry at {@code ord}; @return it, or null if it was gone already. */
    SemanticEntry remove(int ord) {
        SemanticEntry gone;
        lock.readLock().lock();
        try {
            AtomicReferenceArray<Slot> c = chunk(ord);
            Slot s = c.get(ord % CHUNK);
            if (s == null || s.entry() == null) {
                return null;
            }
            if (!c.compareAndSet(ord % CHUNK, s, new Slot(null, s.vector()))) {
                return null;
            }
            gone = s.entry();
            live.decrementAndGet();
            GraphIndexBuilder g = graph;
            if (g != null) {
                g.markNodeDeleted(ord);
                removedInGraph.incrementAndGet();
            }
        } finally {
            lock.readLock().unlock();
        }
        // Deleted nodes still cost search time and memory: compact once they are a quarter of the graph.
        if (graph != null && removedInGraph.get() > Math.max(1024, nextOrd.get() / 4)) {
            compact();
        }
        return gone;
    }

    int size() {
        return live.get();
    }

    boolean indexed() {
        return graph != null;
    }

    /** The {@code k} nearest live, unexpired entries, most similar first. */
    List<Hit> nearest(float[] query, int k, long nowMillis) {
        lock.readLock().lock();
        try {
            GraphIndexBuilder g = graph;
            return g == null ? scan(query, k, nowMillis) : searchGraph(g, query, k, nowMillis);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Exhaustive search, whatever the size (tests compare it with the graph's answers). */
    List<Hit> scanAll(float[] query, int k, long nowMillis) {
        lock.readLock().lock();
        try {
            return scan(query, k, nowMillis);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every live entry (for removeIf), in ordinal order. */
    List<Hit> entries() {
        List<Hit> out = new ArrayList<>();
        int n = nextOrd.get();
        for (int ord = 0; ord < n; ord++) {
            Slot s = slot(ord);
            if (s != null && s.entry() != null) {
                out.add(new Hit(ord, s.entry(), 0, s.entry().vector()));
            }
        }
        return out;
    }

    long approxBytes() {
        long perEntry = 0;
        int n = nextOrd.get();
        // vector twice (the entry's array, wrapped without copy by JVector's float vector: counted once), slot and
        // entry objects, and the prompt's characters; sampled on the live entries.
        long bytes = (long) chunks.length * (16 + 4L * CHUNK);
        for (int ord = 0; ord < n; ord++) {
            Slot s = slot(ord);
            if (s == null) {
                continue;
            }
            bytes += 16 + 16 + 4L * dimensions + 16; // slot, vector wrapper, floats, array header
            if (s.entry() != null) {
                bytes += 64 + s.entry().prompt().length() + 40 + s.entry().cacheKey().length() + 40
                        + s.entry().partition().length() / 8;
            }
        }
        GraphIndexBuilder g = graph;
        if (g != null) {
            bytes += g.ramBytesUsed();
        }
        return bytes + perEntry;
    }

    private List<Hit> scan(float[] query, int k, long nowMillis) {
        TopK top = new TopK(k);
        int n = nextOrd.get();
        for (int ord = 0; ord < n; ord++) {
            Slot s = slot(ord);
            if (s == null || s.entry() == null || s.entry().expiredAt(nowMillis)) {
                continue;
            }
            float[] v = s.entry().vector();
            float sim = Vectors.dot(query, v);
            if (top.accepts(sim)) {
                top.add(new Hit(ord, s.entry(), sim, v));
            }
        }
        return top.sorted();
    }

    private List<Hit> searchGraph(GraphIndexBuilder g, float[] query, int k, long nowMillis) {
        GraphSearcher searcher = searchers.poll();
        if (searcher == null) {
            searcher = new GraphSearcher(g.getGraph());
        }
        try {
            VectorFloat<?> q = VTS.createFloatVector(query);
            Bits liveOrds = ord -> {
                Slot s = slot(ord);
                return s != null && s.entry() != null && !s.entry().expiredAt(nowMillis);
            };
            // Over-query: the beam finds the true nearest more often when it is wider than k.
            SearchResult r = searcher.search(DefaultSearchScoreProvider.exact(q, VectorSimilarityFunction.DOT_PRODUCT,
                    ravv), k, k * SEARCH_OVERQUERY, 0f, 0f, liveOrds);
            List<Hit> out = new ArrayList<>(k);
            for (SearchResult.NodeScore ns : r.getNodes()) {
                Slot s = slot(ns.node);
                if (s == null || s.entry() == null) {
                    continue;
                }
                float[] v = s.entry().vector();
                out.add(new Hit(ns.node, s.entry(), Vectors.dot(query, v), v));
            }
            out.sort((a, b) -> Float.compare(b.similarity(), a.similarity()));
            return out;
        } finally {
            searchers.offer(searcher);
        }
    }

    private void buildGraph(int bruteForceBelow) {
        lock.writeLock().lock();
        try {
            if (graph != null || live.get() < bruteForceBelow) {
                return;
            }
            GraphIndexBuilder g = new GraphIndexBuilder(ravv, VectorSimilarityFunction.DOT_PRODUCT, DEGREE, BEAM,
                    1.2f, 1.2f, true);
            int n = nextOrd.get();
            for (int ord = 0; ord < n; ord++) {
                Slot s = slot(ord);
                if (s != null && s.entry() != null) {
                    g.addGraphNode(ord, s.vector());
                }
            }
            searchers.clear();
            removedInGraph.set(0);
            graph = g;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Rebuilds the graph over the live entries, letting go of removed nodes and their vectors. */
    private void compact() {
        lock.writeLock().lock();
        try {
            GraphIndexBuilder old = graph;
            if (old == null || removedInGraph.get() <= Math.max(1024, nextOrd.get() / 4)) {
                return;
            }
            old.cleanup();
            int n = nextOrd.get();
            for (int ord = 0; ord < n; ord++) {
                Slot s = slot(ord);
                if (s != null && s.entry() == null) {
                    chunk(ord).set(ord % CHUNK, null);
                }
            }
            searchers.clear();
            removedInGraph.set(0);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Slot slot(int ord) {
        AtomicReferenceArray<Slot>[] cs = chunks;
        int c = ord / CHUNK;
        return c < cs.length ? cs[c].get(ord % CHUNK) : null;
    }

    private AtomicReferenceArray<Slot> chunk(int ord) {
        return chunks[ord / CHUNK];
    }

    @SuppressWarnings("unchecked")
    private void ensureCapacity(int ord) {
        if (ord / CHUNK < chunks.length) {
            return;
        }
        grow.lock();
        try {
            AtomicReferenceArray<Slot>[] cs = chunks;
            if (ord / CHUNK < cs.length) {
                return;
            }
            int want = Math.max(cs.length * 2, ord / CHUNK + 1);
            AtomicReferenceArray<Slot>[] bigger = java.util.Arrays.copyOf(cs, want);
            for (int i = cs.length; i < want; i++) {
                bigger[i] = new AtomicReferenceArray<>(CHUNK);
            }
            chunks = bigger;
        } finally {
            grow.unlock();
        }
    }

    /** The slots as JVector sees them: every ordinal handed out so far. */
    private final RandomAccessVectorValues ravv = new RandomAccessVectorValues() {
        @Override
        public int size() {
            return nextOrd.get();
        }

        @Override
        public int dimension() {
            return dimensions;
        }

        @Override
        public VectorFloat<?> getVector(int ord) {
            Slot s = slot(ord);
            return s == null ? null : s.vector();
        }

        @Override
        public boolean isValueShared() {
            return false;
        }

        @Override
        public RandomAccessVectorValues copy() {
            return this;
        }
    };

    void close() {
        GraphIndexBuilder g = graph;
        graph = null;
        if (g != null) {
            try {
                g.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A bounded min-heap of the best {@code k}. */
    private static final class TopK {
        private final Hit[] heap;
        private int size;

        TopK(int k) {
            heap = new Hit[k];
        }

        boolean accepts(float sim) {
            return size < heap.length || sim > heap[0].similarity();
        }

        void add(Hit h) {
            if (size < heap.length) {
                heap[size] = h;
                up(size++);
            } else {
                heap[0] = h;
                down(0);
            }
        }

        private void up(int i) {
            while (i > 0) {
                int p = (i - 1) / 2;
                if (heap[p].similarity() <= heap[i].similarity()) {
                    return;
                }
                swap(i, p);
                i = p;
            }
        }

        private void down(int i) {
            while (true) {
                int l = 2 * i + 1;
                int r = l + 1;
                int m = i;
                if (l < size && heap[l].similarity() < heap[m].similarity()) {
                    m = l;
                }
                if (r < size && heap[r].similarity() < heap[m].similarity()) {
                    m = r;
                }
                if (m == i) {
                    return;
                }
                swap(i, m);
                i = m;
            }
        }

        private void swap(int a, int b) {
            Hit t = heap[a];
            heap[a] = heap[b];
            heap[b] = t;
        }

        List<Hit> sorted() {
            List<Hit> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(heap[i]);
            }
            out.sort((a, b) -> Float.compare(b.similarity(), a.similarity()));
            return out;
        }
    }
}
