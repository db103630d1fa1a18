package dev.switchboard.console;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The command palette (Ctrl+K): a field over the window; typing narrows a list of tabs, actions, models' breakers
 * and users' spend ({@link PaletteIndex}); Up and Down choose, Enter goes, Esc closes. The entries are built afresh
 * at each opening (a user may have appeared), from what the window already holds: no I/O here.
 */
final class CommandPalette {
    private final TextField field = new TextField();
    private final ListView<PaletteIndex.Entry> list = new ListView<>();
    private final VBox box = new VBox(6, field, list);
    private final Supplier<PaletteIndex> entries;
    private final Consumer<PaletteIndex.Entry> go;
    private PaletteIndex index = new PaletteIndex(java.util.List.of());
    private Node focusBefore;

    CommandPalette(Supplier<PaletteIndex> entries, Consumer<PaletteIndex.Entry> go) {
        this.entries = entries;
        this.go = go;
        box.getStyleClass().add("palette");
        box.setId("palette");
        box.setMaxSize(600, Region.USE_PREF_SIZE);
        box.setVisible(false);
        field.setId("paletteField");
        field.setPromptText("Go to a tab, a model's breaker, a user's spend, or an action…");
        list.setId("paletteList");
        list.setPrefHeight(12 * 28 + 4);
        list.setFocusTraversable(false);
        list.setPlaceholder(new Label("Nothing matches."));
        list.setCellFactory(v -> new EntryCell());
        field.textProperty().addListener((o, was, now) -> refresh());
        field.setOnKeyPressed(e -> {
            switch (e.getCode()) {
                case DOWN -> {
                    move(1);
                    e.consume();
                }
                case UP -> {
                    move(-1);
                    e.consume();
                }
                case ENTER -> {
                    e.consume();
                    choose();
                }
                case ESCAPE -> {
                    e.consume();
                    close();
                }
                default -> {
                }
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() >= 1
                    && list.getSelectionModel().getSelectedItem() != null) {
                choose();
            }
        });
        // Clicking elsewhere closes it, as a menu would.
        field.focusedProperty().addListener((o, was, now) -> {
            if (!now && box.isVisible() && !list.isFocused()) {
                close();
            }
        });
    }

    Node node() {
        return box;
    }

    boolean isOpen() {
        return box.isVisible();
    }

    void open() {
        if (box.getScene() != null) {
            focusBefore = box.getScene().getFocusOwner();
        }
        index = entries.get();
        field.clear();
        refresh();
        box.setVisible(true);
        box.toFront();
        field.requestFocus();
    }

    void close() {
        if (!box.isVisible()) {
            return;
        }
        box.setVisible(false);
        if (focusBefore != null && focusBefore.getScene() != null) {
            focusBefore.requestFocus();
        }
    }

    private void refresh() {
        list.getItems().setAll(index.match(field.getText()));
        if (!list.getItems().isEmpty()) {
            list.getSelectionModel().select(0);
        }
    }

    private void move(int by) {
        int n = list.getItems().size();
        if (n == 0) {
            return;
        }
        int i = Math.floorMod(list.getSelectionModel().getSelectedIndex() + by, n);
        list.getSelectionModel().select(i);
        list.scrollTo(i);
    }

    private void choose() {
        PaletteIndex.Entry e = list.getSelectionModel().getSelectedItem();
        if (e == null) {
            return;
        }
        focusBefore = null;
        box.setVisible(false);
        go.accept(e);
    }

    /** The label, and the hint (the shortcut, or where it goes) dimmed at the right. */
    private static final class EntryCell extends ListCell<PaletteIndex.Entry> {
        private final Label label = new Label();
        private final Label hint = new Label();
        private final HBox row;

        EntryCell() {
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            hint.getStyleClass().add("palette-hint");
            row = new HBox(12, label, gap, hint);
            row.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(PaletteIndex.Entry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            label.setText(e.label());
            hint.setText(e.hint());
            setText(null);
            setGraphic(row);
        }
    }

    /** For tests: what the list shows. */
    java.util.List<PaletteIndex.Entry> shown() {
        return java.util.List.copyOf(list.getItems());
    }
}
