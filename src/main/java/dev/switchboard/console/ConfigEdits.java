package dev.switchboard.console;

import dev.switchboard.engine.config.SwitchboardConfig;
import javafx.scene.control.Label;

/**
 * How an editor applies a config: off the FX thread, into the running engine at once, then into the config file;
 * the status label and the banner say which of the two happened if the file could not be written.
 */
public final class ConfigEdits {
    private ConfigEdits() {
    }

    /**
     * @param what   what was edited, for messages ("Cache settings", "Limits")
     * @param after  runs on the FX thread when it is over, either way (e.g. re-check the form)
     */
    public static void applyAndSave(ConsoleContext ctx, SwitchboardConfig next, String what, Label status,
                                    Runnable after) {
        status.setText("Applying…");
        ctx.background().run("Apply " + what.toLowerCase(java.util.Locale.ROOT), () -> {
            ctx.engine().updateConfig(next);
            ctx.configFile().save(next);
            return next;
        }, applied -> {
            status.setText("Applied, and saved to " + ctx.configFile().path().getFileName() + ".");
            ctx.notifier().info(what + " applied and saved to " + ctx.configFile().path() + ".");
            after.run();
        }, msg -> {
            // The engine may have taken the change even though the file could not be written: say which.
            status.setText(next.equals(ctx.engine().config())
                    ? "Applied to the running engine, but not saved: see the banner." : "Not applied: see the banner.");
            after.run();
        });
    }
}
