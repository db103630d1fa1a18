package dev.switchboard.engine.error;

import java.util.List;

/**
 * The model answered, but no strategy of the parse chain (re-prompts included) turned its output into what the
 * request expects. Retrying may succeed (models vary); the message names the schema path that failed last.
 */
public final class ParseFailedException extends EngineException {
    private final String schema;
    private final String path;
    private final String reason;
    private final List<String> tried;
    private final int reprompts;
    private final double repromptCostUsd;

    /**
     * @param schema the expectation's name ({@code json_object}, a named schema, {@code fields})
     * @param path   the JSON path in the value that failed validation ({@code $.items[2].price}), or {@code $}
     * @param reason why, in words
     * @param tried  each strategy tried, with why it failed
     * @param reprompts       follow-ups sent to the model before giving up
     * @param repromptCostUsd what they cost (the ledger has each as its own row)
     */
    public ParseFailedException(String schema, String path, String reason, List<String> tried, int reprompts,
                                double repromptCostUsd) {
        super("parse_failed", "parse failed: the model's output does not match " + schema + " at " + path + ": "
                + reason + "; tried " + String.join("; ", tried)
                + ". Retry, or let the route return the raw text (parse.raw_on_failure)");
        this.schema = schema;
        this.path = path;
        this.reason = reason;
        this.tried = List.copyOf(tried);
        this.reprompts = reprompts;
        this.repromptCostUsd = repromptCostUsd;
    }

    public ParseFailedException(String schema, String path, String reason, List<String> tried) {
        this(schema, path, reason, tried, 0, 0);
    }

    public int reprompts() {
        return reprompts;
    }

    public double repromptCostUsd() {
        return repromptCostUsd;
    }

    public String schema() {
        return schema;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }

    public List<String> tried() {
        return tried;
    }
}
