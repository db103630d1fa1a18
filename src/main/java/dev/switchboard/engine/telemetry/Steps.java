package dev.switchboard.engine.telemetry;

import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.StructuredOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's step recorder, for the request log's timeline. The request path opens one per request only when a
 * listener {@linkplain RequestListener#wantsDetail() wants it}; while the request runs it is the thread's current
 * one, appended to where the path opens its trace spans ({@code Tracing.step} and the tier reads), and at the end it
 * becomes the event's {@link RequestDetail}. A thread-local rather than a parameter, so the steps' call sites keep
 * their shape; only the request's own thread touches it, so it needs no lock.
 */
public final class Steps {
    /** How much of a prompt and of an answer the request log keeps. */
    public static final int KEEP_CHARS = 2048;
    /** A request that retries without end still keeps a bounded timeline. */
    static final int MAX_STEPS = 64;
    private static final ThreadLocal<Steps> CURRENT = new ThreadLocal<>();

    private final Ticker ticker;
    private final long start;
    /** The thread's recorder before this one (a request made inside another's step), put back on close. */
    private final Steps outer;
    private final List<Step> steps = new ArrayList<>(8);
    private long mark;
    private String cacheKey;
    private ChatRequest kept;
    private String withheld = "not kept: the request failed before its prompt was guarded";

    private Steps(Ticker ticker, Steps outer) {
        this.ticker = ticker;
        this.outer = outer;
        this.start = ticker.read();
    }

    /** A recorder for the request starting now on this thread; {@link #close} it when the request is done. */
    public static Steps open(Ticker ticker) {
        Steps s = new Steps(ticker, CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The thread's recorder, or null when no request on it is being recorded. */
    public static Steps current() {
        return CURRENT.get();
    }

    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    /** The recorder's time now, to pass to {@link #add}. */
    public long now() {
        return ticker.read();
    }

    /** A step that began at {@code began} (from {@link #now}) and ends now. */
    public void add(String name, long began, String note) {
        if (steps.size() < MAX_STEPS) {
            steps.add(new Step(name, began - start, ticker.read() - began, note));
        }
    }

    /** Marks the start of a step whose end comes through another call ({@link #marked}): a tier read. */
    public void mark() {
        mark = now();
    }

    public void marked(String name, String note) {
        add(name, mark, note);
    }

    /**
     * What the current request's recorder, if any, should know once its input is guarded: the cache key, and the
     * guarded request, whose prompt is kept where {@code storable} and the request did not opt out.
     */
    public static void keep(ChatRequest guarded, CacheKey key, boolean storable) {
        Steps s = CURRENT.get();
        if (s == null) {
            return;
        }
        s.cacheKey = key == null ? null : key.value();
        if (!storable) {
            s.withheld = "not kept: namespace " + guarded.namespace() + " is no-store";
        } else if (guarded.noStore()) {
            s.withheld = "not kept: the request asked for no-store";
        } else {
            s.withheld = null;
            s.kept = guarded;
        }
    }

    /** The detail of a request that was answered with {@code r}. */
    public RequestDetail answered(ChatResult r) {
        List<String> verdicts = new ArrayList<>(2);
        for (String note : r.route()) {
            if (note.startsWith("guard:")) {
                verdicts.add(note);
            }
        }
        parseVerdicts(r.output(), verdicts);
        String key = r.cacheKey() != null ? r.cacheKey().value() : cacheKey;
        return new RequestDetail(key, steps, verdicts, withheld, kept == null ? null : prompt(kept),
                kept == null ? null : cut(r.answer()), null);
    }

    /** The detail of a request that failed with {@code e}. */
    public RequestDetail failed(EngineException e) {
        List<String> verdicts = e.kind().startsWith("guardrail") || e.kind().startsWith("parse")
                ? List.of(e.kind()) : List.of();
        return new RequestDetail(cacheKey, steps, verdicts, withheld, kept == null ? null : prompt(kept), null,
                kept == null ? null : cut(e.getMessage()));
    }

    private static void parseVerdicts(StructuredOutput o, List<String> into) {
        if (o == null) {
            return;
        }
        for (String f : o.failed()) {
            into.add("parse: " + f);
        }
        into.add(o.parsed()
                ? "parse: " + o.expectation() + " by " + o.strategy()
                        + (o.reprompts() > 0 ? " after " + o.reprompts() + " re-prompt" + (o.reprompts() == 1 ? "" : "s") : "")
                : "parse: nothing parsed as " + o.expectation() + "; the raw answer returned");
    }

    /** The prompt as {@code role: text} lines, the system prompt first, cut to {@link #KEEP_CHARS}. */
    static String prompt(ChatRequest r) {
        // Sized to what it will hold and never copying past the cut: this runs for every kept request.
        boolean system = r.system() != null && !r.system().isEmpty();
        long size = system ? r.system().length() + 8 : 0;
        for (Message m : r.messages()) {
            size += (size == 0 ? 0 : 1) + m.role().length() + 2 + m.content().length();
        }
        StringBuilder sb = new StringBuilder((int) Math.min(size, KEEP_CHARS));
        if (system) {
            bounded(sb.append("system: "), r.system());
        }
        for (Message m : r.messages()) {
            if (sb.length() >= KEEP_CHARS) {
                break;
            }
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            bounded(sb.append(m.role()).append(": "), m.content());
        }
        return cut(sb, size);
    }

    /** Appends as much of {@code text} as fits under {@link #KEEP_CHARS}. */
    private static void bounded(StringBuilder sb, String text) {
        sb.append(text, 0, (int) Math.max(0, Math.min(text.length(), KEEP_CHARS - sb.length())));
    }

    /** {@code sb} cut to {@link #KEEP_CHARS}, saying how much of the {@code size} characters was left out. */
    private static String cut(StringBuilder sb, long size) {
        if (size <= KEEP_CHARS && sb.length() == size) {
            return sb.toString();
        }
        int end = Math.min(sb.length(), KEEP_CHARS);
        if (end > 0 && Character.isHighSurrogate(sb.charAt(end - 1))) {
            end--; // never half a character
        }
        return sb.substring(0, end) + "… (" + (size - end) + " more characters not kept)";
    }

    static String cut(String s) {
        if (s == null || s.length() <= KEEP_CHARS) {
            return s;
        }
        int end = KEEP_CHARS;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never half a character
        }
        return s.substring(0, end) + "… (" + (s.length() - end) + " more characters not kept)";
    }

    /** How a failed step is noted: an engine error by its kind, anything else by its class. */
    public static String kind(RuntimeException e) {
        return e instanceof EngineException ee ? ee.kind() : e.getClass().getSimpleName();
    }
}
