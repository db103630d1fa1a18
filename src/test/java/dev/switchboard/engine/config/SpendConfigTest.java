package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger and budgets sections: defaults, errors that name the field, and the round trip through the file. */
class SpendConfigTest {
    private static final String MODELS = """
            models:
              gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.6}
            """;

    private static SwitchboardConfig parse(String yaml) {
        return new ConfigLoader(Map.of("SWITCHBOARD_HOME", "/var/lib/sb")::get).parse(yaml, "t.yaml");
    }

    @Test
    void theLedgerIsOnByDefaultAndUsesL3sDatabaseOrAnEmbeddedOne() {
        LedgerConfig embedded = parse(MODELS).ledger();
        assertThat(embedded.enabled()).isTrue();
        assertThat(embedded.url()).isEqualTo("jdbc:h2:file:/var/lib/sb/switchboard;AUTO_SERVER=TRUE");
        assertThat(embedded.journal()).isEqualTo(Path.of("/var/lib/sb/journal"));

        LedgerConfig shared = parse("""
                tiers:
                  l3: {enabled: true, url: "jdbc:postgresql://db:5432/sb", user: sb}
                """ + MODELS).ledger();
        assertThat(shared.url()).isEqualTo("jdbc:postgresql://db:5432/sb");
        assertThat(shared.user()).isEqualTo("sb");

        assertThat(parse("ledger: {enabled: false}\n" + MODELS).ledger().enabled()).isFalse();
    }

    @Test
    void badBudgetsAreNamedWithTheirReason() {
        assertThatThrownBy(() -> parse("budgets: {daily: lots}\n" + MODELS))
                .hasMessage("t.yaml: budgets.daily: expected an amount in USD like 25.00, got 'lots'");
        assertThatThrownBy(() -> parse("budgets: {monthly: -5}\n" + MODELS))
                .hasMessage("t.yaml: budgets.monthly: must be zero (no limit) or a positive amount in USD, got '-5'");
        assertThatThrownBy(() -> parse("budgets:\n  thresholds: {alert: 100%}\n" + MODELS))
                .hasMessage("t.yaml: budgets.thresholds.alert: must be below the soft limit (100%), got 100%");
        assertThatThrownBy(() -> parse("budgets:\n  thresholds: {hard: lots}\n" + MODELS))
                .hasMessage("t.yaml: budgets.thresholds.hard: expected a whole percentage like 80%, got 'lots'");
        assertThatThrownBy(() -> parse("budgets:\n  users:\n    alice: {daily: x}\n" + MODELS))
                .hasMessage("t.yaml: budgets.users.alice.daily: expected an amount in USD like 25.00, got 'x'");
        assertThatThrownBy(() -> parse("ledger: {batch_size: 0}\n" + MODELS))
                .hasMessage("t.yaml: ledger.batch_size: must be between 1 and 100000, got 0");
    }

    /** Names the config hands to the ledger must fit its columns (V2: 64 characters), or no batch could be written. */
    @Test
    void namesLongerThanTheLedgersColumnsAreConfigErrorsNamingTheField() {
        String longName = "m".repeat(80);
        assertThatThrownBy(() -> parse("models:\n  " + longName + ": {version: v1}\n"))
                .hasMessageStartingWith("t.yaml: models." + longName + ": must be 1-64 characters");
        assertThatThrownBy(() -> parse("namespaces:\n  " + longName + ": {policy: store}\n" + MODELS))
                .hasMessageStartingWith("t.yaml: namespaces." + longName + ": must be 1-64 characters");
        assertThatThrownBy(() -> parse("limits:\n  plans:\n    " + longName + ": {per_minute: 5}\n" + MODELS))
                .hasMessageStartingWith("t.yaml: limits.plans." + longName + ": must be 1-64 characters");
        assertThatThrownBy(() -> parse("limits:\n  default_plan: " + longName + "\n" + MODELS))
                .hasMessageStartingWith("t.yaml: limits.default_plan: ");
        assertThatThrownBy(() -> parse("budgets:\n  users:\n    " + "u".repeat(130) + ": {daily: 1}\n" + MODELS))
                .hasMessageStartingWith("t.yaml: budgets.users." + "u".repeat(130) + ": must be 1-");
    }

    @Test
    void budgetsAndPricesSurviveTheRoundTripThroughTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "# prices from the vendor sheet\n" + MODELS + "budgets:\n  daily: $25.50\n");
        ConfigFile cf = new ConfigFile(file, new ConfigLoader(Map.of("SWITCHBOARD_HOME", dir.toString())::get));
        SwitchboardConfig c = cf.load();
        assertThat(c.budgets().daily()).isEqualTo(25.5);
        SwitchboardConfig edited = c.withModel(c.models().get("gpt-4o-mini").withPrices(0.2, 0.8))
                .withBudgets(c.budgets().withThresholds(70, 90, 150).withGlobal(30, 600)
                        .withUsers(Map.of("alice", new BudgetsConfig.UserBudget(2, 20))));
        cf.save(edited);
        assertThat(cf.load()).isEqualTo(edited);
        assertThat(Files.readString(file)).contains("hard: 150%");
    }
}
