package dev.switchboard.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.PlanConfig;
import dev.switchboard.engine.error.RateLimitedException.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalPlanWindowsTest {
    private final LocalPlanWindows w = new LocalPlanWindows(dev.switchboard.engine.clock.Ticker.system());

    @Test
    void minuteWindowRefusesTheEleventhWithTheTimeUntilRoom() {
        PlanConfig free = new PlanConfig("free", 10, 100);
        for (int i = 0; i < 10; i++) {
            assertThat(w.admit("u1", free, "m", 0)).isNull();
        }
        Rejection r = w.admit("u1", free, "m", 0);
        assertThat(r.reason()).isEqualTo(Reason.PLAN_MINUTE);
        assertThat(r.retryAfterMillis()).isBetween(59_000L, 60_000L);
        assertThat(w.admit("u2", free, "m", 0)).as("other users are not affected").isNull();
    }

    @Test
    void hourWindowAndModelCapsApply() {
        PlanConfig hourly = new PlanConfig("h", 0, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(w.admit("u", hourly, "m", 0)).isNull();
        }
        assertThat(w.admit("u", hourly, "m", 0).reason()).isEqualTo(Reason.PLAN_HOUR);

        PlanConfig pro = new PlanConfig("pro", 50, 0);
        assertThat(w.admit("v", pro, "gpt-4o", 2)).isNull();
        assertThat(w.admit("v", pro, "gpt-4o", 2)).isNull();
        assertThat(w.admit("v", pro, "gpt-4o", 2).reason()).isEqualTo(Reason.MODEL_CAP);
        assertThat(w.admit("v", pro, "gpt-4o-mini", 0)).as("the cap is per model").isNull();
    }

    @Test
    void repeatedRefusalsLockTheUserOutUntilCleared() {
        LimitsConfig limits = LimitsConfig.NONE;
        assertThat(limits.abuseStrikes()).isEqualTo(3);
        assertThat(w.strike("u", limits)).isFalse();
        assertThat(w.strike("u", limits)).isFalse();
        assertThat(w.strike("u", limits)).isTrue();
        assertThat(w.lockouts()).extracting(Lockout::user).containsExactly("u");
        long until = w.lockouts().get(0).untilMillis() - System.currentTimeMillis();
        assertThat(until).isBetween(Duration.ofMinutes(15).toMillis() - 1000, Duration.ofMinutes(15).toMillis());
        Rejection r = w.admit("u", new PlanConfig("p", 100, 0), "m", 0);
        assertThat(r.reason()).isEqualTo(Reason.LOCKED_OUT);
        assertThat(w.clearLockout("u")).isTrue();
        assertThat(w.admit("u", new PlanConfig("p", 100, 0), "m", 0)).isNull();
    }
}
