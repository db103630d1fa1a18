package dev.switchboard.engine.provider;

import dev.switchboard.store.RedisConnections;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.JedisPooled;

/**
 * The simulated upstream's own "N requests per second" limit, counted in Redis as an exact sliding log on
 * Redis's clock, so engines in several processes call one upstream between them. Test equipment: it plays the
 * provider, not the engine.
 */
final class SharedUpstreamWindow implements AutoCloseable {
    /** KEYS[1]: the log. ARGV: limit, member. Returns 0 when within the limit, else microseconds until it would be. */
    private static final String ACQUIRE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000000)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
              local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
              return math.max(1, tonumber(oldest[2]) + 1000000 - now)
            end
            redis.call('ZADD', KEYS[1], now, ARGV[2])
            redis.call('PEXPIRE', KEYS[1], 2000)
            return 0
            """;

    private final JedisPooled redis;

    SharedUpstreamWindow(String url) {
        this.redis = new RedisConnections(url, Duration.ofMillis(500)).pooled(32);
    }

    /** @return 0 when the call is within the limit, else the nanoseconds until it would have been */
    long tryAcquire(String model, int limit) {
        Object r = redis.eval(ACQUIRE, List.of("sb:sim-upstream:" + model),
                List.of(Integer.toString(limit), System.nanoTime() + "-" + ThreadLocalRandom.current().nextLong()));
        return ((Number) r).longValue() * 1000;
    }

    @Override
    public void close() {
        redis.close();
    }
}
