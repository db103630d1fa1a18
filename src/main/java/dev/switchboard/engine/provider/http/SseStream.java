package dev.switchboard.engine.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.error.StreamCutException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.provider.ProviderStream;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.StreamAssembler;
import dev.switchboard.engine.request.StreamDelta;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A streamed answer over server-sent events; a wire format supplies {@link #onEvent}, which turns each event into
 * deltas, usage and the end. What every format shares is here:
 * <ul>
 *   <li>{@link #start()} reads up to the first event, so everything that fails before it is thrown from
 *       {@code Provider.stream} as the engine error of an unanswered call (retried or failed over);</li>
 *   <li>after it, any break (the connection, the read timeout, an error event, the body ending before the
 *       format's end) is a {@link StreamCutException} from {@link #next()};</li>
 *   <li>usage the upstream did not send is estimated ({@link TokenEstimator}), so a stream is billed either way.</li>
 * </ul>
 */
public abstract class SseStream implements ProviderStream {
    /** Thrown by {@link #onEvent} for an event that carries the upstream's {@code error} object. */
    protected static final class ErrorEvent extends RuntimeException {
        final transient JsonNode error;

        public ErrorEvent(JsonNode error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    private static final ObjectMapper JSON = dev.switchboard.engine.request.Json.mapper();

    protected final ProviderConfig provider;
    /** The engine's name of the model, as errors name it. */
    protected final String model;
    private final ChatRequest request;
    private final UpstreamHttp.Response response;
    private final SseReader reader;
    private final ArrayDeque<StreamDelta> pending = new ArrayDeque<>();
    private final StreamAssembler whole = new StreamAssembler();
    private boolean started;
    private boolean ended;
    private boolean finishSeen;
    private Integer tokensIn;
    private Integer tokensOut;
    private int cacheRead;
    private int cacheWrite;
    private String answeredBy;
    private Double confidence;

    protected SseStream(ProviderConfig provider, String model, String upstreamModel, ChatRequest request,
                        UpstreamHttp.Response response) {
        this.provider = provider;
        this.model = model;
        this.answeredBy = upstreamModel;
        this.request = request;
        this.response = response;
        this.reader = new SseReader(response.body());
    }

    /** Turns one event into {@link #emit deltas}, {@link #usage}, {@link #finishSeen()} and {@link #end()}. */
    protected abstract void onEvent(SseEvent event);

    /** Waits for the first event; a failure before it is thrown as the engine error for an unanswered call. */
    public final void start() {
        try {
            SseEvent first;
            try {
                first = reader.next();
            } catch (IOException e) {
                throw UpstreamErrors.forIo(provider, model, e);
            }
            if (first == null) {
                throw new UpstreamUnavailableException(model, "provider '" + provider.name()
                        + "' closed the stream before its first event");
            }
            try {
                onEvent(first);
            } catch (ErrorEvent e) {
                throw UpstreamErrors.forErrorObject(provider, model, e.error, Instant.now());
            } catch (MalformedEvent e) {
                throw new UpstreamErrorException(model, 200, e.getMessage());
            }
            started = true;
            if (ended) {
                close();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public final StreamDelta next() {
        if (!started) {
            throw new IllegalStateException("start() first");
        }
        while (pending.isEmpty() && !ended) {
            SseEvent e;
            try {
                e = reader.next();
            } catch (IOException io) {
                close();
                throw new StreamCutException(model, cutReason(io));
            }
            if (e == null) {
                close();
                if (!finishSeen) {
                    throw new StreamCutException(model, "provider '" + provider.name()
                            + "' closed the stream before its end");
                }
                ended = true;
                break;
            }
            try {
                onEvent(e);
            } catch (ErrorEvent err) {
                close();
                throw new StreamCutException(model, "provider '" + provider.name() + "' sent an error: "
                        + UpstreamErrors.describe(provider, err.error));
            } catch (MalformedEvent bad) {
                close();
                throw new StreamCutException(model, bad.getMessage());
            }
            if (ended) {
                close();
            }
        }
        return pending.poll();
    }

    private String cutReason(IOException io) {
        if (io instanceof IdleTimeoutBody.IdleTimeoutException) {
            return io.getMessage();
        }
        if (io instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
            return "interrupted";
        }
        return "the connection broke: " + UpstreamErrors.ioText(provider, io);
    }

    @Override
    public final ProviderResponse response() {
        if (!ended) {
            throw new IllegalStateException("the stream has not ended");
        }
        List<Choice> choices = whole.choices();
        int in = tokensIn != null ? tokensIn : TokenEstimator.ofRequest(request);
        int out = tokensOut != null ? tokensOut : TokenEstimator.ofChoices(choices);
        return new ProviderResponse(choices, answeredBy, in, out, cacheRead, cacheWrite, confidence);
    }

    @Override
    public final void close() {
        response.close();
    }

    // What onEvent reports.

    protected final void emit(StreamDelta d) {
        whole.add(d);
        pending.add(d);
    }

    /** Every choice has its finish reason: the body may end now without the stream counting as cut. */
    protected final void finishSeen() {
        finishSeen = true;
    }

    /** The format's end marker ({@code [DONE]}, {@code message_stop}): nothing more is read. */
    protected final void end() {
        finishSeen = true;
        ended = true;
    }

    /** Token counts as the upstream reports them; null leaves a count as it was (estimated if never set). */
    protected final void usage(Integer in, Integer out, Integer read, Integer write) {
        if (in != null) {
            tokensIn = in;
        }
        if (out != null) {
            tokensOut = out;
        }
        if (read != null) {
            cacheRead = read;
        }
        if (write != null) {
            cacheWrite = write;
        }
    }

    /** The answer's confidence so far (in [0, 1]; null: none), as {@link ProviderResponse#confidence()} carries it. */
    protected final void confidence(Double c) {
        confidence = c;
    }

    protected final void answeredBy(String upstreamModel) {
        if (upstreamModel != null && !upstreamModel.isBlank()) {
            answeredBy = upstreamModel;
        }
    }

    /** The event's data as JSON. */
    protected final JsonNode json(SseEvent e) {
        try {
            return JSON.readTree(e.data());
        } catch (IOException ex) {
            throw new MalformedEvent("provider '" + provider.name() + "' sent an event that is not JSON: "
                    + UpstreamErrors.scrub(Echo.of(e.data()), provider.apiKey()));
        }
    }

    /** An event whose data the format cannot read. */
    protected static final class MalformedEvent extends RuntimeException {
        public MalformedEvent(String message) {
            super(message, null, false, false);
        }
    }
}
