package dev.switchboard.console.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.cache.SemanticForm.Mode;
import dev.switchboard.console.cache.SemanticForm.Result;
import dev.switchboard.console.cache.SemanticForm.Table;
import dev.switchboard.engine.cache.semantic.Calibration;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.cache.semantic.SemanticSnapshot.Recent;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.testsupport.TestConfigs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The semantic editor's rules: every message names its field, and a setting says what it implies before it runs. */
class SemanticFormTest {
    private static final SwitchboardConfig BASE = TestConfigs.l1Only()
            .withSemantic(SemanticSettings.defaults().withEnabled(true));
    private static final Table SHIPPED = new Table(Calibration.shipped(SemanticSettings.defaults().model()), null);

    @Test
    void aMaxFalseRateIsReadOffTheCalibration() {
        Result r = SemanticForm.check(BASE, true, Mode.MAX_FALSE_RATE, "0.135", SHIPPED);
        assertThat(r.errors()).isEmpty();
        assertThat(r.ready()).isTrue();
        assertThat(r.implies().text())
                .isEqualTo("max_false_rate 0.135 → threshold 0.938 → expected true-hit 35%, false-hit 13%");
        assertThat(r.implies().threshold()).isEqualTo(0.9375);
        assertThat(r.config()).isEqualTo(BASE);
        assertThat(SemanticForm.check(BASE, true, Mode.MAX_FALSE_RATE, "13.5%", SHIPPED).config()).isEqualTo(BASE);
    }

    @Test
    void aFixedThresholdShowsTheRatesMeasuredThere() {
        Result r = SemanticForm.check(BASE, true, Mode.THRESHOLD, "0.85", SHIPPED);
        assertThat(r.implies().text()).isEqualTo("threshold 0.850 → expected true-hit 63%, false-hit 32%");
        assertThat(r.config().semantic().threshold()).isEqualTo(0.85);
        assertThat(r.config().semantic().maxFalseRate()).as("threshold wins; the file says one").isNull();

        Result low = SemanticForm.check(BASE, true, Mode.THRESHOLD, "0.7", SHIPPED);
        assertThat(low.implies().text()).endsWith("(at least; the table starts at 0.800)");
        assertThat(low.warnings()).singleElement().asString().startsWith("threshold 0.700 is below the floor 0.80");
    }

    @Test
    void badValuesNameTheField() {
        assertThat(SemanticForm.check(BASE, true, Mode.MAX_FALSE_RATE, "1.5", SHIPPED).errors())
                .containsExactly(java.util.Map.entry("max_false_rate",
                        "max_false_rate: must be between 0 and 1 (exclusive), got 1.5"));
        assertThat(SemanticForm.check(BASE, true, Mode.MAX_FALSE_RATE, "0", SHIPPED).errors().get("max_false_rate"))
                .isEqualTo("max_false_rate: must be between 0 and 1 (exclusive), got 0.0");
        assertThat(SemanticForm.check(BASE, true, Mode.MAX_FALSE_RATE, "lots", SHIPPED).errors().get("max_false_rate"))
                .isEqualTo("max_false_rate: expected a number such as 0.135 (or 13.5%), got 'lots'");
        assertThat(SemanticForm.check(BASE, true, Mode.THRESHOLD, " ", SHIPPED).errors().get("threshold"))
                .isEqualTo("threshold: required, a number such as 0.92");
        Result r = SemanticForm.check(BASE, true, Mode.THRESHOLD, "2", SHIPPED);
        assertThat(r.errors().get("threshold")).isEqualTo("threshold: must be between -1 and 1, got 2.0");
        assertThat(r.valid()).isFalse();
        assertThat(r.ready()).isFalse();
        assertThat(r.config()).isNull();
        assertThat(r.edit()).isNull();
    }

    @Test
    void aRateNeedsACalibrationAndWaitsForItToBeRead() {
        Result missing = SemanticForm.check(BASE, true, Mode.MAX_FALSE_RATE, "0.1",
                new Table(null, "max_false_rate: no calibration table is shipped for model x"));
        assertThat(missing.errors().get("max_false_rate")).isEqualTo(
                "max_false_rate: no calibration table is shipped for model x");
        Result fixed = SemanticForm.check(BASE, true, Mode.THRESHOLD, "0.9",
                new Table(null, "max_false_rate: no calibration table is shipped for model x"));
        assertThat(fixed.ready()).as("a fixed threshold needs no table").isTrue();
        assertThat(fixed.implies().text()).startsWith("threshold 0.900 → rates unknown");

        Result reading = SemanticForm.check(BASE, true, Mode.MAX_FALSE_RATE, "0.1", Table.LOADING);
        assertThat(reading.valid()).isTrue();
        assertThat(reading.ready()).isFalse();
        assertThat(reading.implies().text()).isEqualTo("max_false_rate 0.1 → reading the calibration…");
    }

    @Test
    void aRateBelowEveryMeasuredOneAnswersNothingAndSaysSo() {
        Result r = SemanticForm.check(BASE, true, Mode.MAX_FALSE_RATE, "0.001", SHIPPED);
        assertThat(r.valid()).isTrue();
        assertThat(r.implies().threshold()).isInfinite();
        assertThat(r.implies().text()).isEqualTo("max_false_rate 0.001 → no threshold: nothing would be answered");
        assertThat(r.warnings()).singleElement().asString().contains("would answer nothing");
    }

    @Test
    void theEditChangesOnlyTheSwitchAndTheThreshold() {
        Result r = SemanticForm.check(BASE, false, Mode.THRESHOLD, "0.9", SHIPPED);
        SwitchboardConfig elsewhere = BASE.withTiers(BASE.tiers().withL1(BASE.tiers().l1()
                .withTtl(Duration.ofMinutes(9))));
        SwitchboardConfig after = r.edit().apply(elsewhere);
        assertThat(after.tiers().l1().ttl()).isEqualTo(Duration.ofMinutes(9));
        assertThat(after.semantic()).isEqualTo(BASE.semantic().withThreshold(0.9).withEnabled(false));
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("Off: requests use the exact tiers only"));
        assertThat(SemanticForm.valueText(after.semantic())).isEqualTo("0.9");
        assertThat(SemanticForm.valueText(BASE.semantic())).isEqualTo("0.135");
    }

    @Test
    void theInspectorSaysWhatEachDecisionMeans() {
        Recent refused = new Recent(0, "What is 2+3?", "What is 2+2?", 0.96171, "REFUSED", "number");
        Recent hit = new Recent(0, "How can I learn Python fast?", "How can I learn Python quickly?", 0.95, "HIT", null);
        Recent none = new Recent(0, "Hello", null, 0, "MISS", null);
        assertThat(NearMisses.similarity(refused)).isEqualTo("0.962");
        assertThat(NearMisses.similarity(none)).isEqualTo("–");
        assertThat(NearMisses.outcome(hit)).isEqualTo("served");
        assertThat(NearMisses.reason(new Recent(0, "a", "b", 0.9, "REFUSED", "below_threshold")))
                .isEqualTo("below threshold");
        assertThat(NearMisses.describe(refused, 0.8)).isEqualTo("""
                Prompt: What is 2+3?
                Nearest cached: What is 2+2?
                Similarity 0.962: refused, number: the prompts differ in a number (2+2 and 2+3, 2016 and 2017).""");
        assertThat(NearMisses.describe(none, 0.8)).endsWith("a miss.");
        List<Recent> all = List.of(refused, hit, none);
        assertThat(NearMisses.filter(all, NearMisses.Filter.REFUSED)).containsExactly(refused);
        assertThat(NearMisses.filter(all, NearMisses.Filter.HITS)).containsExactly(hit);
        assertThat(NearMisses.filter(all, NearMisses.Filter.ALL)).hasSize(3);
    }
}
