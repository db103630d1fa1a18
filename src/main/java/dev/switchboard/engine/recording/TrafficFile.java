package dev.switchboard.engine.recording;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file of whole lines that rolls at a size bound: no file passes {@code maxBytes} (a longer line goes alone into a
 * fresh one), and {@code files} are kept, this one included ({@code PATH}, {@code PATH.1} the newest rolled, ...). A
 * file is rolled only between lines, so each one reads as a workload on its own. Written by one thread.
 *
 * <p>Our own rather than logback's rolling appender: its size trigger is checked lazily (a file passes the bound by
 * whatever arrives meanwhile), and the recording needs exact byte and line counts of its own.
 */
final class TrafficFile implements Closeable {
    private final Path path;
    private final long maxBytes;
    private final int files;
    private OutputStream out;
    private long size;
    private volatile long rolled;

    /** Opens {@code path} (creating its directories); a file already there is rolled away first, not appended to. */
    TrafficFile(Path path, long maxBytes, int files) throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.files = files;
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (Files.isDirectory(path)) {
            throw new IOException("is a directory, not a file");
        }
        if (Files.exists(path) && Files.size(path) > 0) {
            // Another recording's lines have another origin for at_ms: they stay whole, in a file of their own.
            shift();
        }
        open();
    }

    /** Appends one line (its newline included), rolling first when it would take the file past the bound. */
    void write(byte[] line) throws IOException {
        if (size > 0 && size + line.length > maxBytes) {
            roll();
        }
        out.write(line);
        size += line.length;
    }

    void flush() throws IOException {
        out.flush();
    }

    long rolled() {
        return rolled;
    }

    private void roll() throws IOException {
        out.close();
        shift();
        rolled++;
        open();
    }

    /** PATH.(files-1) is dropped, each PATH.i moves to PATH.(i+1), PATH to PATH.1; with one file, PATH is dropped. */
    private void shift() throws IOException {
        if (files == 1) {
            Files.deleteIfExists(path);
            return;
        }
        Files.deleteIfExists(numbered(files - 1));
        for (int i = files - 2; i >= 1; i--) {
            Path from = numbered(i);
            if (Files.exists(from)) {
                Files.move(from, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path numbered(int i) {
        return path.resolveSibling(path.getFileName() + "." + i);
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16);
        size = 0;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
