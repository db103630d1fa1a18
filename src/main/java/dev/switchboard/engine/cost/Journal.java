package dev.switchboard.engine.cost;

import dev.switchboard.engine.request.ServedBy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The ledger's local, append-only journal: memory-mapped segment files in one directory.
 *
 * <p>A record is in the page cache the moment {@link #append} returns, so a process killed with {@code kill -9}
 * loses nothing (the kernel still writes the pages); only a power cut can, and that is what {@link #force} on
 * the shipper's schedule narrows. Appending is a memory copy under a lock, cheap enough for every cache hit. The
 * lock is a {@link ReentrantLock}, not a monitor: a virtual thread that blocks inside {@code synchronized} pins its
 * carrier on JDK 21, and every answer passes through here. The next segment is mapped ahead of need by the writer
 * thread ({@link #prepareSpare}), so an append only maps a file itself when the writer has fallen behind.
 *
 * <p>Each record is {@code [length][crc32c][payload]}. Records are written one after another under the lock, so a
 * process that dies mid-write leaves at most one torn record, at the tail, which the CRC exposes. Every process
 * holds an OS lock on its own segment files; a segment file nobody holds is an orphan of a process that died,
 * and the next start {@link #recoverOrphans recovers} it.
 */
final class Journal implements AutoCloseable {
    /** The served-by byte of a failed provider call (no answer): outside ServedBy's ordinals. */
    private static final byte FAILED_CALL = (byte) 0x7f;
    private static final byte REPROMPT_CALL = (byte) 0x7e;

    static final String SUFFIX = ".journal";
    private static final int MAGIC = 0x53424a32; // "SBJ2": amounts as whole micro-dollars (long)
    /** Segments from before exact money: amounts as doubles of USD, read and converted. */
    private static final int MAGIC_V1 = 0x53424a31; // "SBJ1"
    private static final int HEADER_BYTES = 32;
    private static final int RECORD_HEADER = 8;
    private static final int MAX_RECORD = 4096;

    private final Path dir;
    private final int segmentBytes;
    private final long journalId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final ReentrantLock lock = new ReentrantLock();
    /** Segment numbers, handed out as files are created; a journal's records are in the order of these numbers. */
    private final AtomicInteger nextSegment = new AtomicInteger();
    // Guarded by lock:
    private final List<Segment> segments = new ArrayList<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(MAX_RECORD);
    private final CRC32C crc = new CRC32C();
    private Segment active;
    /** Mapped ahead of need by {@link #prepareSpare}; the next roll takes it. */
    private Segment spare;
    private long nextSeq = 1;
    private boolean closed;

    private Journal(Path dir, int segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Opens a new journal of this process's own in {@code dir}, beside any orphans already there. */
    static Journal open(Path dir, int segmentBytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the ledger journal directory " + dir + ": " + e.getMessage(), e);
        }
        Journal j = new Journal(dir, segmentBytes);
        j.active = j.create();
        j.segments.add(j.active);
        return j;
    }

    long id() {
        return journalId;
    }

    Path dir() {
        return dir;
    }

    /**
     * Appends one event; returns its sequence number. Thread-safe.
     *
     * @throws IllegalStateException after {@link #closeShipped} or {@link #close}
     */
    long append(CostEvent e) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("ledger journal is closed");
            }
            long seq = nextSeq++;
            scratch.clear();
            encode(scratch, seq, e);
            scratch.flip();
            int len = scratch.remaining();
            if (active.end + RECORD_HEADER + len > segmentBytes) {
                roll();
            }
            MappedByteBuffer map = active.map;
            int at = active.end;
            crc.reset();
            crc.update(scratch.duplicate());
            map.put(at + RECORD_HEADER, scratch, 0, len);
            map.putInt(at + 4, (int) crc.getValue());
            // The length goes last: a reader that sees it sees a whole record.
            map.putInt(at, len);
            active.end = at + RECORD_HEADER + len;
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** The segments not yet shipped, oldest first; the last one is being written. */
    List<Segment> segments() {
        lock.lock();
        try {
            return List.copyOf(segments);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a segment whose records are all in SQL, and deletes its file. */
    void retire(Segment s) {
        lock.lock();
        try {
            if (s == active) {
                return;
            }
            segments.remove(s);
        } finally {
            lock.unlock();
        }
        s.delete();
    }

    /** Flushes written pages to the disk, so a power cut loses no more than the last interval. */
    void force() {
        Segment s;
        lock.lock();
        try {
            s = active;
        } finally {
            lock.unlock();
        }
        s.map.force();
    }

    /**
     * Maps the next segment once the active one is half full, outside the append lock, so the append that fills
     * the active segment only switches buffers. Called by the ledger's writer thread.
     */
    void prepareSpare() {
        lock.lock();
        try {
            if (closed || spare != null || active.end < segmentBytes / 2) {
                return;
            }
        } finally {
            lock.unlock();
        }
        Segment s = create();
        lock.lock();
        try {
            // Records must follow segment numbers: a roll that mapped its own segment meanwhile makes this one late.
            if (!closed && spare == null && s.number > active.number) {
                spare = s;
                return;
            }
        } finally {
            lock.unlock();
        }
        s.delete();
    }

    /** Under the lock: the active segment is full; continue in the spare, or in a new one if none is ready. */
    private void roll() {
        active.sealed = true;
        Segment next = spare;
        spare = null;
        active = next != null ? next : create();
        segments.add(active);
    }

    /** Creates, locks and maps a new segment file with its header. */
    private Segment create() {
        int number = nextSegment.getAndIncrement();
        Path file = dir.resolve(String.format("%016x-%06d%s", journalId, number, SUFFIX));
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock fileLock = ch.tryLock();
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes);
            map.putInt(0, MAGIC);
            map.putLong(4, journalId);
            map.putInt(12, number);
            return new Segment(file, ch, fileLock, map, journalId, number, HEADER_BYTES, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ledger journal segment " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Claims every segment file in {@code dir} that no live process holds: the journals of processes that died.
     * Each comes back sealed, with its end at the last whole record.
     */
    static List<Segment> recoverOrphans(Path dir) throws IOException {
        List<Segment> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                Segment s = claim(file);
                if (s != null) {
                    found.add(s);
                }
            }
        }
        found.sort((a, b) -> a.journalId != b.journalId ? Long.compare(a.journalId, b.journalId)
                : Integer.compare(a.number, b.number));
        return found;
    }

    private static Segment claim(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        long size = ch.size();
        if (size < HEADER_BYTES) {
            lock.release();
            ch.close();
            Files.deleteIfExists(file); // created, never written
            return null;
        }
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        int magic = map.getInt(0);
        if (magic != MAGIC && magic != MAGIC_V1) {
            lock.release();
            ch.close();
            throw new IOException(file + " is not a ledger journal segment; move it out of the journal directory");
        }
        Segment s = new Segment(file, ch, lock, map, map.getLong(4), map.getInt(12), HEADER_BYTES, true,
                magic == MAGIC_V1);
        s.end = scanEnd(map);
        return s;
    }

    /** The offset after the last whole record. */
    private static int scanEnd(ByteBuffer map) {
        int at = HEADER_BYTES;
        CRC32C c = new CRC32C();
        while (at + RECORD_HEADER <= map.capacity()) {
            int len = map.getInt(at);
            if (len <= 0 || len > MAX_RECORD || at + RECORD_HEADER + len > map.capacity()) {
                break;
            }
            c.reset();
            c.update(map.slice(at + RECORD_HEADER, len));
            if ((int) c.getValue() != map.getInt(at + 4)) {
                break; // torn tail of a process that died mid-write
            }
            at += RECORD_HEADER + len;
        }
        return at;
    }

    /** Reads the record of {@code seg} at {@code at}; returns the offset after it. */
    static int read(Segment seg, int at, Record into) {
        ByteBuffer map = seg.map;
        int len = map.getInt(at);
        ByteBuffer b = map.slice(at + RECORD_HEADER, len);
        into.seq = b.getLong();
        long atMillis = b.getLong();
        byte servedBy = b.get();
        ServedBy by = servedBy == FAILED_CALL || servedBy == REPROMPT_CALL ? null : ServedBy.values()[servedBy];
        int tokensIn = b.getInt();
        int tokensOut = b.getInt();
        long cost = seg.legacyAmounts ? Micros.fromUsd(b.getDouble()) : b.getLong();
        long saved = seg.legacyAmounts ? Micros.fromUsd(b.getDouble()) : b.getLong();
        long latency = b.getLong();
        into.event = new CostEvent(atMillis, string(b), string(b), string(b), string(b), string(b), by, tokensIn,
                tokensOut, cost, saved, latency, servedBy == REPROMPT_CALL);
        return at + RECORD_HEADER + len;
    }

    private static void encode(ByteBuffer b, long seq, CostEvent e) {
        b.putLong(seq).putLong(e.atMillis()).put(e.answered() ? (byte) e.servedBy().ordinal()
                        : e.reprompt() ? REPROMPT_CALL : FAILED_CALL)
                .putInt(e.tokensIn())
                .putInt(e.tokensOut()).putLong(e.costMicros()).putLong(e.savedMicros()).putLong(e.latencyMicros());
        put(b, e.user());
        put(b, e.plan());
        put(b, e.namespace());
        put(b, e.modelAsked());
        put(b, e.model());
    }

    /** Strings are short (the validator bounds them): a length, or -1 for null, then UTF-8. */
    private static void put(ByteBuffer b, String s) {
        if (s == null) {
            b.putShort((short) -1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, 512);
        b.putShort((short) n).put(bytes, 0, n);
    }

    private static String string(ByteBuffer b) {
        short n = b.getShort();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Stops appending; deletes the segments whose records are all in SQL and lets go of the rest. */
    void closeShipped() {
        Segment unused;
        lock.lock();
        try {
            closed = true;
            if (active != null) {
                active.sealed = true;
            }
            for (Segment s : segments) {
                if (s.fullyShipped()) {
                    s.delete();
                } else {
                    s.release();
                }
            }
            segments.clear();
            unused = spare;
            spare = null;
        } finally {
            lock.unlock();
        }
        if (unused != null) {
            unused.delete();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Segment s : segments) {
                s.release();
            }
            if (spare != null) {
                spare.delete();
                spare = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A record read back: its sequence number within its journal, and the event. */
    static final class Record {
        long seq;
        CostEvent event;
    }

    /** One segment file, held locked by this process while it has records not yet in SQL. */
    static final class Segment {
        final Path file;
        final long journalId;
        final int number;
        final MappedByteBuffer map;
        private final FileChannel channel;
        private final FileLock lock;
        /** Bytes written (own segment) or found whole (orphan); readers stay below it. */
        volatile int end;
        /** No more records will be added. */
        volatile boolean sealed;
        /** Written before exact money ({@code SBJ1}): amounts are doubles of USD. */
        final boolean legacyAmounts;
        /** Where the shipper has got to. Only the shipper thread touches it. */
        int shipped;

        Segment(Path file, FileChannel channel, FileLock lock, MappedByteBuffer map, long journalId, int number,
                int end, boolean sealed, boolean legacyAmounts) {
            this.legacyAmounts = legacyAmounts;
            this.file = file;
            this.channel = channel;
            this.lock = lock;
            this.map = map;
            this.journalId = journalId;
            this.number = number;
            this.end = end;
            this.sealed = sealed;
            this.shipped = HEADER_BYTES;
        }

        boolean fullyShipped() {
            return sealed && shipped >= end;
        }

        void release() {
            try {
                if (lock != null && lock.isValid()) {
                    lock.release();
                }
                channel.close();
            } catch (IOException ignored) {
                // closing a file we are done with; nothing to recover
            }
        }

        void delete() {
            release();
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover shipped segment is recovered and skipped (by its checkpoint) at the next start
            }
        }
    }
}
