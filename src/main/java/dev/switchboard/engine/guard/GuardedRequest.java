package dev.switchboard.engine.guard;

import dev.switchboard.engine.request.ChatRequest;
import java.util.List;

/**
 * A request after the input guards: with redacted text where a guard redacted (the very same instance when nothing
 * changed), and the verdicts, ordered by field and offset.
 */
public record GuardedRequest(ChatRequest request, List<Verdict> verdicts) {
    public GuardedRequest {
        verdicts = List.copyOf(verdicts);
    }

    public boolean clean() {
        return verdicts.isEmpty();
    }
}
