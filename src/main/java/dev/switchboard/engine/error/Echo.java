package dev.switchboard.engine.error;

import java.net.URI;
import java.net.URISyntaxException;
import dev.switchboard.store.Urls;
import java.util.regex.Pattern;

/**
 * How an error message quotes what it was given: on one line, short (a 10 MB value is quoted by its first
 * characters and its length), and never with a password in it.
 */
public final class Echo {
    /** Characters of an echoed value kept in a message. */
    public static final int PREFIX = 80;

    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private Echo() {
    }

    /** {@code text} as a message may quote it: at most {@value #PREFIX} characters, then {@code …(N chars)}. */
    public static String of(String text) {
        return of(text, PREFIX);
    }

    public static String of(String text, int max) {
        if (text == null) {
            return "null";
        }
        String s = text.length() > max ? cut(text, max) + "…(" + text.length() + " chars)" : text;
        return LINE_BREAK.matcher(s).replaceAll(" ");
    }

    private static String cut(String text, int max) {
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    /** A URL as a message may quote it: short, on one line, its credentials masked by {@link Urls#redact}. */
    public static String url(String url) {
        return url == null ? "null" : of(Urls.redact(url));
    }

    /** Whether {@code url} parses as a URI at all; for callers that want to say why not without echoing it. */
    public static String uriProblem(String url) {
        try {
            new URI(url);
            return null;
        } catch (URISyntaxException e) {
            return e.getReason() + " at index " + e.getIndex();
        }
    }
}
