package dev.switchboard.engine.route;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How demanding a prompt is, mostly from its shape: length, sentences and questions, constraints ("must", "at
 * least", "without"), multi-step cues ("then", "step by step", numbered lines), and open-ended verbs (compare,
 * prove, write a story) whose answers run long however short the ask. Each adds points; the total picks the level.
 * Reads lower-cased text.
 */
final class ComplexityRules {
    private static final Pattern CONSTRAINT = Pattern.compile("\\b(?:must|at least|at most|without|no more than"
            + "|exactly|only|never|do not|don'?t|should|keep|under \\d+|within)\\b");
    private static final Pattern MULTI_STEP = Pattern.compile("\\bthen\\b|step[- ]by[- ]step|\\bfirst\\b|\\bfinally\\b"
            + "|\\bafter that\\b|\\beach\\b|^\\s*(?:\\d+[.)]|[-*•])\\s", Pattern.MULTILINE);
    private static final Pattern OPEN_ENDED = Pattern.compile("\\b(?:compare|analy[sz]e|evaluate|assess|prove"
            + "|swot|trade-?offs?|reason it out|explain (?:your|the) reasoning|story|novel|screenplay|sonnet|lyrics"
            + "|essay|design)\\b");
    private static final int MEDIUM_FROM = 2;
    private static final int HIGH_FROM = 4;

    private ComplexityRules() {
    }

    static Complexity score(String lower, List<String> reasons) {
        int points = 0;
        int length = lower.length();
        if (length >= 100) {
            points += length >= 320 ? 3 : length >= 180 ? 2 : 1;
            reasons.add("length " + length + " chars");
        }
        if (OPEN_ENDED.matcher(lower).find()) {
            points += 2;
            reasons.add("open-ended");
        }
        int sentences = 0;
        int questions = 0;
        for (int i = 0; i < length; i++) {
            char c = lower.charAt(i);
            boolean end = i + 1 == length || Character.isWhitespace(lower.charAt(i + 1));
            if ((c == '.' || c == '!' || c == '?') && end) {
                sentences++;
            }
            if (c == '?') {
                questions++;
            }
        }
        if (sentences >= 3) {
            points++;
            reasons.add(sentences + " sentences");
        }
        if (questions >= 2) {
            points++;
            reasons.add(questions + " questions");
        }
        int constraints = count(CONSTRAINT.matcher(lower));
        if (constraints > 0) {
            points += constraints >= 3 ? 2 : 1;
            reasons.add(constraints == 1 ? "1 constraint" : constraints + " constraints");
        }
        int steps = count(MULTI_STEP.matcher(lower));
        if (steps > 0) {
            points += steps >= 2 ? 2 : 1;
            reasons.add("multi-step");
        }
        return points >= HIGH_FROM ? Complexity.HIGH : points >= MEDIUM_FROM ? Complexity.MEDIUM : Complexity.LOW;
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
