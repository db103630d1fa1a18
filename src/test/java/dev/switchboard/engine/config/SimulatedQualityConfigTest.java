package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.TaskClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code simulated.quality:} section of the config file. */
class SimulatedQualityConfigTest {
    private static final String MODELS = """
            models:
              gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.6}
              gpt-4o: {version: "2024-08-06", input_per_1m: 2.5, output_per_1m: 10}
            """;
    private static final String GOOD = """
            simulated:
              quality:
                models:
                  gpt-4o-mini: {default: 0.80, coding: 0.72, math: 0.65, chat: 0.93}
                  gpt-4o: {default: 0.93}
                complexity: {low: 0.06, medium: 0.0, high: -0.12}
                separation: 2
                correlation: 0.3
            """ + MODELS;

    private static SwitchboardConfig parse(String yaml) {
        return new ConfigLoader(k -> null).parse(yaml, "t.yaml");
    }

    @Test
    void absentSectionIsNoQualityModel() {
        assertThat(parse(MODELS).simulated().quality()).isNull();
        assertThat(SimulatedConfig.defaults().quality()).isNull();
    }

    @Test
    void sectionIsRead() {
        QualitySettings q = parse(GOOD).simulated().quality();
        assertThat(q.models().get("gpt-4o-mini")).isEqualTo(new QualitySettings.ModelQuality(0.80,
                Map.of(TaskClass.CODING, 0.72, TaskClass.MATH, 0.65, TaskClass.CHAT, 0.93)));
        assertThat(q.models().get("gpt-4o").of(TaskClass.MATH)).isEqualTo(0.93);
        assertThat(q.complexity()).isEqualTo(Map.of(Complexity.LOW, 0.06, Complexity.MEDIUM, 0.0,
                Complexity.HIGH, -0.12));
        assertThat(q.separation()).isEqualTo(2.0);
        assertThat(q.correlation()).isEqualTo(0.3);
        assertThat(q.probability("gpt-4o-mini", TaskClass.MATH, Complexity.HIGH))
                .isCloseTo(0.53, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(q.probability("gpt-4o", TaskClass.CHAT, Complexity.LOW)).isEqualTo(0.99);
    }

    @Test
    void separationAndCorrelationDefault() {
        QualitySettings q = parse("simulated: {quality: {models: {gpt-4o: {default: 0.9}}}}\n" + MODELS)
                .simulated().quality();
        assertThat(q.separation()).isEqualTo(QualitySettings.DEFAULT_SEPARATION);
        assertThat(q.correlation()).isEqualTo(QualitySettings.DEFAULT_CORRELATION);
        assertThat(q.complexity()).isEmpty();
        assertThat(q.probability("gpt-4o", TaskClass.CODING, Complexity.HIGH)).isEqualTo(0.9);
    }

    @Test
    void badValuesNameTheirField() {
        bad("simulated: {quality: {models: {gpt-4o: {default: 1.2}}}}",
                "simulated.quality.models.gpt-4o.default: must be between 0 and 1, got 1.2");
        bad("simulated: {quality: {models: {gpt-4o: {default: 0.9, coding: -0.1}}}}",
                "simulated.quality.models.gpt-4o.coding: must be between 0 and 1, got -0.1");
        bad("simulated: {quality: {models: {gpt-4o: {default: 0.9, poetry: 0.5}}}}",
                "simulated.quality.models.gpt-4o.poetry: unknown task class 'poetry'; known: coding, reasoning, "
                        + "math, chat, summarization, translation, extraction, creative, analysis, or default");
        bad("simulated: {quality: {models: {gpt-4o: {coding: 0.5}}}}",
                "simulated.quality.models.gpt-4o.default: is required unless every task class is listed");
        bad("simulated: {quality: {models: {gpt-4o: {default: high}}}}",
                "simulated.quality.models.gpt-4o.default: must be a number, got 'high'");
        bad("simulated: {quality: {models: {gpt-9: {default: 0.5}}}}",
                "simulated.quality.models.gpt-9: unknown model; known:");
        bad("simulated: {quality: {complexity: {extreme: 0.1}}}",
                "simulated.quality.complexity.extreme: unknown complexity 'extreme'; known: low, medium, high");
        bad("simulated: {quality: {complexity: {high: -1.5}}}",
                "simulated.quality.complexity.high: must be between -1 and 1");
        bad("simulated: {quality: {separation: -1}}", "simulated.quality.separation: must be between 0");
        bad("simulated: {quality: {separation: 11}}", "simulated.quality.separation: must be between 0");
        bad("simulated: {quality: {correlation: 1.5}}",
                "simulated.quality.correlation: must be between 0 and 1, got 1.5");
        bad("simulated: {quality: {modles: {}}}", "simulated.quality.modles: unknown key");
        bad("simulated: {quality: {models: {gpt-4o: 0.9}}}", "simulated.quality.models.gpt-4o: must be a mapping");
    }

    private static void bad(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml + "\n" + MODELS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml: " + message);
    }

    @Test
    void savingKeepsTheQualitySection(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, GOOD);
        ConfigFile cf = new ConfigFile(f, new ConfigLoader(k -> null));
        SwitchboardConfig c = cf.load();
        cf.save(c.withTiers(c.tiers()));
        assertThat(cf.load().simulated().quality()).isEqualTo(c.simulated().quality());
    }
}
