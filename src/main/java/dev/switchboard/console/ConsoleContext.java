package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.gateway.keys.KeyStore;
import java.nio.file.Path;

/**
 * What every view controller needs: the engine, the config file behind it, the background runner, the
 * notifier and the snapshot poller. Handed to controllers by the FXML controller factory.
 *
 * @param workloadDir where the Traffic view's file chooser starts
 * @param keys        the gateway's keys, opened on the ledger's database by whoever started the engine (and closed
 *                    by them); null when the ledger is off or nobody opened one: the Keys tab says so
 * @param gateway     the HTTP gateway in this process, over this engine (the status bar's switch)
 * @param thresholdCurve the Routing tab's threshold sweep over a workload; {@link ThresholdCurve#UNAVAILABLE}
 *                    (which says so) until the replay harness supplies one
 */
public record ConsoleContext(Engine engine, ConfigFile configFile, Background background, Notifier notifier,
                             SnapshotPoller poller, Path workloadDir, KeyStore keys, ConsoleGateway gateway,
                             ThresholdCurve thresholdCurve) {
    public ConsoleContext {
        gateway = gateway == null ? new ConsoleGateway(engine, keys) : gateway;
        thresholdCurve = thresholdCurve == null ? ThresholdCurve.UNAVAILABLE : thresholdCurve;
    }

    public ConsoleContext(Engine engine, ConfigFile configFile, Background background, Notifier notifier,
                          SnapshotPoller poller, Path workloadDir, KeyStore keys, ConsoleGateway gateway) {
        this(engine, configFile, background, notifier, poller, workloadDir, keys, gateway, null);
    }

    public ConsoleContext(Engine engine, ConfigFile configFile, Background background, Notifier notifier,
                          SnapshotPoller poller, Path workloadDir, KeyStore keys) {
        this(engine, configFile, background, notifier, poller, workloadDir, keys, null, null);
    }

    public ConsoleContext(Engine engine, ConfigFile configFile, Background background, Notifier notifier,
                          SnapshotPoller poller, Path workloadDir) {
        this(engine, configFile, background, notifier, poller, workloadDir, null, null, null);
    }
}
