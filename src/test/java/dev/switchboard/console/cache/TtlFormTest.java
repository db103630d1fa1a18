package dev.switchboard.console.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.NamespacePolicy;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.testsupport.TestConfigs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TtlFormTest {
    private static final SwitchboardConfig BASE = TestConfigs.parse("""
            tiers:
              l1: {enabled: true, ttl: 5m}
              l2: {enabled: true, ttl: 1h}
              l3: {enabled: true, ttl: 24h, url: "jdbc:h2:mem:x"}
            """ + TestConfigs.MODELS);

    private static TtlForm.Result check(String l1, String max, String l2, String l3, List<TtlForm.NamespaceRow> ns) {
        return TtlForm.check(BASE, l1, max, l2, l3, ns);
    }

    @Test
    void validEditsBuildTheConfig() {
        TtlForm.Result r = check("10m", "128MB", "2h", "48h", List.of(new TtlForm.NamespaceRow("private",
                NamespacePolicy.NO_STORE)));
        assertThat(r.valid()).isTrue();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.config().tiers().l1().ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.config().tiers().l1().maxBytes()).isEqualTo(128L << 20);
        assertThat(r.config().tiers().l3().ttl()).isEqualTo(Duration.ofHours(48));
        assertThat(r.config().policy("private")).isEqualTo(NamespacePolicy.NO_STORE);
    }

    /** The edit sets the form's fields on whatever config it is given: an edit made elsewhere meanwhile stays. */
    @Test
    void theEditChangesOnlyTheCacheSection() {
        TtlForm.Result r = check("10m", "128MB", "2h", "48h", List.of());
        SwitchboardConfig editedElsewhere = BASE.withBudgets(BASE.budgets().withGlobal(25, 500));
        SwitchboardConfig applied = r.edit().apply(editedElsewhere);
        assertThat(applied.budgets().daily()).isEqualTo(25);
        assertThat(applied.tiers().l1().ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(applied.tiers().l2().ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(applied).isEqualTo(r.config().withBudgets(editedElsewhere.budgets()));
        assertThat(check("-5s", "1MB", "1h", "1d", List.of()).edit()).as("nothing to apply").isNull();
    }

    @Test
    void errorsNameTheFieldAndReason() {
        TtlForm.Result r = check("-5s", "lots", "soon", "", List.of());
        assertThat(r.valid()).isFalse();
        assertThat(r.config()).isNull();
        assertThat(r.errors()).containsEntry(TtlForm.L1_TTL, "must be positive, got -5s");
        assertThat(r.errors().get(TtlForm.L1_MAX)).contains("expected a size");
        assertThat(r.errors().get(TtlForm.L2_TTL)).contains("got 'soon'");
        assertThat(r.errors().get(TtlForm.L3_TTL)).startsWith("required");
        assertThat(check("0s", "1MB", "1h", "1d", List.of()).errors()).containsEntry(TtlForm.L1_TTL, "must be positive, got 0s");
    }

    @Test
    void badNamespacesAreErrors() {
        assertThat(check("5m", "64MB", "1h", "1d", List.of(new TtlForm.NamespaceRow("a b", NamespacePolicy.STORE)))
                .errors().get(TtlForm.NAMESPACES)).contains("got 'a b'");
        assertThat(check("5m", "64MB", "1h", "1d", List.of(new TtlForm.NamespaceRow("x", NamespacePolicy.STORE),
                new TtlForm.NamespaceRow("x", NamespacePolicy.NO_STORE))).errors().get(TtlForm.NAMESPACES))
                .isEqualTo("namespace 'x' is listed twice");
    }

    @Test
    void oddButLegalValuesWarn() {
        TtlForm.Result r = check("2h", "64MB", "1h", "30m", List.of());
        assertThat(r.valid()).isTrue();
        assertThat(r.warnings()).hasSize(2);
        assertThat(r.warnings().get(0)).startsWith("L1 keeps entries (2h) longer than L2 (1h)");
        assertThat(r.warnings().get(1)).startsWith("L2 keeps entries (1h) longer than L3 (30m)");
    }
}
