package dev.switchboard.engine.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ResilienceConfig;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.error.TimedOutException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.limit.UpstreamPermit;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.testsupport.FakeTicker;
import dev.switchboard.testsupport.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ResilienceTest {
    private static final ModelConfig A = new ModelConfig("a", "v1", "simulated", 1, 1);
    private static final ModelConfig B = new ModelConfig("b", "v1", "simulated", 1, 1);
    private static final Map<String, ModelConfig> MODELS = Map.of("a", A, "b", B);
    private static final Resilience.Upstream DIRECT = (m, deadline, reserve) -> UpstreamPermit.none();
    private final FakeTicker ticker = new FakeTicker();
    private final MutableClock clock = new MutableClock();

    private static ResilienceConfig config(Duration timeout, Duration deadline, Map<String, List<String>> fallbacks) {
        return new ResilienceConfig(50, 10, 5, Duration.ofSeconds(60), Duration.ofSeconds(5), 100, timeout, 3,
                Duration.ofMillis(1), Duration.ofMillis(5), deadline, fallbacks, Duration.ofHours(1),
                Duration.ofSeconds(5));
    }

    private static ProviderResponse ok(ModelConfig m) {
        return new ProviderResponse("answer from " + m.name(), m.name(), 1, 1);
    }

    private long in(Duration d) {
        return ticker.read() + d.toNanos();
    }

    /** Five failures in five calls: a's breaker opens (b answers each of them). */
    private void tripA(Resilience r) {
        for (int i = 0; i < 5; i++) {
            r.call(A, MODELS, m -> {
                if (m == A) {
                    throw new UpstreamUnavailableException("a", "down");
                }
                return ok(m);
            }, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE);
        }
    }

    /** {@code c} with other breaker thresholds (failure rate and window): a new breaker must be built. */
    private static ResilienceConfig otherThresholds(ResilienceConfig c) {
        return new ResilienceConfig(25, 20, 5, c.openFor(), c.slowCall(), c.slowCallRate(), c.timeout(),
                c.maxAttempts(), c.retryBase(), c.retryCap(), c.deadline(), c.fallbacks(), c.staleGrace(),
                c.dedupWindow());
    }

    private Resilience resilience(ResilienceConfig c) {
        return new Resilience(() -> c, ticker, clock);
    }

    /** A provider call that takes {@code d} of the ticker's time, then blocks until the time limit interrupts it. */
    private ProviderResponse hang(Duration d) {
        ticker.advance(d);
        try {
            Thread.sleep(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            throw new UpstreamUnavailableException("a", "interrupted");
        }
        throw new AssertionError("the time limit never fired");
    }

    @Test
    void transientServerErrorsAreRetriedAndCounted() {
        Resilience r = resilience(config(Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of()));
        AtomicInteger calls = new AtomicInteger();
        Function<ModelConfig, ProviderResponse> flaky = m -> {
            if (calls.incrementAndGet() < 3) {
                throw new UpstreamErrorException(m.name(), 503, "busy");
            }
            return ok(m);
        };
        Resilience.Outcome<ProviderResponse> out = r.call(A, MODELS, flaky, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE);
        assertThat(out.model()).isEqualTo(A);
        assertThat(out.retries()).isEqualTo(2);
        assertThat(r.snapshot(List.of("a")).retried()).isEqualTo(2);
    }

    @Test
    void theRequestsOwnFaultIsNeverRetriedNorFallenBackFrom() {
        Resilience r = resilience(config(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Map.of("a", List.of("b"))));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> r.call(A, MODELS, m -> {
            calls.incrementAndGet();
            throw new InvalidRequestException("max_tokens", "too many for this model");
        }, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE)).isInstanceOf(InvalidRequestException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aDownModelFallsBackAndItsOpenBreakerIsSkippedAtOnce() {
        Resilience r = resilience(config(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Map.of("a", List.of("b"))));
        AtomicInteger callsToA = new AtomicInteger();
        Function<ModelConfig, ProviderResponse> aDown = m -> {
            if (m == A) {
                callsToA.incrementAndGet();
                throw new UpstreamUnavailableException("a", "connection refused");
            }
            return ok(m);
        };
        for (int i = 0; i < 5; i++) {
            Resilience.Outcome<ProviderResponse> out = r.call(A, MODELS, aDown, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE);
            assertThat(out.model()).isEqualTo(B);
            assertThat(out.route()).singleElement().asString().startsWith("a: provider unavailable for a");
        }
        // Five failures in five calls opened a's breaker: now a is skipped without a call.
        Resilience.Outcome<ProviderResponse> out = r.call(A, MODELS, aDown, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE);
        assertThat(out.model()).isEqualTo(B);
        assertThat(out.route()).singleElement().asString().startsWith("a: skipped, breaker open until ");
        assertThat(callsToA).hasValue(5);
        ResilienceSnapshot s = r.snapshot(List.of("a", "b"));
        assertThat(s.breakers().get(0).state()).isEqualTo("OPEN");
        assertThat(s.breakers().get(0).health()).isEqualTo(Health.DOWN);
        assertThat(s.breakers().get(1).health()).isEqualTo(Health.HEALTHY);
        assertThat(s.fellBack()).isEqualTo(6);
        assertThat(s.breakerTransitions()).isEqualTo(1);
    }

    @Test
    void whenNothingAnswersTheErrorNamesWhatIsDown() {
        Resilience r = resilience(config(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Map.of("a", List.of("b"))));
        assertThatThrownBy(() -> r.call(A, MODELS, m -> {
            throw new UpstreamUnavailableException(m.name(), "outage");
        }, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE))
                .isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("no model in its chain could answer")
                .hasMessageContaining("a: provider unavailable for a: outage")
                .hasMessageContaining("b: provider unavailable for b: outage");
    }

    @Test
    void aSlowCallIsCutAtTheDeadlineWithoutCountingAgainstTheModel() {
        Resilience r = resilience(config(Duration.ofSeconds(10), Duration.ofMillis(200), Map.of()));
        List<String> failed = new java.util.ArrayList<>();
        assertThatThrownBy(() -> r.call(A, MODELS, m -> hang(Duration.ofMillis(250)), DIRECT,
                in(Duration.ofMillis(200)), (m, kind, billable) -> failed.add(kind + " " + billable)))
                .isInstanceOf(TimedOutException.class);
        assertThat(r.snapshot(List.of("a")).breakers().get(0).failureRate()).as("not enough calls to judge")
                .isEqualTo(-1f);
        assertThat(r.snapshot(List.of("a")).breakers().get(0).bufferedCalls()).as("not a call the model failed")
                .isZero();
        assertThat(failed).as("the call reached the provider: the ledger must hear of it")
                .containsExactly("timed_out true");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aCallOverItsTimeLimitTimesOutAndIsRetried() {
        Resilience r = resilience(config(Duration.ofMillis(50), Duration.ofSeconds(5), Map.of()));
        AtomicInteger calls = new AtomicInteger();
        Resilience.Outcome<ProviderResponse> out = r.call(A, MODELS, m -> calls.incrementAndGet() == 1 ? hang(Duration.ofMillis(60))
                : ok(m), DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE);
        assertThat(out.retries()).isEqualTo(1);
        assertThat(calls).hasValue(2);
    }

    @Test
    void timeSpentQueueingForASlotIsNotASlowCall() {
        // The burst regression: the breaker timed the queue wait, saw 100% slow calls and opened.
        Resilience r = resilience(config(Duration.ofSeconds(10), Duration.ofSeconds(60), Map.of()));
        Resilience.Upstream queueFor20s = (m, deadline, reserve) -> {
            ticker.advance(Duration.ofSeconds(20));
            return UpstreamPermit.none();
        };
        for (int i = 0; i < 10; i++) {
            r.call(A, MODELS, m -> {
                ticker.advance(Duration.ofMillis(200));
                return ok(m);
            }, queueFor20s, in(Duration.ofSeconds(60)), Resilience.FailedCalls.NONE);
        }
        BreakerSnapshot b = r.snapshot(List.of("a")).breakers().get(0);
        assertThat(b.state()).isEqualTo("CLOSED");
        assertThat(b.slowCallRate()).isZero();
        assertThat(b.bufferedCalls()).isEqualTo(10);
    }

    @Test
    void aRequestWhoseDeadlineCannotCoverTheCallIsStoppedBeforeIt() {
        Resilience r = resilience(config(Duration.ofSeconds(2), Duration.ofSeconds(30), Map.of()));
        AtomicInteger calls = new AtomicInteger();
        List<Long> reserves = new java.util.ArrayList<>();
        Resilience.Upstream upstream = (m, deadline, reserve) -> {
            reserves.add(reserve);
            return UpstreamPermit.none();
        };
        assertThatThrownBy(() -> r.call(A, MODELS, m -> {
            calls.incrementAndGet();
            return ok(m);
        }, upstream, in(Duration.ofMillis(1_500)), Resilience.FailedCalls.NONE)).isInstanceOf(TimedOutException.class);
        assertThat(calls).as("no call made only to be cut by the deadline").hasValue(0);
        // With time for it, the queue is told how much of the deadline the call needs after its slot.
        r.call(A, MODELS, ResilienceTest::ok, upstream, in(Duration.ofSeconds(30)), Resilience.FailedCalls.NONE);
        assertThat(reserves).containsExactly(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void aProgrammingErrorPropagatesInsteadOfLookingLikeAnOutage() {
        Resilience r = resilience(config(Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of("a", List.of("b"))));
        AtomicInteger callsToB = new AtomicInteger();
        assertThatThrownBy(() -> r.call(A, MODELS, m -> {
            if (m == B) {
                callsToB.incrementAndGet();
                return ok(m);
            }
            throw new NullPointerException("bug in a provider client");
        }, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE))
                .isInstanceOf(NullPointerException.class);
        assertThat(callsToB).as("no fallback hides it").hasValue(0);
        assertThat(r.snapshot(List.of("a")).breakers().get(0).bufferedCalls()).isZero();
    }

    @Test
    void breakersOutliveConfigEdits() {
        java.util.concurrent.atomic.AtomicReference<ResilienceConfig> cfg = new java.util.concurrent.atomic.AtomicReference<>(
                config(Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of("a", List.of("b"))));
        Resilience r = new Resilience(cfg::get, ticker, clock);
        r.force("a", true);
        // Editing the fallbacks keeps the very breaker; editing its thresholds keeps the drill's forced state.
        cfg.set(cfg.get().withFallbacks(Map.of("a", List.of("b"), "b", List.of("a"))));
        assertThat(r.snapshot(List.of("a")).breakers().get(0).state()).isEqualTo("FORCED_OPEN");
        ResilienceConfig c = cfg.get();
        cfg.set(otherThresholds(c));
        assertThat(r.snapshot(List.of("a")).breakers().get(0).state()).isEqualTo("FORCED_OPEN");
        r.force("a", null);
        // Trip it by failures, then edit the retries: still open, with its open-until.
        tripA(r);
        assertThat(r.snapshot(List.of("a")).breakers().get(0).state()).isEqualTo("OPEN");
        long openUntil = r.snapshot(List.of("a")).breakers().get(0).openUntilMillis();
        cfg.set(cfg.get().withFallbacks(Map.of("a", List.of("b"))));
        assertThat(r.snapshot(List.of("a")).breakers().get(0).state()).isEqualTo("OPEN");
        assertThat(r.snapshot(List.of("a")).breakers().get(0).openUntilMillis()).isEqualTo(openUntil);
        // The open state's wait runs on the injected clock.
        clock.advance(Duration.ofSeconds(61));
        assertThat(r.call(A, MODELS, ResilienceTest::ok, DIRECT, in(Duration.ofSeconds(5)),
                Resilience.FailedCalls.NONE).model()).isEqualTo(A);
        assertThat(r.snapshot(List.of("a")).breakers().get(0).state()).isEqualTo("CLOSED");
    }

    @Test
    void editingTheThresholdsOfAHalfOpenBreakerKeepsItOpenAndTheModelUsable() {
        // Resilience4j has no closed-to-half-open step: carrying HALF_OPEN that way threw on every later request.
        java.util.concurrent.atomic.AtomicReference<ResilienceConfig> cfg = new java.util.concurrent.atomic.AtomicReference<>(
                config(Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of("a", List.of("b"))));
        Resilience r = new Resilience(cfg::get, ticker, clock);
        tripA(r);
        clock.advance(Duration.ofSeconds(61));
        ResilienceConfig c = cfg.get();
        List<String> duringTrial = new java.util.ArrayList<>();
        // The trial call runs with the breaker half-open; the operator edits the thresholds meanwhile.
        r.call(A, MODELS, m -> {
            duringTrial.add(r.snapshot(List.of("a")).breakers().get(0).state());
            cfg.set(otherThresholds(c));
            duringTrial.add(r.snapshot(List.of("a")).breakers().get(0).state());
            return ok(m);
        }, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE);
        assertThat(duringTrial).containsExactly("HALF_OPEN", "OPEN");
        assertThat(r.call(A, MODELS, ResilienceTest::ok, DIRECT, in(Duration.ofSeconds(5)),
                Resilience.FailedCalls.NONE).model()).as("skipped while open").isEqualTo(B);
        clock.advance(Duration.ofSeconds(61));
        assertThat(r.call(A, MODELS, ResilienceTest::ok, DIRECT, in(Duration.ofSeconds(5)),
                Resilience.FailedCalls.NONE).model()).as("the trial after open_for").isEqualTo(A);
    }

    @Test
    void aFailureToRecordAFailedCallDoesNotHideTheFailure() {
        Resilience r = resilience(config(Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of("a", List.of("b"))));
        Resilience.Outcome<ProviderResponse> out = r.call(A, MODELS, m -> {
            if (m == A) {
                throw new UpstreamErrorException("a", 503, "busy");
            }
            return ok(m);
        }, DIRECT, in(Duration.ofSeconds(5)), (m, kind, billable) -> {
            throw new IllegalStateException("ledger is closed");
        });
        assertThat(out.model()).as("the fallback still answers").isEqualTo(B);
    }

    @Test
    void aForcedOpenBreakerIsSkippedAndReleasedOnDemand() {
        Resilience r = resilience(config(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Map.of("a", List.of("b"))));
        r.force("a", true);
        Resilience.Outcome<ProviderResponse> out = r.call(A, MODELS, ResilienceTest::ok, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE);
        assertThat(out.model()).isEqualTo(B);
        assertThat(out.route()).singleElement().asString().isEqualTo("a: skipped, breaker forced open");
        r.force("a", null);
        assertThat(r.call(A, MODELS, ResilienceTest::ok, DIRECT, in(Duration.ofSeconds(5)), Resilience.FailedCalls.NONE).model()).isEqualTo(A);
    }
}
