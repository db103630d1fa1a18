package dev.switchboard.engine.guard.detect;

import java.util.List;

/** Finds one kind of thing in a text. Implementations are immutable and safe to share between threads. */
public interface Detector {
    /**
     * @return the findings in {@code text} ordered by start, or an empty immutable list (the common case, which
     * must not allocate)
     */
    List<Finding> find(String text);
}
