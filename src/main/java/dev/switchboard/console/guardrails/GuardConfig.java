package dev.switchboard.console.guardrails;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.guard.policy.GuardSettings;

/** The config's guards section, read and set in one place. */
final class GuardConfig {
    private GuardConfig() {
    }

    static GuardSettings of(SwitchboardConfig c) {
        // WIRE: SwitchboardConfig.guards() comes with h-guard's config commit; until then the defaults (all off).
        return GuardSettings.defaults();
    }

    static SwitchboardConfig with(SwitchboardConfig c, GuardSettings g) {
        // WIRE: c.withGuards(g) once SwitchboardConfig has it.
        return c;
    }
}
