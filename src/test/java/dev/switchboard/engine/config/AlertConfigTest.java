package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.telemetry.monitor.AlertSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code alerts:} section: defaults, every key, errors with the dotted path, secrets never echoed, saving. */
class AlertConfigTest {
    private static final String MODELS = """
            models:
              gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.6}
            """;
    private static final Map<String, String> ENV = Map.of("SLACK_URL", "https://hooks.slack.com/services/T0/B0/s3cr3t",
            "PD_KEY", "pd-routing-s3cr3t");

    private static SwitchboardConfig parse(String yaml) {
        return new ConfigLoader(ENV::get).parse(yaml, "t.yaml");
    }

    @Test
    void withoutTheSectionTheMonitorsRunWithTheIssuesThresholdsAndNoWebhooks() {
        AlertSettings a = parse(MODELS).alerts();
        assertThat(a).isEqualTo(AlertSettings.defaults());
        assertThat(a.errorRate().window()).isEqualTo(100);
        assertThat(a.errorRate().thresholdFor("payments")).isEqualTo(0.001);
        assertThat(a.errorRate().thresholdFor("screening")).isEqualTo(0.15);
        assertThat(a.errorRate().thresholdFor("anything")).isEqualTo(0.05);
        assertThat(a.webhooks()).isEmpty();
    }

    @Test
    void readsEveryKey() {
        AlertSettings a = parse("""
                alerts:
                  notify_interval: 5m
                  keep_resolved: 20
                  resolve_after: 30s
                  error_rate: {window: 200, min_requests: 50, threshold: 0.02, warn_at: 0.9, namespaces: {payments: 0.005}}
                  latency: {p95_target: 800ms, window: 2m, min_requests: 30}
                  spend: {factor: 4, baseline_hours: 12, floor: 2.50}
                  webhooks:
                    ops: {kind: slack, url: "${SLACK_URL}"}
                    pager: {kind: pagerduty, url: "https://events.pagerduty.com/v2/enqueue", routing_key: "${PD_KEY}", timeout: 1s, attempts: 2}
                """ + MODELS).alerts();
        assertThat(a.notifyInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.keepResolved()).isEqualTo(20);
        assertThat(a.resolveAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.errorRate()).isEqualTo(new AlertSettings.ErrorRate(true, 200, 50, 0.02, Map.of("payments", 0.005),
                0.9));
        assertThat(a.latency()).isEqualTo(new AlertSettings.Latency(Duration.ofMillis(800), Duration.ofMinutes(2), 30));
        assertThat(a.spend()).isEqualTo(new AlertSettings.Spend(true, 4, 12, 2_500_000));
        assertThat(a.webhooks()).hasSize(2);
        assertThat(a.webhooks().get(0).url()).isEqualTo(ENV.get("SLACK_URL"));
        assertThat(a.webhooks().get(1).routingKey()).isEqualTo("pd-routing-s3cr3t");
        assertThat(a.webhooks().get(1).attempts()).isEqualTo(2);
        assertThat(a.toString()).as("the record as it would be logged").doesNotContain("s3cr3t")
                .contains("https://hooks.slack.com/…");
        assertThat(parse("alerts: {latency: {p95_target: off}}\n" + MODELS).alerts().latency().enabled()).isFalse();
    }

    @Test
    void errorsNameTheDottedPathAndNeverEchoASecret() {
        assertThatThrownBy(() -> parse("alerts: {error_rate: {threshold: 5}}\n" + MODELS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alerts.error_rate.threshold: must be a share above 0 and at most 1");
        assertThatThrownBy(() -> parse("alerts: {error_rate: {namespaces: {payments: 0}}}\n" + MODELS))
                .hasMessageContaining("alerts.error_rate.namespaces.payments: must be a share");
        assertThatThrownBy(() -> parse("alerts: {error_rate: {window: 5}}\n" + MODELS))
                .hasMessageContaining("alerts.error_rate.window: must be between 10 and 100000");
        assertThatThrownBy(() -> parse("alerts: {latency: {p95_target: soon}}\n" + MODELS))
                .hasMessageContaining("alerts.latency.p95_target: expected a duration");
        assertThatThrownBy(() -> parse("alerts: {spend: {factor: 1}}\n" + MODELS))
                .hasMessageContaining("alerts.spend.factor: must be above 1");
        assertThatThrownBy(() -> parse("alerts: {webhooks: {ops: {kind: teams, url: \"https://x.example\"}}}\n" + MODELS))
                .hasMessageContaining("alerts.webhooks.ops.kind: must be slack or pagerduty, got 'teams'");
        assertThatThrownBy(() -> parse("alerts: {webhooks: {ops: {kind: slack, url: \"ftp://s3cr3t.example/x\"}}}\n"
                + MODELS)).hasMessageContaining("alerts.webhooks.ops.url: must be an http or https URL")
                .message().doesNotContain("s3cr3t");
        assertThatThrownBy(() -> parse("alerts: {webhooks: {pd: {kind: pagerduty, url: \"https://e.example\", "
                + "routing_key: pd-routing-s3cr3t}}}\n" + MODELS))
                .hasMessageContaining("alerts.webhooks.pd.routing_key: must name an environment variable")
                .message().doesNotContain("s3cr3t");
        assertThatThrownBy(() -> parse("alerts: {webhooks: {pd: {kind: pagerduty, url: \"https://e.example\"}}}\n"
                + MODELS)).hasMessageContaining("alerts.webhooks.pd.routing_key: is required");
        assertThatThrownBy(() -> parse("alerts: {monitors: {}}\n" + MODELS))
                .hasMessageContaining("alerts.monitors: unknown key");
    }

    @Test
    void savingKeepsTheSectionAndWritesEditedThresholds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                alerts:
                  error_rate: {threshold: 0.02}
                  webhooks:
                    ops: {kind: slack, url: "${SLACK_URL}"}
                """ + MODELS);
        ConfigFile cf = new ConfigFile(file, new ConfigLoader(ENV::get));
        SwitchboardConfig c = cf.load();
        AlertSettings edited = c.alerts().withErrorRate(c.alerts().errorRate().withThreshold(0.03)
                .withNamespaces(Map.of("payments", 0.002))).withLatency(c.alerts().latency()
                .withTarget(Duration.ofSeconds(2)));
        cf.save(c.withAlerts(edited));
        assertThat(cf.load().alerts()).isEqualTo(edited);
        String text = Files.readString(file);
        assertThat(text).contains("${SLACK_URL}").doesNotContain("s3cr3t");
        SwitchboardConfig older = new SwitchboardConfig(c.tiers(), c.namespaces(), c.models(), c.simulated(),
                c.limits(), c.resilience(), c.ledger(), c.budgets(), c.providers(), c.gateway(), c.semantic(),
                c.parse(), c.guards());
        assertThat(older.alerts()).as("the older constructor defaults the alerts").isEqualTo(AlertSettings.defaults());
    }
}
