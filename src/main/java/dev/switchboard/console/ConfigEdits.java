package dev.switchboard.console;

import dev.switchboard.engine.config.SwitchboardConfig;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import javafx.scene.control.Label;

/**
 * How an editor applies a config: off the FX thread, into the running engine at once, then into the config file;
 * the status label and the banner say which of the two happened if the file could not be written.
 */
public final class ConfigEdits {
    /** Saves one at a time, each of the engine's config as it is by then: an older file never lands last. */
    private static final ReentrantLock SAVING = new ReentrantLock();

    private ConfigEdits() {
    }

    /**
     * @param edit   changes the editor's own section of the config it is given, and nothing else: it is applied to
     *               the engine's current config (again if another edit got in first), so edits made meanwhile
     *               elsewhere (another tab, the other editor on this tab) are kept
     * @param what   what was edited, for messages ("Cache settings", "Limits")
     * @param after  runs on the FX thread when it is over, either way (e.g. re-check the form)
     */
    public static void applyAndSave(ConsoleContext ctx, UnaryOperator<SwitchboardConfig> edit, String what,
                                    Label status, Runnable after) {
        status.setText("Applying…");
        AtomicBoolean applied = new AtomicBoolean();
        ctx.background().run("Apply " + what.toLowerCase(java.util.Locale.ROOT), () -> {
            SwitchboardConfig next = ctx.engine().updateConfig(edit);
            applied.set(true);
            save(ctx);
            return next;
        }, done -> {
            status.setText("Applied, and saved to " + ctx.configFile().path().getFileName() + ".");
            ctx.notifier().info(what + " applied and saved to " + ctx.configFile().path() + ".");
            after.run();
        }, msg -> {
            // The engine may have taken the change even though the file could not be written: say which.
            status.setText(applied.get()
                    ? "Applied to the running engine, but not saved: see the banner." : "Not applied: see the banner.");
            after.run();
        });
    }

    private static void save(ConsoleContext ctx) throws IOException {
        SAVING.lock();
        try {
            ctx.configFile().save(ctx.engine().config());
        } finally {
            SAVING.unlock();
        }
    }
}
