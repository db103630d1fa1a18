package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseMigrationLockTest {
    @TempDir
    Path dir;

    /**
     * Flyway does I/O while it migrates; a virtual thread inside a monitor ({@code synchronized}) pins its carrier
     * thread on JDK 21. With the monitor held here, a {@code synchronized} migration would block (BLOCKED); one
     * under a ReentrantLock runs through.
     */
    @Test
    void theMigrationDoesNotHoldTheDatabasesMonitor() throws Exception {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null,
                Duration.ofSeconds(5), 2)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t;
            synchronized (db) {
                t = Thread.ofPlatform().start(() -> {
                    try {
                        db.ensureReady();
                    } catch (SQLException | RuntimeException e) {
                        failure.set(e);
                    }
                });
                Thread.State s;
                while ((s = t.getState()) != Thread.State.TERMINATED && s != Thread.State.BLOCKED) {
                    Thread.onSpinWait();
                }
                assertThat(s).as("the migrating thread waits for the monitor held here").isNotEqualTo(Thread.State.BLOCKED);
            }
            t.join();
            assertThat(failure.get()).isNull();
        }
    }
}
