package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String MODELS = """
            models:
              gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.6}
            """;

    private static SwitchboardConfig parse(String yaml) {
        return new ConfigLoader(Map.of("REDIS_URL", "redis://10.0.0.9:6380")::get).parse(yaml, "t.yaml");
    }

    @Test
    void negativeTtlNamesFileFieldAndValue() {
        assertThatThrownBy(() -> parse("tiers:\n  l2:\n    ttl: -5s\n" + MODELS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml: tiers.l2.ttl: must be positive, got -5s");
    }

    @Test
    void unknownKeysAreErrorsWithTheirPath() {
        assertThatThrownBy(() -> parse("tiers:\n  l1:\n    tll: 5m\n" + MODELS))
                .hasMessageStartingWith("t.yaml: tiers.l1.tll: unknown key; expected one of");
        assertThatThrownBy(() -> parse("cache: {}\n" + MODELS)).hasMessageContaining("cache: unknown key");
    }

    @Test
    void unparseableDurationSaysWhatWasExpected() {
        assertThatThrownBy(() -> parse("tiers:\n  l1:\n    ttl: soon\n" + MODELS))
                .hasMessage("t.yaml: tiers.l1.ttl: expected a duration such as 250ms, 30s, 5m, 1h or 24h, got 'soon'");
    }

    @Test
    void defaultsFollowTheIssue() {
        SwitchboardConfig c = parse(MODELS);
        assertThat(c.tiers().l1().ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.tiers().l2().ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.tiers().l3().ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(c.tiers().l2().enabled()).isFalse();
        assertThat(c.policy("anything")).isEqualTo(NamespacePolicy.STORE);
    }

    @Test
    void environmentReferencesExpandWithDefaults() {
        SwitchboardConfig c = parse("""
                tiers:
                  l2: {enabled: true, url: "${REDIS_URL:-redis://127.0.0.1:6379}"}
                  l3: {enabled: true, url: "${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/test}"}
                """ + MODELS);
        assertThat(c.tiers().l2().url()).isEqualTo("redis://10.0.0.9:6380");
        assertThat(c.tiers().l3().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    }

    @Test
    void badValuesNameTheirField() {
        assertThatThrownBy(() -> parse("namespaces:\n  p: {policy: never}\n" + MODELS))
                .hasMessage("t.yaml: namespaces.p.policy: must be store or no-store, got 'never'");
        assertThatThrownBy(() -> parse("models:\n  m: {version: v1, provider: openai}\n"))
                .hasMessageContaining("models.m.provider: unknown provider 'openai'");
        assertThatThrownBy(() -> parse("simulated: {error_rate: 1.5}\n" + MODELS))
                .hasMessageContaining("simulated.error_rate: must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> parse("tiers:\n  l3: {enabled: true, url: 'mysql://x'}\n" + MODELS))
                .hasMessageContaining("tiers.l3.url: must be a PostgreSQL URL");
        assertThatThrownBy(() -> parse("tiers:\n  l1: {max_bytes: lots}\n" + MODELS))
                .hasMessageContaining("tiers.l1.max_bytes: expected a size such as 64MB");
        assertThatThrownBy(() -> parse("tiers: [1, 2]\n" + MODELS))
                .hasMessageContaining("tiers: must be a mapping");
        assertThatThrownBy(() -> parse("tiers:\n  l1: {ttl: 5m\n"))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("tiers: {}\n")).hasMessageContaining("models: at least one model is required");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path f = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> new ConfigLoader().load(f)).hasMessage(f + ": file not found");
    }

    @Test
    void shippedSampleConfigsLoad() throws Exception {
        for (String name : new String[] {"local.yaml", "team.yaml", "bench.yaml", "bench-l2.yaml", "bench-l3.yaml",
            "burst.yaml", "burst-shared.yaml", "openai.yaml", "anthropic.yaml", "bench-gateway.yaml", "routing.yaml"}) {
            Path p = Path.of("sample-configs", name);
            assertThat(Files.exists(p)).as(p.toString()).isTrue();
            SwitchboardConfig c = new ConfigLoader().load(p);
            assertThat(c.models()).isNotEmpty();
        }
        SwitchboardConfig local = new ConfigLoader().load(Path.of("sample-configs/local.yaml"));
        assertThat(local.tiers().l2().enabled()).isFalse();
        assertThat(local.tiers().l3().url()).startsWith("jdbc:h2:file:");
        SwitchboardConfig team = new ConfigLoader(k -> null).load(Path.of("sample-configs/team.yaml"));
        assertThat(team.tiers().l2().url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(team.tiers().l3().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        // The real-provider samples load without their keys: a missing key fails the call, not the config.
        SwitchboardConfig openai = new ConfigLoader(k -> null).load(Path.of("sample-configs/openai.yaml"));
        assertThat(openai.providers().get("openai").apiKey().missing()).isTrue();
        assertThat(openai.models().get("gpt-4o").upstreamModel()).isEqualTo("gpt-4o-2024-08-06");
        SwitchboardConfig anthropic = new ConfigLoader(k -> null).load(Path.of("sample-configs/anthropic.yaml"));
        assertThat(anthropic.providerOf(anthropic.models().get("claude-sonnet-4")).kind())
                .isEqualTo(ProviderKind.ANTHROPIC);
        SwitchboardConfig bench = new ConfigLoader().load(Path.of("sample-configs/bench.yaml"));
        assertThat(bench.tiers().l3().enabled()).isFalse();
        assertThat(bench.simulated().latencyMedian()).isZero();
    }

    @Test
    void limitsReadWithDefaultsAndNamedErrors() {
        SwitchboardConfig none = parse(MODELS);
        assertThat(none.limits().enabled()).isFalse();

        SwitchboardConfig c = parse("""
                limits:
                  model_caps: {gpt-4o-mini: 20}
                  upstream:
                    default: {rate: 9.5, capacity: 1}
                    max_wait: 10s
                  abuse: {strikes: 5, lockout: 1h}
                """ + MODELS);
        LimitsConfig l = c.limits();
        assertThat(l.enabled()).isTrue();
        assertThat(l.plans().keySet()).containsExactly("free", "pro", "expert", "master");
        assertThat(l.plan("free")).isEqualTo(new PlanConfig("free", 10, 100));
        assertThat(l.plan("nonexistent").name()).isEqualTo("free");
        assertThat(l.bucketFor("gpt-4o-mini")).isEqualTo(new BucketConfig(9.5, 1));
        assertThat(l.modelCaps()).containsEntry("gpt-4o-mini", 20);
        assertThat(l.maxWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(l.abuseStrikes()).isEqualTo(5);
        assertThat(l.lockout()).isEqualTo(Duration.ofHours(1));

        assertThatThrownBy(() -> parse("limits:\n  upstream:\n    default: {rate: 0}\n" + MODELS))
                .hasMessageContaining("limits.upstream.default: must be more than 0");
        assertThatThrownBy(() -> parse("limits:\n  model_caps: {gpt-9: 5}\n" + MODELS))
                .hasMessageContaining("limits.model_caps.gpt-9: unknown model");
        assertThatThrownBy(() -> parse("limits:\n  shared: true\n" + MODELS))
                .hasMessageContaining("limits.shared: needs Redis");
        assertThatThrownBy(() -> parse("limits:\n  plans: {free: {per_minute: -1}}\n" + MODELS))
                .hasMessageContaining("limits.plans.free.per_minute: must be zero (no limit) or more");
        assertThatThrownBy(() -> parse("limits:\n  default_plan: gold\n" + MODELS))
                .hasMessageContaining("limits.default_plan: 'gold' is not one of the plans");
    }

    @Test
    void tierAndLedgerUrlsAreCheckedAtLoad() {
        assertThatThrownBy(() -> parse("tiers:\n  l2: {enabled: true, url: 'redis://'}\n" + MODELS))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml: tiers.l2.url: ")
                .hasMessageContaining("'redis://'");
        assertThatThrownBy(() -> parse("tiers:\n  l2: {enabled: true, url: 'redis://:7000'}\n" + MODELS))
                .hasMessageStartingWith("t.yaml: tiers.l2.url: has no host");
        assertThatThrownBy(() -> parse("tiers:\n  l2: {enabled: true, url: 'redis://h:6379/cache'}\n" + MODELS))
                .hasMessageStartingWith("t.yaml: tiers.l2.url: the database after the host must be a number");
        assertThatThrownBy(() -> parse("tiers:\n  l3: {enabled: true, url: 'jdbc:postgres://db:5432/x'}\n" + MODELS))
                .hasMessage("t.yaml: tiers.l3.url: the PostgreSQL driver takes jdbc:postgresql:, not jdbc:postgres:, "
                        + "got 'jdbc:postgres://db:5432/x'; expected jdbc:postgresql://host:5432/db");
        assertThatThrownBy(() -> parse("tiers:\n  l3: {enabled: true, url: 'jdbc:postgresql://'}\n" + MODELS))
                .hasMessageStartingWith("t.yaml: tiers.l3.url: has no host");
        assertThatThrownBy(() -> parse("ledger: {url: 'jdbc:postgres://db/x'}\n" + MODELS))
                .hasMessageStartingWith("t.yaml: ledger.url: the PostgreSQL driver takes jdbc:postgresql:");
        assertThatThrownBy(() -> parse("ledger: {url: 'mysql://db/x'}\n" + MODELS))
                .hasMessageStartingWith("t.yaml: ledger.url: must be a PostgreSQL URL");
        // What works still loads.
        for (String url : new String[] {"jdbc:postgresql://db:5432/x", "jdbc:postgresql://a:5432,b:5432/x",
            "jdbc:postgresql:x", "postgresql://app@db/x", "postgres://db/x", "jdbc:h2:file:/tmp/x", "jdbc:h2:mem:x"}) {
            assertThat(parse("tiers:\n  l3: {enabled: true, url: '" + url + "'}\n" + MODELS).tiers().l3().url())
                    .isEqualTo(url);
        }
        assertThat(parse("tiers:\n  l2: {enabled: true, url: 'rediss://:pw@cache:6380/2'}\n" + MODELS)
                .tiers().l2().url()).isEqualTo("rediss://:pw@cache:6380/2");
    }

    @Test
    void anErrorThatQuotesAUrlMasksItsPassword() {
        assertThatThrownBy(() -> parse("tiers:\n  l2: {enabled: true, url: 'redis://:s3cret@'}\n" + MODELS))
                .hasMessageContaining("redis://:***@").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("tiers:\n  l2: {enabled: true, url: 'redis://:s3cret@h:6379/x'}\n" + MODELS))
                .hasMessageContaining("redis://:***@h:6379/x").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("tiers:\n  l2: {enabled: true, url: 'http://:s3cret@h'}\n" + MODELS))
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("tiers:\n  l3: {enabled: true, url: 'jdbc:postgres://app:s3cret@db/x'}\n"
                + MODELS)).hasMessageContaining("app:***@db").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("ledger: {url: 'mysql://db/x?user=a&password=s3cret'}\n" + MODELS))
                .hasMessageContaining("password=***").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("tiers:\n  l2: {enabled: true, url: 'redis://:s3 cret@h'}\n" + MODELS))
                .hasMessageStartingWith("t.yaml: tiers.l2.url: not a valid URL").hasMessageNotContaining("s3 cret");
    }

    @Test
    void aKeyGivenTwiceIsNamedWithBothLines() {
        String yaml = """
                models:
                  gpt-4o-mini: {version: "2024-07-18"}
                  gpt-4o: {version: "2024-08-06"}
                  gpt-4o-mini: {version: "2025-01-01"}
                """;
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml: models.gpt-4o-mini: listed twice, on lines 2 and 4; keep one");
        assertThatThrownBy(() -> parse("tiers:\n  l1:\n    ttl: 5m\n    ttl: 10m\n" + MODELS))
                .hasMessage("t.yaml: tiers.l1.ttl: listed twice, on lines 3 and 4; keep one");
        // The same key in different mappings, or in different list items, is fine.
        parse("""
                simulated:
                  outages:
                    - {model: gpt-4o-mini, start: 1s, end: 2s}
                    - {model: gpt-4o-mini, start: 3s, end: 4s}
                tiers:
                  l1: {ttl: 5m}
                  l2: {ttl: 1h}
                """ + MODELS);
    }

    @Test
    void theSemanticSectionIsReadOverItsDefaultsAndBadValuesNameTheirField() {
        assertThat(parse(MODELS).semantic().enabled()).as("off unless asked").isFalse();
        var on = parse("semantic: {enabled: true, threshold: 0.9, max_turns: 3}\n" + MODELS).semantic();
        assertThat(on.enabled()).isTrue();
        assertThat(on.threshold()).isEqualTo(0.9);
        assertThat(on.maxFalseRate()).as("a threshold alone replaces the default rate").isNull();
        assertThat(on.maxTurns()).isEqualTo(3);
        assertThat(parse("semantic: {max_false_rate: 0.05}\n" + MODELS).semantic().maxFalseRate()).isEqualTo(0.05);
        assertThatThrownBy(() -> parse("semantic: {margin: 2}\n" + MODELS))
                .hasMessageContaining("semantic.margin").hasMessageContaining("between 0");
        assertThatThrownBy(() -> parse("semantic: {max_false_rate: 1.5}\n" + MODELS))
                .hasMessageContaining("semantic.max_false_rate");
        assertThatThrownBy(() -> parse("semantic: {model: gpt-embed}\n" + MODELS))
                .hasMessageContaining("semantic.model").hasMessageContaining("bge-small-en-v15-q");
        assertThatThrownBy(() -> parse("semantic: {checks: [numbers]}\n" + MODELS))
                .hasMessageContaining("semantic.checks").hasMessageContaining("numbers");
        assertThatThrownBy(() -> parse("semantic: {treshold: 0.9}\n" + MODELS))
                .hasMessageContaining("semantic.treshold: unknown key");
    }
}
