package dev.switchboard.engine.limit;

import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.store.RedisConnections;
import java.util.List;
import redis.clients.jedis.JedisPooled;

/**
 * A token bucket shared by every instance through Redis: the same GCRA as {@link LocalBucket}, run atomically in
 * a Lua script on Redis's own clock, so instances on different machines agree. When Redis cannot be reached it
 * falls back to a local bucket at a conservative share of the rate (its mode says FALLBACK and why) and tries
 * Redis again a second later.
 */
final class RedisBucket implements Bucket {

    /**
     * KEYS[1]: the bucket; ARGV: interval, tau, max wait (microseconds). Returns {reserved 1|0, wait, backlog, mark,
     * previous}.
     * The same script on the bucket's {@code :start} key with max wait 0 admits calls by when they really start.
     */
    private static final String RESERVE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local previous = tonumber(redis.call('GET', KEYS[1]) or '0')
            local tat = previous
            if tat < now then tat = now end
            local interval = tonumber(ARGV[1])
            local wait = tat - tonumber(ARGV[2]) - now
            if wait < 0 then wait = 0 end
            if wait > tonumber(ARGV[3]) then return {0, wait - tonumber(ARGV[3]), tat - now} end
            local nxt = tat + interval
            redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', math.floor((nxt - now) / 1000) + 60000)
            return {1, wait, nxt - now, string.format('%.0f', nxt), string.format('%.0f', previous)}
            """;
    /**
     * KEYS[1]: the bucket; ARGV: mark, previous. Gives the newest slot back while it is still the newest, restoring
     * the state before it.
     */
    private static final String GIVE_BACK = """
            local cur = redis.call('GET', KEYS[1])
            if cur ~= ARGV[1] then return 0 end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local back = tonumber(ARGV[2])
            if back < now then back = now end
            redis.call('SET', KEYS[1], string.format('%.0f', back), 'PX', math.floor((back - now) / 1000) + 60000)
            return 1
            """;
    /** KEYS[1]: the bucket's start key; ARGV: interval, tau (microseconds). The wait until a call may start. */
    private static final String START_WAIT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
            if tat < now then tat = now end
            local wait = tat - tonumber(ARGV[2]) - now
            if wait < 0 then wait = 0 end
            return wait
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
    private final String startKey;
    private final double fallbackShare;
    private volatile double rate;
    private volatile int capacity;
    private volatile double factor = 1.0;
    private final LocalBucket fallback;
    private final RedisFallback health;
    private volatile long lastBacklogMicros;

    RedisBucket(JedisPooled redis, String name, double rate, int capacity, double fallbackShare, Ticker ticker) {
        this.redis = redis;
        this.key = "sb:bucket:" + name;
        this.startKey = key + ":start";
        this.rate = rate;
        this.capacity = capacity;
        this.fallbackShare = fallbackShare;
        this.fallback = new LocalBucket(rate * fallbackShare, capacity, ticker);
        this.health = new RedisFallback(ticker, () -> RedisConnections.dropIdle(redis), "shared bucket " + name,
                "local bucket at " + Math.round(fallbackShare * 100) + "% of the rate");
    }

    @Override
    public Reservation reserve(long maxWaitNanos) {
        if (health.useRedis()) {
            long interval = intervalMicros();
            long tau = (capacity - 1) * interval;
            try {
                Object r = redis.eval(RESERVE, List.of(key), List.of(Long.toString(interval), Long.toString(tau),
                        Long.toString(maxWaitNanos / 1000)));
                health.succeeded();
                List<?> res = (List<?>) r;
                long wait = ((Number) res.get(1)).longValue() * 1000;
                lastBacklogMicros = ((Number) res.get(2)).longValue();
                if (((Number) res.get(0)).longValue() != 1) {
                    return new Reservation(-Math.max(1, wait), 0, 0);
                }
                // Redis marks are microseconds on its clock; negated so they never match a local mark.
                return new Reservation(wait, -Long.parseLong(String.valueOf(res.get(3))),
                        Long.parseLong(String.valueOf(res.get(4))));
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return fallback.reserve(maxWaitNanos);
    }

    private long intervalMicros() {
        return (long) (1e6 / (rate * factor));
    }

    @Override
    public void giveBack(Reservation r) {
        if (r.mark() >= 0) {
            fallback.giveBack(r);
            return;
        }
        try {
            redis.eval(GIVE_BACK, List.of(key), List.of(Long.toString(-r.mark()), Long.toString(r.previous())));
        } catch (RuntimeException e) {
            // A slot not given back is only a slot unused; reserve() notices the outage.
        }
    }

    @Override
    public long admitStart() {
        if (health.useRedis()) {
            long interval = intervalMicros();
            long tau = (capacity - 1) * interval;
            try {
                List<?> res = (List<?>) redis.eval(RESERVE, List.of(startKey), List.of(Long.toString(interval),
                        Long.toString(tau), "0"));
                health.succeeded();
                return ((Number) res.get(0)).longValue() == 1 ? 0 : Math.max(1, ((Number) res.get(1)).longValue() * 1000);
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return fallback.admitStart();
    }

    @Override
    public long startWait() {
        if (health.useRedis()) {
            long interval = intervalMicros();
            try {
                long wait = ((Number) redis.eval(START_WAIT, List.of(startKey), List.of(Long.toString(interval),
                        Long.toString((capacity - 1) * interval)))).longValue();
                health.succeeded();
                return wait * 1000;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return fallback.startWait();
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
