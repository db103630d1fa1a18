package dev.switchboard.console.whatif;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.engine.config.SwitchboardConfig;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Pane;

/**
 * The hook an editor installs beside its Apply button: a "Try before apply…" button (and Ctrl+T within the editor)
 * that hands the editor's draft to a {@link WhatIfWindow} without applying it; the window's Apply goes through the
 * editor's own apply path (which validates, applies and saves), Discard leaves everything as it was.
 */
public final class TryBeforeApply {
    static final KeyCombination SHORTCUT = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN);

    private TryBeforeApply() {
    }

    /**
     * Call from the editor's {@code initialize}: the button goes right after {@code applyButton} in its parent and
     * is enabled exactly when Apply is (a valid draft that differs from the running config).
     *
     * @param id    the new button's id (e.g. {@code ttlTry}), for tests and the keyboard
     * @param draft the edit Apply would make to the running config, or null while the form has none to offer
     * @param what  the editor's words for what it edits ("Cache settings")
     * @param apply the editor's Apply
     * @return the button
     */
    public static Button install(ConsoleContext ctx, Button applyButton, String id,
                                 Supplier<UnaryOperator<SwitchboardConfig>> draft, String what, Runnable apply) {
        Button tryButton = new Button("Try before apply…");
        tryButton.setId(id);
        tryButton.setMnemonicParsing(false);
        tryButton.setTooltip(new Tooltip("Run a workload through the running settings and this draft, side by side, "
                + "in two sandboxed engines, before applying (Ctrl+T)"));
        tryButton.disableProperty().bind(applyButton.disableProperty());
        tryButton.setOnAction(e -> open(ctx, tryButton, draft, what, apply));
        Parent row = applyButton.getParent();
        if (row instanceof Pane p) {
            p.getChildren().add(p.getChildren().indexOf(applyButton) + 1, tryButton);
        }
        // Ctrl+T only while the focus is inside this editor, so two editors on one tab each answer their own.
        Node scope = row != null && row.getParent() != null ? row.getParent() : row;
        if (scope != null) {
            scope.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
                if (SHORTCUT.match(e) && !tryButton.isDisabled()) {
                    e.consume();
                    open(ctx, tryButton, draft, what, apply);
                }
            });
        }
        return tryButton;
    }

    private static void open(ConsoleContext ctx, Node from, Supplier<UnaryOperator<SwitchboardConfig>> draft,
                             String what, Runnable apply) {
        UnaryOperator<SwitchboardConfig> edit = draft.get();
        if (edit == null) {
            return;
        }
        SwitchboardConfig current = ctx.engine().config();
        SwitchboardConfig proposed;
        try {
            proposed = edit.apply(current);
        } catch (RuntimeException e) {
            ctx.notifier().error("Cannot try " + what.toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
            return;
        }
        WhatIfWindow.open(ctx, from.getScene() == null ? null : from.getScene().getWindow(), what, current, proposed,
                apply);
    }
}
