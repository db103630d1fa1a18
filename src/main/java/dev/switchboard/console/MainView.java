package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.gateway.keys.KeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import org.controlsfx.control.NotificationPane;

/**
 * The console's content for one engine: loads the FXML views (from the top-level {@code fxml/}), hands every
 * controller the {@link ConsoleContext}, wraps it all in the notification banner and starts the snapshot
 * poller. Used by the app window, the {@code screenshot} command and the GUI tests alike. Create on the FX thread.
 */
public final class MainView implements AutoCloseable {
    public static final String STYLESHEET = "/styles/switchboard.css";

    private final NotificationPane root;
    private final ConsoleContext ctx;
    private final Map<Class<?>, Object> controllers;
    private final boolean ownsGateway;

    private MainView(NotificationPane root, ConsoleContext ctx, Map<Class<?>, Object> controllers,
                     boolean ownsGateway) {
        this.root = root;
        this.ctx = ctx;
        this.controllers = controllers;
        this.ownsGateway = ownsGateway;
    }

    /** A console without gateway keys: the Keys tab says there is no key store. */
    public static MainView create(Engine engine, ConfigFile configFile) {
        return create(engine, configFile, null);
    }

    /** @param keys the gateway's keys (see {@link #openKeys}), still the caller's to close; null for none */
    public static MainView create(Engine engine, ConfigFile configFile, KeyStore keys) {
        return create(engine, configFile, keys, null);
    }

    /**
     * @param gateway the gateway in this process, still the caller's to stop (before the engine closes); null for
     *                one of the view's own, stopped when the view closes
     */
    public static MainView create(Engine engine, ConfigFile configFile, KeyStore keys, ConsoleGateway gateway) {
        return create(engine, configFile, keys, gateway, null);
    }

    /** @param curve the Routing tab's threshold sweep; null for {@link ThresholdCurve#UNAVAILABLE} */
    public static MainView create(Engine engine, ConfigFile configFile, KeyStore keys, ConsoleGateway gateway,
                                  ThresholdCurve curve) {
        NotificationPane pane = new NotificationPane();
        Notifier notifier = new Notifier(pane);
        Background background = new Background(notifier);
        SnapshotPoller poller = new SnapshotPoller(engine);
        Path dir = configFile.path().toAbsolutePath().getParent();
        ConsoleContext ctx = new ConsoleContext(engine, configFile, background, notifier, poller, dir, keys,
                gateway, curve);
        Map<Class<?>, Object> controllers = new ConcurrentHashMap<>();
        FXMLLoader loader = new FXMLLoader(resource("/fxml/main.fxml"));
        loader.setControllerFactory(type -> {
            Object c = instantiate(type, ctx);
            controllers.put(type, c);
            return c;
        });
        try {
            pane.setContent(loader.load());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the console's views: " + e.getMessage(), e);
        }
        pane.getStylesheets().add(resource(STYLESHEET).toExternalForm());
        poller.start();
        return new MainView(pane, ctx, controllers, gateway == null);
    }

    /**
     * Opens the gateway's keys on the engine's ledger database, for {@link #create}; null when the ledger is off.
     * Opening does no I/O (the pool connects in the background and the first call migrates), but call it off the
     * FX thread all the same, with the engine.
     */
    public static KeyStore openKeys(Engine engine) {
        var ledger = engine.config().ledger();
        return ledger.enabled() ? KeyStore.open(ledger, InstantSource.system()) : null;
    }

    private static Object instantiate(Class<?> type, ConsoleContext ctx) {
        try {
            return type.getConstructor(ConsoleContext.class).newInstance(ctx);
        } catch (NoSuchMethodException e) {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException("cannot create controller " + type.getName(), ex);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create controller " + type.getName(), e);
        }
    }

    static URL resource(String path) {
        URL u = MainView.class.getResource(path);
        if (u == null) {
            throw new IllegalStateException("missing resource " + path + " (is the build complete?)");
        }
        return u;
    }

    public Parent root() {
        return root;
    }

    public ConsoleContext context() {
        return ctx;
    }

    /** The controller of one view, for tests and commands that drive the console. */
    public <T> T controller(Class<T> type) {
        Object c = controllers.get(type);
        if (c == null) {
            throw new IllegalArgumentException("no controller " + type.getSimpleName());
        }
        return type.cast(c);
    }

    /** Stops polling and background work; the engine belongs to whoever created it. */
    @Override
    public void close() {
        ctx.poller().close();
        ctx.background().close();
        if (ownsGateway && ctx.gateway().running() != null) {
            // A stop waits for requests in flight: never on the FX thread.
            Thread.ofPlatform().name("sb-gateway-stop").start(ctx.gateway()::stop);
        }
    }
}
