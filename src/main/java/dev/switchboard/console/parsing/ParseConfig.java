package dev.switchboard.console.parsing;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.parse.ParseSettings;

/** The config's parse section, read and set in one place. */
final class ParseConfig {
    private ParseConfig() {
    }

    static ParseSettings of(SwitchboardConfig c) {
        return c.parse();
    }

    static SwitchboardConfig with(SwitchboardConfig c, ParseSettings p) {
        return c.withParse(p);
    }
}
