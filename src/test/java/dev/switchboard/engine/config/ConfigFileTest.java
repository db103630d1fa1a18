package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @Test
    void savedConfigLoadsBackTheSameAndKeepsEnvironmentReferences(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("team.yaml");
        Files.copy(Path.of("sample-configs/team.yaml"), file);
        ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
        ConfigFile cf = new ConfigFile(file, loader);
        SwitchboardConfig c = cf.load();
        SwitchboardConfig edited = c.withTiers(c.tiers().withL1(c.tiers().l1().withTtl(Duration.ofMinutes(7))
                        .withMaxBytes(64L << 20)).withL3(c.tiers().l3().withTtl(Duration.ofHours(36))))
                .withNamespacePolicy("billing", NamespacePolicy.NO_STORE);
        cf.save(edited);

        assertThat(cf.load()).isEqualTo(edited);
        String text = Files.readString(file);
        assertThat(text).contains("${REDIS_URL:-redis://127.0.0.1:6379}").contains("ttl: 7m").contains("36h");
        assertThat(Files.readString(dir.resolve("team.yaml.bak"))).contains("# Switchboard for a team");
        // Another environment still resolves the references.
        SwitchboardConfig elsewhere = new ConfigLoader(Map.of("REDIS_URL", "redis://cache:6380")::get).load(file);
        assertThat(elsewhere.tiers().l2().url()).isEqualTo("redis://cache:6380");
    }

    @Test
    void theSemanticSwitchAndThresholdAreSavedAndTheRestOfTheSectionKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.yaml");
        Files.copy(Path.of("sample-configs/local.yaml"), file);
        ConfigFile cf = new ConfigFile(file, new ConfigLoader(Map.of("SWITCHBOARD_HOME", dir.toString())::get));
        SwitchboardConfig c = cf.load();
        SwitchboardConfig fixed = c.withSemantic(c.semantic().withThreshold(0.9).withEnabled(false));
        cf.save(fixed);
        assertThat(cf.load()).isEqualTo(fixed);
        assertThat(Files.readString(file)).contains("threshold: 0.9").doesNotContain("max_false_rate")
                .contains("max_turns: 1");

        SwitchboardConfig byRate = fixed.withSemantic(fixed.semantic().withMaxFalseRate(0.1).withEnabled(true));
        cf.save(byRate);
        assertThat(cf.load()).isEqualTo(byRate);
        assertThat(Files.readString(file)).contains("max_false_rate: 0.1")
                .doesNotContainPattern("(?m)^  threshold:"); // the semantic key, not the guards' injection_threshold
    }

    @Test
    void refusesToWriteWhatWouldNotLoadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.yaml");
        Files.copy(Path.of("sample-configs/local.yaml"), file);
        ConfigFile cf = new ConfigFile(file, new ConfigLoader());
        String before = Files.readString(file);
        SwitchboardConfig c = cf.load();
        // Simulated settings are not written by the editor, so a change there cannot round-trip.
        SwitchboardConfig notRoundTrippable = c.withSimulated(SimulatedConfig.defaults());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cf.save(notRoundTrippable))
                .hasMessageContaining("would not load back");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void theParseSectionIsSavedAndLoadsBackTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.yaml");
        Files.copy(Path.of("sample-configs/local.yaml"), file);
        ConfigFile cf = new ConfigFile(file, new ConfigLoader(Map.of("SWITCHBOARD_HOME", dir.toString())::get));
        SwitchboardConfig c = cf.load();
        com.fasterxml.jackson.databind.JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\", \"minimum\": 1}, "
                        + "\"status\": {\"enum\": [\"open\", \"shipped\"]}}, \"required\": [\"id\"]}");
        var parse = new dev.switchboard.engine.parse.ParseSettings(true,
                java.util.List.of(dev.switchboard.engine.parse.Strategy.EXTRACTED_JSON,
                        dev.switchboard.engine.parse.Strategy.STRICT_JSON,
                        dev.switchboard.engine.parse.Strategy.REPROMPT), 3, Map.of("order", schema),
                Map.of("orders", new dev.switchboard.engine.parse.NamespaceParse("order", java.util.List.of(), false),
                        "crm", new dev.switchboard.engine.parse.NamespaceParse(null, java.util.List.of("name", "email"),
                                true)), true);
        SwitchboardConfig edited = c.withParse(parse);
        cf.save(edited);
        assertThat(cf.load()).isEqualTo(edited);
        assertThat(cf.load().parse().schemas().get("order")).isEqualTo(schema);
        assertThat(Files.readString(file)).contains("max_reprompts: 3").contains("- extracted_json")
                .contains("max_turns: 1");

        // Off again, with the schemas gone: the section says so and still loads back.
        SwitchboardConfig off = edited.withParse(new dev.switchboard.engine.parse.ParseSettings(false,
                dev.switchboard.engine.parse.Strategy.ALL, 0, Map.of(), Map.of(), false));
        cf.save(off);
        assertThat(cf.load()).isEqualTo(off);
        assertThat(Files.readString(file)).doesNotContain("schemas:").contains("enabled: false");
    }

    @Test
    void theGuardsSectionIsSavedAndLoadsBackTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.yaml");
        Files.copy(Path.of("sample-configs/local.yaml"), file);
        ConfigFile cf = new ConfigFile(file, new ConfigLoader(Map.of("SWITCHBOARD_HOME", dir.toString())::get));
        SwitchboardConfig c = cf.load();
        var off = dev.switchboard.engine.guard.policy.GuardRules.off();
        var input = off.withPii(dev.switchboard.engine.guard.policy.GuardMode.REDACT)
                .withInjection(dev.switchboard.engine.guard.policy.GuardMode.BLOCK, 0.75)
                .withBlocklist(dev.switchboard.engine.guard.policy.GuardMode.FLAG, java.util.List.of("acme corp",
                        "project x"), java.util.List.of());
        var output = off.withSecrets(dev.switchboard.engine.guard.policy.GuardMode.REDACT);
        var billing = new dev.switchboard.engine.guard.policy.GuardSettings.Directions(
                input.withPii(dev.switchboard.engine.guard.policy.GuardMode.BLOCK), output);
        var guards = new dev.switchboard.engine.guard.policy.GuardSettings(input, output, Map.of("billing", billing));
        SwitchboardConfig edited = c.withGuards(guards);
        cf.save(edited);
        assertThat(cf.load()).isEqualTo(edited);
        assertThat(cf.load().guards().rulesFor("billing", false).pii())
                .isEqualTo(dev.switchboard.engine.guard.policy.GuardMode.BLOCK);
        assertThat(Files.readString(file)).contains("injection_threshold: 0.75").contains("- acme corp")
                .contains("max_turns: 1");

        // The top level changed: the namespace keeps what it had.
        SwitchboardConfig again = edited.withGuards(guards.withInput(off));
        cf.save(again);
        assertThat(cf.load()).isEqualTo(again);
        assertThat(cf.load().guards().rulesFor("billing", false)).isEqualTo(billing.input());
    }
}
