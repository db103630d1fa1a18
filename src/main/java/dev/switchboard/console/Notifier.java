package dev.switchboard.console;

import javafx.application.Platform;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator what happened, in the window: a banner across the bottom (ControlsFX NotificationPane) that
 * errors keep until dismissed and information hides after a few seconds. Safe to call from any thread.
 */
public final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final NotificationPane pane;
    private final javafx.animation.PauseTransition autoHide = new javafx.animation.PauseTransition(Duration.seconds(5));
    private volatile String lastMessage = "";

    public Notifier(NotificationPane pane) {
        this.pane = pane;
        pane.getStyleClass().add(NotificationPane.STYLE_CLASS_DARK);
        // From the bottom, so a banner never covers the menus and tabs the operator needs next.
        pane.setShowFromTop(false);
        autoHide.setOnFinished(e -> pane.hide());
    }

    public void error(String message) {
        LOG.warn(message);
        show(message, true);
    }

    public void info(String message) {
        LOG.info(message);
        show(message, false);
    }

    /** Something the operator should act on soon (a budget alert): amber, and it stays until dismissed. */
    public void warn(String message) {
        LOG.warn(message);
        show(message, "notify-warn", false);
    }

    /** The last message shown; the tests and the status line read it. */
    public String lastMessage() {
        return lastMessage;
    }

    private void show(String message, boolean error) {
        show(message, error ? "notify-error" : "notify-info", !error);
    }

    private void show(String message, String style, boolean hideBySelf) {
        lastMessage = message;
        Runnable r = () -> {
            pane.getStyleClass().removeAll("notify-error", "notify-info", "notify-warn");
            pane.getStyleClass().add(style);
            autoHide.stop();
            pane.show(message);
            if (hideBySelf) {
                autoHide.playFromStart();
            }
        };
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
