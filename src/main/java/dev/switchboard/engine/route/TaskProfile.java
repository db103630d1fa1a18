package dev.switchboard.engine.route;

import java.util.List;
import java.util.Objects;

/**
 * A classified request.
 *
 * @param reasons short words naming the cues that decided, e.g. {@code code fence}, {@code length 420 chars}
 */
public record TaskProfile(TaskClass taskClass, Complexity complexity, List<String> reasons) {
    public TaskProfile {
        Objects.requireNonNull(taskClass, "taskClass");
        Objects.requireNonNull(complexity, "complexity");
        reasons = List.copyOf(reasons);
    }
}
