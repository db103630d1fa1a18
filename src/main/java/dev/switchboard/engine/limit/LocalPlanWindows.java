package dev.switchboard.engine.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.PlanConfig;
import dev.switchboard.engine.error.RateLimitedException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plan windows in this process: exact sliding logs per user (minute, hour, and per capped model), kept for users
 * seen in the last two hours. The check is a few array reads under the user's own lock, so it costs the hot path
 * next to nothing and users never wait on each other.
 */
final class LocalPlanWindows implements PlanWindows {
    private static final long MINUTE = 60_000_000_000L;
    private static final long HOUR = 60 * MINUTE;

    private final Cache<String, UserWindows> users = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(2)).build();
    private final ConcurrentHashMap<String, Long> lockouts = new ConcurrentHashMap<>();
    private final Ticker ticker;

    LocalPlanWindows(Ticker ticker) {
        this.ticker = ticker;
    }

    /** One user's logs; rebuilt when the plan's numbers change. */
    private static final class UserWindows {
        SlidingWindowLog minute;
        SlidingWindowLog hour;
        final Map<String, SlidingWindowLog> caps = new HashMap<>();
        SlidingWindowLog strikes;
    }

    private static SlidingWindowLog fit(SlidingWindowLog log, int limit, long window) {
        if (limit <= 0) {
            return null;
        }
        return log != null && log.limit() == limit ? log : new SlidingWindowLog(limit, window);
    }

    @Override
    public Rejection admit(String user, PlanConfig plan, String model, int modelCap) {
        long locked = lockedUntil(user);
        if (locked > 0) {
            return new Rejection(Reason.LOCKED_OUT, Math.max(1, locked - System.currentTimeMillis()));
        }
        UserWindows w = users.get(user, u -> new UserWindows());
        long now = ticker.read();
        synchronized (w) {
            w.minute = fit(w.minute, plan.perMinute(), MINUTE);
            w.hour = fit(w.hour, plan.perHour(), HOUR);
            SlidingWindowLog cap = modelCap > 0 ? w.caps.compute(model, (m, log) -> fit(log, modelCap, MINUTE)) : null;
            long wait;
            if (w.minute != null && (wait = w.minute.waitNanos(now)) > 0) {
                return new Rejection(Reason.PLAN_MINUTE, millis(wait));
            }
            if (w.hour != null && (wait = w.hour.waitNanos(now)) > 0) {
                return new Rejection(Reason.PLAN_HOUR, millis(wait));
            }
            if (cap != null && (wait = cap.waitNanos(now)) > 0) {
                return new Rejection(Reason.MODEL_CAP, millis(wait));
            }
            if (w.minute != null) {
                w.minute.record(now);
            }
            if (w.hour != null) {
                w.hour.record(now);
            }
            if (cap != null) {
                cap.record(now);
            }
            return null;
        }
    }

    private static long millis(long nanos) {
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    @Override
    public long lockedUntil(String user) {
        Long until = lockouts.get(user);
        if (until == null) {
            return 0;
        }
        if (until <= System.currentTimeMillis()) {
            lockouts.remove(user, until);
            return 0;
        }
        return until;
    }

    @Override
    public boolean strike(String user, LimitsConfig limits) {
        UserWindows w = users.get(user, u -> new UserWindows());
        long now = ticker.read();
        synchronized (w) {
            w.strikes = fit(w.strikes, limits.abuseStrikes(), limits.abuseWindow().toNanos());
            w.strikes.record(now);
            if (w.strikes.waitNanos(now) > 0) {
                lockouts.put(user, System.currentTimeMillis() + limits.lockout().toMillis());
                w.strikes = null;
                return true;
            }
            return false;
        }
    }

    @Override
    public List<Lockout> lockouts() {
        long now = System.currentTimeMillis();
        List<Lockout> out = new ArrayList<>();
        lockouts.forEach((u, until) -> {
            if (until > now) {
                out.add(new Lockout(u, until));
            }
        });
        out.sort((a, b) -> Long.compare(b.untilMillis(), a.untilMillis()));
        return out;
    }

    @Override
    public boolean clearLockout(String user) {
        return lockouts.remove(user) != null;
    }

    @Override
    public BucketMode mode() {
        return BucketMode.LOCAL;
    }

    @Override
    public String modeReason() {
        return "";
    }

    @Override
    public void close() {
        users.invalidateAll();
    }
}
