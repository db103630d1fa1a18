package dev.switchboard.console.parsing;

import dev.switchboard.engine.EngineSnapshot;

/**
 * The engine's parse figures in the console's words. The only place the console reads the parser's part of a
 * snapshot.
 */
public final class ParseAdapter {
    private ParseAdapter() {
    }

    /** The parse figures of {@code s}. */
    public static ParseFigures figures(EngineSnapshot s) {
        // WIRE (lead): EngineSnapshot has no parse() yet; once it has, this line becomes
        //   return of(s.parse(), s.takenAtMillis());
        return ParseFigures.NONE.withTime(s.takenAtMillis());
    }
}
