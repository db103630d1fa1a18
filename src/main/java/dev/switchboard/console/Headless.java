package dev.switchboard.console;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

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
}
