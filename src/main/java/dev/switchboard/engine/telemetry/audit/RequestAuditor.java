package dev.switchboard.engine.telemetry.audit;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.RequestListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Feeds finished requests to the {@link AuditLog}, as {@code audit.requests} asks. On the request's thread it only
 * decides and queues the event; the record (kind, JSON detail) is built on the writer thread. Guard verdicts and
 * budget actions reach the trail through the route notes ({@code guard: ...}, {@code budget: ...}) and the failure
 * kinds ({@code guardrail_blocked}, {@code budget_exceeded}), and give the record its kind.
 */
public final class RequestAuditor implements RequestListener {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditLog log;
    private final Supplier<AuditedRequests> which;

    /** Records what the log's own settings say. */
    public RequestAuditor(AuditLog log) {
        this(log, log.settings()::requests);
    }

    /** @param which read per request: the engine passes its current config's {@code audit.requests} */
    public RequestAuditor(AuditLog log, Supplier<AuditedRequests> which) {
        this.log = log;
        this.which = which;
    }

    @Override
    public void onRequest(RequestEvent e) {
        if (!wanted(which.get(), e) || log.isClosed()) {
            return;
        }
        log.offer(() -> record(e));
    }

    static boolean wanted(AuditedRequests which, RequestEvent e) {
        return switch (which) {
            case ALL -> true;
            case FAILURES -> e.failed();
            case DECISIONS -> e.failed() || !e.route().isEmpty();
            case NONE -> false;
        };
    }

    static String kind(RequestEvent e) {
        if ("guardrail_blocked".equals(e.outcome()) || startsAny(e.route(), "guard:")) {
            return AuditRecord.GUARD;
        }
        if ("budget_exceeded".equals(e.outcome()) || startsAny(e.route(), "budget:")) {
            return AuditRecord.BUDGET;
        }
        return AuditRecord.REQUEST;
    }

    private static boolean startsAny(List<String> notes, String prefix) {
        for (String n : notes) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The event as a record: who, what was asked, and the outcome and route in detail. No prompt, no answer. */
    static AuditRecord record(RequestEvent e) {
        ObjectNode d = JSON.createObjectNode();
        d.put("outcome", e.outcome());
        d.put("namespace", e.namespace());
        d.put("plan", e.plan());
        d.put("model_asked", e.modelAsked());
        if (e.model() != null) {
            d.put("model", e.model());
        }
        if (e.servedBy() != null) {
            d.put("served_by", e.servedBy().name().toLowerCase(java.util.Locale.ROOT));
        }
        d.put("latency_us", e.latencyNanos() / 1_000);
        d.put("cost_micros", e.costMicros());
        d.put("tokens_in", e.tokensIn());
        d.put("tokens_out", e.tokensOut());
        ArrayNode route = d.putArray("route");
        e.route().forEach(route::add);
        try {
            return new AuditRecord(e.atMillis(), kind(e), e.user(), e.modelAsked(), JSON.writeValueAsString(d));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
