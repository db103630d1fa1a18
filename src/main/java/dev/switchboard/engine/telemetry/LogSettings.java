package dev.switchboard.engine.telemetry;

import java.util.Locale;

/**
 * How the engine logs: the line format of every log line ({@code text}, for a terminal, or {@code json}, one
 * object a line for a log pipeline), whether each finished request gets a line of its own, and how many finished
 * requests the in-memory request log keeps for the console's Requests tab.
 *
 * @param json     JSON lines instead of text (headless commands apply it when they start)
 * @param requests which requests get a line: none, every one, or only failures
 * @param recentRequests the last this many finished requests kept in memory, with their steps' timeline; 0: off
 */
public record LogSettings(boolean json, Requests requests, int recentRequests) {
    public static final int DEFAULT_RECENT_REQUESTS = 5_000;
    /** Each entry may hold a few KB of text: a million is already a gigabyte or more. */
    public static final int MAX_RECENT_REQUESTS = 1_000_000;

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
        if (recentRequests < 0 || recentRequests > MAX_RECENT_REQUESTS) {
            throw new IllegalArgumentException("recent_requests: must be between 0 (off) and " + MAX_RECENT_REQUESTS
                    + ", got " + recentRequests);
        }
    }

    /** With the request log at its default size. */
    public LogSettings(boolean json, Requests requests) {
        this(json, requests, DEFAULT_RECENT_REQUESTS);
    }

    /** Text lines, no request lines, the last 5,000 requests in memory: what a config without {@code logs:} gets. */
    public static LogSettings defaults() {
        return new LogSettings(false, Requests.OFF, DEFAULT_RECENT_REQUESTS);
    }

    public static boolean parseFormat(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("format: unknown value '" + s + "'; known: text, json");
        };
    }
}
