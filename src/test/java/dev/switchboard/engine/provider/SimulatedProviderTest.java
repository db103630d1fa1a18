package dev.switchboard.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.Outage;
import dev.switchboard.engine.config.SimulatedConfig;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.request.ChatRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class SimulatedProviderTest {
    private static final ModelConfig MINI = new ModelConfig("gpt-4o-mini", "v1", "simulated", 0.15, 0.6);
    private static final ModelConfig BIG = new ModelConfig("gpt-4o", "v1", "simulated", 2.5, 10);

    private static SimulatedConfig config(double errors, double r429, int rps, List<Outage> outages) {
        return new SimulatedConfig(Duration.ZERO, Duration.ZERO, errors, r429, Duration.ofSeconds(2), rps, false, outages, java.util.Map.of());
    }

    private static ChatRequest ask(String p) {
        return ChatRequest.builder().model("gpt-4o-mini").prompt(p).maxTokens(64).build();
    }

    @Test
    void answersAreDeterministicPerModelAndPrompt() {
        SimulatedProvider a = new SimulatedProvider(() -> config(0, 0, 0, List.of()));
        SimulatedProvider b = new SimulatedProvider(() -> config(0, 0, 0, List.of()));
        ProviderResponse r1 = a.complete(ask("why"), MINI);
        assertThat(b.complete(ask("why"), MINI)).isEqualTo(r1);
        assertThat(a.complete(ask("why not"), MINI).answer()).isNotEqualTo(r1.answer());
        assertThat(a.complete(ask("why"), BIG).answer()).isNotEqualTo(r1.answer());
        assertThat(r1.tokensOut()).isEqualTo(TokenEstimator.ofText(r1.answer()));
        assertThat(r1.tokensIn()).isEqualTo(TokenEstimator.ofRequest(ask("why")));
    }

    @Test
    void countsEveryRequestOverTheUpstreamLimit() {
        SimulatedProvider p = new SimulatedProvider(() -> config(0, 0, 10, List.of()));
        int refused = 0;
        for (int i = 0; i < 25; i++) {
            try {
                p.complete(ask("q" + i), MINI);
            } catch (UpstreamRateLimitedException e) {
                refused++;
                assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
        assertThat(refused).isEqualTo(15);
        assertThat(p.upstreamViolations()).isEqualTo(15);
        // The limit is per model.
        p.complete(ask("other"), BIG);
        assertThat(p.upstreamViolations()).isEqualTo(15);
    }

    @Test
    void outageWindowMakesTheModelUnavailable() {
        SimulatedProvider p = new SimulatedProvider(() ->
                config(0, 0, 0, List.of(new Outage("gpt-4o-mini", Duration.ZERO, Duration.ofHours(1)))));
        assertThatThrownBy(() -> p.complete(ask("q"), MINI)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("gpt-4o-mini");
        assertThat(p.complete(ask("q"), BIG).answer()).isNotEmpty();
    }

    @Test
    void errorAndTooManyRequestsRatesApply() {
        SimulatedProvider errors = new SimulatedProvider(() -> config(1.0, 0, 0, List.of()));
        assertThatThrownBy(() -> errors.complete(ask("q"), MINI)).isInstanceOf(UpstreamErrorException.class);
        SimulatedProvider throttled = new SimulatedProvider(() -> config(0, 1.0, 0, List.of()));
        assertThatThrownBy(() -> throttled.complete(ask("q"), MINI))
                .isInstanceOfSatisfying(UpstreamRateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
        SimulatedProvider mixed = new SimulatedProvider(() -> config(0.2, 0, 0, List.of()));
        int failed = 0;
        for (int i = 0; i < 2000; i++) {
            try {
                mixed.complete(ask("q"), MINI);
            } catch (UpstreamErrorException e) {
                failed++;
            }
        }
        assertThat(failed).isBetween(300, 500);
    }

    @Test
    void latencyFollowsMedianAndP99() {
        SimulatedConfig c = new SimulatedConfig(Duration.ofMillis(100), Duration.ofMillis(400), 0, 0,
                Duration.ofSeconds(1), 0, false, List.of(), java.util.Map.of());
        long[] samples = new long[20_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = SimulatedProvider.latencyNanos(c, ThreadLocalRandom.current());
        }
        java.util.Arrays.sort(samples);
        double median = samples[samples.length / 2] / 1e6;
        double p99 = samples[(int) (samples.length * 0.99)] / 1e6;
        assertThat(median).isBetween(90.0, 110.0);
        assertThat(p99).isBetween(340.0, 470.0);
    }
}
