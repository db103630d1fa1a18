package dev.switchboard.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the window remembers across starts: its size and position (or that it was maximized), the tab on show and
 * the workload in the Traffic tab. Kept in a small properties file under {@code SWITCHBOARD_HOME}
 * ({@code console-window.properties}), read before the window opens and written as it closes, both off the FX
 * thread. A file that is missing or damaged gives the defaults (a bad value is named in the log and skipped), never
 * a console that does not open.
 *
 * @param x        the window's left edge, or NaN to let the window system place it
 * @param y        its top edge, or NaN
 * @param tab      a name from {@link MainController#TABS}
 * @param workload the Traffic tab's file, or null for the config folder's demo workload
 */
public record WindowState(double x, double y, double width, double height, boolean maximized, String tab,
                          String workload) {
    private static final Logger LOG = LoggerFactory.getLogger(WindowState.class);
    public static final String FILE = "console-window.properties";
    /** The window's size on a first start. */
    public static final WindowState DEFAULT = new WindowState(Double.NaN, Double.NaN, 1340, 880, false, "dashboard",
            null);
    static final double MIN_WIDTH = 640;
    static final double MIN_HEIGHT = 480;

    /** Reads {@code file}; the defaults for a file that is missing, and for each value in it that is not usable. */
    public static WindowState read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return DEFAULT;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("window state {} not read, using the defaults: {}", file, e.getMessage());
            return DEFAULT;
        }
        double w = number(p, file, "width", DEFAULT.width, MIN_WIDTH);
        double h = number(p, file, "height", DEFAULT.height, MIN_HEIGHT);
        double x = number(p, file, "x", Double.NaN, -1e5);
        double y = number(p, file, "y", Double.NaN, -1e5);
        String tab = p.getProperty("tab", DEFAULT.tab).strip().toLowerCase(Locale.ROOT);
        if (!MainController.TABS.contains(tab)) {
            LOG.warn("window state {}: tab: '{}' is not a tab; showing the dashboard", file, tab);
            tab = DEFAULT.tab;
        }
        String workload = p.getProperty("workload");
        return new WindowState(x, y, w, h, Boolean.parseBoolean(p.getProperty("maximized", "false")), tab,
                workload == null || workload.isBlank() ? null : workload);
    }

    private static double number(Properties p, Path file, String key, double fallback, double min) {
        String s = p.getProperty(key);
        if (s == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(s.strip());
            if (Double.isFinite(v) && v >= min && v <= 1e5) {
                return v;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        LOG.warn("window state {}: {}: '{}' is not usable; using the default", file, key, s);
        return fallback;
    }

    /** Writes to {@code file} through a temporary file beside it, so a crash mid-write leaves the old one. */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            p.setProperty("x", Long.toString(Math.round(x)));
            p.setProperty("y", Long.toString(Math.round(y)));
        }
        p.setProperty("width", Long.toString(Math.round(width)));
        p.setProperty("height", Long.toString(Math.round(height)));
        p.setProperty("maximized", Boolean.toString(maximized));
        p.setProperty("tab", tab);
        if (workload != null) {
            p.setProperty("workload", workload);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, FILE, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Switchboard console window, written as it closed");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The window and console as they are now; on the FX thread. */
    public static WindowState of(Stage stage, MainView view) {
        MainController main = view.controller(MainController.class);
        String workload = main.workload();
        // Maximized: the size is the screen's; the next start opens at it, maximized again.
        return new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized(),
                main.selected(), workload == null || workload.isBlank() ? null : workload.strip());
    }

    /** Sizes and places {@code stage}: where it was when that is still on a screen, else centred. FX thread. */
    public void applyTo(Stage stage) {
        stage.setWidth(width);
        stage.setHeight(height);
        if (!Double.isNaN(x) && !Double.isNaN(y) && onScreen()) {
            stage.setX(x);
            stage.setY(y);
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(maximized);
    }

    /** Shows the remembered tab and workload. FX thread. */
    public void applyTo(MainView view) {
        if (workload != null) {
            view.controller(MainController.class).setWorkload(workload);
        }
        view.controller(MainController.class).select(tab);
    }

    /** At least a corner of the title bar on some screen, so the window can be grabbed (a screen may be gone). */
    private boolean onScreen() {
        Rectangle2D bar = new Rectangle2D(x, y, Math.max(1, Math.min(width, 200)), 40);
        return !Screen.getScreensForRectangle(bar).isEmpty();
    }
}
