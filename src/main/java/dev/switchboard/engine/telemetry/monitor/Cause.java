package dev.switchboard.engine.telemetry.monitor;

/** Why a request failed, in the monitors' words: the engine's error kinds grouped as an operator reads them. */
public enum Cause {
    TIMEOUT("timeout"), RATE_LIMITED("rate limited"), UPSTREAM("upstream 5xx/unavailable"),
    PARSE_FAILED("parse failed"), GUARD_BLOCKED("guard blocked"), INVALID("invalid"), BUDGET("budget"),
    OTHER("other");

    private final String label;

    Cause(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The cause of an outcome kind ({@code timed_out}, {@code upstream_error}, ...); null for {@code ok}. */
    public static Cause of(String outcome) {
        if (outcome == null) {
            return OTHER;
        }
        return switch (outcome) {
            case "ok" -> null;
            case "timed_out" -> TIMEOUT;
            case "rate_limited", "upstream_rate_limited" -> RATE_LIMITED;
            case "upstream_error", "upstream_unavailable", "upstream_rejected", "provider_auth", "stream_cut" -> UPSTREAM;
            case "parse_failed" -> PARSE_FAILED;
            case "guardrail_blocked" -> GUARD_BLOCKED;
            case "invalid_request" -> INVALID;
            case "budget_exceeded" -> BUDGET;
            default -> OTHER;
        };
    }
}
