package dev.switchboard.console.costs;

import dev.switchboard.console.MainView;
import dev.switchboard.engine.cost.CostReport;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/** Reaches into the Costs tab for tests: the report on screen, and exports without the file chooser. */
public final class CostsTestAccess {
    private CostsTestAccess() {
    }

    public static CostReport shown(MainView view) {
        return view.controller(CostsController.class).shown();
    }

    public static void export(MainView view, Path file, boolean csv) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> view.controller(CostsController.class).export(file, csv))
                .get(10, TimeUnit.SECONDS);
    }
}
