package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.engine.cache.semantic.AcceptanceRule;
import dev.switchboard.engine.cache.semantic.Embedders;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config's {@code semantic.provider}: embeddings from a providers entry's OpenAI-compatible endpoint. */
class SemanticProviderConfigTest {
    private static final String BASE = """
            providers:
              oa:
                kind: openai
                base_url: https://api.openai.com/v1
                api_key: ${OPENAI_API_KEY}
              claude:
                kind: anthropic
                base_url: https://api.anthropic.com/v1
                api_key: ${ANTHROPIC_API_KEY}
            models:
              gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.6}
            ledger: {enabled: false}
            """;

    @TempDir
    Path dir;

    private static SwitchboardConfig parse(String semantic) {
        return new ConfigLoader(Map.of("OPENAI_API_KEY", "sk-test-config-0123456789")::get)
                .parse(BASE + semantic, "t.yaml");
    }

    private static ConfigException refused(String semantic) {
        return catchThrowableOfType(ConfigException.class, () -> parse(semantic));
    }

    @Test
    void aProviderAndItsModelWithAThresholdLoad() {
        SemanticSettings s = parse("""
                semantic:
                  enabled: true
                  provider: oa
                  model: text-embedding-3-small
                  threshold: 0.9
                """).semantic();
        assertThat(s.provider()).isEqualTo("oa");
        assertThat(s.model()).as("the endpoint's id, not a local model's").isEqualTo("text-embedding-3-small");
        assertThat(s.remote()).isTrue();
        assertThat(s.threshold()).isEqualTo(0.9);
        assertThat(s.maxFalseRate()).isNull();
        assertThat(s.embedderSource()).isEqualTo("oa/text-embedding-3-small");
        assertThat(new AcceptanceRule(s).threshold()).isEqualTo(0.9);
    }

    @Test
    void anUnknownProviderIsNamedWithTheKnownOnes() {
        ConfigException e = refused("""
                semantic: {provider: openia, model: text-embedding-3-small, threshold: 0.9}
                """);
        assertThat(e.field()).isEqualTo("semantic.provider");
        assertThat(e.getMessage()).isEqualTo("t.yaml: semantic.provider: unknown provider 'openia'; known: oa, claude");
    }

    @Test
    void aProviderOfAnotherKindIsRefused() {
        ConfigException e = refused("""
                semantic: {provider: claude, model: voyage-3, threshold: 0.9}
                """);
        assertThat(e.field()).isEqualTo("semantic.provider");
        assertThat(e.reason()).contains("'claude' is of kind anthropic").contains("kind openai");
    }

    @Test
    void aProviderNeedsTheEndpointsModel() {
        ConfigException e = refused("""
                semantic: {provider: oa, threshold: 0.9}
                """);
        assertThat(e.field()).isEqualTo("semantic.model");
        assertThat(e.reason()).contains("required with provider 'oa'").contains("text-embedding-3-small");
        assertThat(refused("semantic: {provider: ' ', model: m, threshold: 0.9}\n").field())
                .isEqualTo("semantic.provider");
    }

    @Test
    void maxFalseRateWithoutATableOfTheModelsOwnIsRefusedAtLoad() {
        // Given, and by default (threshold left out keeps the default max_false_rate).
        for (String semantic : new String[] {
                "semantic: {provider: oa, model: text-embedding-3-small, max_false_rate: 0.1}\n",
                "semantic: {provider: oa, model: text-embedding-3-small}\n",
                // A remote model named like the local one still gets no shipped table.
                "semantic: {provider: oa, model: " + Embedders.DEFAULT_MODEL + "}\n"}) {
            ConfigException e = refused(semantic);
            assertThat(e.field()).as(semantic).isEqualTo("semantic.max_false_rate");
            assertThat(e.reason()).contains("shipped calibration table is for the local model "
                    + Embedders.DEFAULT_MODEL).contains("set threshold").contains("calibration")
                    .contains("switchboard semantic eval --calibrate");
        }
    }

    @Test
    void maxFalseRateWithACalibrationTableOfItsOwnLoads() throws Exception {
        Path table = dir.resolve("te3.tsv");
        Files.writeString(table, """
                # made by semantic eval --calibrate for text-embedding-3-small
                0.9500\t0.01000\t0.10000\t400
                0.9000\t0.05000\t0.30000\t900
                0.8500\t0.20000\t0.50000\t1500
                """);
        SemanticSettings s = parse("""
                semantic:
                  provider: oa
                  model: text-embedding-3-small
                  max_false_rate: 0.06
                  calibration: "%s"
                """.formatted(table)).semantic();
        assertThat(new AcceptanceRule(s).threshold()).isEqualTo(0.90);
    }

    @Test
    void localModelsAreCheckedAsBeforeAndKeepTheShippedTable() {
        ConfigException e = refused("semantic: {model: text-embedding-3-small}\n");
        assertThat(e.field()).isEqualTo("semantic.model");
        assertThat(e.reason()).contains("unknown embedding model 'text-embedding-3-small'")
                .contains(Embedders.DEFAULT_MODEL);
        SemanticSettings s = parse("semantic: {enabled: true}\n").semantic();
        assertThat(s.provider()).isNull();
        assertThat(s.remote()).isFalse();
        assertThat(s.embedderSource()).isEqualTo(Embedders.DEFAULT_MODEL);
        assertThat(new AcceptanceRule(s).threshold()).as("the shipped table").isLessThan(1.0);
    }

    @Test
    void theSampleConfigsCommentedExampleLoads() throws Exception {
        StringBuilder yaml = new StringBuilder();
        boolean example = false;
        for (String line : Files.readAllLines(Path.of("sample-configs/openai.yaml"))) {
            String t = line.strip();
            if (t.equals("# openai-embeddings:") || t.equals("# semantic:")) {
                example = true;
            } else if (t.isEmpty()) {
                example = false;
            }
            yaml.append(example ? line.replaceFirst("# ", "") : line).append('\n');
        }
        SwitchboardConfig c = new ConfigLoader(k -> null).parse(yaml.toString(), "openai.yaml, uncommented");
        assertThat(c.semantic().provider()).isEqualTo("openai-embeddings");
        assertThat(c.semantic().model()).isEqualTo("text-embedding-3-small");
        assertThat(c.semantic().threshold()).isEqualTo(0.90);
        assertThat(c.providers().get("openai-embeddings").readTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        // As shipped, the example is off: the file keeps the local model.
        assertThat(new ConfigLoader(k -> null).load(Path.of("sample-configs/openai.yaml")).semantic().provider())
                .isNull();
    }

    @Test
    void editsAreCheckedAsTheFileIs() {
        SwitchboardConfig c = parse("");
        SemanticSettings remote = SemanticSettings.defaults().withThreshold(0.9).withModel("text-embedding-3-small")
                .withProvider("oa");
        assertThat(c.withSemantic(remote).semantic().provider()).isEqualTo("oa");
        assertThatThrownBy(() -> c.withSemantic(remote.withProvider("nope")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("semantic.provider: unknown provider 'nope'");
        assertThatThrownBy(() -> c.withSemantic(remote.withMaxFalseRate(0.1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("semantic.max_false_rate");
        assertThatThrownBy(() -> c.withSemantic(remote).withProviders(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("semantic.provider");
        // Every copy keeps the provider; withProvider(null) is the local model again.
        assertThat(remote.withEnabled(true).withChecks(java.util.Set.of()).withMargin(0.1, 0.2)
                .withBruteForceBelow(10).withCalibration(null).withThreshold(0.8).provider()).isEqualTo("oa");
        assertThat(remote.withProvider(null).withModel(Embedders.DEFAULT_MODEL).remote()).isFalse();
        assertThat(SemanticSettings.defaults().provider()).isNull();
    }
}
