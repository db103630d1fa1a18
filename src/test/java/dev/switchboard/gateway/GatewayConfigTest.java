package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.GatewayConfig;
import dev.switchboard.testsupport.TestConfigs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The config's {@code gateway:} section: defaults, values, and errors that name the field. */
class GatewayConfigTest {
    @Test
    void defaultsAre4MiBA30SecondGraceAndKeysDecidedByTheAddress() {
        GatewayConfig g = TestConfigs.parse(TestConfigs.MODELS).gateway();
        assertThat(g).isEqualTo(GatewayConfig.DEFAULTS);
        assertThat(g.maxBody()).isEqualTo(4L << 20);
        assertThat(g.grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.requireKeys()).isNull();
        assertThat(g.requireKeys("127.0.0.1")).isFalse();
        assertThat(g.requireKeys("127.0.1.1")).isFalse();
        assertThat(g.requireKeys("[::1]")).isFalse();
        assertThat(g.requireKeys("0.0.0.0")).isTrue();
        assertThat(g.requireKeys("gateway.internal")).isTrue();
    }

    @Test
    void valuesAreReadAndTheKeysSwitchOverridesTheAddress() {
        GatewayConfig g = TestConfigs.parse(TestConfigs.MODELS + """
                gateway:
                  require_keys: false
                  max_body: 512KB
                  grace: 5s
                """).gateway();
        assertThat(g.maxBody()).isEqualTo(512L << 10);
        assertThat(g.grace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(g.requireKeys("0.0.0.0")).isFalse();
        assertThat(TestConfigs.parse(TestConfigs.MODELS + "gateway: {require_keys: true}\n").gateway()
                .requireKeys("127.0.0.1")).isTrue();
    }

    @Test
    void badValuesNameTheirField() {
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.MODELS + "gateway: {max_body: 0}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.max_body");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.MODELS + "gateway: {max_body: 2GB}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.max_body")
                .hasMessageContaining("1GB");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.MODELS + "gateway: {grace: soon}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.grace");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.MODELS + "gateway: {require_keys: maybe}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.require_keys");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.MODELS + "gateway: {port: 4000}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port");
    }
}
