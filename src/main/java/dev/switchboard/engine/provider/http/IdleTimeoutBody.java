package dev.switchboard.engine.provider.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an {@link InputStream} whose every read waits at most the provider's {@code read_timeout}
 * for more bytes. The client's own wait covers only the response headers; an upstream that sends its headers and
 * then goes silent (or stalls between stream events) would otherwise hold the caller forever. A timed wait on the
 * read itself needs no timer thread and no race with a closer, and an interrupt of the reading thread ends the wait
 * at once. The connection's handler publishes the body's buffers as they arrive ({@link UpstreamPool}); each list
 * taken is a {@code request(1)}, which is how the handler knows when a slow reader is far enough behind to stop
 * reading the socket, so the upstream is held back instead of filling memory.
 */
final class IdleTimeoutBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
    /** The read waited {@code read_timeout} and no byte came. */
    static final class IdleTimeoutException extends IOException {
        IdleTimeoutException(Duration timeout) {
            super("no data from the upstream for " + timeout.toMillis() + " ms (its read_timeout)");
        }
    }

    private static final Object END = new Object();
    private static final Object CLOSED = new Object();

    private final Duration timeout;
    /** Lists of buffers from the client, then {@link #END}, a Throwable, or {@link #CLOSED}. */
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> buffers;
    private ByteBuffer current;
    private boolean ended;

    IdleTimeoutBody(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrivals.offer(item);
    }

    @Override
    public void onError(Throwable t) {
        arrivals.offer(t);
    }

    @Override
    public void onComplete() {
        arrivals.offer(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    /**
     * The rest of the body, gathered from its buffers as they come: most answers arrive as one buffer, which is
     * returned as it is, where {@link InputStream#readAllBytes} would stage every call through fresh 16 KiB arrays.
     */
    @Override
    public byte[] readAllBytes() throws IOException {
        ByteBuffer first = null;
        List<ByteBuffer> rest = null;
        long total = 0;
        while (fill()) {
            ByteBuffer b = current;
            current = null;
            total += b.remaining();
            if (total > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("the response body is too large for an array");
            }
            if (first == null) {
                first = b;
            } else {
                if (rest == null) {
                    rest = new java.util.ArrayList<>();
                }
                rest.add(b);
            }
        }
        if (first == null) {
            return new byte[0];
        }
        if (rest == null && first.hasArray() && first.arrayOffset() == 0 && first.position() == 0
                && first.remaining() == first.array().length) {
            // The handler's own copy of the bytes: nothing else holds it.
            return first.array();
        }
        byte[] out = new byte[(int) total];
        int at = first.remaining();
        first.get(out, 0, at);
        if (rest != null) {
            for (ByteBuffer b : rest) {
                int n = b.remaining();
                b.get(out, at, n);
                at += n;
            }
        }
        return out;
    }

    /** Makes {@link #current} hold bytes; false at the end of the body. */
    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (closed) {
                throw new IOException("the response body was closed");
            }
            if (buffers != null && buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                return false;
            }
            Object next;
            try {
                next = arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the response");
            }
            if (next == null) {
                cancel();
                throw new IdleTimeoutException(timeout);
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next == CLOSED) {
                throw new IOException("the response body was closed");
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) next;
            buffers = list.iterator();
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }
        return true;
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * Releases the connection; safe from any thread and more than once. A body whose end has already arrived (a
     * stream closed right after its last event) has left its connection to the pool; one still open is cancelled,
     * which closes that connection, so a half-read response never comes back to the pool.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean complete = ended;
        for (Object o = arrivals.poll(); o != null && !complete; o = arrivals.poll()) {
            complete = o == END || o instanceof Throwable;
        }
        if (!complete) {
            cancel();
        }
        arrivals.offer(CLOSED);
    }
}
