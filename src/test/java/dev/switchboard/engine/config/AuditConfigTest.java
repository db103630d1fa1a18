package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.telemetry.audit.AuditSettings;
import dev.switchboard.engine.telemetry.audit.AuditedRequests;
import dev.switchboard.testsupport.TestConfigs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code audit} section: defaults, each key, and errors that name the dotted path. */
class AuditConfigTest {
    @Test
    void absentMeansTheDefaults() {
        assertThat(TestConfigs.parse(TestConfigs.MODELS).audit()).isEqualTo(AuditSettings.defaults());
        assertThat(AuditSettings.defaults().requests()).isEqualTo(AuditedRequests.DECISIONS);
        assertThat(AuditSettings.defaults().retention()).isNull();
    }

    @Test
    void everyKeyIsRead() {
        SwitchboardConfig c = TestConfigs.parse(TestConfigs.MODELS + """
                audit:
                  enabled: false
                  requests: failures
                  retention: 90d
                  queue: 500
                """);
        assertThat(c.audit()).isEqualTo(new AuditSettings(false, AuditedRequests.FAILURES, Duration.ofDays(90), 500));
        assertThat(c.withAudit(AuditSettings.defaults()).audit()).isEqualTo(AuditSettings.defaults());
        assertThat(c.withTiers(c.tiers()).audit()).isEqualTo(c.audit());
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.MODELS + "audit: {requests: some}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("audit.requests").hasMessageContaining("must be all, failures, decisions or none");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.MODELS + "audit: {retention: 0s}\n"))
                .hasMessageContaining("audit.retention").hasMessageContaining("must be positive");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.MODELS + "audit: {queue: 0}\n"))
                .hasMessageContaining("audit.queue");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.MODELS + "audit: {keep: 1d}\n"))
                .hasMessageContaining("audit");
    }
}
