package dev.switchboard.console.whatif;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.recording.RecordingStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which workload a what-if offers first: the recording's current file while the engine records (the traffic it is
 * serving now), else the last workload opened in this console, else none (the window asks with a file chooser).
 */
public final class Workloads {
    private static final AtomicReference<Path> LAST = new AtomicReference<>();

    private Workloads() {
    }

    /** Called wherever a workload is opened (the Traffic tab, the what-if window). */
    public static void remember(Path workload) {
        if (workload != null) {
            LAST.set(workload.toAbsolutePath());
        }
    }

    /** Checks the file's existence, so call it off the FX thread. */
    public static Path first(Engine engine) {
        RecordingStatus s = engine.recording().status();
        if (s.active() && s.file() != null && Files.isRegularFile(s.file())) {
            return s.file();
        }
        Path last = LAST.get();
        return last != null && Files.isRegularFile(last) ? last : null;
    }
}
