package dev.switchboard.engine.error;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * How an error message quotes what it was given: on one line, short (a 10 MB value is quoted by its first
 * characters and its length), and never with a password in it.
 */
public final class Echo {
    /** Characters of an echoed value kept in a message. */
    public static final int PREFIX = 80;

    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:^|[?&;])password=)[^&;]*");

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

    /**
     * A URL as a message may quote it: the password in its user info ({@code redis://:secret@host},
     * {@code postgresql://u:secret@host/db}) and any {@code password=} parameter replaced by {@code ***}.
     */
    public static String url(String url) {
        if (url == null) {
            return "null";
        }
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
        int scheme = masked.indexOf("://");
        if (scheme >= 0) {
            int authorityStart = scheme + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < masked.length() && "/?#".indexOf(masked.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            String authority = masked.substring(authorityStart, authorityEnd);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String info = authority.substring(0, at);
                int colon = info.indexOf(':');
                // redis://secret@host (a password without a user) is a password too.
                String shown = colon >= 0 ? info.substring(0, colon) + ":***" : maybeBarePassword(masked, info);
                masked = masked.substring(0, authorityStart) + shown + authority.substring(at)
                        + masked.substring(authorityEnd);
            }
        }
        return of(masked);
    }

    /** In a Redis URL a lone user-info part is the password; in SQL URLs it is the user. */
    private static String maybeBarePassword(String url, String info) {
        return url.startsWith("redis://") || url.startsWith("rediss://") ? "***" : info;
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
