package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.gateway.keys.KeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** What the GUI tests share: a console over a fresh engine from a config file, and waiting for the FX thread. */
final class GuiSupport {
    /** The engine and the view on it (and the gateway's keys, when opened), closed together. */
    record Console(Engine engine, MainView view, KeyStore keys) implements AutoCloseable {
        Console(Engine engine, MainView view) {
            this(engine, view, null);
        }

        @Override
        public void close() throws Exception {
            WaitForAsyncUtils.asyncFx(view::close).get(10, TimeUnit.SECONDS);
            engine.close();
            if (keys != null) {
                keys.close();
            }
        }
    }

    private GuiSupport() {
    }

    /** Writes {@code yaml} to {@code config}, starts an engine on it and shows the console in {@code stage}. */
    static Console open(Stage stage, Path config, String yaml) throws Exception {
        Files.writeString(config, yaml);
        ConfigFile file = new ConfigFile(config, loader(config));
        Engine engine = Engine.start(file.load());
        MainView view = MainView.create(engine, file);
        stage.setScene(new Scene(view.root(), 1340, 880));
        // TestFX's primary stage is shared by every test: one that resized it must not shrink the next one's.
        stage.sizeToScene();
        stage.show();
        return new Console(engine, view);
    }

    /** As {@link #open}, with the gateway's keys opened on the ledger's database, as the app does. */
    static Console openWithKeys(Stage stage, Path config, String yaml) throws Exception {
        Files.writeString(config, yaml);
        ConfigFile file = new ConfigFile(config, loader(config));
        Engine engine = Engine.start(file.load());
        KeyStore keys = MainView.openKeys(engine);
        MainView view = MainView.create(engine, file, keys);
        stage.setScene(new Scene(view.root(), 1340, 880));
        stage.sizeToScene();
        stage.show();
        return new Console(engine, view, keys);
    }

    /** Loads configs with SWITCHBOARD_HOME beside {@code config}, so the ledger's files stay in the test's folder. */
    static ConfigLoader loader(Path config) {
        String home = config.toAbsolutePath().getParent().toString();
        return new ConfigLoader(name -> name.equals("SWITCHBOARD_HOME") ? home : System.getenv(name));
    }

    static void await(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }
}
