package dev.switchboard.engine.guard.blocklist;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The operator's own terms (case-insensitive, whole words: "ass" does not match "class") and optional regular
 * expressions. Terms are found with {@code indexOf} on the lower-cased text; patterns are compiled once.
 */
public final class BlocklistDetector implements Detector {
    public static final String RULE = "blocklist";

    private final String[] terms;
    private final Pattern[] patterns;

    /**
     * @param terms    words or phrases
     * @param patterns Java regular expressions
     * @throws IllegalArgumentException naming the field ({@code blocklist_terms}, {@code blocklist_patterns}) and why
     */
    public BlocklistDetector(List<String> terms, List<String> patterns) {
        this.terms = new String[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            String t = terms.get(i) == null ? "" : terms.get(i).strip();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("blocklist_terms: entry " + i + " is empty");
            }
            this.terms[i] = t.toLowerCase(Locale.ROOT);
        }
        this.patterns = new Pattern[patterns.size()];
        for (int i = 0; i < patterns.size(); i++) {
            try {
                this.patterns[i] = Pattern.compile(patterns.get(i));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("blocklist_patterns: entry " + i + " is not a valid regular "
                        + "expression: " + e.getDescription());
            }
        }
    }

    public boolean isEmpty() {
        return terms.length == 0 && patterns.length == 0;
    }

    @Override
    public List<Finding> find(String text) {
        if (isEmpty()) {
            return List.of();
        }
        List<Finding> out = null;
        if (terms.length > 0) {
            String lower = text.toLowerCase(Locale.ROOT);
            // Lower-casing keeps offsets only when lengths match; otherwise search case-insensitively in place.
            boolean aligned = lower.length() == text.length();
            for (String t : terms) {
                int at = aligned ? lower.indexOf(t) : indexOfIgnoreCase(text, t, 0);
                while (at >= 0) {
                    int end = at + t.length();
                    if (wordEdge(text, at - 1) && wordEdge(text, end)) {
                        out = Findings.add(out, new Finding(RULE, Finding.BLOCKLIST, at, end, 1.0));
                    }
                    at = aligned ? lower.indexOf(t, at + 1) : indexOfIgnoreCase(text, t, at + 1);
                }
            }
        }
        for (Pattern p : patterns) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                if (m.end() > m.start()) {
                    out = Findings.add(out, new Finding(RULE, Finding.BLOCKLIST, m.start(), m.end(), 1.0));
                }
            }
        }
        return Findings.sorted(out);
    }

    private static int indexOfIgnoreCase(String text, String term, int from) {
        for (int i = from; i + term.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, term, 0, term.length())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean wordEdge(String text, int i) {
        return i < 0 || i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
    }
}
