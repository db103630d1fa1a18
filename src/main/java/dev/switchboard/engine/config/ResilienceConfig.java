package dev.switchboard.engine.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How provider calls are protected: a circuit breaker per model, a time limit per call, retries of retryable
 * failures with backoff and jitter, an overall deadline per request, fallback chains, serving stale answers when
 * nothing else can, and coalescing identical requests.
 *
 * @param failureRate   percent of failed calls in the last {@code window} calls that opens a breaker
 * @param minCalls      calls a breaker needs to have seen before it may open
 * @param openFor       how long an open breaker refuses calls before letting a trial through
 * @param slowCall      a call slower than this counts as slow; {@code slowCallRate} percent of slow calls opens it
 * @param fallbacks     per model, the models to try next, in order
 * @param staleGrace    how long past its expiry a cached answer may still be served when no model can answer
 * @param dedupWindow   after a call completes, identical requests in this window get its answer too (0: off)
 */
public record ResilienceConfig(int failureRate, int window, int minCalls, Duration openFor, Duration slowCall,
                               int slowCallRate, Duration timeout, int maxAttempts, Duration retryBase,
                               Duration retryCap, Duration deadline, Map<String, List<String>> fallbacks,
                               Duration staleGrace, Duration dedupWindow) {

    public static final ResilienceConfig DEFAULTS = new ResilienceConfig(50, 10, 5, Duration.ofSeconds(60),
            Duration.ofSeconds(5), 100, Duration.ofSeconds(10), 3, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Map.of(), Duration.ofHours(1), Duration.ofSeconds(5));

    public ResilienceConfig {
        percent("resilience.breaker.failure_rate", failureRate);
        percent("resilience.breaker.slow_call_rate", slowCallRate);
        if (window < 1 || window > 10_000) {
            throw new ConfigException(null, "resilience.breaker.window", "must be between 1 and 10000 calls, got " + window);
        }
        if (minCalls < 1 || minCalls > window) {
            throw new ConfigException(null, "resilience.breaker.min_calls",
                    "must be between 1 and the window (" + window + "), got " + minCalls);
        }
        Check.positive("resilience.breaker.open_for", openFor);
        Check.positive("resilience.breaker.slow_call", slowCall);
        Check.positive("resilience.timeout", timeout);
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new ConfigException(null, "resilience.retry.max_attempts", "must be between 1 and 20, got " + maxAttempts);
        }
        Check.positive("resilience.retry.base", retryBase);
        Check.positive("resilience.retry.cap", retryCap);
        Check.positive("resilience.deadline", deadline);
        if (staleGrace.isNegative()) {
            throw new ConfigException(null, "resilience.stale_grace", "must not be negative");
        }
        if (dedupWindow.isNegative()) {
            throw new ConfigException(null, "resilience.dedup_window", "must not be negative");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fallbacks.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        fallbacks = Collections.unmodifiableMap(copy);
    }

    private static void percent(String field, int v) {
        if (v < 1 || v > 100) {
            throw new ConfigException(null, field, "must be a percentage from 1 to 100, got " + v);
        }
    }

    /** The model and the ones to try after it, without repeats. */
    public List<String> chain(String model) {
        List<String> out = new ArrayList<>();
        out.add(model);
        for (String m : fallbacks.getOrDefault(model, List.of())) {
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * How much of the request's deadline a call needs left when it starts: its time limit, but at most half the
     * deadline (so a deadline shorter than the timeout still lets requests queue). A slot later than that is
     * refused before the call, rather than made and cut short by the deadline.
     */
    public Duration callReserve() {
        Duration half = deadline.dividedBy(2);
        return timeout.compareTo(half) < 0 ? timeout : half;
    }

    public ResilienceConfig withFallbacks(Map<String, List<String>> f) {
        return new ResilienceConfig(failureRate, window, minCalls, openFor, slowCall, slowCallRate, timeout,
                maxAttempts, retryBase, retryCap, deadline, f, staleGrace, dedupWindow);
    }
}
