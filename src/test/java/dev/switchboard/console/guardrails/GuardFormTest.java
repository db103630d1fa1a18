package dev.switchboard.console.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.guard.policy.GuardMode;
import dev.switchboard.engine.guard.policy.GuardRules;
import dev.switchboard.engine.guard.policy.GuardSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardFormTest {
    @Test
    void aNamespacesEditLeavesTheDefaultAndTheTrialUsesTheEditedRules() {
        GuardSettings running = GuardSettings.defaults();
        GuardForm.Draft d = GuardForm.draft(running, "billing");
        Map<String, GuardMode> in = new LinkedHashMap<>(d.input());
        in.put("pii", GuardMode.REDACT);
        GuardForm.Result r = GuardForm.check(running, new GuardForm.Draft("billing", in, d.output(), "0.7",
                d.thresholdOut(), "acme\n acme \n\nglobex", d.termsOut()));
        assertThat(r.valid()).isTrue();
        assertThat(r.input().blocklistTerms()).containsExactly("acme", "globex");
        assertThat(r.input().injectionThreshold()).isEqualTo(0.7);
        assertThat(r.output()).as("the other direction as it was").isEqualTo(GuardRules.off());
        GuardSettings after = GuardForm.put(running, "billing", r.input(), r.output());
        assertThat(after.input()).isEqualTo(GuardRules.off());
        assertThat(after.rulesFor("billing", false).pii()).isEqualTo(GuardMode.REDACT);

        GuardForm.Trial t = GuardForm.trial(r.input(), "write to a@example.com");
        assertThat(t.text()).isEqualTo("write to [EMAIL]");
        assertThat(t.findings()).extracting(GuardForm.Row::span).containsExactly("9–22");
    }

    @Test
    void aDraftOfTheRunningRulesChangesNothing() {
        GuardRules in = GuardRules.off().withBlocklist(GuardMode.FLAG, java.util.List.of("acme"), java.util.List.of());
        GuardSettings running = new GuardSettings(in, GuardRules.off().withInjection(GuardMode.BLOCK, 0.8), Map.of());
        GuardForm.Result r = GuardForm.check(running, GuardForm.draft(running, GuardForm.DEFAULT));
        assertThat(r.input()).isEqualTo(running.input());
        assertThat(r.output()).isEqualTo(running.output());
    }

    @Test
    void aThresholdThatIsNotANumberIsNamed() {
        GuardForm.Draft d = GuardForm.draft(GuardSettings.defaults(), GuardForm.DEFAULT);
        GuardForm.Result r = GuardForm.check(GuardSettings.defaults(), new GuardForm.Draft(GuardForm.DEFAULT,
                d.input(), d.output(), d.thresholdIn(), "high", "", ""));
        assertThat(r.errors()).containsEntry("injection_threshold",
                "output.injection_threshold: a number such as 0.6, got 'high'");
        assertThat(r.edit()).isNull();
    }
}
