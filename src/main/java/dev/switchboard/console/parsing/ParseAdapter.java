package dev.switchboard.console.parsing;

import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.parse.ParseSnapshot;
import java.util.List;

/**
 * The engine's parse figures in the console's words. The only place the console reads the parser's part of a
 * snapshot.
 */
public final class ParseAdapter {
    private ParseAdapter() {
    }

    /** The parse figures of {@code s}, with the switch of {@code running} (the engine's config). */
    public static ParseFigures figures(EngineSnapshot s, SwitchboardConfig running) {
        return figures(s, ParseConfig.of(running).enabled());
    }

    /** The parse figures of {@code s}; {@code enabled} is the running config's switch. */
    public static ParseFigures figures(EngineSnapshot s, boolean enabled) {
        return of(s.parse(), s.takenAtMillis(), enabled);
    }

    /** {@code p} in the console's words. */
    public static ParseFigures of(ParseSnapshot p, long takenAtMillis, boolean enabled) {
        if (p == null) {
            return new ParseFigures(takenAtMillis, enabled, List.of(), List.of(), 0, 0, 0, 0, 0);
        }
        List<ParseFigures.StrategyRow> strategies = p.strategies().stream()
                .map(r -> new ParseFigures.StrategyRow(r.id(), r.attempts(), r.successes(), r.failures(),
                        // 0 is the engine's "not timed" (none parsed yet, or a re-prompt, timed as a provider call).
                        r.successes() == 0 || r.p50Micros() <= 0 ? Double.NaN : r.p50Micros()))
                .toList();
        List<ParseFigures.SchemaRow> schemas = p.expectations().stream()
                .map(r -> new ParseFigures.SchemaRow(r.name(), r.answers(), r.parsed(), r.failed(), r.reprompts(),
                        r.repromptCostMicros()))
                .toList();
        return new ParseFigures(takenAtMillis, enabled, strategies, schemas, p.answers(), p.parsed(), p.failed(),
                p.reprompts(), p.repromptCostMicros());
    }
}
