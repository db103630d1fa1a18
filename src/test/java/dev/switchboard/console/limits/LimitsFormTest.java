package dev.switchboard.console.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.BucketConfig;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.PlanConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LimitsFormTest {
    private static final Set<String> MODELS = Set.of("gpt-4o", "gpt-4o-mini");
    private static final LimitsConfig BASE = LimitsConfig.NONE;

    @Test
    void validRowsBuildTheLimits() {
        LimitsForm.Result r = LimitsForm.check(BASE, MODELS,
                List.of(new LimitsForm.PlanRow("free", "20", "200"), new LimitsForm.PlanRow("pro", "60", "0")),
                List.of(new LimitsForm.CapRow("gpt-4o", "5")), "9.5", "1",
                List.of(new LimitsForm.BucketRow("gpt-4o", "2", "1")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.limits().plan("free")).isEqualTo(new PlanConfig("free", 20, 200));
        assertThat(r.limits().modelCaps()).containsEntry("gpt-4o", 5);
        assertThat(r.limits().bucketFor("gpt-4o-mini")).isEqualTo(new BucketConfig(9.5, 1));
        assertThat(r.limits().bucketFor("gpt-4o")).isEqualTo(new BucketConfig(2, 1));
    }

    @Test
    void everyBadCellIsNamed() {
        LimitsForm.Result r = LimitsForm.check(BASE, MODELS,
                List.of(new LimitsForm.PlanRow("free", "lots", "0"), new LimitsForm.PlanRow("pro", "-1", "0")),
                List.of(new LimitsForm.CapRow("gpt-9", "5")), "fast", "1",
                List.of(new LimitsForm.BucketRow("gpt-4o", "0", "1")));
        assertThat(r.valid()).isFalse();
        assertThat(r.errors()).containsExactly(
                "Plans, row 1 (free), per minute: must be a whole number, got 'lots'",
                "Plans, row 2 (pro), per minute: must be zero (no limit) or more, got -1",
                "Model caps, row 1 (gpt-9), model: unknown model; configured: " + MODELS,
                "Default bucket, rate: must be a number of requests a second, got 'fast'",
                "Model buckets, row 1 (gpt-4o), rate: must be more than 0 and at most 1000000, got 0.0");
    }

    @Test
    void theDefaultPlanMustStay() {
        LimitsForm.Result r = LimitsForm.check(BASE, MODELS, List.of(new LimitsForm.PlanRow("pro", "10", "0")),
                List.of(), "", "", List.of());
        assertThat(r.errors()).containsExactly(
                "Plans: the default plan 'free' must stay (users without a plan get it)");
    }
}
