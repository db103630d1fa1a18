package dev.switchboard.console.cache;

import javafx.fxml.FXML;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The Cache tab's frame: the exact tiers and the semantic cache as sub-tabs; the window selects one by name. */
public final class CacheController {
    @FXML
    private Tab exactTab;
    @FXML
    private Tab semanticTab;

    /** True while the semantic section is the one shown. */
    public boolean isSemanticShown() {
        return semanticTab.isSelected();
    }

    /** Shows the semantic section ({@code true}) or the exact tiers. */
    public void showSemantic(boolean semantic) {
        TabPane sections = exactTab.getTabPane();
        sections.getSelectionModel().select(semantic ? semanticTab : exactTab);
    }
}
