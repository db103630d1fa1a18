package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app: a window at once, the engine started off the FX thread (it opens pools and files), then the
 * console's views. A config that does not load is shown in the window with the reason; closing the window shuts
 * the engine down cleanly (pending tier writes flushed, pools closed).
 */
public final class ConsoleApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);
    private static volatile Path configPath = Path.of("sample-configs/local.yaml");

    private volatile Engine engine;
    private MainView view;

    /** Blocks until the window is closed. */
    public static void launch(Path config) {
        configPath = config;
        Application.launch(ConsoleApp.class);
    }

    @Override
    public void start(Stage stage) {
        VBox splash = new VBox(16, new ProgressIndicator(), new Label("Starting the engine with " + configPath + "…"));
        splash.setAlignment(Pos.CENTER);
        splash.getStyleClass().add("splash");
        Scene scene = new Scene(splash, 1340, 880);
        scene.getStylesheets().add(MainView.resource(MainView.STYLESHEET).toExternalForm());
        stage.setTitle("Switchboard — " + configPath.getFileName());
        stage.setScene(scene);
        stage.show();
        Thread.ofPlatform().name("sb-engine-start").start(() -> startEngine(scene));
    }

    private void startEngine(Scene scene) {
        try {
            ConfigFile file = new ConfigFile(configPath, new ConfigLoader());
            Engine e = Engine.start(file.load());
            engine = e;
            Platform.runLater(() -> showConsole(scene, e, file));
        } catch (ConfigException e) {
            Platform.runLater(() -> showStartupError(scene, "The configuration cannot be used:\n" + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("engine failed to start", e);
            Platform.runLater(() -> showStartupError(scene, "The engine could not start:\n" + e.getMessage()));
        }
    }

    private void showConsole(Scene scene, Engine e, ConfigFile file) {
        view = MainView.create(e, file);
        Notifier notifier = view.context().notifier();
        Thread.setDefaultUncaughtExceptionHandler((t, ex) -> {
            LOG.error("uncaught in {}", t.getName(), ex);
            notifier.error("Unexpected error in " + t.getName() + ": " + ex);
        });
        scene.setRoot(view.root());
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        view.context().poller().addListener(new java.util.function.Consumer<>() {
            private boolean logged;

            @Override
            public void accept(dev.switchboard.engine.EngineSnapshot s) {
                if (!logged) {
                    logged = true;
                    LOG.info("live tiles {} ms after launch", System.currentTimeMillis() - jvmStart);
                }
            }
        });
    }

    private static void showStartupError(Scene scene, String message) {
        Label text = new Label(message);
        text.setWrapText(true);
        text.getStyleClass().add("startup-error");
        Button quit = new Button("Quit");
        quit.setOnAction(e -> Platform.exit());
        VBox box = new VBox(16, text, quit);
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(800);
        box.getStyleClass().add("splash");
        scene.setRoot(box);
    }

    @Override
    public void stop() {
        if (view != null) {
            view.close();
        }
        Engine e = engine;
        if (e != null) {
            e.close();
        }
    }
}
