package dev.switchboard.engine.resilience;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ResilienceConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.error.ProviderAuthException;
import dev.switchboard.engine.error.UpstreamRejectedException;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.error.TimedOutException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.limit.UpstreamPermit;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * Step 7 of the request path: the fallback chain over per-model guards, within the request's overall deadline.
 * Per model, in Resilience4j's documented order: retry outermost; inside it the wait for an upstream slot, outside
 * the breaker, so time spent queueing is never a slow call; then the breaker around the time-limited provider call,
 * which alone it measures. A model whose breaker is open is skipped at once; the outcome says which model answered
 * and why the others did not. For a stream the call is its opening, up to the first event: retries and failover
 * end where the caller's first byte begins. Only engine failures are caught: a programming error propagates as itself.
 */
public final class Resilience implements AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** The front of one attempt: a slot in the upstream buckets that leaves {@code reserveNanos} for the call. */
    @FunctionalInterface
    public interface Upstream {
        UpstreamPermit acquire(ModelConfig model, long deadlineNanos, long reserveNanos);
    }

    /** Told of every call that reached a provider and did not answer: it may still cost money. */
    @FunctionalInterface
    public interface FailedCalls {
        FailedCalls NONE = (model, kind, billable) -> { };

        /**
         * @param kind     the failure's kind, e.g. {@code timed_out}, {@code upstream_error}
         * @param billable the provider may bill it: the call was cut while it ran (the prompt was processed)
         */
        void failed(ModelConfig model, String kind, boolean billable);
    }

    /** Which model answered, after how many retries, and why the models before it were passed over. */
    public record Outcome<T>(T response, ModelConfig model, long queuedNanos, int retries,
                             List<String> route) {
    }

    /** One attempt's answer and its queue wait. */
    private record Answer<T>(T response, long queuedNanos) {
    }

    private final Supplier<ResilienceConfig> config;
    private final Ticker ticker;
    private final InstantSource clock;
    private final TimeLimit timeLimit;
    private final ConcurrentHashMap<String, ModelGuard> guards = new ConcurrentHashMap<>();
    private final LongAdder transitions = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder fellBack = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final Recorder failover = new Recorder(3);
    private final org.HdrHistogram.Histogram failoverTotal = new org.HdrHistogram.Histogram(3);

    public Resilience(Supplier<ResilienceConfig> config) {
        this(config, Ticker.system(), InstantSource.system());
    }

    public Resilience(Supplier<ResilienceConfig> config, Ticker ticker, InstantSource clock) {
        this.config = config;
        this.ticker = ticker;
        this.clock = clock;
        this.timeLimit = new TimeLimit(ticker);
    }

    /** The model's guard under the current config; the registry keeps its breaker across config swaps. */
    private ModelGuard guard(String model) {
        ResilienceConfig c = config.get();
        ModelGuard g = guards.get(model);
        if (g == null || g.config != c) {
            g = guards.compute(model, (m, old) -> old == null ? ModelGuard.create(m, c, ticker, clock, transitions,
                    retried) : old.config == c ? old : old.adapt(c));
        }
        return g;
    }

    /** The request's overall deadline, from now. */
    public long deadlineFromNow() {
        return ticker.read() + config.get().deadline().toNanos();
    }

    /**
     * Tries the asked model, then its fallbacks, each through its guard.
     *
     * @param models   the configured models, for the fallbacks' prices and versions
     * @param provider makes one call to one model (blocking)
     * @param upstream the upstream buckets' queue (admission's step 7 front)
     * @param failed   told of calls that reached a provider and failed
     * @throws EngineException the last failure, naming every model tried, when none answered in time
     */
    public <T> Outcome<T> call(ModelConfig asked, Map<String, ModelConfig> models, Function<ModelConfig, T> provider,
                               Upstream upstream, long deadlineNanos, FailedCalls failed) {
        ResilienceConfig c = config.get();
        List<String> route = new ArrayList<>();
        int retries = 0;
        // When every model tried said 429, the honest answer is "rate limited upstream", not "down".
        boolean all429 = true;
        Duration retryAfter = Duration.ZERO;
        // When every model tried refused our credentials, that (naming the provider) is the answer, not "down".
        ProviderAuthException refused = null;
        boolean allRefused = true;
        for (String name : c.chain(asked.name())) {
            ModelConfig m = models.get(name);
            if (m == null) {
                continue;
            }
            long start = ticker.read();
            if (start - deadlineNanos >= 0) {
                route.add(name + ": not tried, the request's deadline had passed");
                break;
            }
            ModelGuard g = guard(name);
            if (openNow(g)) {
                // Skipped at once, before queueing for a slot the call could not use.
                failover.recordValue(Math.max(1, ticker.read() - start));
                route.add(name + ": skipped, breaker " + stateText(g));
                all429 = false;
                allRefused = false;
                continue;
            }
            AtomicInteger attempts = new AtomicInteger();
            Callable<Answer<T>> attempt = () -> attempt(m, g, c, provider, upstream, deadlineNanos, failed, attempts);
            ModelGuard.DEADLINE.set(deadlineNanos);
            try {
                Answer<T> out = Retry.decorateCallable(g.retry, attempt).call();
                if (!route.isEmpty()) {
                    fellBack.increment();
                }
                return new Outcome<>(out.response(), m, out.queuedNanos(), retries + attempts.get() - 1, route);
            } catch (CallNotPermittedException e) {
                failover.recordValue(Math.max(1, ticker.read() - start));
                route.add(name + ": skipped, breaker " + stateText(g));
                all429 = false;
                allRefused = false;
            } catch (UpstreamRateLimitedException e) {
                route.add(name + ": " + e.getMessage());
                allRefused = false;
                retryAfter = retryAfter.compareTo(e.retryAfter()) > 0 ? retryAfter : e.retryAfter();
            } catch (ModelGuard.DeadlinePassed e) {
                route.add(name + ": stopped, the request's deadline passed");
                throw new TimedOutException("request for " + asked.name() + " (" + String.join("; ", route) + ")",
                        c.deadline());
            } catch (InvalidRequestException | UpstreamRejectedException | RateLimitedException e) {
                // The request's own fault, or our own limits: another model would not change that.
                throw e;
            } catch (ProviderAuthException e) {
                route.add(name + ": " + e.getMessage());
                all429 = false;
                refused = e;
            } catch (EngineException e) {
                route.add(name + ": " + e.getMessage());
                all429 = false;
                allRefused = false;
            } catch (RuntimeException e) {
                // A programming error is not a model being down: no fallback, no stale answer hides it.
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("unexpected checked exception from a provider call", e);
            } finally {
                ModelGuard.DEADLINE.remove();
                retries += Math.max(0, attempts.get() - 1);
            }
        }
        if (ticker.read() - deadlineNanos >= 0) {
            throw new TimedOutException("request for " + asked.name() + " (" + String.join("; ", route) + ")",
                    c.deadline());
        }
        if (refused != null && allRefused) {
            throw refused;
        }
        if (all429 && !route.isEmpty()) {
            throw new RateLimitedException(RateLimitedException.Reason.UPSTREAM_429, retryAfter,
                    "every model in the chain of " + asked.name() + " answered 429 (" + String.join("; ", route) + ")");
        }
        throw new UpstreamUnavailableException(asked.name(), "no model in its chain could answer ("
                + String.join("; ", route) + ")");
    }

    /**
     * One attempt at one model: a slot first (outside the breaker), then the breaker around the time-limited call.
     * A request whose deadline cannot cover the call is stopped before it, so no call is cut short only by it.
     */
    private <T> Answer<T> attempt(ModelConfig m, ModelGuard g, ResilienceConfig c, Function<ModelConfig, T> provider,
                           Upstream upstream, long deadlineNanos, FailedCalls failed, AtomicInteger attempts) {
        attempts.incrementAndGet();
        long reserve = c.callReserve().toNanos();
        if (deadlineNanos - ticker.read() < reserve) {
            throw new ModelGuard.DeadlinePassed(c.deadline());
        }
        UpstreamPermit permit = upstream.acquire(m, deadlineNanos, reserve);
        if (!g.breaker.tryAcquirePermission()) {
            // The breaker opened while we queued: the slot goes back to the next caller.
            permit.unused();
            throw CallNotPermittedException.createCallNotPermittedException(g.breaker);
        }
        long started = g.breaker.getCurrentTimestamp();
        try {
            T response = timeLimited(m, c.timeout(), deadlineNanos, provider);
            g.breaker.onSuccess(g.breaker.getCurrentTimestamp() - started, TimeUnit.NANOSECONDS);
            permit.succeeded();
            return new Answer<>(response, permit.queuedNanos());
        } catch (EngineException | ModelGuard.DeadlinePassed e) {
            g.breaker.onError(g.breaker.getCurrentTimestamp() - started, TimeUnit.NANOSECONDS, e);
            if (e instanceof UpstreamRateLimitedException r) {
                permit.rateLimited(r.retryAfter());
            }
            boolean cut = e instanceof TimedOutException || e instanceof ModelGuard.DeadlinePassed;
            try {
                failed.failed(m, e instanceof EngineException ee ? ee.kind() : "timed_out", cut);
            } catch (RuntimeException recording) {
                // Recording the call must not replace why it failed (and with it the fallback or stale answer).
                e.addSuppressed(recording);
            }
            throw e;
        } catch (Throwable e) {
            // Not the model's doing (a programming error): the breaker's permission goes back untouched.
            g.breaker.releasePermission();
            throw e;
        }
    }

    /**
     * The call under a time limit: the configured timeout, or what is left of the request's deadline if less. A
     * timeout cut short by the deadline is the request's problem, not the model's: it does not count against the
     * breaker and is not retried.
     */
    private <T> T timeLimited(ModelConfig m, Duration timeout, long deadlineNanos, Function<ModelConfig, T> provider) {
        long left = deadlineNanos - ticker.read();
        if (left <= 0) {
            throw new ModelGuard.DeadlinePassed(config.get().deadline());
        }
        boolean cutByDeadline = left < timeout.toNanos();
        Duration limit = cutByDeadline ? Duration.ofNanos(left) : timeout;
        try {
            return timeLimit.run(limit.toNanos(), () -> provider.apply(m));
        } catch (TimeLimit.Expired e) {
            if (cutByDeadline) {
                throw new ModelGuard.DeadlinePassed(config.get().deadline());
            }
            throw new TimedOutException("call to " + m.name(), limit);
        }
    }

    /**
     * Whether the breaker refuses calls now, read from its state without taking a permission: taking and returning
     * the one half-open permission here could make a real trial call, arriving meanwhile, skip the model.
     */
    private boolean openNow(ModelGuard g) {
        CircuitBreaker.State st = g.breaker.getState();
        return st == CircuitBreaker.State.FORCED_OPEN
                || st == CircuitBreaker.State.OPEN && clock.millis() < g.openUntilMillis();
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

    /** Whether {@code model} can be called now: its breaker is not open (a router sends work elsewhere if not). */
    public boolean available(String model) {
        CircuitBreaker.State s = guard(model).breaker.getState();
        return s != CircuitBreaker.State.OPEN && s != CircuitBreaker.State.FORCED_OPEN;
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
        timeLimit.close();
    }
}
