package dev.switchboard.engine.recording;

import java.nio.file.Path;

/**
 * A recording at one moment; immutable, cheap to take (counters only).
 *
 * @param active  whether requests are being recorded now
 * @param file    the file being written, or the last one written once stopped; null before any recording
 * @param lines   requests written this recording (every file of it)
 * @param dropped requests left out because the writer's queue was full (the request itself went on unharmed)
 * @param skipped requests left out because their namespace is no-store (or the caller asked for no-store)
 * @param bytes   bytes written this recording, every file of it
 * @param rolled  how many times the file rolled
 * @param error   why the recording stopped by itself (the file could not be written), or null
 */
public record RecordingStatus(boolean active, Path file, long lines, long dropped, long skipped, long bytes,
                              long rolled, String error) {
    public static final RecordingStatus NONE = new RecordingStatus(false, null, 0, 0, 0, 0, 0, null);
}
