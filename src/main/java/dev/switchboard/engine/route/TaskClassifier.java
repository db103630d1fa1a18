package dev.switchboard.engine.route;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Classifies a request by rules: each {@link Cue} found in the last user message adds its weight to its class, a
 * cue found only in the system prompt adds 1 (the system prompt describes the app, the message the task), and the
 * class with the most points wins; a tie goes to the more specific class (a translation that mentions a reason is
 * still a translation). Complexity comes from the message's shape ({@link ComplexityRules}).
 *
 * <p>Stateless and thread-safe; a 500-character prompt costs one lower-casing, one pass over its words and a few
 * precompiled patterns, with no model call.
 */
public final class TaskClassifier {
    /** Most specific first: a tie in points goes to the earlier class. */
    private static final TaskClass[] TIE_ORDER = {TaskClass.TRANSLATION, TaskClass.SUMMARIZATION,
        TaskClass.EXTRACTION, TaskClass.CODING, TaskClass.MATH, TaskClass.CREATIVE, TaskClass.ANALYSIS,
        TaskClass.REASONING, TaskClass.CHAT};
    private static final Cue[] PHRASES = java.util.Arrays.stream(Cue.values()).filter(Cue::isPhrase)
            .toArray(Cue[]::new);
    private static final int SYSTEM_WEIGHT = 1;
    /** The reason given when no cue of any class was found (the class is then chat, a guess). */
    public static final String NO_CUE = "no cue";

    public TaskProfile classify(String systemPrompt, String lastUserMessage) {
        if (lastUserMessage == null || lastUserMessage.isBlank()) {
            return new TaskProfile(TaskClass.CHAT, Complexity.LOW, List.of("empty"));
        }
        String lower = lastUserMessage.toLowerCase(Locale.ROOT);
        EnumSet<Cue> cues = cuesIn(lower);
        int[] points = new int[TaskClass.values().length];
        for (Cue c : cues) {
            points[c.taskClass.ordinal()] += c.weight;
        }
        // "Translate this Python into Rust" is a coding task: the verb counts for translation only with a
        // natural language or no programming language in sight.
        if (cues.contains(Cue.TRANSLATE_VERB) && cues.contains(Cue.PROGRAMMING_LANGUAGE)
                && !cues.contains(Cue.NATURAL_LANGUAGE)) {
            points[TaskClass.TRANSLATION.ordinal()] -= Cue.TRANSLATE_VERB.weight;
            points[TaskClass.CODING.ordinal()] += Cue.TRANSLATE_VERB.weight;
        }
        EnumSet<Cue> systemCues = systemPrompt == null || systemPrompt.isBlank() ? EnumSet.noneOf(Cue.class)
                : cuesIn(systemPrompt.toLowerCase(Locale.ROOT));
        systemCues.removeAll(cues);
        for (Cue c : systemCues) {
            points[c.taskClass.ordinal()] += SYSTEM_WEIGHT;
        }
        TaskClass best = TaskClass.CHAT;
        int bestPoints = 0;
        for (TaskClass t : TIE_ORDER) {
            if (points[t.ordinal()] > bestPoints) {
                best = t;
                bestPoints = points[t.ordinal()];
            }
        }
        List<String> reasons = new ArrayList<>(6);
        for (Cue c : cues) {
            if (c.taskClass == best) {
                reasons.add(c.reason);
            }
        }
        for (Cue c : systemCues) {
            if (c.taskClass == best) {
                reasons.add("system: " + c.reason);
            }
        }
        if (bestPoints == 0) {
            reasons.add(NO_CUE);
        }
        Complexity complexity = ComplexityRules.score(lower, reasons);
        return new TaskProfile(best, complexity, reasons);
    }

    /** The cues in lower-cased text: each word looked up once, then the phrase cues. */
    private static EnumSet<Cue> cuesIn(String lower) {
        EnumSet<Cue> found = EnumSet.noneOf(Cue.class);
        int n = lower.length();
        int start = -1;
        for (int i = 0; i <= n; i++) {
            boolean letter = i < n && isWordChar(lower.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                // Cue words are 2 to 20 letters: a longer or shorter run cannot match, so no substring for it.
                int len = i - start;
                if (len >= 2 && len <= 20) {
                    Cue c = Cue.ofWord(lower.substring(start, i));
                    if (c != null) {
                        found.add(c);
                    }
                }
                start = -1;
            }
        }
        for (Cue c : PHRASES) {
            if (!found.contains(c) && c.foundIn(lower)) {
                found.add(c);
            }
        }
        return found;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c > 127 && Character.isLetter(c));
    }
}
