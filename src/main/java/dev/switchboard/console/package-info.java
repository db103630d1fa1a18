/**
 * The JavaFX console. {@link dev.switchboard.console.ConsoleApp} is the window; {@link
 * dev.switchboard.console.MainView} loads the FXML views (top-level {@code fxml/}, styles in {@code styles/})
 * and gives each controller a {@link dev.switchboard.console.ConsoleContext}. The console reads the engine
 * only through snapshots polled off the FX thread ({@link dev.switchboard.console.SnapshotPoller}) and runs
 * every engine call and file operation on a background thread ({@link dev.switchboard.console.Background}).
 */
package dev.switchboard.console;
