package dev.switchboard.engine.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per finished request, under the logger {@value #LOGGER} at INFO: request id, namespace, user, plan,
 * models, served by, outcome, latency, cost, tokens, and the route's notes. A JSON object when the settings say
 * JSON, else {@code key=value} text. Never a prompt or an answer: the event holds none, and a semantic hit's note
 * (it quotes the cached prompt) is left out.
 */
public final class RequestLog implements RequestListener {
    public static final String LOGGER = "switchboard.requests";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final JsonFactory JSON = new JsonFactory();

    private final Supplier<LogSettings> settings;

    public RequestLog(Supplier<LogSettings> settings) {
        this.settings = settings;
    }

    @Override
    public void onRequest(RequestEvent e) {
        LogSettings s = settings.get();
        if (s.requests() == LogSettings.Requests.OFF
                || s.requests() == LogSettings.Requests.FAILURES && !e.failed()
                || !LOG.isInfoEnabled()) {
            return;
        }
        LOG.info(s.json() ? json(e) : text(e));
    }

    static String json(RequestEvent e) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("at_ms", e.atMillis());
            field(g, "request_id", e.requestId());
            field(g, "namespace", e.namespace());
            field(g, "user", e.user());
            field(g, "plan", e.plan());
            field(g, "model_asked", e.modelAsked());
            field(g, "model", e.model());
            field(g, "served_by", e.servedBy() == null ? null : e.servedBy().name());
            g.writeStringField("outcome", e.outcome());
            g.writeNumberField("latency_ms", Math.round(e.latencyNanos() / 1_000.0) / 1_000.0);
            g.writeNumberField("cost_usd", e.costMicros() / 1_000_000.0);
            g.writeNumberField("tokens_in", e.tokensIn());
            g.writeNumberField("tokens_out", e.tokensOut());
            g.writeArrayFieldStart("route");
            for (String note : e.route()) {
                if (!quotesAPrompt(note)) {
                    g.writeString(note);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException(ex); // a StringWriter does not fail
        }
        return w.toString();
    }

    static String text(RequestEvent e) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("request");
        if (e.requestId() != null) {
            sb.append(" id=").append(e.requestId());
        }
        sb.append(" ns=").append(e.namespace()).append(" user=").append(e.user()).append(" model=")
                .append(e.modelAsked());
        if (e.model() != null && !e.model().equals(e.modelAsked())) {
            sb.append("->").append(e.model());
        }
        sb.append(" served_by=").append(e.servedBy() == null ? "-" : e.servedBy().name())
                .append(" outcome=").append(e.outcome())
                .append(String.format(Locale.ROOT, " latency_ms=%.3f cost_usd=%.6f", e.latencyNanos() / 1e6,
                        e.costMicros() / 1e6))
                .append(" tokens=").append(e.tokensIn()).append('/').append(e.tokensOut());
        long notes = e.route().stream().filter(n -> !quotesAPrompt(n)).count();
        if (notes > 0) {
            sb.append(" route=").append(String.join("; ", e.route().stream().filter(n -> !quotesAPrompt(n)).toList()));
        }
        return sb.toString();
    }

    /** A semantic hit's note quotes the cached prompt it matched. */
    private static boolean quotesAPrompt(String note) {
        return note.startsWith("semantic:");
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }
}
