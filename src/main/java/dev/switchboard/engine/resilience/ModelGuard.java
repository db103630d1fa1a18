package dev.switchboard.engine.resilience;

import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.ResilienceConfig;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.error.ProviderAuthException;
import dev.switchboard.engine.error.UpstreamRejectedException;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.error.TimedOutException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One model's protection, in Resilience4j's documented order: a retry outermost, around an attempt that waits for
 * an upstream slot (outside the breaker) and then makes the protected call, which alone the breaker measures.
 * Retries only what may succeed next time (timeouts, 5xx, 429 after its wait), never a request's own fault, and
 * never past the request's deadline.
 *
 * <p>The breaker outlives config edits: a guard is {@link #adapt adapted} to a new config, keeping its breaker
 * (state and history) unless the breaker's own thresholds changed, and even then keeping a drill's forced state.
 */
final class ModelGuard {
    /** The deadline of the request running on this thread; the retry's wait reads it. */
    static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    /** The part of the config the breaker is built from; other edits (fallbacks, retries) keep the breaker. */
    record BreakerSettings(int failureRate, int window, int minCalls, Duration openFor, Duration slowCall,
                           int slowCallRate) {
        static BreakerSettings of(ResilienceConfig c) {
            return new BreakerSettings(c.failureRate(), c.window(), c.minCalls(), c.openFor(), c.slowCall(),
                    c.slowCallRate());
        }
    }

    /** What a guard's breakers share across adaptations: the clocks, counters, and when the breaker last opened. */
    private record Shared(String model, Ticker ticker, InstantSource clock, LongAdder transitions,
                          AtomicLong openedAtMillis) {
    }

    final ResilienceConfig config;
    final CircuitBreaker breaker;
    final Retry retry;
    private final BreakerSettings settings;
    private final Shared shared;
    private final LongAdder retried;

    private ModelGuard(ResilienceConfig c, CircuitBreaker breaker, Shared shared, LongAdder retried) {
        this.config = c;
        this.breaker = breaker;
        this.settings = BreakerSettings.of(c);
        this.shared = shared;
        this.retried = retried;
        this.retry = Retry.of(shared.model(), RetryConfig.<Object>custom()
                .maxAttempts(c.maxAttempts())
                .retryOnException(ModelGuard::retryable)
                .intervalBiFunction((attempt, outcome) -> waitMillis(c, attempt,
                        outcome.isLeft() ? outcome.getLeft() : null, shared.ticker()))
                .build());
        retry.getEventPublisher().onRetry(e -> retried.increment());
    }

    static ModelGuard create(String model, ResilienceConfig c, Ticker ticker, InstantSource clock,
                             LongAdder transitions, LongAdder retried) {
        Shared shared = new Shared(model, ticker, clock, transitions, new AtomicLong());
        return new ModelGuard(c, newBreaker(BreakerSettings.of(c), shared, null), shared, retried);
    }

    /** This guard under a new config: the same breaker when its thresholds did not change. */
    ModelGuard adapt(ResilienceConfig c) {
        BreakerSettings next = BreakerSettings.of(c);
        CircuitBreaker b = next.equals(settings) ? breaker : newBreaker(next, shared, breaker);
        return new ModelGuard(c, b, shared, retried);
    }

    private static CircuitBreaker newBreaker(BreakerSettings s, Shared shared, CircuitBreaker previous) {
        CircuitBreakerConfig cfg = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.window())
                .minimumNumberOfCalls(s.minCalls())
                .failureRateThreshold(s.failureRate())
                .slowCallDurationThreshold(s.slowCall())
                .slowCallRateThreshold(s.slowCallRate())
                .waitDurationInOpenState(s.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                // Call durations on the engine's ticker, the open state's wait on its clock: tests move both.
                .currentTimestampFunction(clock -> shared.ticker().read(), TimeUnit.NANOSECONDS)
                .recordExceptions(TimedOutException.class, UpstreamErrorException.class,
                        UpstreamUnavailableException.class)
                .ignoreExceptions(RateLimitedException.class, UpstreamRateLimitedException.class,
                        InvalidRequestException.class, UpstreamRejectedException.class, ProviderAuthException.class,
                        DeadlinePassed.class)
                .build();
        CircuitBreaker b = new CircuitBreakerStateMachine(shared.model(), cfg, shared.clock().withZone(ZoneOffset.UTC));
        if (previous != null) {
            carryState(previous.getState(), b, shared);
        }
        // Registered after the carry-over: carrying a state is not a transition of the model's health.
        b.getEventPublisher().onStateTransition(e -> {
            shared.transitions().increment();
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                shared.openedAtMillis().set(shared.clock().millis());
            }
        });
        return b;
    }

    /**
     * New thresholds start a new history, but an open breaker or a drill stays as the operator left it. A half-open
     * breaker is carried as open (Resilience4j has no closed-to-half-open step): its trial call comes after a
     * fresh {@code open_for}, counted from now.
     */
    private static void carryState(CircuitBreaker.State state, CircuitBreaker b, Shared shared) {
        switch (state) {
            case OPEN, HALF_OPEN -> {
                b.transitionToOpenState();
                shared.openedAtMillis().set(shared.clock().millis());
            }
            case FORCED_OPEN -> b.transitionToForcedOpenState();
            case DISABLED -> b.transitionToDisabledState();
            case METRICS_ONLY -> b.transitionToMetricsOnlyState();
            default -> {
            }
        }
    }

    static boolean retryable(Throwable t) {
        return t instanceof TimedOutException
                || t instanceof UpstreamErrorException || t instanceof UpstreamRateLimitedException;
    }

    /** Retry-After when the upstream gave one, else exponential backoff with full jitter; never past the deadline. */
    static long waitMillis(ResilienceConfig c, int attempt, Throwable failure, Ticker ticker) {
        long wait;
        if (failure instanceof UpstreamRateLimitedException r && r.retryAfter() != null) {
            wait = r.retryAfter().toMillis();
        } else {
            long base = c.retryBase().toMillis();
            long ceiling = Math.min(c.retryCap().toMillis(), base << Math.min(Math.max(attempt - 1, 0), 20));
            wait = ThreadLocalRandom.current().nextLong(ceiling + 1);
        }
        Long deadline = DEADLINE.get();
        if (deadline != null) {
            // Wake at the deadline at the latest; the attempt then sees it has passed and stops.
            wait = Math.min(wait, Math.max(0, (deadline - ticker.read()) / 1_000_000));
        }
        return Math.max(0, wait);
    }

    /** When an open breaker lets a trial call through (epoch millis), 0 when it is not open. */
    long openUntilMillis() {
        return breaker.getState() == CircuitBreaker.State.OPEN
                ? shared.openedAtMillis().get() + config.openFor().toMillis() : 0;
    }

    Health health() {
        CircuitBreaker.State s = breaker.getState();
        if (s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.FORCED_OPEN) {
            return Health.DOWN;
        }
        float failures = breaker.getMetrics().getFailureRate();
        float slow = breaker.getMetrics().getSlowCallRate();
        if (s == CircuitBreaker.State.HALF_OPEN || failures >= 10 || slow >= 20) {
            return Health.DEGRADED;
        }
        return Health.HEALTHY;
    }

    /** The request's overall deadline has passed: not a failure of the model, and not worth a retry. */
    static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed(Duration deadline) {
            super("deadline of " + deadline.toMillis() + " ms passed", null, false, false);
        }
    }
}
