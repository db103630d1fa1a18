package dev.switchboard.engine.telemetry;

import java.util.Locale;

/**
 * How the engine logs: the line format of every log line ({@code text}, for a terminal, or {@code json}, one
 * object a line for a log pipeline) and whether each finished request gets a line of its own.
 *
 * @param json     JSON lines instead of text (headless commands apply it when they start)
 * @param requests which requests get a line: none, every one, or only failures
 */
public record LogSettings(boolean json, Requests requests) {
    /** Which finished requests are logged, one line each. */
    public enum Requests {
        OFF, ALL, FAILURES;

        public static Requests parse(String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "off", "false" -> OFF;
                case "all", "true" -> ALL;
                case "failures" -> FAILURES;
                default -> throw new IllegalArgumentException("requests: unknown value '" + s
                        + "'; known: off, all, failures");
            };
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LogSettings {
        java.util.Objects.requireNonNull(requests, "requests");
    }

    /** Text lines, no request lines: what a config without {@code logs:} gets. */
    public static LogSettings defaults() {
        return new LogSettings(false, Requests.OFF);
    }

    public static boolean parseFormat(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("format: unknown value '" + s + "'; known: text, json");
        };
    }
}
