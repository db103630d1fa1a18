package dev.switchboard.engine.guard;

import java.util.List;

/** An answer after the output guards: its text (redacted where a guard redacted) and the verdicts. */
public record GuardedText(String text, List<Verdict> verdicts) {
    public GuardedText {
        verdicts = List.copyOf(verdicts);
    }

    public boolean clean() {
        return verdicts.isEmpty();
    }
}
