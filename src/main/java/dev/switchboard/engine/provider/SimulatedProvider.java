package dev.switchboard.engine.provider;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.Outage;
import dev.switchboard.engine.config.SimulatedConfig;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.parse.Expectation;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * An offline stand-in for the network. The answer is a pure function of (model, messages, max_tokens) so
 * replays repeat; a request with a {@code response_format} gets a structured answer in one of the configured
 * shapes ({@link SimulatedOutput}); latency, errors, 429s and outages follow the config, read afresh on every call so edits
 * apply at once. With a quality model ({@code simulated.quality}) each answer is right or wrong and says how
 * confident it is ({@link SimulatedQuality}), and verifier requests are answered with a probability. It also plays the upstream's own rate limit and counts the requests that broke it.
 */
public final class SimulatedProvider implements Provider {
    /** z-score of the 99th percentile of a standard normal: p99 = median * exp(sigma * Z99). */
    private static final double Z99 = 2.326347874;
    private static final String[] WORDS = ("the a answer depends on context and several factors including time cost "
            + "quality risk data model user system design practice example first second finally however because "
            + "therefore usually often consider approach result simple clear short long question point way case "
            + "people work learn use good best better more most many some each other which when where why how")
            .split(" ");

    private final Supplier<SimulatedConfig> config;
    /**
     * When traffic began: outages are timed from the first call, not from the engine's start, so the time an engine
     * spends starting (an embedding model loading) does not eat a window meant for its traffic.
     */
    private final java.util.concurrent.atomic.AtomicLong startNanos = new java.util.concurrent.atomic.AtomicLong();
    private final ConcurrentHashMap<String, LocalUpstreamWindow> windows = new ConcurrentHashMap<>();
    private final LongAdder violations = new LongAdder();
    private final LongAdder calls = new LongAdder();

    private final SharedUpstreamWindow shared;

    public SimulatedProvider(Supplier<SimulatedConfig> config) {
        this(config, null);
    }

    /** @param sharedRedisUrl where the upstream's own limit is counted across instances; null to count here */
    public SimulatedProvider(Supplier<SimulatedConfig> config, String sharedRedisUrl) {
        this.config = config;
        this.shared = sharedRedisUrl == null ? null : new SharedUpstreamWindow(sharedRedisUrl);
    }

    private long started(long now) {
        long t = startNanos.get();
        if (t != 0) {
            return t;
        }
        return startNanos.compareAndSet(0, now) ? now : startNanos.get();
    }

    @Override
    public ProviderResponse complete(ChatRequest request, ModelConfig model) {
        calls.increment();
        SimulatedConfig c = config.get();
        long now = System.nanoTime();
        long sinceStartMs = (now - started(now)) / 1_000_000L;
        double errorRate = c.errorRateFor(model.name());
        for (Outage o : c.outages()) {
            if (o.covers(model.name(), sinceStartMs)) {
                if (o.errorRate() >= 1.0) {
                    throw new UpstreamUnavailableException(model.name(), "simulated outage until "
                            + o.end().toSeconds() + " s after the first call");
                }
                errorRate = Math.max(errorRate, o.errorRate());
            }
        }
        if (c.rateLimitRps() > 0) {
            long waitNanos;
            if (shared != null) {
                waitNanos = shared.tryAcquire(model.name(), c.rateLimitRps());
            } else {
                LocalUpstreamWindow w = window(model.name(), c.rateLimitRps());
                synchronized (w) {
                    waitNanos = w.tryAcquire(now);
                }
            }
            if (waitNanos > 0) {
                violations.increment();
                throw new UpstreamRateLimitedException(model.name(), Duration.ofNanos(waitNanos));
            }
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        double roll = rnd.nextDouble();
        double rate429 = c.rate429For(model.name());
        if (roll < rate429) {
            throw new UpstreamRateLimitedException(model.name(), c.retryAfter());
        }
        if (roll < rate429 + errorRate) {
            throw new UpstreamErrorException(model.name(), 503, "simulated error");
        }
        sleep(latencyNanos(c.latencyMedianFor(model.name()), c.latencyP99For(model.name()), rnd));
        String verified = SimulatedQuality.verify(c.quality(), model.name(), request);
        if (verified != null) {
            return new ProviderResponse(verified, model.name(), TokenEstimator.ofRequest(request),
                    TokenEstimator.ofText(verified));
        }
        SimulatedQuality.Verdict verdict = SimulatedQuality.verdict(c.quality(), model.name(), request);
        Expectation expected = Expectation.fromResponseFormat(request.responseFormat());
        String answer;
        if (expected == null) {
            answer = verdict == null ? answer(model.name(), request)
                    : SimulatedQuality.plain(answer(model.name(), request), verdict);
        } else {
            answer = SimulatedOutput.answer(model.name(), request, expected, c.outputFor(model.name()), verdict);
        }
        ProviderResponse response = new ProviderResponse(answer, model.name(), TokenEstimator.ofRequest(request),
                TokenEstimator.ofText(answer));
        return verdict == null ? response : response.withConfidence(verdict.confidence());
    }

    private LocalUpstreamWindow window(String model, int limit) {
        LocalUpstreamWindow w = windows.computeIfAbsent(model, m -> new LocalUpstreamWindow(limit));
        if (w.limit() != limit) {
            // The limit was edited: start a fresh window at the new size.
            LocalUpstreamWindow fresh = new LocalUpstreamWindow(limit);
            windows.put(model, fresh);
            return fresh;
        }
        return w;
    }

    static long latencyNanos(SimulatedConfig c, ThreadLocalRandom rnd) {
        return latencyNanos(c.latencyMedian(), c.latencyP99(), rnd);
    }

    static long latencyNanos(Duration medianLatency, Duration p99Latency, ThreadLocalRandom rnd) {
        long median = medianLatency.toNanos();
        if (median <= 0) {
            return 0;
        }
        double sigma = Math.log((double) Math.max(median, p99Latency.toNanos()) / median) / Z99;
        double sample = median * Math.exp(sigma * rnd.nextGaussian());
        // Cap the tail so one unlucky draw cannot stall a replay.
        return (long) Math.min(sample, 10.0 * p99Latency.toNanos());
    }

    private static void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException("simulated", "interrupted while waiting for the answer");
        }
    }

    /** Deterministic text: seeded by a 64-bit FNV-1a hash of the model and the conversation. */
    static String answer(String model, ChatRequest r) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, model);
        h = fnv(h, r.system());
        for (Message m : r.messages()) {
            h = fnv(h, m.role());
            h = fnv(h, m.content());
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(h);
        int cap = r.maxTokens() == null ? 160 : Math.max(1, Math.min(160, r.maxTokens()));
        int words = Math.min(cap, 16 + rnd.nextInt(64));
        StringBuilder sb = new StringBuilder(words * 7);
        for (int i = 0; i < words; i++) {
            String w = WORDS[rnd.nextInt(WORDS.length)];
            if (i == 0) {
                sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
            } else {
                sb.append(' ').append(w);
            }
        }
        return sb.append('.').toString();
    }

    /** FNV-1a over {@code s}, with a marker for null and one after each string, so ("ab","c") differs from ("a","bc"). */
    static long fnv(long h, String s) {
        if (s == null) {
            return (h ^ 0xFF) * 0x100000001b3L;
        }
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return (h ^ 0x1F) * 0x100000001b3L;
    }

    @Override
    public long upstreamViolations() {
        return violations.sum();
    }

    @Override
    public long calls() {
        return calls.sum();
    }

    public void close() {
        if (shared != null) {
            shared.close();
        }
    }
}
