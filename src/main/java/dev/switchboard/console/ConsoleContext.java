package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import java.nio.file.Path;

/**
 * What every view controller needs: the engine, the config file behind it, the background runner, the
 * notifier and the snapshot poller. Handed to controllers by the FXML controller factory.
 *
 * @param workloadDir where the Traffic view's file chooser starts
 */
public record ConsoleContext(Engine engine, ConfigFile configFile, Background background, Notifier notifier,
                             SnapshotPoller poller, Path workloadDir) {
}
