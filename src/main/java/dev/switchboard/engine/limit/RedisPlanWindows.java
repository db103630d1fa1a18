package dev.switchboard.engine.limit;

import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.PlanConfig;
import dev.switchboard.engine.error.RateLimitedException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import dev.switchboard.store.RedisConnections;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Plan windows and lockouts shared by every instance: exact sliding logs as Redis sorted sets, checked and updated
 * in one Lua script on Redis's clock. Without Redis it goes on with {@link LocalPlanWindows} and says so.
 */
final class RedisPlanWindows implements PlanWindows {
    private static final String LOCK = "sb:lock:";
    /** The set of users with a lockout key, so listing them never scans the keyspace. */
    private static final String LOCKED_USERS = "sb:locked-users";

    /**
     * KEYS: minute, hour and model-cap logs, and the lockout. ARGV: the limits (0: none) and a unique member.
     * Returns {0, 0} when admitted, else {1 minute | 2 hour | 3 cap | 4 locked out, milliseconds until it passes}.
     */
    private static final String ADMIT = """
            local locked = redis.call('PTTL', KEYS[4])
            if locked > 0 then return {4, locked} end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local spans = {60000, 3600000, 60000}
            for i = 1, 3 do
              local limit = tonumber(ARGV[i])
              if limit > 0 then
                redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - spans[i])
                local card = redis.call('ZCARD', KEYS[i])
                if card >= limit then
                  -- Room comes when enough entries have left: the (card - limit + 1)-th oldest (limits can shrink).
                  local freeing = redis.call('ZRANGE', KEYS[i], card - limit, card - limit, 'WITHSCORES')
                  return {i, tonumber(freeing[2]) + spans[i] - now}
                end
              end
            end
            for i = 1, 3 do
              if tonumber(ARGV[i]) > 0 then
                redis.call('ZADD', KEYS[i], now, ARGV[4])
                redis.call('PEXPIRE', KEYS[i], spans[i])
              end
            end
            return {0, 0}
            """;
    /** KEYS[1]: strikes log. ARGV: strikes, window ms, member. Returns 1 when this strike is one too many. */
    private static final String STRIKE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
            redis.call('ZADD', KEYS[1], now, ARGV[3])
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """;

    private final JedisPooled redis;
    private final LocalPlanWindows fallback;
    private final RedisFallback health;

    RedisPlanWindows(JedisPooled redis, Ticker ticker) {
        this.redis = redis;
        this.fallback = new LocalPlanWindows(ticker);
        this.health = new RedisFallback(ticker, () -> RedisConnections.dropIdle(redis), "shared plan windows",
                "windows enforced per instance");
    }

    private static String member() {
        // Unique, not a time: the score carries Redis's clock.
        return Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Override
    public Rejection admit(String user, PlanConfig plan, String model, int modelCap) {
        if (health.useRedis()) {
            try {
                List<?> r = (List<?>) redis.eval(ADMIT,
                        List.of("sb:plan:" + user + ":m", "sb:plan:" + user + ":h", "sb:cap:" + user + ":" + model,
                                LOCK + user),
                        List.of(Integer.toString(plan.perMinute()), Integer.toString(plan.perHour()),
                                Integer.toString(modelCap), member()));
                health.succeeded();
                int which = ((Number) r.get(0)).intValue();
                long wait = Math.max(1, ((Number) r.get(1)).longValue());
                return switch (which) {
                    case 0 -> null;
                    case 1 -> new Rejection(Reason.PLAN_MINUTE, wait);
                    case 2 -> new Rejection(Reason.PLAN_HOUR, wait);
                    case 3 -> new Rejection(Reason.MODEL_CAP, wait);
                    default -> new Rejection(Reason.LOCKED_OUT, wait);
                };
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return fallback.admit(user, plan, model, modelCap);
    }

    @Override
    public long lockedUntil(String user) {
        if (health.useRedis()) {
            try {
                long ttl = redis.pttl(LOCK + user);
                health.succeeded();
                return ttl > 0 ? System.currentTimeMillis() + ttl : 0;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return fallback.lockedUntil(user);
    }

    @Override
    public boolean strike(String user, LimitsConfig limits) {
        if (health.useRedis()) {
            try {
                long over = ((Number) redis.eval(STRIKE, List.of("sb:strikes:" + user),
                        List.of(Integer.toString(limits.abuseStrikes()),
                                Long.toString(limits.abuseWindow().toMillis()), member()))).longValue();
                if (over == 1) {
                    redis.set(LOCK + user, Long.toString(System.currentTimeMillis()),
                            SetParams.setParams().px(limits.lockout().toMillis()));
                    redis.sadd(LOCKED_USERS, user);
                }
                health.succeeded();
                return over == 1;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return fallback.strike(user, limits);
    }

    @Override
    public List<Lockout> lockouts() {
        if (health.useRedis()) {
            try {
                List<Lockout> out = new ArrayList<>();
                for (String user : redis.smembers(LOCKED_USERS)) {
                    long ttl = redis.pttl(LOCK + user);
                    if (ttl > 0) {
                        out.add(new Lockout(user, System.currentTimeMillis() + ttl));
                    } else {
                        redis.srem(LOCKED_USERS, user);
                    }
                }
                health.succeeded();
                out.sort((a, b) -> Long.compare(b.untilMillis(), a.untilMillis()));
                return out;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return fallback.lockouts();
    }

    @Override
    public boolean clearLockout(String user) {
        boolean local = fallback.clearLockout(user);
        try {
            boolean shared = redis.del(LOCK + user) > 0;
            redis.srem(LOCKED_USERS, user);
            health.succeeded();
            return shared || local;
        } catch (RuntimeException e) {
            health.failed(e);
            return local;
        }
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
    public void close() {
        fallback.close();
    }
}
