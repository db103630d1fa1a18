package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.gateway.keys.KeyStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
 * a window shows at once; then the console's views replace the splash. A config that does not load is shown in the
 * window with the reason. Closing the window shuts the engine down cleanly (requests in flight finished, pending
 * tier writes flushed, pools closed) on a thread of its own, so the window goes at once; the process waits for
 * that close, within {@link #CLOSE_BOUND}, before it exits.
 */
public final class ConsoleApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);
    /** One line per start, shown by default (logback.xml): how long to live tiles, and where the time went. */
    private static final Logger STARTUP = LoggerFactory.getLogger("switchboard.startup");
    /** Engine.close waits up to 30 s for requests, then flushes writes and the ledger: room for both. */
    static final Duration CLOSE_BOUND = Duration.ofSeconds(60);
    private static volatile Path configPath = Path.of("sample-configs/local.yaml");
    /** The engine starts while the toolkit does: the two together are most of the time to live tiles. */
    private static volatile CompletableFuture<Started> starting;
    /** The engine's close, begun once by whichever comes first: the window, the end of launch, a shutdown hook. */
    private static final AtomicReference<CompletableFuture<Void>> closing = new AtomicReference<>();

    /**
     * @param keys          the gateway's keys on the ledger's database; null when the ledger is off
     * @param gateway       the in-process gateway (the status bar's switch), stopped before the engine closes
     * @param serveProblem  why {@code --serve} could not start the gateway (or {@code --metrics-port} its server),
     *                      for the banner; null when fine
     * @param metrics       the {@code --metrics-port} server, stopped with the gateway; null when not asked for
     */
    private record Started(Engine engine, ConfigFile file, KeyStore keys, ConsoleGateway gateway,
                           String serveProblem, dev.switchboard.gateway.MetricsServer metrics) {
    }

    private MainView view;
    /** Milliseconds from the JVM's start to each step, for the startup line. */
    private volatile long toolkitUp;
    private volatile long engineUp;
    private Stage stage;
    /** Where the window's size, place, tab and workload are kept (null: not remembered), and what was read there. */
    private static volatile Path stateFile;
    private static volatile WindowState remembered = WindowState.DEFAULT;

    /** Blocks until the window is closed and the engine with it (or {@link #CLOSE_BOUND} has passed). */
    public static void launch(Path config) {
        launch(config, null);
    }

    /**
     * As {@link #launch(Path)}, and with {@code servePort} (not null) the HTTP gateway serving the console's engine
     * on that port from the start, as {@code switchboard serve} would (the status bar's switch shows it on).
     */
    public static void launch(Path config, Integer servePort) {
        launch(config, servePort, null);
    }

    /**
     * As {@link #launch(Path, Integer)}, and with {@code metricsPort} (not null) Prometheus metrics of the console's
     * engine on {@code http://127.0.0.1:metricsPort/metrics} until the window closes.
     */
    public static void launch(Path config, Integer servePort, Integer metricsPort) {
        launch(config, servePort, metricsPort, null);
    }

    /**
     * As {@link #launch(Path, Integer, Integer)}, remembering the window in {@code windowState} (a
     * {@link WindowState} file under SWITCHBOARD_HOME; null for none): read here, before the toolkit starts, and
     * written when the window closes.
     */
    public static void launch(Path config, Integer servePort, Integer metricsPort, Path windowState) {
        configPath = config;
        stateFile = windowState;
        remembered = windowState == null ? WindowState.DEFAULT : WindowState.read(windowState);
        closing.set(null);
        starting = CompletableFuture.supplyAsync(() -> {
            ConfigFile file = new ConfigFile(config, new ConfigLoader());
            Engine engine = Engine.start(file.load());
            KeyStore keys = openKeys(engine);
            ConsoleGateway gateway = new ConsoleGateway(engine, keys);
            String problem = null;
            if (servePort != null) {
                try {
                    gateway.start(servePort);
                } catch (RuntimeException e) {
                    problem = "The gateway could not start: " + e.getMessage();
                    LOG.warn("{}", problem);
                }
            }
            dev.switchboard.gateway.MetricsServer metrics = null;
            if (metricsPort != null) {
                try {
                    metrics = dev.switchboard.gateway.MetricsServer.start(engine, metricsPort);
                } catch (RuntimeException e) {
                    String why = "The metrics port could not start: " + e.getMessage();
                    LOG.warn("{}", why);
                    problem = problem == null ? why : problem + " " + why;
                }
            }
            return new Started(engine, file, keys, gateway, problem, metrics);
        }, r -> Thread.ofPlatform().name("sb-engine-start").start(r));
        // Ctrl+C or a kill: still finish requests, flush writes and close pools, within the bound.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeEngineInBackground();
            awaitEngineClosed(CLOSE_BOUND);
        }, "sb-engine-shutdown"));
        try {
            Application.launch(ConsoleApp.class);
        } finally {
            // The window is gone; stop() began the close (unless the toolkit never started). Wait for it.
            closeEngineInBackground();
            awaitEngineClosed(CLOSE_BOUND);
        }
    }

    /** For tests: the engine this app closes, as if launch had started it. */
    static void adopt(Engine engine) {
        closing.set(null);
        starting = CompletableFuture.completedFuture(new Started(engine, null, null, null, null, null));
    }

    /**
     * Closes the engine on a thread of its own, once (later calls return the same future). Engine.close blocks
     * for seconds (requests in flight, queued writes, the ledger, pools): never on the FX thread. Not a daemon
     * thread, so the JVM does not end in the middle of it. Waits for a start still under way, then closes that.
     */
    static CompletableFuture<Void> closeEngineInBackground() {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!closing.compareAndSet(null, mine)) {
            return closing.get();
        }
        CompletableFuture<Started> s = starting;
        Thread.ofPlatform().name("sb-engine-close").start(() -> {
            try {
                Started started = s == null ? null : s.exceptionally(failed -> null).join();
                if (started != null) {
                    // The gateway first: its requests in flight finish on the engine, which then flushes the ledger.
                    if (started.gateway() != null) {
                        started.gateway().stop();
                    }
                    if (started.metrics() != null) {
                        started.metrics().close();
                    }
                    started.engine().close();
                    if (started.keys() != null) {
                        started.keys().close();
                    }
                    LOG.info("engine closed: requests finished, pending writes flushed, pools closed");
                }
                mine.complete(null);
            } catch (Throwable t) {
                LOG.error("closing the engine failed", t);
                mine.completeExceptionally(t);
            }
        });
        return mine;
    }

    /** @return true once the engine is closed; false when {@code bound} passed first (or nothing began the close) */
    static boolean awaitEngineClosed(Duration bound) {
        CompletableFuture<Void> c = closing.get();
        if (c == null) {
            return false;
        }
        try {
            c.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            if (!bound.isZero()) {
                LOG.warn("the engine did not close within {} s; exiting anyway", bound.toSeconds());
            }
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void start(Stage stage) {
        toolkitUp = sinceLaunch();
        VBox splash = new VBox(16, new ProgressIndicator(), new Label("Starting the engine with " + configPath + "…"));
        splash.setAlignment(Pos.CENTER);
        splash.getStyleClass().add("splash");
        WindowState state = remembered;
        Scene scene = new Scene(splash, state.width(), state.height());
        scene.getStylesheets().add(MainView.resource(MainView.STYLESHEET).toExternalForm());
        stage.setTitle("Switchboard — " + configPath.getFileName());
        stage.setScene(scene);
        state.applyTo(stage);
        this.stage = stage;
        stage.show();
        starting.whenComplete((started, failure) -> {
            if (started != null) {
                engineUp = sinceLaunch();
                Platform.runLater(() -> showConsole(scene, started));
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

    /** The gateway's keys, or null (the Keys tab says why) when the ledger is off or its store cannot open. */
    private static KeyStore openKeys(Engine engine) {
        try {
            return MainView.openKeys(engine);
        } catch (RuntimeException e) {
            LOG.warn("the gateway keys cannot be opened: {}", e.getMessage());
            return null;
        }
    }

    private void showConsole(Scene scene, Started started) {
        view = MainView.create(started.engine(), started.file(), started.keys(), started.gateway(),
                new SweepCurve());
        Notifier notifier = view.context().notifier();
        if (started.serveProblem() != null) {
            notifier.error(started.serveProblem());
        }
        Thread.setDefaultUncaughtExceptionHandler((t, ex) -> {
            LOG.error("uncaught in {}", t.getName(), ex);
            notifier.error("Unexpected error in " + t.getName() + ": " + ex);
        });
        scene.setRoot(view.root());
        remembered.applyTo(view);
        long viewsBuilt = sinceLaunch();
        // Added last, so it runs after the dashboard has taken the first snapshot; the pulse that lays it out is
        // the frame that shows it.
        view.context().poller().addListener(new java.util.function.Consumer<>() {
            private boolean seen;

            @Override
            public void accept(dev.switchboard.engine.EngineSnapshot s) {
                if (seen) {
                    return;
                }
                seen = true;
                Runnable[] once = new Runnable[1];
                once[0] = () -> {
                    scene.removePostLayoutPulseListener(once[0]);
                    STARTUP.info("live tiles after {} ms (toolkit up at {} ms, engine at {}, views at {}; "
                            + "{} ms of CPU)", sinceLaunch(), toolkitUp, engineUp, viewsBuilt, cpuMillis());
                };
                scene.addPostLayoutPulseListener(once[0]);
            }
        });
    }

    /** Since the JVM started (its own record of that), not since main: class loading counts too. */
    private static long sinceLaunch() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** The process's CPU time so far: on a busy machine it says how much of the wait was this process's work. */
    private static long cpuMillis() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
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

    /** On the FX thread: returns at once, so the window closes at once; the engine closes behind it. */
    @Override
    public void stop() {
        if (view != null) {
            Path file = stateFile;
            if (file != null && stage != null) {
                WindowState now = WindowState.of(stage, view);
                // The file is written off the FX thread; not a daemon, so the JVM waits for it.
                Thread.ofPlatform().name("sb-window-state").start(() -> {
                    try {
                        now.write(file);
                    } catch (java.io.IOException | RuntimeException e) {
                        LOG.warn("the window's size and tab were not saved to {}: {}", file, e.getMessage());
                    }
                });
            }
            view.close();
        }
        closeEngineInBackground();
    }
}
