package dev.switchboard.console;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Runs the console's I/O and engine calls off the FX thread and hands the result back to it. A failure becomes a
 * readable message in the window, never a stack-trace dialog.
 */
public final class Background implements AutoCloseable {
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sb-console-", 0).factory());
    private final Notifier notifier;

    public Background(Notifier notifier) {
        this.notifier = notifier;
    }

    /**
     * @param what    says what failed, e.g. "Flush L2"
     * @param onFx    receives the result on the FX thread
     * @param onError receives the message on the FX thread (after it has been shown), may be null
     */
    public <T> void run(String what, Callable<T> work, Consumer<T> onFx, Consumer<String> onError) {
        executor.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onFx.accept(result));
            } catch (Exception e) {
                String msg = what + " failed: " + describe(e);
                notifier.error(msg);
                if (onError != null) {
                    Platform.runLater(() -> onError.accept(msg));
                }
            }
        });
    }

    public <T> void run(String what, Callable<T> work, Consumer<T> onFx) {
        run(what, work, onFx, null);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
