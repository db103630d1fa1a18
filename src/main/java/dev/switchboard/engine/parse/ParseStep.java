package dev.switchboard.engine.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.ParseFailedException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.StructuredOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 8 of the request path: an answer expected to be structured goes through the strategy chain; when none
 * parses it and the chain ends in {@link Strategy#REPROMPT}, the model is asked to fix it, through the caller's
 * own provider path (so limits, breakers, the deadline and the ledger see each follow-up), up to
 * {@code max_reprompts} times. A value found by a strategy other than strict JSON is handed on as its JSON, so a
 * caller that asked for JSON gets JSON.
 */
public final class ParseStep {
    private final OutputParser parser;
    private final ParseStats stats;
    private final Ticker ticker;

    public ParseStep(OutputParser parser, ParseStats stats, Ticker ticker) {
        this.parser = parser;
        this.stats = stats;
        this.ticker = ticker;
    }

    public ParseStats stats() {
        return stats;
    }

    /** Sends a follow-up conversation to the model and returns its answer; may throw the call's engine error. */
    @FunctionalInterface
    public interface Reasker {
        Reply ask(ChatRequest followUp);
    }

    /** One re-prompt's answer and what it cost. */
    public record Reply(String text, String model, int tokensIn, int tokensOut, double costUsd, long latencyNanos) {
    }

    /**
     * @param answer   what the caller receives: the raw text, or the parsed value's JSON when a strategy other than
     *                 strict JSON found it
     * @param stored   the model's own text that parsed (the last re-prompt's when one fixed it), to cache; null when
     *                 nothing parsed and the raw text went back (such an answer is not cached)
     * @param output   the value and how it was found
     * @param replies  the re-prompts made, in order
     */
    public record Outcome(String answer, String stored, StructuredOutput output, List<Reply> replies) {
        public double repromptCostUsd() {
            return replies.stream().mapToDouble(Reply::costUsd).sum();
        }
    }

    /**
     * A provider's fresh answer.
     *
     * @param reask null for a stream, whose bytes the caller already has: it is parsed, never re-prompted
     * @throws ParseFailedException when nothing parses and the namespace does not take the raw text
     */
    public Outcome fresh(ChatRequest request, Expectation e, ParseSettings s, String text, Reasker reask) {
        List<Strategy> chain = s.chain();
        Parsed p = timed(e, text, chain);
        List<Reply> replies = List.of();
        String stored = text;
        int allowed = reask != null && chain.contains(Strategy.REPROMPT) ? s.maxReprompts() : 0;
        String reaskFailure = null;
        List<String> tried = new ArrayList<>(p.tried());
        while (!p.ok() && replies.size() < allowed) {
            Reply r;
            try {
                r = reask.ask(request.toBuilder().messages(Reprompt.followUp(request.messages(), stored, e, p))
                        .build());
            } catch (EngineException ex) {
                reaskFailure = Strategy.REPROMPT.id() + ": the follow-up failed (" + ex.kind() + ")";
                break;
            }
            if (replies.isEmpty()) {
                replies = new ArrayList<>(2);
            }
            replies.add(r);
            stats.reprompted(e.name(), Math.round(r.costUsd() * 1_000_000));
            stored = r.text();
            p = timed(e, stored, chain);
            if (p.ok()) {
                stats.repromptParsed();
            } else {
                tried.add(Strategy.REPROMPT.id() + " " + replies.size() + ": " + p.failedPath() + " "
                        + p.failedReason());
            }
        }
        if (p.ok()) {
            Strategy by = replies.isEmpty() ? p.strategy() : Strategy.REPROMPT;
            return new Outcome(answerText(stored, p), stored, output(e, p, by, tried, replies), replies);
        }
        if (reaskFailure != null) {
            tried.add(reaskFailure);
        }
        return failed(request, e, s, text, p, tried, replies);
    }

    /**
     * A cached answer: it parsed when it was stored, so no re-prompt; one that no longer parses (the namespace's
     * schema changed since) fails as a fresh one would.
     */
    public Outcome cached(ChatRequest request, Expectation e, ParseSettings s, String text) {
        Parsed p = timed(e, text, s.chain());
        if (p.ok()) {
            return new Outcome(answerText(text, p), text, output(e, p, p.strategy(), p.tried(), List.of()), List.of());
        }
        return failed(request, e, s, text, p, p.tried(), List.of());
    }

    private Outcome failed(ChatRequest request, Expectation e, ParseSettings s, String text, Parsed p,
                           List<String> tried, List<Reply> replies) {
        if (s.rawOnFailure(request.namespace())) {
            stats.rawReturned(e.name());
            return new Outcome(text, null, new StructuredOutput(e.name(), null, null, tried, replies.size(),
                    replies.stream().mapToDouble(Reply::costUsd).sum()), replies);
        }
        stats.failed(e.name());
        throw new ParseFailedException(e.name(), p.failedPath(), p.failedReason(), tried, replies.size(),
                replies.stream().mapToDouble(Reply::costUsd).sum());
    }

    private Parsed timed(Expectation e, String text, List<Strategy> chain) {
        long t0 = ticker.read();
        Parsed p = parser.parse(text, e, chain);
        stats.record(e.name(), p, ticker.read() - t0);
        return p;
    }

    private static StructuredOutput output(Expectation e, Parsed p, Strategy by, List<String> tried,
                                           List<Reply> replies) {
        return new StructuredOutput(e.name(), p.value(), by.id(), tried, replies.size(),
                replies.stream().mapToDouble(Reply::costUsd).sum());
    }

    /** Strict JSON goes out byte for byte; a value found in prose, a fence or key-value lines goes out as JSON. */
    private static String answerText(String text, Parsed p) {
        if (p.strategy() == Strategy.STRICT_JSON) {
            return text;
        }
        try {
            return JsonText.STRICT.writeValueAsString(p.value());
        } catch (JsonProcessingException ex) {
            return p.value().toString();
        }
    }
}
