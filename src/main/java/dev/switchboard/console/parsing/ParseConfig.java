package dev.switchboard.console.parsing;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.parse.ParseSettings;

/** The config's parse section, read and set in one place. */
final class ParseConfig {
    private ParseConfig() {
    }

    static ParseSettings of(SwitchboardConfig c) {
        // WIRE: SwitchboardConfig.parse() is on h-parse's way; until it lands this reads the defaults.
        return ParseSettings.defaults();
    }

    static SwitchboardConfig with(SwitchboardConfig c, ParseSettings p) {
        // WIRE: c.withParse(p) once SwitchboardConfig has it.
        return c;
    }
}
