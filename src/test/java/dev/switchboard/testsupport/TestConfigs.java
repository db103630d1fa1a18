package dev.switchboard.testsupport;

import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import java.nio.file.Path;

/** Small configs for tests, written as YAML so they exercise the loader too. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static final String MODELS = """
            models:
              gpt-4o-mini:
                version: "2024-07-18"
                input_per_1m: 0.15
                output_per_1m: 0.60
              gpt-4o:
                version: "2024-08-06"
                input_per_1m: 2.50
                output_per_1m: 10.00
            """;

    public static final String ZERO_LATENCY = """
            simulated:
              latency:
                median: 0ms
                p99: 0ms
            """;

    /** Parses {@code yaml}; the cost ledger is off unless the YAML configures one, so tests write no journal. */
    public static SwitchboardConfig parse(String yaml) {
        String withLedger = yaml.contains("ledger:") ? yaml : yaml + "\nledger: {enabled: false}\n";
        return new ConfigLoader().parse(withLedger, "test.yaml");
    }

    /** {@link #l1Only()} as YAML, for tests that need it as a file (the console's editors write it back). */
    public static final String L1_ONLY = """
            tiers:
              l1: {enabled: true, ttl: 5m}
              l3: {enabled: false}
            namespaces:
              private: {policy: no-store}
            """ + MODELS + ZERO_LATENCY;

    /** L1 only, instant provider. */
    public static SwitchboardConfig l1Only() {
        return parse(L1_ONLY);
    }

    /** L1 plus L3 on an H2 file in {@code dir}. */
    public static SwitchboardConfig l1AndH2(Path dir) {
        return parse("""
                tiers:
                  l1: {enabled: true, ttl: 5m}
                  l3:
                    enabled: true
                    url: "jdbc:h2:file:%s/cache"
                """.formatted(dir.toAbsolutePath()) + MODELS + ZERO_LATENCY);
    }

    public static SwitchboardConfig team() {
        return parse("""
                tiers:
                  l1: {enabled: true, ttl: 5m}
                  l2: {enabled: true, url: "%s"}
                  l3: {enabled: true, url: "%s", user: "%s"}
                """.formatted(Services.redisUrl(), Services.databaseUrl(), Services.databaseUser())
                + MODELS + ZERO_LATENCY);
    }
}
