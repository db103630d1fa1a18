package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * The desktop app: the engine starts on its own thread (it opens pools and files) while the toolkit starts and
 * a window shows at once; then the console's views replace the splash. A config that does not load is shown in the window with the reason; closing the window shuts
 * the engine down cleanly (pending tier writes flushed, pools closed).
 */
public final class ConsoleApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);
    private static volatile Path configPath = Path.of("sample-configs/local.yaml");
    /** The engine starts while the toolkit does: the two together are most of the time to live tiles. */
    private static volatile CompletableFuture<Started> starting;

    private record Started(Engine engine, ConfigFile file) {
    }

    private volatile Engine engine;
    private MainView view;

    /** Blocks until the window is closed. */
    public static void launch(Path config) {
        configPath = config;
        starting = CompletableFuture.supplyAsync(() -> {
            ConfigFile file = new ConfigFile(config, new ConfigLoader());
            return new Started(Engine.start(file.load()), file);
        }, r -> Thread.ofPlatform().name("sb-engine-start").start(r));
        Application.launch(ConsoleApp.class);
    }

    @Override
    public void start(Stage stage) {
        LOG.debug("toolkit up {} ms after launch", sinceLaunch());
        VBox splash = new VBox(16, new ProgressIndicator(), new Label("Starting the engine with " + configPath + "…"));
        splash.setAlignment(Pos.CENTER);
        splash.getStyleClass().add("splash");
        Scene scene = new Scene(splash, 1340, 880);
        scene.getStylesheets().add(MainView.resource(MainView.STYLESHEET).toExternalForm());
        stage.setTitle("Switchboard — " + configPath.getFileName());
        stage.setScene(scene);
        stage.show();
        starting.whenComplete((started, failure) -> {
            if (started != null) {
                LOG.debug("engine up {} ms after launch", sinceLaunch());
                engine = started.engine();
                // Ctrl+C or a kill: still flush pending writes and close pools. Close is idempotent.
                Runtime.getRuntime().addShutdownHook(new Thread(started.engine()::close, "sb-engine-shutdown"));
                Platform.runLater(() -> showConsole(scene, started.engine(), started.file()));
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof ConfigException) {
                Platform.runLater(() -> showStartupError(scene, "The configuration cannot be used:\n"
                        + cause.getMessage()));
            } else {
                LOG.error("engine failed to start", cause);
                Platform.runLater(() -> showStartupError(scene, "The engine could not start:\n" + cause.getMessage()));
            }
        });
    }

    private void showConsole(Scene scene, Engine e, ConfigFile file) {
        view = MainView.create(e, file);
        Notifier notifier = view.context().notifier();
        Thread.setDefaultUncaughtExceptionHandler((t, ex) -> {
            LOG.error("uncaught in {}", t.getName(), ex);
            notifier.error("Unexpected error in " + t.getName() + ": " + ex);
        });
        scene.setRoot(view.root());
        LOG.debug("views built {} ms after launch", sinceLaunch());
        view.context().poller().addListener(new java.util.function.Consumer<>() {
            private boolean logged;

            @Override
            public void accept(dev.switchboard.engine.EngineSnapshot s) {
                if (!logged) {
                    logged = true;
                    LOG.info("live tiles {} ms after launch", sinceLaunch());
                }
            }
        });
    }

    private static long sinceLaunch() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
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
            LOG.info("engine closed: pending writes flushed, pools closed");
        }
    }
}
