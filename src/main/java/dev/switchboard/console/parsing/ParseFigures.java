package dev.switchboard.console.parsing;

import java.util.List;

/**
 * What the console shows of output parsing, at one snapshot: the parser's figures in the console's own words, so
 * the tiles and the Parsing tab can be drawn (and tested) from plain records. {@link ParseAdapter} builds it from
 * the engine's snapshot.
 *
 * @param takenAtMillis when the snapshot was taken (the re-prompt rate is measured between two)
 * @param enabled       whether parsing runs at all
 * @param strategies    per strategy in chain order
 * @param schemas       per expectation ({@code json_object}, {@code fields} or a schema's name)
 * @param answers       answers that were expected to be structured
 * @param parsed        of them, parsed by some strategy
 * @param failed        of them, not parsed by any (raw text returned, or a parse_failed error)
 * @param reprompts     calls made to have the model fix its output
 * @param repromptCostMicros what those calls cost, in micro-dollars
 */
public record ParseFigures(long takenAtMillis, boolean enabled, List<StrategyRow> strategies,
                           List<SchemaRow> schemas, long answers, long parsed, long failed, long reprompts,
                           long repromptCostMicros) {
    public static final ParseFigures NONE = new ParseFigures(0, true, List.of(), List.of(), 0, 0, 0, 0, 0);

    public ParseFigures {
        strategies = List.copyOf(strategies);
        schemas = List.copyOf(schemas);
    }

    /**
     * @param strategy  the config id ({@code strict_json}, ..., {@code reprompt})
     * @param p50Micros the median time of one attempt, in microseconds; NaN when none was timed
     */
    public record StrategyRow(String strategy, long attempts, long successes, long failures, double p50Micros) {
    }

    public record SchemaRow(String schema, long answers, long parsed, long failed, long reprompts,
                            long repromptCostMicros) {
        /** Parsed as a share of answers, 0..1; NaN with no answers. */
        public double parsedShare() {
            return answers == 0 ? Double.NaN : (double) parsed / answers;
        }
    }

    /** The same figures stamped with another time (to compare counts alone). */
    public ParseFigures withTime(long atMillis) {
        return new ParseFigures(atMillis, enabled, strategies, schemas, answers, parsed, failed, reprompts,
                repromptCostMicros);
    }

    /** Parsed as a share of answers, 0..1; NaN with no answers. */
    public double parsedShare() {
        return answers == 0 ? Double.NaN : (double) parsed / answers;
    }

    /** The row for {@code strategy}, or null. */
    public StrategyRow strategy(String strategy) {
        return strategies.stream().filter(r -> r.strategy().equals(strategy)).findFirst().orElse(null);
    }

    /** How a strategy id reads on screen: "key-value", "re-prompt". */
    public static String label(String strategy) {
        return switch (strategy) {
            case "strict_json" -> "strict";
            case "extracted_json" -> "extracted";
            case "key_value" -> "key-value";
            case "flexible" -> "flexible";
            case "reprompt" -> "re-prompt";
            default -> strategy.replace('_', ' ');
        };
    }
}
