package dev.switchboard.store;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * A store failure as one short line for logs, DOWN reasons and error messages: the innermost cause's simple class
 * name and the first line of its message, without secrets and without the data the driver quotes back. Drivers put
 * row contents in their messages (PostgreSQL's {@code Detail: Failing row contains (...)}, pgjdbc's
 * {@code Batch entry 0 INSERT ... VALUES (...)}, H2's {@code Value too long for column ...: "'...'"} and its
 * {@code SQL statement:} echo); those are a cached answer or a user's data and have no place in a log line.
 */
public final class Failures {
    /** Long enough for any driver's own sentence; a message longer than this is quoting something. */
    static final int MAX_LENGTH = 300;

    /** Where drivers start quoting statements, rows or hints; everything from here on is cut. */
    private static final Pattern TAIL = Pattern.compile(
            "(?i)(; SQL statement:|\\s+Call getNextException|\\s+Detail:|\\s+Where:|\\s+Position:|\\s+Hint:).*");
    /** pgjdbc's "Batch entry N <the statement with its values> was aborted: <why>". */
    private static final Pattern BATCH_ENTRY = Pattern.compile("(?i)(Batch entry \\d+) .*? (was aborted:)");
    /**
     * A SQL string literal, i.e. a value: from a quote that does not follow a letter (so "can't" is no literal), with
     * doubled quotes inside, to its closing quote, to H2's truncation mark ("...' (319)" lacks the quote: "... (319)"),
     * or to the end of the message.
     */
    private static final Pattern LITERAL =
            Pattern.compile("(?<![A-Za-z])'(?:[^'.]|''|\\.(?!\\.\\. \\(\\d+\\)))*(?:'|\\.\\.\\.(?= \\(\\d+\\))|$)");

    private Failures() {
    }

    /** E.g. {@code ConnectException: Connection refused} or {@code PSQLException: ERROR: value too long ...}. */
    public static String oneLine(Throwable t) {
        if (t == null) {
            return "";
        }
        Throwable r = innermost(t);
        String name = r.getClass().getSimpleName();
        String msg = message(r.getMessage());
        return msg.isEmpty() ? name : name + ": " + msg;
    }

    /**
     * The cause chain's end. A SQLException without a cause may still chain the real error as its next exception
     * (H2's BatchUpdateException does); that one is followed too.
     */
    static Throwable innermost(Throwable t) {
        Throwable r = t;
        for (int depth = 0; depth < 32; depth++) {
            Throwable next = r.getCause();
            if (next == null && r instanceof SQLException s) {
                next = s.getNextException();
            }
            if (next == null || next == r) {
                break;
            }
            r = next;
        }
        return r;
    }

    /** The first line of a driver's message, values cut, secrets masked, length capped. */
    static String message(String raw) {
        if (raw == null || raw.isBlank()) {
            return "";
        }
        String s = raw.strip();
        int nl = indexOfLineBreak(s);
        if (nl >= 0) {
            s = s.substring(0, nl);
        }
        s = TAIL.matcher(s).replaceFirst("");
        s = BATCH_ENTRY.matcher(s).replaceFirst("$1 $2");
        s = Urls.redactSecrets(s);
        s = LITERAL.matcher(s).replaceAll("'…'");
        s = s.strip();
        return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH) + "…";
    }

    private static int indexOfLineBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }
}
