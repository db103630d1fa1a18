package dev.switchboard.console.guardrails;

import dev.switchboard.engine.EngineSnapshot;

/**
 * The engine's guard figures in the console's words. The only place the console reads the guards' part of a
 * snapshot.
 */
public final class GuardAdapter {
    private GuardAdapter() {
    }

    /** The guard figures of {@code s}. */
    public static GuardFigures figures(EngineSnapshot s) {
        // WIRE (lead): EngineSnapshot has no guards() yet; once it has, this line becomes
        //   return of(s.guards(), s.takenAtMillis());
        return new GuardFigures(s.takenAtMillis(), 0, 0, 0, 0, java.util.Map.of());
    }
}
