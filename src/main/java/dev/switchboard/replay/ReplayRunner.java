package dev.switchboard.replay;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.provider.SimulatedQuality;
import dev.switchboard.engine.request.CacheKeys;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.LatencySummary;
import dev.switchboard.engine.telemetry.LatencyTracker;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadEntry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a workload through an engine, on its timeline or as fast as it goes, and reports what the cache did.
 * It knows each request's intent, which the engine does not, and so can count false hits: answers served from
 * an entry that a different intent wrote.
 */
public final class ReplayRunner {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReplayRunner.class);
    /** Told how far a run has got; called from request threads, so keep it cheap. */
    public interface Progress {
        void update(long done, long total);
    }

    /**
     * Told of each request as it goes and as it ends, on the request's thread (what-if's clock and timeline): keep
     * it cheap and never block.
     */
    public interface Observer {
        /** Just before {@code e} is submitted. */
        default void sending(WorkloadEntry e) {
        }

        /**
         * @param result  the answer, or null when the request failed
         * @param failure the engine's failure kind ({@code rate_limited}, ...), or null when answered
         */
        void finished(WorkloadEntry e, ChatResult result, String failure);
    }

    private static final Observer NO_OBSERVER = (e, r, f) -> { };

    private final Engine engine;
    private final Progress progress;
    private final ReplayControl control;
    private final Observer observer;

    public ReplayRunner(Engine engine, Progress progress) {
        this(engine, progress, new ReplayControl());
    }

    public ReplayRunner(Engine engine, Progress progress, ReplayControl control) {
        this(engine, progress, control, null);
    }

    public ReplayRunner(Engine engine, Progress progress, ReplayControl control, Observer observer) {
        this.engine = engine;
        this.progress = progress == null ? (d, t) -> { } : progress;
        this.control = control;
        this.observer = observer == null ? NO_OBSERVER : observer;
    }

    /** Per-run tallies, shared by the request threads. */
    private static final class Tally {
        final EnumMap<ServedBy, LongAdder> served = new EnumMap<>(ServedBy.class);
        final EnumMap<ServedBy, LatencyTracker> latency = new EnumMap<>(ServedBy.class);
        final ConcurrentHashMap<String, LongAdder> failed = new ConcurrentHashMap<>();
        final DoubleAdder cost = new DoubleAdder();
        final DoubleAdder saved = new DoubleAdder();
        final LongAdder falseHits = new LongAdder();
        final LongAdder done = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
        final LongAdder queued = new LongAdder();
        final LongAdder retried = new LongAdder();
        final LongAdder fellBack = new LongAdder();
        final LongAdder structured = new LongAdder();
        final LongAdder parsed = new LongAdder();
        final LongAdder reprompted = new LongAdder();
        final LongAdder parseFailed = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> byStrategy = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong maxRequestNanos = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong maxQueueNanos = new java.util.concurrent.atomic.AtomicLong();
        /** Which intent's provider answer wrote each cache key (first writer wins). */
        final ConcurrentHashMap<String, String> writerIntent = new ConcurrentHashMap<>();
        /** Hits whose writer was not yet recorded when they arrived; settled at the end. */
        final List<String[]> unsettled = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Answers scored by the simulator's quality model; null when the config has none. */
        final Scores scores;

        Tally(boolean scored) {
            scores = scored ? new Scores() : null;
            for (ServedBy s : ServedBy.values()) {
                served.put(s, new LongAdder());
                latency.put(s, new LatencyTracker());
            }
        }
    }

    public ReplayReport run(Workload workload, ReplayOptions options) throws InterruptedException {
        List<WorkloadEntry> entries = workload.entries();
        List<ChatRequest> requests = new ArrayList<>(entries.size());
        for (WorkloadEntry e : entries) {
            requests.add(toRequest(e));
        }
        if (options.cold()) {
            engine.cache().flushAll();
        }
        // The semantic cache's model loads beside the engine's start; a replay measures from when it answers.
        if (!engine.semantic().awaitLoaded(java.time.Duration.ofSeconds(60))) {
            LOG.warn("semantic cache: the embedding model is not loaded; the replay runs without it");
        }
        EngineSnapshot before = engine.snapshot();
        Tally tally = new Tally(engine.config().simulated().quality() != null);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        if (options.maxRate()) {
            runMaxRate(entries, requests, options.concurrency(), tally);
        } else {
            runTimed(entries, requests, options, tally);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = cpuStart < 0 ? 0 : (processCpuNanos() - cpuStart) / 1e9;
        EngineSnapshot after = engine.snapshot();
        return report(workload, tally.done.sum(), tally, before, after, wall, cpu);
    }

    static ChatRequest toRequest(WorkloadEntry e) {
        ChatRequest.Builder b = ChatRequest.builder()
                .user(e.user()).plan(e.plan()).model(e.model()).system(e.system())
                .messages(messages(e))
                .temperature(e.temperature()).maxTokens(e.maxTokens()).responseFormat(e.responseFormat());
        if (e.namespace() != null) {
            b.namespace(e.namespace());
        }
        return b.build();
    }

    /** The entry's earlier turns, then its prompt. */
    private static List<Message> messages(WorkloadEntry e) {
        if (e.turns().isEmpty()) {
            return List.of(new Message("user", e.prompt()));
        }
        List<Message> m = new ArrayList<>(e.turns());
        m.add(new Message("user", e.prompt()));
        return m;
    }

    private void runMaxRate(List<WorkloadEntry> entries, List<ChatRequest> requests, int concurrency, Tally tally)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        int count = workerCount(concurrency, requests.size());
        List<Thread> workers = new ArrayList<>(count);
        for (int w = 0; w < count; w++) {
            workers.add(Thread.ofVirtual().name("replay-", w).start(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < requests.size() && !control.isStopped();
                         i = next.getAndIncrement()) {
                        control.awaitIfPaused();
                        one(entries.get(i), requests.get(i), tally, requests.size());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
    }

    /** Workers for a max-rate run: {@code concurrency}, but never more than there are requests. */
    static int workerCount(int concurrency, int requests) {
        return Math.min(concurrency, requests);
    }

    private void runTimed(List<WorkloadEntry> entries, List<ChatRequest> requests, ReplayOptions options,
                          Tally tally) throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.concurrency());
        long t0 = System.nanoTime();
        long firstAt = entries.isEmpty() ? 0 : entries.get(0).atMs();
        for (int i = 0; i < requests.size() && !control.isStopped(); i++) {
            long offset = (long) ((entries.get(i).atMs() - firstAt) * 1_000_000L / options.speed());
            // Wait in short slices so pause and stop take effect at once; time paused moves the timeline later.
            for (long wait = t0 + offset - System.nanoTime(); wait > 0 && !control.isStopped();
                 wait = t0 + offset - System.nanoTime()) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                t0 += control.awaitIfPaused();
            }
            t0 += control.awaitIfPaused();
            if (control.isStopped()) {
                break;
            }
            inFlight.acquire();
            WorkloadEntry e = entries.get(i);
            ChatRequest r = requests.get(i);
            Thread.ofVirtual().start(() -> {
                try {
                    one(e, r, tally, requests.size());
                } finally {
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(options.concurrency());
        inFlight.release(options.concurrency());
    }

    private void one(WorkloadEntry e, ChatRequest r, Tally tally, long total) {
        observer.sending(e);
        long began = System.nanoTime();
        ChatResult answered = null;
        String failure = null;
        try {
            ChatResult res = engine.submit(r);
            answered = res;
            tally.retried.add(res.retries());
            if (res.fellBack()) {
                tally.fellBack.increment();
            }
            tally.served.get(res.servedBy()).increment();
            tally.latency.get(res.servedBy()).record(res.latencyNanos());
            tally.cost.add(res.costUsd());
            tally.saved.add(res.costSavedUsd());
            if (res.queuedNanos() > 0) {
                tally.queued.increment();
                tally.maxQueueNanos.accumulateAndGet(res.queuedNanos(), Math::max);
            }
            countParse(res.output(), tally);
            if (tally.scores != null) {
                tally.scores.add(e, r, res);
            }
            String key = res.cacheKey().value();
            String intent = e.intent() == null ? "" : e.intent();
            if (res.servedBy() == ServedBy.PROVIDER) {
                tally.writerIntent.putIfAbsent(key, intent);
            } else {
                if (res.servedBy() == ServedBy.SEMANTIC) {
                    // The engine stored the answer under this request's own key as well: its writer is the
                    // answer's, so a wrong semantic answer served again by an exact hit counts as a false hit too.
                    ModelConfig m = engine.config().models().get(r.model());
                    String own = m == null ? null : CacheKeys.of(r, m.version()).value();
                    String writer = tally.writerIntent.get(key);
                    if (own != null && writer != null) {
                        tally.writerIntent.putIfAbsent(own, writer);
                    }
                }
                String writer = tally.writerIntent.get(key);
                if (writer == null) {
                    tally.unsettled.add(new String[] {key, intent});
                } else if (!writer.equals(intent)) {
                    tally.falseHits.increment();
                }
            }
        } catch (EngineException ex) {
            String kind = ex.kind();
            failure = kind;
            tally.failed.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (ex instanceof dev.switchboard.engine.error.ParseFailedException) {
                tally.structured.increment();
                tally.parseFailed.increment();
            }
            if (ex instanceof RateLimitedException limited) {
                tally.rateLimited.computeIfAbsent(limited.reason().key(), k -> new LongAdder()).increment();
            }
        } catch (RuntimeException ex) {
            failure = "internal_error";
            tally.failed.computeIfAbsent("internal_error", k -> new LongAdder()).increment();
        }
        observer.finished(e, answered, failure);
        // Measured around the engine, failures included: the figure that checks the request deadline.
        tally.maxRequestNanos.accumulateAndGet(System.nanoTime() - began, Math::max);
        tally.done.increment();
        progress.update(tally.done.sum(), total);
    }

    private static void countParse(dev.switchboard.engine.request.StructuredOutput out, Tally tally) {
        if (out == null) {
            return;
        }
        tally.structured.increment();
        if (out.reprompts() > 0) {
            tally.reprompted.increment();
        }
        if (out.parsed()) {
            tally.parsed.increment();
            tally.byStrategy.computeIfAbsent(out.strategy(), k -> new LongAdder()).increment();
        } else {
            tally.parseFailed.increment();
        }
    }

    private static ReplayReport report(Workload workload, long requests, Tally tally, EngineSnapshot before,
                                       EngineSnapshot after, double wall, double cpu) {
        long falseHits = tally.falseHits.sum();
        long unattributed = 0;
        for (String[] hit : tally.unsettled) {
            String writer = tally.writerIntent.get(hit[0]);
            if (writer == null) {
                unattributed++;
            } else if (!writer.equals(hit[1])) {
                falseHits++;
            }
        }
        Map<ServedBy, Long> served = new EnumMap<>(ServedBy.class);
        var resBefore = before.resilience();
        var resAfter = after.resilience();
        ReplayReport.Resilience resilience = new ReplayReport.Resilience(tally.retried.sum(), tally.fellBack.sum(),
                resAfter.coalesced() - resBefore.coalesced(), resAfter.staleServed() - resBefore.staleServed(),
                resAfter.breakerTransitions() - resBefore.breakerTransitions(), resAfter.failoverP99Ms(),
                tally.maxRequestNanos.get() / 1e6);
        Map<ServedBy, LatencySummary> latency = new EnumMap<>(ServedBy.class);
        for (ServedBy s : ServedBy.values()) {
            served.put(s, tally.served.get(s).sum());
            latency.put(s, tally.latency.get(s).summary());
        }
        Map<String, Long> failed = new TreeMap<>();
        tally.failed.forEach((k, v) -> failed.put(k, v.sum()));
        Map<String, Long> rateLimited = new TreeMap<>();
        tally.rateLimited.forEach((k, v) -> rateLimited.put(k, v.sum()));
        long hits = served.get(ServedBy.L1) + served.get(ServedBy.L2) + served.get(ServedBy.L3)
                + served.get(ServedBy.SEMANTIC);
        // Refused before the cache lookup: invalid, or over the user's plan, caps or lockout.
        long beforeLookup = failed.getOrDefault("invalid_request", 0L)
                + java.util.stream.Stream.of("plan_minute", "plan_hour", "model_cap", "locked_out")
                .mapToLong(k -> rateLimited.getOrDefault(k, 0L)).sum();
        return new ReplayReport(workload.source(), requests, Map.copyOf(served), requests - hits - beforeLookup,
                after.providerCalls() - before.providerCalls(),
                after.upstreamViolations() - before.upstreamViolations(), falseHits, unattributed, Map.copyOf(failed),
                Map.copyOf(rateLimited), tally.queued.sum(), tally.maxQueueNanos.get() / 1e6, resilience,
                tally.cost.sum(), tally.saved.sum(), Map.copyOf(latency), wall, workload.problems(),
                new ReplayReport.Parse(tally.structured.sum(), tally.parsed.sum(), byStrategy(tally),
                        tally.reprompted.sum(), tally.parseFailed.sum()),
                new ReplayReport.Guards(after.guards().checks() - before.guards().checks(),
                        after.guards().blocked() - before.guards().blocked(),
                        after.guards().redacted() - before.guards().redacted(),
                        after.guards().flagged() - before.guards().flagged()), cpu,
                tally.scores == null ? null : tally.scores.report());
    }

    /**
     * Every answered request scored by {@link SimulatedQuality#correct(String, String, com.fasterxml.jackson.databind.JsonNode)}
     * (the answer's code, or its label for a schema with an enum), from whichever tier answered: a cached answer
     * carries the code it was written with. Per answering model, and per the workload line's task and complexity.
     */
    private static final class Scores {
        private static final class Count {
            final LongAdder requests = new LongAdder();
            final LongAdder scored = new LongAdder();
            final LongAdder correct = new LongAdder();
            final DoubleAdder cost = new DoubleAdder();

            void add(Boolean c, double costUsd) {
                requests.increment();
                cost.add(costUsd);
                if (c != null) {
                    scored.increment();
                    if (c) {
                        correct.increment();
                    }
                }
            }
        }

        final Count all = new Count();
        final ConcurrentHashMap<String, Count> byModel = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, Count> byTask = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, Count> byComplexity = new ConcurrentHashMap<>();

        void add(WorkloadEntry e, ChatRequest r, ChatResult res) {
            Boolean c = SimulatedQuality.correct(SimulatedQuality.prompt(r), res.answer(), r.responseFormat());
            all.add(c, res.costUsd());
            String model = res.model() == null ? r.model() : res.model();
            byModel.computeIfAbsent(model, k -> new Count()).add(c, res.costUsd());
            if (e.task() != null) {
                byTask.computeIfAbsent(e.task().wireName(), k -> new Count()).add(c, res.costUsd());
            }
            if (e.complexity() != null) {
                byComplexity.computeIfAbsent(e.complexity().wireName(), k -> new Count()).add(c, res.costUsd());
            }
        }

        ReplayReport.Quality report() {
            return new ReplayReport.Quality(all.scored.sum(), all.correct.sum(), scores(byModel), scores(byTask),
                    scores(byComplexity));
        }

        private static Map<String, ReplayReport.Score> scores(Map<String, Count> m) {
            Map<String, ReplayReport.Score> out = new TreeMap<>();
            m.forEach((k, c) -> out.put(k, new ReplayReport.Score(c.requests.sum(), c.scored.sum(), c.correct.sum(),
                    c.cost.sum())));
            return out;
        }
    }

    /** The JVM's CPU time so far (every thread, the engine's included), or -1 where the platform does not say. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    private static Map<String, Long> byStrategy(Tally tally) {
        Map<String, Long> m = new TreeMap<>();
        tally.byStrategy.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** The cache key a workload line maps to under the engine's current config; for tests and tools. */
    public static String keyOf(Engine engine, WorkloadEntry e) {
        ModelConfig m = engine.config().models().get(e.model());
        return m == null ? null : CacheKeys.of(toRequest(e), m.version()).value();
    }
}
