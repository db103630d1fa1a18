package dev.switchboard.engine.resilience;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ResilienceConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.error.TimedOutException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.limit.Limits;
import dev.switchboard.engine.provider.ProviderResponse;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * Step 7 of the request path: the fallback chain over per-model guards (breaker, retry, time limit), within the
 * request's overall deadline. A model whose breaker is open is skipped at once; the outcome says which model
 * answered and why the others did not.
 */
public final class Resilience implements AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** One attempt at one model: wait for an upstream slot, then make the (time-limited) call. */
    @FunctionalInterface
    public interface Upstream {
        Limits.Outcome call(ModelConfig model, Supplier<ProviderResponse> call, long deadlineNanos);
    }

    /** Which model answered, after how many retries, and why the models before it were passed over. */
    public record Outcome(ProviderResponse response, ModelConfig model, long queuedNanos, int retries,
                          List<String> route) {
    }

    private final Supplier<ResilienceConfig> config;
    private final ConcurrentHashMap<String, ModelGuard> guards = new ConcurrentHashMap<>();
    private final LongAdder transitions = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder fellBack = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final Recorder failover = new Recorder(3);
    private final org.HdrHistogram.Histogram failoverTotal = new org.HdrHistogram.Histogram(3);

    public Resilience(Supplier<ResilienceConfig> config) {
        this.config = config;
    }

    private ModelGuard guard(String model) {
        ResilienceConfig c = config.get();
        ModelGuard g = guards.get(model);
        if (g == null || !g.config.equals(c)) {
            // A config edit rebuilds the guards; a breaker's history starts again with the new thresholds.
            g = guards.compute(model, (m, old) -> old != null && old.config.equals(c) ? old
                    : new ModelGuard(m, c, transitions, retried));
        }
        return g;
    }

    /** The request's overall deadline, from now. */
    public long deadlineFromNow() {
        return System.nanoTime() + config.get().deadline().toNanos();
    }

    /**
     * Tries the asked model, then its fallbacks, each through its guard.
     *
     * @param models   the configured models, for the fallbacks' prices and versions
     * @param provider makes one call to one model (blocking)
     * @throws EngineException the last failure, naming every model tried, when none answered in time
     */
    public Outcome call(ModelConfig asked, Map<String, ModelConfig> models, Function<ModelConfig, ProviderResponse> provider,
                        Upstream upstream, long deadlineNanos) {
        ResilienceConfig c = config.get();
        List<String> route = new ArrayList<>();
        int retries = 0;
        // When every model tried said 429, the honest answer is "rate limited upstream", not "down".
        boolean all429 = true;
        Duration retryAfter = Duration.ZERO;
        for (String name : c.chain(asked.name())) {
            ModelConfig m = models.get(name);
            if (m == null) {
                continue;
            }
            long start = System.nanoTime();
            if (start >= deadlineNanos) {
                route.add(name + ": not tried, the request's deadline had passed");
                break;
            }
            ModelGuard g = guard(name);
            java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
            Callable<Limits.Outcome> attempt = () -> {
                attempts.incrementAndGet();
                if (System.nanoTime() >= deadlineNanos) {
                    throw new ModelGuard.DeadlinePassed(c.deadline());
                }
                // The time limit is set when the call starts, after any wait for an upstream slot.
                return upstream.call(m, () -> timeLimited(m, c.timeout(), deadlineNanos, provider), deadlineNanos);
            };
            ModelGuard.DEADLINE.set(deadlineNanos);
            try {
                Limits.Outcome out = g.decorate(attempt).call();
                if (!route.isEmpty()) {
                    fellBack.increment();
                }
                return new Outcome(out.response(), m, out.queuedNanos(), retries + attempts.get() - 1, route);
            } catch (CallNotPermittedException e) {
                failover.recordValue(Math.max(1, System.nanoTime() - start));
                route.add(name + ": skipped, breaker " + stateText(g));
                all429 = false;
            } catch (UpstreamRateLimitedException e) {
                route.add(name + ": " + e.getMessage());
                retryAfter = retryAfter.compareTo(e.retryAfter()) > 0 ? retryAfter : e.retryAfter();
            } catch (ModelGuard.DeadlinePassed e) {
                route.add(name + ": stopped, the request's deadline passed");
                throw new TimedOutException("request for " + asked.name() + " (" + String.join("; ", route) + ")",
                        c.deadline());
            } catch (InvalidRequestException | RateLimitedException e) {
                // The request's own fault, or our own limits: another model would not change that.
                throw e;
            } catch (EngineException e) {
                route.add(name + ": " + e.getMessage());
                all429 = false;
            } catch (Exception e) {
                route.add(name + ": " + e);
                all429 = false;
            } finally {
                ModelGuard.DEADLINE.remove();
                retries += Math.max(0, attempts.get() - 1);
            }
        }
        if (System.nanoTime() >= deadlineNanos) {
            throw new TimedOutException("request for " + asked.name() + " (" + String.join("; ", route) + ")",
                    c.deadline());
        }
        if (all429 && !route.isEmpty()) {
            throw new RateLimitedException(RateLimitedException.Reason.UPSTREAM_429, retryAfter,
                    "every model in the chain of " + asked.name() + " answered 429 (" + String.join("; ", route) + ")");
        }
        throw new UpstreamUnavailableException(asked.name(), "no model in its chain could answer ("
                + String.join("; ", route) + ")");
    }

    /**
     * The call under a time limit: the configured timeout, or what is left of the request's deadline if less. A
     * timeout cut short by the deadline is the request's problem, not the model's: it does not count against the
     * breaker and is not retried.
     */
    private ProviderResponse timeLimited(ModelConfig m, Duration timeout, long deadlineNanos,
                                         Function<ModelConfig, ProviderResponse> provider) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new ModelGuard.DeadlinePassed(config.get().deadline());
        }
        boolean cutByDeadline = left < timeout.toNanos();
        Duration limit = cutByDeadline ? Duration.ofNanos(left) : timeout;
        try {
            return TimeLimit.run(limit.toNanos(), () -> provider.apply(m));
        } catch (TimeLimit.Expired e) {
            if (cutByDeadline) {
                throw new ModelGuard.DeadlinePassed(config.get().deadline());
            }
            throw new TimedOutException("call to " + m.name(), limit);
        }
    }

    private static String stateText(ModelGuard g) {
        CircuitBreaker.State st = g.breaker.getState();
        if (st == CircuitBreaker.State.FORCED_OPEN) {
            return "forced open";
        }
        long until = g.openUntilMillis();
        if (until > 0) {
            return "open until " + CLOCK.format(Instant.ofEpochMilli(until));
        }
        return st.name().toLowerCase(java.util.Locale.ROOT);
    }

    public void countCoalesced() {
        coalesced.increment();
    }

    public void countStale() {
        stale.increment();
    }

    /** Forces a model's breaker open (a drill) or closed; {@code null} goes back to normal operation. */
    public void force(String model, Boolean open) {
        CircuitBreaker b = guard(model).breaker;
        if (open == null) {
            b.transitionToClosedState();
        } else if (open) {
            b.transitionToForcedOpenState();
        } else {
            b.transitionToDisabledState();
        }
    }

    public ResilienceSnapshot snapshot(Iterable<String> models) {
        List<BreakerSnapshot> out = new ArrayList<>();
        for (String m : models) {
            ModelGuard g = guard(m);
            CircuitBreaker.Metrics metrics = g.breaker.getMetrics();
            out.add(new BreakerSnapshot(m, g.breaker.getState().name(), metrics.getFailureRate(),
                    metrics.getSlowCallRate(), g.openUntilMillis(), metrics.getNumberOfBufferedCalls(), g.health()));
        }
        double p99;
        synchronized (failoverTotal) {
            failoverTotal.add(failover.getIntervalHistogram());
            p99 = failoverTotal.getTotalCount() == 0 ? 0 : failoverTotal.getValueAtPercentile(99) / 1e6;
        }
        return new ResilienceSnapshot(out, retried.sum(), fellBack.sum(), coalesced.sum(), stale.sum(),
                transitions.sum(), p99);
    }

    @Override
    public void close() {
        guards.clear();
    }
}
