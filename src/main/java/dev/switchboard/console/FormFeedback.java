package dev.switchboard.console;

import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/**
 * How the editors show what their form found: the error beside a field (and the field outlined), and the line
 * beside Apply. Shared so every editor speaks the same way.
 */
public final class FormFeedback {
    private static final String UNAPPLIED = "Unapplied changes.";
    private static final String FIX = "Fix the fields marked in red to apply.";

    private FormFeedback() {
    }

    /** Shows {@code message} beside {@code field} and outlines it; null clears both. */
    public static void fieldError(TextField field, Label error, String message) {
        error.setText(message == null ? "" : message);
        field.getStyleClass().remove("invalid");
        if (message != null) {
            field.getStyleClass().add("invalid");
        }
    }

    /** The line beside Apply: unapplied, invalid, or (after an apply) what happened, until the next edit. */
    public static void applyStatus(Label label, boolean changed, boolean valid) {
        if (changed) {
            label.setText(UNAPPLIED);
        } else if (!valid) {
            label.setText(FIX);
        } else if (UNAPPLIED.equals(label.getText()) || FIX.equals(label.getText())) {
            label.setText("");
        }
    }
}
