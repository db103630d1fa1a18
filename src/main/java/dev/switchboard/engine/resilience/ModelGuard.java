package dev.switchboard.engine.resilience;

import dev.switchboard.engine.config.ResilienceConfig;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.error.TimedOutException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * One model's protection, composed the Resilience4j way: a circuit breaker around a retry around the attempt
 * (which waits for an upstream slot and runs the call under a time limit). Retries only what may succeed next
 * time (timeouts, 5xx, 429 after its wait), never a request's own fault, and never past the request's deadline.
 */
final class ModelGuard {
    /** The deadline of the request running on this thread; the retry's wait reads it. */
    static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    final ResilienceConfig config;
    final CircuitBreaker breaker;
    final Retry retry;
    /** When the breaker last opened (epoch millis); Resilience4j does not expose the open state's deadline. */
    private volatile long openedAtMillis;

    ModelGuard(String model, ResilienceConfig c, LongAdder transitions, LongAdder retried) {
        this.config = c;
        this.breaker = CircuitBreaker.of(model, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(c.window())
                .minimumNumberOfCalls(c.minCalls())
                .failureRateThreshold(c.failureRate())
                .slowCallDurationThreshold(c.slowCall())
                .slowCallRateThreshold(c.slowCallRate())
                .waitDurationInOpenState(c.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(TimedOutException.class, UpstreamErrorException.class,
                        UpstreamUnavailableException.class)
                .ignoreExceptions(RateLimitedException.class, UpstreamRateLimitedException.class,
                        InvalidRequestException.class, DeadlinePassed.class)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> {
            transitions.increment();
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAtMillis = System.currentTimeMillis();
            }
        });
        this.retry = Retry.of(model, RetryConfig.<Object>custom()
                .maxAttempts(c.maxAttempts())
                .retryOnException(ModelGuard::retryable)
                .intervalBiFunction((attempt, outcome) -> waitMillis(c, attempt,
                        outcome.isLeft() ? outcome.getLeft() : null))
                .build());
        retry.getEventPublisher().onRetry(e -> retried.increment());
    }

    static boolean retryable(Throwable t) {
        return t instanceof TimedOutException
                || t instanceof UpstreamErrorException || t instanceof UpstreamRateLimitedException;
    }

    /** Retry-After when the upstream gave one, else exponential backoff with full jitter; never past the deadline. */
    static long waitMillis(ResilienceConfig c, int attempt, Throwable failure) {
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
            wait = Math.min(wait, Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        }
        return Math.max(0, wait);
    }

    /** Breaker around retry around the attempt. */
    <T> Callable<T> decorate(Callable<T> attempt) {
        return CircuitBreaker.decorateCallable(breaker, Retry.decorateCallable(retry, attempt));
    }

    /** When an open breaker lets a trial call through (epoch millis), 0 when it is not open. */
    long openUntilMillis() {
        return breaker.getState() == CircuitBreaker.State.OPEN ? openedAtMillis + config.openFor().toMillis() : 0;
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
