package dev.switchboard.engine.limit;

import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.BucketConfig;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.PlanConfig;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.error.RateLimitedException.Reason;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.store.RedisConnections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import redis.clients.jedis.JedisPooled;

/**
 * Admission control, the engine's two steps of it: {@link #admit} (step 2: the user's plan windows, per-model caps,
 * lockouts) and {@link #acquire} (step 7's front: the upstream buckets, whose reserved slots are the queue; an
 * upstream 429 slows them down). Nothing blocks a platform thread: requests wait on their virtual threads,
 * and only up to their deadline.
 */
public final class Limits implements AutoCloseable {
    /** A bucket with its queue depth. */
    private record GateBucket(String name, Bucket bucket, AtomicInteger waiting, double rate, int capacity) {
    }

    private final Supplier<LimitsConfig> config;
    private final Ticker ticker;
    private final JedisPooled redis;
    private final PlanWindows windows;
    private final ConcurrentHashMap<String, GateBucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final LongAdder queued = new LongAdder();
    private final LongAdder retried429 = new LongAdder();
    private final AtomicLong maxQueueWaitNanos = new AtomicLong();

    /** @param redisUrl the L2 Redis, used when the limits are shared; null when there is none */
    public Limits(Supplier<LimitsConfig> config, String redisUrl, Duration redisTimeout) {
        this(config, redisUrl, redisTimeout, Ticker.system());
    }

    public Limits(Supplier<LimitsConfig> config, String redisUrl, Duration redisTimeout, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
        LimitsConfig c = config.get();
        this.redis = c.shared() && redisUrl != null ? new RedisConnections(redisUrl, redisTimeout).pooled(64) : null;
        this.windows = redis != null ? new RedisPlanWindows(redis, ticker) : new LocalPlanWindows(ticker);
    }

    /**
     * Step 2: counts the request against its user's plan and caps.
     *
     * @throws RateLimitedException at once, with the time the window has room again, when it does not fit
     */
    /** Whether admission has anything to check (plans, caps or lockouts are configured). */
    public boolean enabled() {
        return config.get().enabled();
    }

    public void admit(ChatRequest request) {
        LimitsConfig c = config.get();
        if (!c.enabled()) {
            return;
        }
        String user = request.user() == null ? "anonymous" : request.user();
        PlanConfig plan = c.plan(request.plan());
        int cap = c.modelCaps().getOrDefault(request.model(), 0);
        Rejection r = windows.admit(user, plan, request.model(), cap);
        if (r == null) {
            return;
        }
        long retryMs = r.retryAfterMillis();
        String what;
        if (r.reason() == Reason.LOCKED_OUT) {
            what = "user " + user + " is locked out for pushing past their limits";
        } else {
            what = describe(r.reason(), user, plan, request.model(), cap);
            if (windows.strike(user, c)) {
                retryMs = Math.max(retryMs, c.lockout().toMillis());
                what += "; locked out for " + c.lockout().toMinutes() + " min after " + c.abuseStrikes()
                        + " refusals within " + c.abuseWindow().toSeconds() + " s";
            }
        }
        throw reject(r.reason(), Duration.ofMillis(retryMs), what);
    }

    private static String describe(Reason reason, String user, PlanConfig plan, String model, int cap) {
        return switch (reason) {
            case PLAN_MINUTE -> "user " + user + " used the " + plan.name() + " plan's " + plan.perMinute()
                    + " requests a minute";
            case PLAN_HOUR -> "user " + user + " used the " + plan.name() + " plan's " + plan.perHour()
                    + " requests an hour";
            case MODEL_CAP -> "user " + user + " used their " + cap + " requests a minute to " + model;
            default -> "user " + user;
        };
    }

    private RateLimitedException reject(Reason reason, Duration retryAfter, String what) {
        rejected.computeIfAbsent(reason.key(), k -> new LongAdder()).increment();
        return new RateLimitedException(reason, retryAfter, what);
    }

    /**
     * Step 7's front, outside the breaker: waits for a slot in the provider's and the model's buckets, then for the
     * moment a call may really start. A slot must leave {@code reserveNanos} of the request's deadline for the call
     * itself, and come within the queue's {@code max_wait}; otherwise the request is refused at once, before any
     * call, so no call is made only to be cut short by the deadline.
     *
     * @throws RateLimitedException when no slot fits, or the queue is full
     */
    public UpstreamPermit acquire(ModelConfig model, long requestDeadlineNanos, long reserveNanos) {
        LimitsConfig c = config.get();
        if (!c.enabled()) {
            return UpstreamPermit.NONE;
        }
        List<GateBucket> gates = gates(model, c);
        if (gates.isEmpty()) {
            return UpstreamPermit.NONE;
        }
        long now = ticker.read();
        long lastStart = requestDeadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : requestDeadlineNanos - reserveNanos;
        long deadline = Math.min(lastStart, now + c.maxWait().toNanos());
        List<Bucket> buckets = new ArrayList<>(gates.size());
        List<Bucket.Reservation> held = new ArrayList<>(gates.size());
        long queuedNanos = 0;
        try {
            for (GateBucket g : gates) {
                // Count ourselves in before reserving, so a burst of arrivals cannot all see room in the queue.
                int ahead = g.waiting().incrementAndGet() - 1;
                try {
                    Bucket.Reservation r = reserve(g, c, ahead, deadline, reserveNanos);
                    buckets.add(g.bucket());
                    held.add(r);
                    queuedNanos += r.waitNanos();
                    if (r.waitNanos() > 0) {
                        sleep(r.waitNanos());
                    }
                } finally {
                    g.waiting().decrementAndGet();
                }
            }
            queuedNanos += waitForStart(gates, lastStart);
        } catch (RuntimeException e) {
            new UpstreamPermit(this, buckets, held, 0).unused();
            throw e;
        }
        if (queuedNanos > 0) {
            queued.increment();
            maxQueueWaitNanos.accumulateAndGet(queuedNanos, Math::max);
        }
        return new UpstreamPermit(this, buckets, held, queuedNanos);
    }

    /** Reserves a slot within the deadline, or refuses: the queue is full, or no slot comes in time. */
    private Bucket.Reservation reserve(GateBucket g, LimitsConfig c, int ahead, long deadline, long reserveNanos) {
        long left = deadline - ticker.read();
        boolean full = ahead >= c.queueCapacity();
        Bucket.Reservation r = g.bucket().reserve(full ? 0 : Math.max(0, left));
        if (r.granted()) {
            return r;
        }
        if (full) {
            throw reject(Reason.QUEUE_FULL, Duration.ofNanos((long) (ahead * 1e9 / g.rate())),
                    ahead + " requests already wait for " + g.name());
        }
        throw reject(Reason.QUEUE_DEADLINE, Duration.ofNanos(-r.waitNanos()),
                "no slot in " + g.name() + " within the " + Duration.ofNanos(Math.max(0, left)).toMillis()
                        + " ms the queue and the request's deadline allow (a call needs "
                        + Duration.ofNanos(reserveNanos).toMillis() + " ms of the deadline left after its slot)");
    }

    /**
     * After the slot: waits until a call may start by the buckets' rates measured at the moments calls really start
     * (a thread that woke late must not let the next one start too close behind it). Such waits are short. A call
     * through several buckets waits for the latest of them before its start counts in any, so no bucket records a
     * start earlier than the real one.
     */
    private long waitForStart(List<GateBucket> gates, long lastStart) {
        long waited = 0;
        while (true) {
            long wait = 0;
            GateBucket slowest = gates.get(0);
            if (gates.size() == 1) {
                wait = slowest.bucket().admitStart();
            } else {
                for (GateBucket g : gates) {
                    long w = g.bucket().startWait();
                    if (w > wait) {
                        wait = w;
                        slowest = g;
                    }
                }
                if (wait == 0) {
                    for (GateBucket g : gates) {
                        // Another call may have started in between: then wait for it, and count it once more.
                        wait = Math.max(wait, g.bucket().admitStart());
                    }
                }
            }
            if (wait == 0) {
                return waited;
            }
            if (ticker.read() + wait > lastStart) {
                throw reject(Reason.QUEUE_DEADLINE, Duration.ofNanos(wait), "the request's deadline passed while "
                        + slowest.name() + " let earlier calls start");
            }
            sleep(wait);
            waited += wait;
        }
    }

    /** Called by a permit whose call the upstream refused with 429. */
    void upstream429(List<Bucket> gates, Duration retryAfter) {
        long pause = retryAfter != null && !retryAfter.isZero() ? retryAfter.toNanos() : fullJitter(config.get(), 1);
        gates.forEach(b -> b.penalize(pause));
        retried429.increment();
    }

    /** Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(attempt-1))]. */
    static long fullJitter(LimitsConfig c, int attempt) {
        long base = c.backoffBase().toNanos();
        long ceiling = attempt >= 30 ? c.backoffCap().toNanos()
                : Math.min(c.backoffCap().toNanos(), base << Math.min(attempt - 1, 30));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private void sleep(long nanos) {
        try {
            ticker.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RateLimitedException(Reason.QUEUE_DEADLINE, Duration.ZERO, "interrupted while queued");
        }
    }

    private List<GateBucket> gates(ModelConfig model, LimitsConfig c) {
        List<GateBucket> out = new ArrayList<>(2);
        if (c.providerBucket() != null) {
            out.add(gate("provider:" + model.provider(), c.providerBucket(), c));
        }
        BucketConfig b = c.bucketFor(model.name());
        if (b != null) {
            out.add(gate("model:" + model.name(), b, c));
        }
        return out;
    }

    private GateBucket gate(String name, BucketConfig b, LimitsConfig c) {
        GateBucket g = buckets.get(name);
        if (g == null || g.rate() != b.rate() || g.capacity() != b.capacity()) {
            g = buckets.compute(name, (n, old) -> {
                if (old != null && old.rate() == b.rate() && old.capacity() == b.capacity()) {
                    return old;
                }
                if (old != null) {
                    // An edited rate applies at once, keeping the bucket's place in time and its queue.
                    old.bucket().reconfigure(b.rate(), b.capacity());
                    return new GateBucket(n, old.bucket(), old.waiting(), b.rate(), b.capacity());
                }
                Bucket bucket = redis != null
                        ? new RedisBucket(redis, n, b.rate(), b.capacity(), c.fallbackShare(), ticker)
                        : new LocalBucket(b.rate(), b.capacity(), ticker);
                return new GateBucket(n, bucket, new AtomicInteger(), b.rate(), b.capacity());
            });
        }
        return g;
    }

    public List<Lockout> lockouts() {
        return windows.lockouts();
    }

    public boolean clearLockout(String user) {
        return windows.clearLockout(user);
    }

    public LimitsSnapshot snapshot() {
        LimitsConfig c = config.get();
        if (!c.enabled()) {
            return LimitsSnapshot.OFF;
        }
        List<BucketSnapshot> bs = new ArrayList<>();
        new TreeMap<>(buckets).forEach((name, g) -> bs.add(new BucketSnapshot(name, g.bucket().mode(),
                g.bucket().modeReason(), g.bucket().level(), g.capacity(), g.rate(), g.bucket().effectiveRate(),
                g.waiting().get())));
        Map<String, Long> rej = new TreeMap<>();
        rejected.forEach((k, v) -> rej.put(k, v.sum()));
        return new LimitsSnapshot(true, bs, windows.lockouts(), rej, queued.sum(), maxQueueWaitNanos.get() / 1e6,
                retried429.sum(), windows.mode(), windows.modeReason());
    }

    @Override
    public void close() {
        windows.close();
        if (redis != null) {
            redis.close();
        }
    }
}
