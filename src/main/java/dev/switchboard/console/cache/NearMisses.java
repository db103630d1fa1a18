package dev.switchboard.console.cache;

import dev.switchboard.engine.cache.semantic.Lookup;
import dev.switchboard.engine.cache.semantic.SemanticSnapshot.Recent;
import dev.switchboard.engine.cache.semantic.Verifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The near-miss inspector's words, free of JavaFX: which lookups a filter keeps, what an outcome is called, and
 * what a refusal's reason means, so the operator can tell a threshold set too high from a check doing its job.
 */
public final class NearMisses {
    private NearMisses() {
    }

    /** Which lookups the table lists. */
    public enum Filter {
        ALL("All lookups"), REFUSED("Refused only"), HITS("Hits only");

        private final String label;

        Filter(String label) {
            this.label = label;
        }

        public boolean keeps(Recent r) {
            return switch (this) {
                case ALL -> true;
                case REFUSED -> "REFUSED".equals(r.outcome());
                case HITS -> "HIT".equals(r.outcome());
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final Map<String, String> MEANING = Map.of(
            Lookup.BELOW_THRESHOLD, "the similarity, less the margin penalty, is under the threshold",
            Lookup.MARGIN, "similar enough, but another cached prompt was nearly as close: ambiguous",
            Verifier.NUMBER, "the prompts differ in a number (2+2 and 2+3, 2016 and 2017)",
            Verifier.NEGATION, "one prompt is negated and the other is not",
            Verifier.ANTONYM, "the prompts use opposite words (cancel and renew, buy and sell)",
            Verifier.ENTITY, "a name on one side is missing from the other (iPhone and Pixel)",
            Verifier.KEY_NOUN, "one content word is swapped for another (learn Python and learn Java)");

    public static List<Recent> filter(List<Recent> recent, Filter f) {
        return recent.stream().filter(f::keeps).toList();
    }

    /** The decision column: served, refused or miss. */
    public static String outcome(Recent r) {
        return switch (r.outcome()) {
            case "HIT" -> "served";
            case "REFUSED" -> "refused";
            default -> "miss";
        };
    }

    /** The reason column: the reason's config name with spaces (a check's name is what {@code checks} lists). */
    public static String reason(Recent r) {
        return r.reason() == null ? "" : r.reason().replace('_', ' ');
    }

    public static String similarity(Recent r) {
        return r.candidate() == null ? "–" : String.format(Locale.ROOT, "%.3f", r.similarity());
    }

    /** The selected lookup in full: both prompts, the similarity and what the decision means. */
    public static String describe(Recent r, double floor) {
        StringBuilder sb = new StringBuilder("Prompt: ").append(r.prompt()).append('\n');
        if (r.candidate() == null) {
            return sb.append("Nothing cached in its partition yet (same model, system prompt and settings): a miss.")
                    .toString();
        }
        sb.append("Nearest cached: ").append(r.candidate()).append('\n')
                .append(String.format(Locale.ROOT, "Similarity %.3f: ", r.similarity()));
        switch (r.outcome()) {
            case "HIT" -> sb.append("served the cached prompt's answer.");
            case "REFUSED" -> sb.append("refused, ").append(r.reason() == null ? "no reason given"
                    : reason(r) + ": " + MEANING.getOrDefault(r.reason(), "a check said no")).append('.');
            default -> sb.append(String.format(Locale.ROOT, "a miss, below the floor %.2f.", floor));
        }
        return sb.toString();
    }
}
