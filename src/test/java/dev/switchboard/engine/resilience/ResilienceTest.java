package dev.switchboard.engine.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ResilienceConfig;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.error.TimedOutException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.limit.Limits;
import dev.switchboard.engine.provider.ProviderResponse;
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
    private static final Resilience.Upstream DIRECT = (m, call, deadline) -> new Limits.Outcome(call.get(), 0);

    private static ResilienceConfig config(Duration timeout, Duration deadline, Map<String, List<String>> fallbacks) {
        return new ResilienceConfig(50, 10, 5, Duration.ofSeconds(60), Duration.ofSeconds(5), 100, timeout, 3,
                Duration.ofMillis(1), Duration.ofMillis(5), deadline, fallbacks, Duration.ofHours(1),
                Duration.ofSeconds(5));
    }

    private static ProviderResponse ok(ModelConfig m) {
        return new ProviderResponse("answer from " + m.name(), m.name(), 1, 1);
    }

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void transientServerErrorsAreRetriedAndCounted() {
        Resilience r = new Resilience(() -> config(Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of()));
        AtomicInteger calls = new AtomicInteger();
        Function<ModelConfig, ProviderResponse> flaky = m -> {
            if (calls.incrementAndGet() < 3) {
                throw new UpstreamErrorException(m.name(), 503, "busy");
            }
            return ok(m);
        };
        Resilience.Outcome out = r.call(A, MODELS, flaky, DIRECT, in(Duration.ofSeconds(5)));
        assertThat(out.model()).isEqualTo(A);
        assertThat(out.retries()).isEqualTo(2);
        assertThat(r.snapshot(List.of("a")).retried()).isEqualTo(2);
    }

    @Test
    void theRequestsOwnFaultIsNeverRetriedNorFallenBackFrom() {
        Resilience r = new Resilience(() -> config(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Map.of("a", List.of("b"))));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> r.call(A, MODELS, m -> {
            calls.incrementAndGet();
            throw new InvalidRequestException("max_tokens", "too many for this model");
        }, DIRECT, in(Duration.ofSeconds(5)))).isInstanceOf(InvalidRequestException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aDownModelFallsBackAndItsOpenBreakerIsSkippedAtOnce() {
        Resilience r = new Resilience(() -> config(Duration.ofSeconds(1), Duration.ofSeconds(5),
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
            Resilience.Outcome out = r.call(A, MODELS, aDown, DIRECT, in(Duration.ofSeconds(5)));
            assertThat(out.model()).isEqualTo(B);
            assertThat(out.route()).singleElement().asString().startsWith("a: provider unavailable for a");
        }
        // Five failures in five calls opened a's breaker: now a is skipped without a call.
        Resilience.Outcome out = r.call(A, MODELS, aDown, DIRECT, in(Duration.ofSeconds(5)));
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
        Resilience r = new Resilience(() -> config(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Map.of("a", List.of("b"))));
        assertThatThrownBy(() -> r.call(A, MODELS, m -> {
            throw new UpstreamUnavailableException(m.name(), "outage");
        }, DIRECT, in(Duration.ofSeconds(5))))
                .isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("no model in its chain could answer")
                .hasMessageContaining("a: provider unavailable for a: outage")
                .hasMessageContaining("b: provider unavailable for b: outage");
    }

    @Test
    void aSlowCallIsCutAtTheDeadlineWithoutCountingAgainstTheModel() {
        Resilience r = new Resilience(() -> config(Duration.ofSeconds(10), Duration.ofMillis(200), Map.of()));
        long start = System.nanoTime();
        assertThatThrownBy(() -> r.call(A, MODELS, m -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                throw new UpstreamUnavailableException("a", "interrupted");
            }
            return ok(m);
        }, DIRECT, start + Duration.ofMillis(200).toNanos())).isInstanceOf(TimedOutException.class);
        assertThat(System.nanoTime() - start).as("stopped near the deadline, not after the 5 s call")
                .isLessThan(Duration.ofSeconds(2).toNanos());
        assertThat(r.snapshot(List.of("a")).breakers().get(0).failureRate()).as("not enough calls to judge")
                .isEqualTo(-1f);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aCallOverItsTimeLimitTimesOutAndIsRetried() {
        Resilience r = new Resilience(() -> config(Duration.ofMillis(50), Duration.ofSeconds(5), Map.of()));
        AtomicInteger calls = new AtomicInteger();
        Resilience.Outcome out = r.call(A, MODELS, m -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    throw new UpstreamUnavailableException("a", "interrupted");
                }
            }
            return ok(m);
        }, DIRECT, in(Duration.ofSeconds(5)));
        assertThat(out.retries()).isEqualTo(1);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aForcedOpenBreakerIsSkippedAndReleasedOnDemand() {
        Resilience r = new Resilience(() -> config(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Map.of("a", List.of("b"))));
        r.force("a", true);
        Resilience.Outcome out = r.call(A, MODELS, ResilienceTest::ok, DIRECT, in(Duration.ofSeconds(5)));
        assertThat(out.model()).isEqualTo(B);
        assertThat(out.route()).singleElement().asString().isEqualTo("a: skipped, breaker forced open");
        r.force("a", null);
        assertThat(r.call(A, MODELS, ResilienceTest::ok, DIRECT, in(Duration.ofSeconds(5))).model()).isEqualTo(A);
    }
}
