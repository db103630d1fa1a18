package dev.switchboard.engine.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Admission control: plan windows per user, per-model caps per user, upstream token buckets with a bounded
 * queue, abuse lockouts and the backoff after upstream 429s.
 *
 * @param shared         keep windows, buckets and lockouts in Redis (needs L2), so every instance enforces the same
 * @param fallbackShare  share of a shared bucket's rate a lone instance uses while Redis is unreachable
 * @param modelBuckets   per-model buckets; a model not listed uses {@code defaultBucket} (null: no bucket)
 * @param providerBucket one bucket for the whole provider endpoint (null: none)
 * @param queueCapacity  requests that may wait for one bucket at once
 * @param maxWait        the longest a request waits for a bucket (its deadline) before RateLimited
 * @param modelCaps      per user and model, requests a minute, for expensive models
 */
public record LimitsConfig(boolean enabled, boolean shared, double fallbackShare, BucketConfig defaultBucket,
                           Map<String, BucketConfig> modelBuckets, BucketConfig providerBucket, int queueCapacity,
                           Duration maxWait, Map<String, PlanConfig> plans, String defaultPlan,
                           Map<String, Integer> modelCaps, int abuseStrikes, Duration abuseWindow,
                           Duration lockout, Duration backoffBase, Duration backoffCap) {

    public static final LimitsConfig NONE = new LimitsConfig(false, false, 0.5, null, Map.of(), null, 1000,
            Duration.ofSeconds(30), defaultPlans(), "free", Map.of(), 3, Duration.ofMinutes(1), Duration.ofMinutes(15),
            Duration.ofSeconds(1), Duration.ofSeconds(30));

    public LimitsConfig {
        modelBuckets = Collections.unmodifiableMap(new LinkedHashMap<>(modelBuckets));
        plans = Collections.unmodifiableMap(new LinkedHashMap<>(plans));
        modelCaps = Collections.unmodifiableMap(new LinkedHashMap<>(modelCaps));
        Check.fraction("limits.fallback_share", fallbackShare);
        if (fallbackShare <= 0) {
            throw new ConfigException(null, "limits.fallback_share", "must be more than 0");
        }
        if (queueCapacity < 0) {
            throw new ConfigException(null, "limits.upstream.queue", "must be zero or more, got " + queueCapacity);
        }
        Check.positive("limits.upstream.max_wait", maxWait);
        if (!plans.containsKey(defaultPlan)) {
            throw new ConfigException(null, "limits.default_plan", "'" + defaultPlan + "' is not one of the plans "
                    + plans.keySet());
        }
        modelCaps.forEach((m, cap) -> {
            if (cap == null || cap < 1) {
                throw new ConfigException(null, "limits.model_caps." + m, "must be at least 1 a minute, got " + cap);
            }
        });
        if (abuseStrikes < 1) {
            throw new ConfigException(null, "limits.abuse.strikes", "must be at least 1, got " + abuseStrikes);
        }
        Check.positive("limits.abuse.window", abuseWindow);
        Check.positive("limits.abuse.lockout", lockout);
        Check.positive("limits.backoff.base", backoffBase);
        Check.positive("limits.backoff.cap", backoffCap);
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new ConfigException(null, "limits.backoff.cap", "must be at least the base ("
                    + Durations.format(backoffBase) + "), got " + Durations.format(backoffCap));
        }
    }

    /** The defaults: free 10 a minute and 100 an hour, pro 50, expert 200, master 1000 a minute. */
    public static Map<String, PlanConfig> defaultPlans() {
        Map<String, PlanConfig> m = new LinkedHashMap<>();
        m.put("free", new PlanConfig("free", 10, 100));
        m.put("pro", new PlanConfig("pro", 50, 0));
        m.put("expert", new PlanConfig("expert", 200, 0));
        m.put("master", new PlanConfig("master", 1000, 0));
        return m;
    }

    /** The bucket for a model, or null when its calls are not limited. */
    public BucketConfig bucketFor(String model) {
        return modelBuckets.getOrDefault(model, defaultBucket);
    }

    public PlanConfig plan(String name) {
        PlanConfig p = name == null ? null : plans.get(name);
        return p != null ? p : plans.get(defaultPlan);
    }

    public LimitsConfig withPlans(Map<String, PlanConfig> p) {
        return new LimitsConfig(enabled, shared, fallbackShare, defaultBucket, modelBuckets, providerBucket,
                queueCapacity, maxWait, p, defaultPlan, modelCaps, abuseStrikes, abuseWindow, lockout, backoffBase,
                backoffCap);
    }

    public LimitsConfig withBuckets(BucketConfig dflt, Map<String, BucketConfig> perModel) {
        return new LimitsConfig(enabled, shared, fallbackShare, dflt, perModel, providerBucket, queueCapacity,
                maxWait, plans, defaultPlan, modelCaps, abuseStrikes, abuseWindow, lockout, backoffBase, backoffCap);
    }

    /** The same limits switched on or off (on from {@link #NONE}: the default plans, no buckets). */
    public LimitsConfig withEnabled(boolean on) {
        return new LimitsConfig(on, shared, fallbackShare, defaultBucket, modelBuckets, providerBucket,
                queueCapacity, maxWait, plans, defaultPlan, modelCaps, abuseStrikes, abuseWindow, lockout, backoffBase,
                backoffCap);
    }

    public LimitsConfig withModelCaps(Map<String, Integer> caps) {
        return new LimitsConfig(enabled, shared, fallbackShare, defaultBucket, modelBuckets, providerBucket,
                queueCapacity, maxWait, plans, defaultPlan, caps, abuseStrikes, abuseWindow, lockout, backoffBase,
                backoffCap);
    }
}
