package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.gateway.keys.KeyStore;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Starts the JavaFX toolkit without a display (Monocle's headless platform and the software renderer), for
 * {@code screenshot} and {@code bench console}. Must run before anything else touches JavaFX.
 */
public final class Headless {
    private static volatile boolean started;

    private Headless() {
    }

    public static synchronized void start() {
        if (started) {
            return;
        }
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        // The headless screen must be larger than any window we render, or the painter overflows its buffer.
        System.setProperty("headless.geometry", "2560x1600-32");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
        CountDownLatch ready = new CountDownLatch(1);
        Platform.startup(ready::countDown);
        try {
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the JavaFX toolkit did not start within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting JavaFX");
        }
        Platform.setImplicitExit(false);
        started = true;
    }

    /** Runs {@code work} on the FX thread and waits for its result. */
    public static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Shows the console for {@code engine} in a window of its own on the headless screen. */
    public static MainView openWindow(Engine engine, ConfigFile file, int width, int height) throws Exception {
        return openWindow(engine, file, null, width, height);
    }

    /** As above, with the gateway's keys in the Keys tab ({@code keys} stays the caller's to close). */
    public static MainView openWindow(Engine engine, ConfigFile file, KeyStore keys, int width, int height)
            throws Exception {
        return onFx(() -> {
            MainView v = MainView.create(engine, file, keys);
            Stage stage = new Stage();
            stage.setScene(new Scene(v.root(), width, height));
            stage.show();
            return v;
        });
    }

    /** Stops the view's polling and closes its window. */
    public static void closeWindow(MainView view) throws Exception {
        onFx(() -> {
            view.close();
            view.root().getScene().getWindow().hide();
            return null;
        });
    }
}
