package dev.switchboard.engine.limit;

import java.util.List;
import redis.clients.jedis.JedisPooled;

/**
 * A token bucket shared by every instance through Redis: the same GCRA as {@link LocalBucket}, run atomically in
 * a Lua script on Redis's own clock, so instances on different machines agree. When Redis cannot be reached it
 * falls back to a local bucket at a conservative share of the rate (its mode says FALLBACK and why) and tries
 * Redis again a second later.
 */
final class RedisBucket implements Bucket {

    /** KEYS[1]: the bucket; ARGV: interval, tau, max wait (microseconds). Returns {reserved 1|0, wait, backlog}. */
    private static final String RESERVE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
            if tat < now then tat = now end
            local interval = tonumber(ARGV[1])
            local wait = tat - tonumber(ARGV[2]) - now
            if wait < 0 then wait = 0 end
            if wait > tonumber(ARGV[3]) then return {0, wait - tonumber(ARGV[3]), tat - now} end
            local nxt = tat + interval
            redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', math.floor((nxt - now) / 1000) + 60000)
            return {1, wait, nxt - now}
            """;
    /** KEYS[1]: the bucket; ARGV[1]: pause (microseconds). Moves the next slot at least that far ahead. */
    private static final String PAUSE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
            local want = now + tonumber(ARGV[1])
            if tat < want then
              redis.call('SET', KEYS[1], string.format('%.0f', want), 'PX', math.floor(tonumber(ARGV[1]) / 1000) + 60000)
            end
            return 1
            """;
    /** KEYS[1]: the bucket. Returns the backlog in microseconds (0 when the bucket is full). */
    private static final String BACKLOG = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
            if tat < now then return 0 end
            return tat - now
            """;

    private final JedisPooled redis;
    private final String key;
    private final double fallbackShare;
    private volatile double rate;
    private volatile int capacity;
    private volatile double factor = 1.0;
    private final LocalBucket fallback;
    private final RedisFallback health;
    private volatile long lastBacklogMicros;

    RedisBucket(JedisPooled redis, String name, double rate, int capacity, double fallbackShare) {
        this.redis = redis;
        this.key = "sb:bucket:" + name;
        this.rate = rate;
        this.capacity = capacity;
        this.fallbackShare = fallbackShare;
        this.fallback = new LocalBucket(rate * fallbackShare, capacity);
        this.health = new RedisFallback("shared bucket " + name,
                "local bucket at " + Math.round(fallbackShare * 100) + "% of the rate");
    }

    @Override
    public long reserve(long maxWaitNanos) {
        if (health.useRedis()) {
            long interval = (long) (1e6 / (rate * factor));
            long tau = (capacity - 1) * interval;
            try {
                Object r = redis.eval(RESERVE, List.of(key), List.of(Long.toString(interval), Long.toString(tau),
                        Long.toString(maxWaitNanos / 1000)));
                health.succeeded();
                List<?> res = (List<?>) r;
                long wait = ((Number) res.get(1)).longValue() * 1000;
                lastBacklogMicros = ((Number) res.get(2)).longValue();
                return ((Number) res.get(0)).longValue() == 1 ? wait : -Math.max(1, wait);
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return fallback.reserve(maxWaitNanos);
    }

    @Override
    public void penalize(long pauseNanos) {
        factor = Math.max(0.125, factor / 2);
        fallback.penalize(pauseNanos);
        if (health.useRedis()) {
            try {
                redis.eval(PAUSE, List.of(key), List.of(Long.toString(pauseNanos / 1000)));
                health.succeeded();
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
    }

    @Override
    public void recover() {
        if (factor < 1.0) {
            factor = Math.min(1.0, factor + 0.05);
        }
        fallback.recover();
    }

    @Override
    public double level() {
        if (health.isDown()) {
            return fallback.level();
        }
        try {
            lastBacklogMicros = ((Number) redis.eval(BACKLOG, List.of(key), List.of())).longValue();
        } catch (RuntimeException e) {
            // The snapshot shows the last known level; reserve() notices the outage.
        }
        double interval = 1e6 / (rate * factor);
        return Math.max(0, capacity - lastBacklogMicros / interval);
    }

    @Override
    public double effectiveRate() {
        return health.isDown() ? fallback.effectiveRate() : rate * factor;
    }

    @Override
    public BucketMode mode() {
        return health.mode();
    }

    @Override
    public String modeReason() {
        return health.reason();
    }

    @Override
    public void reconfigure(double newRate, int newCapacity) {
        rate = newRate;
        capacity = newCapacity;
        fallback.reconfigure(newRate * fallbackShare, newCapacity);
    }
}
