package dev.switchboard.engine.config;

import java.nio.file.Path;

/**
 * The {@code recording:} section: whether the engine records the traffic it serves from its start, where, and the
 * bounds of the rolling file.
 *
 * @param enabled  record from the engine's start (the console and the CLI can also start a recording at any time)
 * @param path     the file written; when it would pass {@code maxBytes} it rolls to {@code PATH.1}, {@code PATH.1} to
 *                 {@code PATH.2}, and so on; null only when off and no default was resolved
 * @param maxBytes the most bytes one file holds (a line longer than that is written alone to a fresh file)
 * @param files    how many files are kept, the one being written included: at most {@code files * maxBytes} on disk
 * @param queue    requests waiting for the writer; past that, requests are dropped from the recording and counted,
 *                 never made to wait
 */
public record RecordingConfig(boolean enabled, Path path, long maxBytes, int files, int queue) {
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    public static final int DEFAULT_FILES = 3;
    public static final int DEFAULT_QUEUE = 10_000;
    /** A smaller file would roll at every few lines. */
    public static final long MIN_MAX_BYTES = 1L << 10;
    public static final int MAX_FILES = 100;
    public static final int MAX_QUEUE = 1_000_000;

    public RecordingConfig {
        if (maxBytes < MIN_MAX_BYTES) {
            throw new ConfigException(null, "recording.max_bytes", "must be at least 1KB, got " + maxBytes);
        }
        if (files < 1 || files > MAX_FILES) {
            throw new ConfigException(null, "recording.files", "must be between 1 and " + MAX_FILES + ", got " + files);
        }
        if (queue < 1 || queue > MAX_QUEUE) {
            throw new ConfigException(null, "recording.queue", "must be between 1 and " + MAX_QUEUE + ", got " + queue);
        }
        if (enabled && path == null) {
            throw new ConfigException(null, "recording.path", "is required when recording is enabled");
        }
    }

    /** Off, with the default bounds for a recording started by hand. */
    public static RecordingConfig off() {
        return new RecordingConfig(false, null, DEFAULT_MAX_BYTES, DEFAULT_FILES, DEFAULT_QUEUE);
    }

    public RecordingConfig withEnabled(boolean on, Path file) {
        return new RecordingConfig(on, file, maxBytes, files, queue);
    }

    public RecordingConfig withBounds(long bytes, int keep) {
        return new RecordingConfig(enabled, path, bytes, keep, queue);
    }
}
