package dev.switchboard.engine.recording;

import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.RecordingConfig;
import dev.switchboard.engine.request.ChatRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the requests the engine serves into a rolling workload file. The request path calls {@link #seen} with
 * each request as the input guards left it (redacted), once per request; a request in a namespace that may not be
 * stored is counted and left out. The request thread only offers the request to a bounded queue: when it is full
 * the request is dropped from the recording and counted; one writer thread turns requests into lines and writes
 * them, secrets redacted whatever the guards' settings. {@code at_ms} is the request's start, from the engine's
 * ticker, relative to the recording's start.
 *
 * <p>A request naming a route is recorded once, as asked (the route's name as its model), not once per stage: the
 * engine runs its stages inside {@link #routed}.
 */
public final class Recording implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recording.class);
    /** The stage calls of one routed request, on whichever thread runs them; null outside a route. */
    private static final ThreadLocal<Route> ROUTE = new ThreadLocal<>();
    /**
     * Secrets are redacted from every line whatever the engine's guards do: a key pasted into a prompt where the
     * secrets guard is off must still not land in a file. Where the guard redacts already, this finds nothing.
     */
    private static final dev.switchboard.engine.guard.policy.GuardPolicy SECRETS =
            dev.switchboard.engine.guard.policy.GuardPolicy.of(dev.switchboard.engine.guard.policy.GuardRules.off()
                    .withSecrets(dev.switchboard.engine.guard.policy.GuardMode.REDACT));

    private final Supplier<RecordingConfig> settings;
    private final Predicate<String> storable;
    private final Ticker ticker;
    /** Run by the writer before each line; a test's gate holds the writer back to fill the queue. */
    private final Runnable beforeWrite;
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** Its own guards, so the recording's scans are not counted as the engine's. */
    private final dev.switchboard.engine.guard.Guards secrets = new dev.switchboard.engine.guard.Guards();
    private volatile Session session;
    private volatile RecordingStatus last = RecordingStatus.NONE;
    private volatile boolean closed;

    /**
     * @param settings  the bounds a recording starts with (read at each start)
     * @param storable  whether a namespace's answers may be stored: only those are recorded
     * @param ticker    the engine's ticker: a request's start is read from it
     */
    public Recording(Supplier<RecordingConfig> settings, Predicate<String> storable, Ticker ticker) {
        this(settings, storable, ticker, () -> { });
    }

    Recording(Supplier<RecordingConfig> settings, Predicate<String> storable, Ticker ticker, Runnable beforeWrite) {
        this.settings = settings;
        this.storable = storable;
        this.ticker = ticker;
        this.beforeWrite = beforeWrite;
    }

    /**
     * Starts recording to {@code file} (its directories are created; a non-empty file there is rolled to
     * {@code file.1} first), with the current settings' bounds.
     *
     * @throws IllegalStateException when a recording is running already, or this engine is closed
     * @throws IllegalArgumentException when the file cannot be written, naming it and the reason
     */
    public RecordingStatus start(Path file) {
        java.util.Objects.requireNonNull(file, "file");
        lifecycle.lock();
        try {
            if (closed) {
                throw new IllegalStateException("recording: the engine is closed");
            }
            Session running = session;
            if (running != null && !running.failed.get()) {
                throw new IllegalStateException("recording: already recording to " + running.file
                        + "; stop it first");
            }
            if (running != null) {
                finish(running);
            }
            RecordingConfig s = settings.get();
            TrafficFile out;
            try {
                out = new TrafficFile(file, s.maxBytes(), s.files());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("recording.path " + file + ": cannot be written: "
                        + dev.switchboard.engine.error.Echo.of(String.valueOf(e.getMessage()), 200), e);
            }
            Session next = new Session(file, out, s, ticker.read());
            session = next;
            next.writer.start();
            LOG.info("recording traffic to {} (rolls at {} bytes, {} files kept)", file, s.maxBytes(), s.files());
            return next.status(true);
        } finally {
            lifecycle.unlock();
        }
    }

    /** Stops the recording, once every request already queued is written; a no-op when none is running. */
    public RecordingStatus stop() {
        lifecycle.lock();
        try {
            Session s = session;
            if (s != null) {
                finish(s);
            }
            return last;
        } finally {
            lifecycle.unlock();
        }
    }

    /** The running recording's figures, or the last one's once stopped. */
    public RecordingStatus status() {
        Session s = session;
        return s == null ? last : s.status(!s.failed.get());
    }

    public boolean active() {
        Session s = session;
        return s != null && !s.failed.get();
    }

    /**
     * The request path's hook: {@code request} as guarded, {@code startNanos} its start on the engine's ticker.
     * Never blocks and never throws.
     */
    public void seen(ChatRequest request, long startNanos) {
        Session s = session;
        if (s == null) {
            return;
        }
        if (s.failed.get()) {
            s.dropped.increment();
            return;
        }
        Route route = ROUTE.get();
        if (route != null) {
            if (!route.claimed.compareAndSet(false, true)) {
                return;
            }
            ChatRequest asked = route.asked;
            request = request.toBuilder().model(asked.model()).temperature(asked.temperature())
                    .maxTokens(asked.maxTokens()).responseFormat(asked.responseFormat()).seed(asked.seed())
                    .build();
        }
        if (request.noStore() || !storable.test(request.namespace())) {
            s.skipped.increment();
            return;
        }
        if (!s.queue.offer(new Pending(request, Math.max(0, (startNanos - s.startNanos) / 1_000_000L)))) {
            s.dropped.increment();
        }
    }

    /** A routed request's recording mark, or null when nothing is being recorded (the route then runs as is). */
    public Route route(ChatRequest asked) {
        return active() ? new Route(asked) : null;
    }

    /** Runs one of a route's calls so that the route's first request through the guards is recorded as asked. */
    public <T> T routed(Route route, Supplier<T> call) {
        Route outer = ROUTE.get();
        ROUTE.set(route);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                ROUTE.remove();
            } else {
                ROUTE.set(outer);
            }
        }
    }

    /** One routed request: recorded once, as it was asked. */
    public static final class Route {
        private final ChatRequest asked;
        private final AtomicBoolean claimed = new AtomicBoolean();

        private Route(ChatRequest asked) {
            this.asked = asked;
        }
    }

    /** Stops any recording and refuses new ones. */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            closed = true;
            Session s = session;
            if (s != null) {
                finish(s);
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private void finish(Session s) {
        session = null;
        s.stopping = true;
        try {
            s.writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Offers that raced the stop: not written, and said so.
        int late = s.queue.size();
        s.queue.clear();
        s.dropped.add(late);
        try {
            s.out.close();
        } catch (IOException e) {
            s.fail("cannot close " + s.file + ": " + e.getMessage());
        }
        last = s.status(false);
        LOG.info("recording to {} stopped: {} requests written, {} dropped, {} bytes", s.file, last.lines(),
                last.dropped(), last.bytes());
    }

    private record Pending(ChatRequest request, long atMs) {
    }

    /** One recording: its file, queue, writer and counts. */
    private final class Session {
        final Path file;
        final TrafficFile out;
        final long startNanos;
        final BlockingQueue<Pending> queue;
        final Thread writer;
        final LongAdder dropped = new LongAdder();
        final LongAdder skipped = new LongAdder();
        final AtomicBoolean failed = new AtomicBoolean();
        volatile long lines;
        volatile long bytes;
        volatile String error;
        volatile boolean stopping;

        Session(Path file, TrafficFile out, RecordingConfig s, long startNanos) {
            this.file = file;
            this.out = out;
            this.startNanos = startNanos;
            this.queue = new ArrayBlockingQueue<>(s.queue());
            this.writer = Thread.ofPlatform().daemon().name("sb-recording").unstarted(this::write);
        }

        private void write() {
            try {
                while (true) {
                    Pending p = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (p == null) {
                        out.flush();
                        if (stopping) {
                            return;
                        }
                        continue;
                    }
                    beforeWrite.run();
                    byte[] line = TrafficLine.of(secrets.checkInput(p.request(), SECRETS).request(), p.atMs());
                    if (line == null) {
                        skipped.increment();
                        continue;
                    }
                    out.write(line);
                    lines++;
                    bytes += line.length;
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                fail("cannot write " + file + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                fail("cannot record a request: " + e.getMessage());
            }
        }

        void fail(String why) {
            if (failed.compareAndSet(false, true)) {
                error = dev.switchboard.engine.error.Echo.of(why, 300);
                // The path and the reason only: never a request's text.
                LOG.warn("recording stopped: {}", error);
            }
        }

        RecordingStatus status(boolean active) {
            return new RecordingStatus(active, file, lines, dropped.sum(), skipped.sum(), bytes, out.rolled(), error);
        }
    }
}
