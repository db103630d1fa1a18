package dev.switchboard.engine.telemetry.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.testsupport.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each monitor with a clock moved by hand: it opens, stays one incident, and resolves. */
class MonitorsTest {
    private final MutableClock clock = new MutableClock();
    private final AtomicReference<AlertSettings> settings = new AtomicReference<>(AlertSettings.defaults()
            .withErrorRate(new AlertSettings.ErrorRate(true, 100, 20, 0.10, Map.of("payments", 0.01), 0.8))
            .withLatency(new AlertSettings.Latency(Duration.ofMillis(500), Duration.ofMinutes(1), 10))
            .withResolveAfter(Duration.ZERO));
    private final Alerts alerts = Alerts.manual(settings::get, clock, "test");

    @AfterEach
    void close() {
        alerts.close();
    }

    private void request(String ns, String model, String outcome, long latencyMillis, long costMicros) {
        alerts.onRequest(new RequestEvent(clock.millis(), ns, "u1", "free", model, outcome.equals("ok") ? model : null,
                outcome.equals("ok") ? ServedBy.PROVIDER : null, outcome, latencyMillis * 1_000_000, costMicros, 10,
                10, List.of()));
    }

    private List<Incident> open(String monitor) {
        return alerts.snapshot().open().stream().filter(i -> i.monitor().equals(monitor)).toList();
    }

    @Test
    void errorRateWarnsAt80PercentOfTheBudgetTurnsCriticalAndResolvesWithTheCauses() {
        for (int i = 0; i < 91; i++) {
            request("search", "gpt-4o", "ok", 10, 0);
        }
        for (int i = 0; i < 9; i++) {
            request("search", "gpt-4o", i % 2 == 0 ? "timed_out" : "upstream_error", 10, 0);
        }
        // 9% of 100 against 10%: past 80% of the budget.
        assertThat(open(Monitors.ERROR_RATE)).extracting(Incident::subject, Incident::severity)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("model gpt-4o", Severity.WARNING),
                        org.assertj.core.groups.Tuple.tuple("namespace search", Severity.WARNING));
        for (int i = 0; i < 5; i++) {
            request("search", "gpt-4o", "timed_out", 10, 0);
        }
        List<Incident> now = open(Monitors.ERROR_RATE);
        assertThat(now).hasSize(2).allSatisfy(i -> {
            assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(i.value()).isEqualTo(0.14);
            assertThat(i.topCauses()).containsExactly(new Incident.CauseCount(Cause.TIMEOUT, 10),
                    new Incident.CauseCount(Cause.UPSTREAM, 4));
        });
        long id = now.get(0).id();
        for (int i = 0; i < 100; i++) {
            request("search", "gpt-4o", "ok", 10, 0);
        }
        assertThat(open(Monitors.ERROR_RATE)).isEmpty();
        AlertsSnapshot s = alerts.snapshot();
        assertThat(s.resolved()).hasSize(2).extracting(Incident::id).contains(id);
        assertThat(s.resolved()).allSatisfy(i -> assertThat(i.resolvedAtMillis()).isEqualTo(clock.millis()));
    }

    @Test
    void aNamespaceHasItsOwnThresholdAndAModelTheDefault() {
        for (int i = 0; i < 99; i++) {
            request("payments", "gpt-4o", "ok", 10, 0);
        }
        request("payments", "gpt-4o", "parse_failed", 10, 0);
        assertThat(open(Monitors.ERROR_RATE)).singleElement().satisfies(i -> {
            assertThat(i.subject()).isEqualTo("namespace payments");
            assertThat(i.threshold()).isEqualTo(0.01);
            assertThat(i.topCauses()).containsExactly(new Incident.CauseCount(Cause.PARSE_FAILED, 1));
        });
    }

    @Test
    void anIncidentStaysOpenUntilTheRateIsClearOfTheWarningLevel() {
        for (int i = 0; i < 100; i++) {
            request("search", "gpt-4o", i % 10 == 0 ? "timed_out" : "ok", 10, 0);
        }
        assertThat(open(Monitors.ERROR_RATE)).hasSize(2);
        // 5 failures in the last 100: under the warning level (8%), not clear of it (under 4%).
        for (int i = 0; i < 100; i++) {
            request("search", "gpt-4o", i % 20 == 0 ? "timed_out" : "ok", 10, 0);
        }
        assertThat(open(Monitors.ERROR_RATE)).hasSize(2).allSatisfy(i -> {
            assertThat(i.value()).isEqualTo(0.05);
            assertThat(i.severity()).as("keeps its worst").isEqualTo(Severity.CRITICAL);
            assertThat(i.clearing()).as("not clear of the warning level").isFalse();
        });
        for (int i = 0; i < 100; i++) {
            request("search", "gpt-4o", i % 50 == 0 ? "timed_out" : "ok", 10, 0);
        }
        assertThat(open(Monitors.ERROR_RATE)).isEmpty();
        assertThat(alerts.snapshot().resolved()).hasSize(2);
    }

    @Test
    void aClearRateResolvesOnlyOnceItHasStayedClearForResolveAfter() {
        settings.set(settings.get().withResolveAfter(Duration.ofSeconds(10)));
        for (int i = 0; i < 100; i++) {
            request("search", "gpt-4o", i < 20 ? "timed_out" : "ok", 10, 0);
        }
        for (int i = 0; i < 100; i++) {
            request("search", "gpt-4o", "ok", 10, 0);
        }
        assertThat(open(Monitors.ERROR_RATE)).as("clear, but only just").hasSize(2).allSatisfy(i -> {
            assertThat(i.value()).isZero();
            // Shown as clearing, not as a critical incident at 0%.
            assertThat(i.clearing()).isTrue();
            assertThat(dev.switchboard.console.alerts.IncidentRows.severity(i)).isEqualTo("critical, clearing");
        });
        clock.advance(Duration.ofSeconds(5));
        alerts.evaluate();
        assertThat(open(Monitors.ERROR_RATE)).hasSize(2);
        clock.advance(Duration.ofSeconds(5));
        alerts.evaluate();
        assertThat(open(Monitors.ERROR_RATE)).as("the sweep resolves a quiet subject").isEmpty();
        assertThat(alerts.snapshot().resolved()).hasSize(2);
    }

    @Test
    void tooFewRequestsAreNotJudged() {
        for (int i = 0; i < 19; i++) {
            request("search", "gpt-4o", "timed_out", 10, 0);
        }
        assertThat(alerts.snapshot().open()).isEmpty();
        request("search", "gpt-4o", "timed_out", 10, 0);
        assertThat(open(Monitors.ERROR_RATE)).hasSize(2);
    }

    @Test
    void aReopenedIncidentWithinTheNotifyIntervalIsKeptQuiet() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 100; i++) {
                request("search", "gpt-4o", i < 20 ? "rate_limited" : "ok", 10, 0);
            }
            for (int i = 0; i < 100; i++) {
                request("search", "gpt-4o", "ok", 10, 0);
            }
        }
        // Two openings per subject; the second of each within a minute of the first.
        assertThat(alerts.snapshot().resolved()).hasSize(4);
        assertThat(alerts.snapshot().suppressed()).isEqualTo(2);
    }

    @Test
    void latencySlaOpensOnTheP95OverTheWindowAndResolvesWhenTheSlowRequestsAgeOut() {
        for (int i = 0; i < 100; i++) {
            request("search", "gpt-4o", "ok", i < 90 ? 100 : 900, 0);
        }
        alerts.evaluate();
        assertThat(open(Monitors.LATENCY)).hasSize(2).allSatisfy(i -> {
            assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(i.value()).isEqualTo(0.9);
            assertThat(i.threshold()).isEqualTo(0.5);
        });
        alerts.evaluate();
        assertThat(open(Monitors.LATENCY)).as("still one per subject").hasSize(2);
        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 20; i++) {
            request("search", "gpt-4o", "ok", 100, 0);
        }
        alerts.evaluate();
        assertThat(open(Monitors.LATENCY)).isEmpty();
        assertThat(alerts.snapshot().resolved()).extracting(Incident::monitor).containsOnly(Monitors.LATENCY)
                .hasSize(2);
    }

    @Test
    void spendFarAboveTheRecentHoursIsAnAnomalyUntilTheHourPasses() {
        // Three quiet hours at $1 an hour.
        for (int m = 0; m < 180; m++) {
            request("search", "gpt-4o", "ok", 10, 1_000_000 / 60);
            clock.advance(Duration.ofMinutes(1));
        }
        alerts.evaluate();
        assertThat(open(Monitors.SPEND)).isEmpty();
        for (int i = 0; i < 10; i++) {
            request("search", "gpt-4o", "ok", 10, 500_000);
        }
        alerts.evaluate();
        assertThat(open(Monitors.SPEND)).singleElement().satisfies(i -> {
            assertThat(i.subject()).isEqualTo("all");
            assertThat(i.value()).isGreaterThan(5_000_000);
            assertThat(i.threshold()).isBetween(2_900_000.0, 3_100_000.0);
        });
        clock.advance(Duration.ofMinutes(61));
        alerts.evaluate();
        assertThat(open(Monitors.SPEND)).isEmpty();
    }

    @Test
    void closedAlertsRefuseEvents() {
        alerts.close();
        assertThatThrownBy(() -> request("search", "gpt-4o", "ok", 10, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void outcomeKindsMapToCauses() {
        assertThat(Cause.of("ok")).isNull();
        assertThat(Cause.of("upstream_unavailable")).isEqualTo(Cause.UPSTREAM);
        assertThat(Cause.of("upstream_rate_limited")).isEqualTo(Cause.RATE_LIMITED);
        assertThat(Cause.of("guardrail_blocked")).isEqualTo(Cause.GUARD_BLOCKED);
        assertThat(Cause.of("budget_exceeded")).isEqualTo(Cause.BUDGET);
        assertThat(Cause.of("invalid_request")).isEqualTo(Cause.INVALID);
        assertThat(Cause.of("something_new")).isEqualTo(Cause.OTHER);
    }
}
