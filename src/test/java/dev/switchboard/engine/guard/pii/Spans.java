package dev.switchboard.engine.guard.pii;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import java.util.List;

/** The matched substrings, for assertions (tests only: production code never copies them out). */
final class Spans {
    private Spans() {
    }

    static List<String> of(Detector d, String text) {
        return d.find(text).stream().map(f -> text.substring(f.start(), f.end())).toList();
    }

    static List<String> rules(List<Finding> found) {
        return found.stream().map(Finding::rule).toList();
    }
}
