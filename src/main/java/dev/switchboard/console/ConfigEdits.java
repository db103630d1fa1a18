package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigChanges;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.telemetry.audit.AuditLog;
import dev.switchboard.engine.telemetry.audit.AuditRecord;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import javafx.scene.control.Label;

/**
 * How an editor applies a config: off the FX thread, into the running engine at once, then into the config file;
 * the status label and the banner say which of the two happened if the file could not be written. Every edit is
 * appended to the audit trail with the OS user, the changed sections before and after (secrets masked).
 */
public final class ConfigEdits {
    /** Saves one at a time, each of the engine's config as it is by then: an older file never lands last. */
    private static final ReentrantLock SAVING = new ReentrantLock();

    /** Who edits at the console, for the audit trail: the OS user running it. */
    static final String OPERATOR = System.getProperty("user.name", "unknown");

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
        ctx.background().run("Apply " + what.toLowerCase(java.util.Locale.ROOT),
                () -> apply(ctx.engine(), ctx.configFile(), edit, what, OPERATOR, applied), done -> {
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

    /**
     * The console-free part, off the FX thread: applies {@code edit} to the engine, saves the file, and appends the
     * change to the audit trail (who, what, the changed sections before and after, and whether the file was
     * written), also when saving failed: the running engine has the change either way.
     */
    static SwitchboardConfig apply(Engine engine, ConfigFile file, UnaryOperator<SwitchboardConfig> edit, String what,
                                   String actor, AtomicBoolean applied) throws IOException {
        // The compare-and-set may call the edit more than once: the last call's input is what it replaced.
        AtomicReference<SwitchboardConfig> before = new AtomicReference<>();
        SwitchboardConfig next = engine.updateConfig(c -> {
            before.set(c);
            return edit.apply(c);
        });
        applied.set(true);
        boolean saved = false;
        try {
            save(engine, file);
            saved = true;
        } finally {
            audit(engine, actor, what, before.get(), next, saved);
        }
        return next;
    }

    private static void audit(Engine engine, String actor, String what, SwitchboardConfig before,
                              SwitchboardConfig after, boolean saved) {
        AuditLog audit = engine.audit();
        if (!audit.enabled() || audit.isClosed()) {
            return;
        }
        AuditRecord r = ConfigChanges.record(audit.clock().millis(), actor, what, "console", before, after, saved);
        if (r != null) {
            audit.append(r);
        }
    }

    private static void save(Engine engine, ConfigFile file) throws IOException {
        SAVING.lock();
        try {
            file.save(engine.config());
        } finally {
            SAVING.unlock();
        }
    }
}
