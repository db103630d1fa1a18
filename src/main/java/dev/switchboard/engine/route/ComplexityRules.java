package dev.switchboard.engine.route;

import java.util.List;
import java.util.Set;

/**
 * How demanding a prompt is, mostly from its shape: length, sentences and questions, constraints ("must", "at
 * least", "without"), multi-step cues ("then", "step by step", numbered lines), and open-ended verbs (compare,
 * prove, write a story) whose answers run long however short the ask. Each adds points; the total picks the level.
 * Reads lower-cased text.
 */
final class ComplexityRules {
    private static final Set<String> CONSTRAINT_WORDS = Set.of("must", "without", "exactly", "only", "never",
            "should", "keep", "within", "dont");
    /** Two-word constraints, as "first second". */
    private static final Set<String> CONSTRAINT_PAIRS = Set.of("at least", "at most", "do not");
    private static final Set<String> STEP_WORDS = Set.of("then", "first", "finally", "each");
    private static final Set<String> OPEN_WORDS = Set.of("compare", "analyze", "analyse", "evaluate", "assess",
            "prove", "swot", "tradeoff", "tradeoffs", "story", "novel", "screenplay", "sonnet", "lyrics", "essay",
            "design");
    private static final int MEDIUM_FROM = 2;
    private static final int HIGH_FROM = 4;

    private ComplexityRules() {
    }

    /*
     * One pass over the words (each compared with a few small sets, the previous two words kept for the
     * two- and three-word cues) instead of three alternation patterns, which Java's engine tries at every
     * position: that was nine tenths of a classification.
     */
    static Complexity score(String lower, List<String> reasons) {
        int points = 0;
        int length = lower.length();
        if (length >= 100) {
            points += length >= 320 ? 3 : length >= 180 ? 2 : 1;
            reasons.add("length " + length + " chars");
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
        Words w = Words.count(lower);
        if (w.openEnded) {
            points += 2;
            reasons.add("open-ended");
        }
        if (sentences >= 3) {
            points++;
            reasons.add(sentences + " sentences");
        }
        if (questions >= 2) {
            points++;
            reasons.add(questions + " questions");
        }
        int constraints = w.constraints;
        if (constraints > 0) {
            points += constraints >= 3 ? 2 : 1;
            reasons.add(constraints == 1 ? "1 constraint" : constraints + " constraints");
        }
        int steps = w.steps + listItems(lower);
        if (steps > 0) {
            points += steps >= 2 ? 2 : 1;
            reasons.add("multi-step");
        }
        return points >= HIGH_FROM ? Complexity.HIGH : points >= MEDIUM_FROM ? Complexity.MEDIUM : Complexity.LOW;
    }

    /** What the word pass counted. */
    private static final class Words {
        int constraints;
        int steps;
        boolean openEnded;

        static Words count(String lower) {
            Words out = new Words();
            String before2 = "";
            String before = "";
            int n = lower.length();
            int start = -1;
            for (int i = 0; i <= n; i++) {
                char c = i < n ? lower.charAt(i) : ' ';
                boolean letter = Character.isLetterOrDigit(c) || c == '\'';
                if (letter && start < 0) {
                    start = i;
                } else if (!letter && start >= 0) {
                    String word = lower.substring(start, i).replace("'", "");
                    out.look(before2, before, word);
                    before2 = before;
                    before = word;
                    start = -1;
                }
            }
            return out;
        }

        private void look(String before2, String before, String word) {
            if (CONSTRAINT_WORDS.contains(word) || CONSTRAINT_PAIRS.contains(before + " " + word)
                    || ("under".equals(before) && isNumber(word))
                    || ("no".equals(before2) && "more".equals(before) && "than".equals(word))) {
                constraints++;
            }
            if (STEP_WORDS.contains(word) || ("after".equals(before) && "that".equals(word))
                    || ("step".equals(before2) && "by".equals(before) && "step".equals(word))) {
                steps++;
            }
            if (OPEN_WORDS.contains(word) || ("trade".equals(before) && ("off".equals(word) || "offs".equals(word)))
                    || ("reason".equals(before2) && "it".equals(before) && "out".equals(word))
                    || ("explain".equals(before2) && ("your".equals(before) || "the".equals(before))
                    && "reasoning".equals(word))) {
                openEnded = true;
            }
        }

        private static boolean isNumber(String w) {
            if (w.isEmpty()) {
                return false;
            }
            for (int i = 0; i < w.length(); i++) {
                if (!Character.isDigit(w.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Lines that start a numbered or bulleted item ("1. ", "2) ", "- ", "* ", "• "). */
    private static int listItems(String lower) {
        int items = 0;
        int n = lower.length();
        for (int lineStart = 0; lineStart < n; ) {
            int i = lineStart;
            while (i < n && (lower.charAt(i) == ' ' || lower.charAt(i) == '\t')) {
                i++;
            }
            int digits = i;
            while (digits < n && Character.isDigit(lower.charAt(digits))) {
                digits++;
            }
            boolean numbered = digits > i && digits < n && (lower.charAt(digits) == '.' || lower.charAt(digits) == ')')
                    && digits + 1 < n && Character.isWhitespace(lower.charAt(digits + 1));
            boolean bullet = i < n && "-*•".indexOf(lower.charAt(i)) >= 0 && i + 1 < n
                    && Character.isWhitespace(lower.charAt(i + 1));
            if (numbered || bullet) {
                items++;
            }
            int next = lower.indexOf('\n', lineStart);
            lineStart = next < 0 ? n : next + 1;
        }
        return items;
    }
}
