package dev.switchboard.console.guardrails;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.guard.policy.GuardSettings;

/** The config's guards section, read and set in one place. */
final class GuardConfig {
    private GuardConfig() {
    }

    static GuardSettings of(SwitchboardConfig c) {
        return c.guards();
    }

    static SwitchboardConfig with(SwitchboardConfig c, GuardSettings g) {
        return c.withGuards(g);
    }
}
