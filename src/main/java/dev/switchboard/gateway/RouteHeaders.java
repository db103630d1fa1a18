package dev.switchboard.gateway;

import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.route.Routed;
import dev.switchboard.gateway.http.Exchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The routing headers: {@code x-switchboard-latency} in, and out, for an answer that came through a route, what was
 * decided. The wire bodies have no extension object, so headers are the one place for it (as for served-by and the
 * cost); on a stream they are trailers, since the decision is known only once the answer is. Header values are
 * printable ASCII: a vote's labels are percent-encoded, a decision's text has anything else replaced.
 */
final class RouteHeaders {
    static final String LATENCY = "x-switchboard-latency";
    static final String DECISION = "x-switchboard-route-decision";
    static final String MODEL = "x-switchboard-routed-model";
    static final String STAGE = "x-switchboard-route-stage";
    static final String CONFIDENCE = "x-switchboard-route-confidence";
    static final String VOTES = "x-switchboard-route-votes";
    static final String ARM = "x-switchboard-route-arm";
    /** Every header a routed answer may carry, for a stream's {@code Trailer} announcement. */
    static final List<String> ALL = List.of(DECISION, MODEL, STAGE, CONFIDENCE, VOTES, ARM);
    private static final int MAX_DECISION = 200;

    private RouteHeaders() {
    }

    /** {@code sensitive} marks the request latency-sensitive (a table route's fast model); any other value is a 400. */
    static void latency(Exchange ex, ChatRequest.Builder b) {
        String v = ex.header(LATENCY);
        if (v == null) {
            return;
        }
        if (!v.strip().equalsIgnoreCase("sensitive")) {
            throw new Refusal(Failure.Kind.INVALID_REQUEST, LATENCY + ": must be 'sensitive' (the only value; leave "
                    + "the header out otherwise), got '" + dev.switchboard.engine.error.Echo.of(v) + "'", LATENCY,
                    null);
        }
        b.latencySensitive(true);
    }

    /** The headers for {@code how}; empty when the answer was not routed. */
    static Map<String, String> of(String asked, Routed how) {
        Map<String, String> h = new LinkedHashMap<>();
        if (how == null) {
            return h;
        }
        h.put(DECISION, decision(asked, how));
        h.put(MODEL, ascii(how.model()));
        if (how.stage() > 0) {
            h.put(STAGE, Integer.toString(how.stage()));
        }
        if (how.confidence() != null) {
            h.put(CONFIDENCE, String.format(Locale.ROOT, "%.4f", how.confidence()));
        }
        if (!how.votes().isEmpty()) {
            StringJoiner votes = new StringJoiner(",");
            for (Routed.Vote v : how.votes()) {
                votes.add(ascii(v.model()) + "=" + (v.label() == null ? "" : encode(v.label())));
            }
            h.put(VOTES, votes.toString());
        }
        if (how.arm() != null) {
            h.put(ARM, how.arm());
        }
        return h;
    }

    /**
     * One line: {@code auto: coding/high -> gpt-4o}; a cascade's stage, a vote's decision, an experiment's arm on the
     * way; a table's cell naming another route shows both ({@code auto: math/low -> cheap-first stage 2 -> gpt-4o}).
     */
    static String decision(String asked, Routed how) {
        String name = asked == null ? how.route() : asked;
        StringJoiner steps = new StringJoiner(" -> ", name + ": ", "");
        if (how.profile() != null) {
            steps.add(how.profile().taskClass().wireName() + "/" + how.profile().complexity().wireName());
        }
        String detail = switch (how.kind()) {
            case "cascade" -> "stage " + how.stage();
            case "vote" -> "vote \"" + shorten(how.decision()) + "\" " + how.votes().stream()
                    .filter(v -> v.label() != null && v.label().equals(how.decision())).count() + " of "
                    + how.votes().size();
            case "experiment" -> "arm " + how.arm();
            default -> "";
        };
        String via = how.route().equals(name) ? detail : (how.route() + " " + detail).strip();
        if (!via.isEmpty()) {
            steps.add(via);
        }
        steps.add(how.model());
        return ascii(steps.toString());
    }

    private static String shorten(String label) {
        return label == null ? "" : label.length() > 30 ? label.substring(0, 27) + "..." : label;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Printable ASCII only (a header value must not break the response), at most 200 characters. */
    static String ascii(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_DECISION));
        for (int i = 0; i < s.length() && sb.length() < MAX_DECISION; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
