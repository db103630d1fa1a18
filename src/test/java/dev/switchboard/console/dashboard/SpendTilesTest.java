package dev.switchboard.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.cost.BudgetsSnapshot;
import dev.switchboard.engine.cost.LedgerSnapshot;
import java.io.File;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The ledger's line on the dashboard: records set aside or refused are shown, never hidden behind "up". */
@ExtendWith(ApplicationExtension.class)
class SpendTilesTest {
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
    }

    private static LedgerSnapshot ledger(long rejected, String lastRejection, long refused) {
        BudgetsSnapshot b = new BudgetsSnapshot(LocalDate.of(2026, 12, 1), 1_000_000, 0, 1_000_000, 0, 80, 100, 120,
                List.of(), List.of(), List.of());
        return new LedgerSnapshot("UP", "", 10, 8, 0, 0, 0, refused, rejected, lastRejection, "jdbc:h2:mem:x", b);
    }

    @Test
    void recordsSetAsideAndRefusedAreNamedOnTheLedgerLine() throws Exception {
        String healthy = WaitForAsyncUtils.asyncFx(() -> {
            SpendTiles t = new SpendTiles();
            t.show(ledger(0, "", 0));
            return t.ledgerLine();
        }).get(10, TimeUnit.SECONDS);
        assertThat(healthy).isEqualTo("Ledger up · 8 written · 0 pending");

        String troubled = WaitForAsyncUtils.asyncFx(() -> {
            SpendTiles t = new SpendTiles();
            t.show(ledger(2, "Value too long for column \"MODEL\" [SQLSTATE 22001]", 1));
            // Rendered for a person to look at: target/spend-tiles.png.
            stage.setScene(new Scene(new HBox(t.tiles().toArray(javafx.scene.Node[]::new))));
            stage.show();
            ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().getRoot().snapshot(null, null), null), "png",
                    new File("target/spend-tiles.png"));
            return t.ledgerLine();
        }).get(10, TimeUnit.SECONDS);
        assertThat(troubled).contains("2 set aside in ledger_rejected (last: Value too long for column \"MODEL\"")
                .contains("1 refused after close");
    }
}
