package dev.switchboard.engine.guard;

import dev.switchboard.engine.clock.Ticker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.error.GuardrailBlockedException;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.policy.GuardMode;
import dev.switchboard.engine.guard.policy.GuardPolicy;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The input and output guards as the request path calls them (steps 1 and 9): scan every text field under the
 * namespace's policy, then block (throw), redact (replace the span with a placeholder such as {@code [EMAIL]}) or
 * flag (record a verdict) per finding. A clean request comes back as the same instance with no verdicts, having
 * allocated next to nothing. Verdicts and exceptions carry rule names and offsets, never the matched text.
 */
public final class Guards {
    public static final String SYSTEM = "system";
    public static final String OUTPUT = "output";

    private final GuardStats stats;
    private final Ticker ticker;

    /** @param ticker times each check for the stats (the engine's, so tests control it) */
    public Guards(GuardStats stats, Ticker ticker) {
        this.stats = stats;
        this.ticker = ticker;
    }

    public Guards(GuardStats stats) {
        this(stats, Ticker.system());
    }

    public Guards() {
        this(new GuardStats());
    }

    public GuardStats stats() {
        return stats;
    }

    /**
     * Guards a request's {@code system} text and every message's content.
     *
     * @throws GuardrailBlockedException for the first finding whose guard is in block mode
     */
    public GuardedRequest checkInput(ChatRequest request, GuardPolicy policy) {
        if (!policy.active()) {
            return new GuardedRequest(request, List.of());
        }
        long t0 = ticker.read();
        List<Verdict> verdicts = null;
        String system = request.system();
        String newSystem = system;
        List<Message> messages = request.messages();
        List<Message> newMessages = null;
        try {
            if (system != null) {
                List<Finding> found = policy.scan(system);
                if (!found.isEmpty()) {
                    verdicts = judge(found, policy, SYSTEM, false, verdicts);
                    newSystem = redact(system, found, policy);
                }
            }
            for (int i = 0; i < messages.size(); i++) {
                Message m = messages.get(i);
                List<Finding> found = policy.scan(m.content());
                if (found.isEmpty()) {
                    continue;
                }
                verdicts = judge(found, policy, "messages[" + i + "].content", false, verdicts);
                String redacted = redact(m.content(), found, policy);
                if (redacted != m.content()) {
                    if (newMessages == null) {
                        newMessages = new ArrayList<>(messages);
                    }
                    // Content parts go to the provider instead of the content: their text parts are redacted the
                    // same way (images and audio pass through). The verdicts are the content's.
                    newMessages.set(i, new Message(m.role(), redacted, m.name(), m.toolCallId(), m.toolCalls(),
                            redactParts(m.parts(), policy)));
                }
            }
        } finally {
            stats.checked(ticker.read() - t0);
        }
        if (verdicts == null) {
            return new GuardedRequest(request, List.of());
        }
        boolean changed = newMessages != null || newSystem != system;
        ChatRequest out = !changed ? request : request.toBuilder().system(newSystem)
                .messages(newMessages == null ? messages : newMessages).build();
        return new GuardedRequest(out, verdicts);
    }

    /**
     * Guards an answer (field {@code output}).
     *
     * @throws GuardrailBlockedException with {@code output} true, for the first finding in block mode
     */
    public GuardedText checkOutput(String answer, GuardPolicy policy) {
        if (!policy.active() || answer == null) {
            return new GuardedText(answer, List.of());
        }
        long t0 = ticker.read();
        try {
            List<Finding> found = policy.scan(answer);
            if (found.isEmpty()) {
                return new GuardedText(answer, List.of());
            }
            List<Verdict> verdicts = judge(found, policy, OUTPUT, true, null);
            return new GuardedText(redact(answer, found, policy), verdicts);
        } finally {
            stats.checked(ticker.read() - t0);
        }
    }

    /** A route note for a verdict, e.g. {@code guard: pii.email redacted in messages[0].content at 10-25}. */
    public static String describe(Verdict v) {
        String did = switch (v.mode()) {
            case BLOCK -> "blocked";
            case REDACT -> "redacted";
            case FLAG -> "flagged";
            case OFF -> "ignored";
        };
        return "guard: " + v.rule() + " " + did + " in " + v.field() + " at " + v.start() + "-" + v.end();
    }

    /** The placeholder a redacted span of {@code type} becomes. */
    public static String placeholder(String type) {
        return switch (type) {
            case Finding.EMAIL -> "[EMAIL]";
            case Finding.PHONE -> "[PHONE]";
            case Finding.CARD -> "[CARD]";
            case Finding.IBAN -> "[IBAN]";
            case Finding.SSN -> "[SSN]";
            case Finding.IP -> "[IP]";
            case Finding.SECRET -> "[SECRET]";
            default -> "[BLOCKED]";
        };
    }

    private List<Verdict> judge(List<Finding> found, GuardPolicy policy, String field, boolean output,
                                List<Verdict> verdicts) {
        // Block first: nothing is counted as redacted or flagged in a text that is refused.
        for (Finding f : found) {
            if (policy.modeFor(f.type()) == GuardMode.BLOCK) {
                stats.acted(f.rule(), GuardMode.BLOCK);
                throw new GuardrailBlockedException(f.rule(), field, f.start(), f.end(), output);
            }
        }
        List<Verdict> out = verdicts == null ? new ArrayList<>(found.size()) : verdicts;
        for (Finding f : found) {
            GuardMode mode = policy.modeFor(f.type());
            stats.acted(f.rule(), mode);
            out.add(new Verdict(f.rule(), mode, field, f.start(), f.end(), f.score()));
        }
        return out;
    }

    /** A copy of content parts with each part's {@code text} redacted; the same node when nothing changed. */
    static JsonNode redactParts(JsonNode parts, GuardPolicy policy) {
        if (parts == null || !parts.isArray()) {
            return parts;
        }
        ArrayNode out = null;
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            JsonNode text = part.get("text");
            if (!part.isObject() || text == null || !text.isTextual()) {
                continue;
            }
            String t = text.asText();
            String r = redact(t, policy.scan(t), policy);
            if (r != t) {
                if (out == null) {
                    out = parts.deepCopy();
                }
                ((ObjectNode) out.get(j)).put("text", r);
            }
        }
        return out == null ? parts : out;
    }

    /** {@code text} with every redact-mode span replaced; the same instance when there is none. */
    static String redact(String text, List<Finding> found, GuardPolicy policy) {
        StringBuilder sb = null;
        int copied = 0;
        int lastEnd = 0;
        for (Finding f : found) {
            if (policy.modeFor(f.type()) != GuardMode.REDACT) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            if (f.start() < lastEnd) {
                // Overlaps the previous redaction (an injection phrase around an e-mail): widen it, no new label.
                lastEnd = Math.max(lastEnd, f.end());
                copied = lastEnd;
                continue;
            }
            sb.append(text, copied, f.start()).append(placeholder(f.type()));
            copied = f.end();
            lastEnd = f.end();
        }
        if (sb == null) {
            return text;
        }
        return sb.append(text, Math.min(copied, text.length()), text.length()).toString();
    }
}
