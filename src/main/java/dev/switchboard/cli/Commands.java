package dev.switchboard.cli;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;

/** What the commands share: starting an engine from a config file with a one-line error when it cannot be used. */
final class Commands {
    private Commands() {
    }

    /** @return the started engine, or null after printing why the config cannot be used */
    static Engine startEngine(ConfigFile file, PrintWriter err) {
        try {
            return Engine.start(file.load());
        } catch (ConfigException e) {
            err.println("switchboard: config error: " + e.getMessage());
            return null;
        }
    }

    static ConfigFile configFile(Path path) {
        return new ConfigFile(path, new ConfigLoader());
    }
}
