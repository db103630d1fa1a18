package dev.switchboard.engine.route;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a request asks for, as the routing literature divides it; configs and workloads spell it in lower case. */
public enum TaskClass {
    CODING, REASONING, MATH, CHAT, SUMMARIZATION, TRANSLATION, EXTRACTION, CREATIVE, ANALYSIS;

    private static final String NAMES = Arrays.stream(values()).map(TaskClass::wireName)
            .collect(Collectors.joining(", "));

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException {@code unknown task class 'x'; known: coding, reasoning, ...} */
    public static TaskClass parse(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (TaskClass c : values()) {
            if (c.wireName.equals(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown task class '" + s + "'; known: " + NAMES);
    }
}
