/**
 * The JavaFX console. {@link dev.switchboard.console.ConsoleApp} is the window; {@link
 * dev.switchboard.console.MainView} loads the FXML views (top-level {@code fxml/}, styles in {@code styles/})
 * and gives each controller a {@link dev.switchboard.console.ConsoleContext}. The console reads the engine
 * only through snapshots polled off the FX thread ({@link dev.switchboard.console.SnapshotPoller}) and runs
 * every engine call and file operation on a background thread ({@link dev.switchboard.console.Background}).
 * {@link dev.switchboard.console.ConsoleGateway} is the HTTP gateway in the console's process ({@code --serve},
 * and the status bar's switch), started and stopped off the FX thread. {@link dev.switchboard.console.ThresholdCurve}
 * is the Routing tab's cascade sweep over a workload, supplied from outside the console (the replay harness).
 * A view asks for another tab by firing {@link dev.switchboard.console.Navigate}; the window also offers every tab
 * and main action in the command palette (Ctrl+K, {@link dev.switchboard.console.PaletteIndex}), and remembers its
 * size, place, tab and workload ({@link dev.switchboard.console.WindowState}).
 */
package dev.switchboard.console;
