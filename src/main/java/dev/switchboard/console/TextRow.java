package dev.switchboard.console;

import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.TableColumn;
import javafx.scene.control.cell.TextFieldTableCell;

/**
 * A row of an editable table of up to three text cells (plan, per minute, per hour; user, daily, monthly): the
 * editors keep what was typed as text and check it with their form, so a bad cell is named, never lost.
 */
public final class TextRow {
    public final StringProperty a = new SimpleStringProperty();
    public final StringProperty b = new SimpleStringProperty();
    public final StringProperty c = new SimpleStringProperty();

    public TextRow(String a, String b, String c) {
        this.a.set(a);
        this.b.set(b);
        this.c.set(c);
    }

    /** Shows and edits one of the row's cells in {@code col} as a text field. */
    public static void bind(TableColumn<TextRow, String> col, Function<TextRow, StringProperty> cell) {
        col.setCellValueFactory(x -> cell.apply(x.getValue()));
        col.setCellFactory(TextFieldTableCell.forTableColumn());
    }
}
